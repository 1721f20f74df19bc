"""Self-checks for lesson 1 (training history): "¡Correcto!" or a hint, never the answer."""

import unicodedata
from collections.abc import Mapping

import numpy as np

from helpers.diagnose import VERDICTS
from helpers.exercises.feedback import epoch_feedback, read_number, report, unreadable
from helpers.plots import normalize_history

READINGS = VERDICTS[:3]  # every verdict of diagnose() but "incierto"


# Exercise 1's model: compiled with metrics=["accuracy", keras.metrics.AUC(name="auc")] and
# trained with validation data.
_EXPECTED_KEYS = {"loss", "accuracy", "auc", "val_loss", "val_accuracy", "val_auc"}
# Names from Keras before 2.3 (2019), when keys were short names of the metrics.
_OLD_KEYS = {"acc", "val_acc"}


def check_history_keys(answer):
    """Exercise 1: the keys of ``history.history`` for a model compiled with
    ``metrics=["accuracy", keras.metrics.AUC(name="auc")]`` and trained with validation data.
    ``answer``: a list, tuple, set or ``dict_keys`` of key names. Returns a ``Feedback``."""
    try:
        keys = None if isinstance(answer, str) else set(answer)
    except TypeError:
        keys = None
    if keys is None or not all(isinstance(k, str) for k in keys):
        hint = 'Escribe una lista de textos, p. ej. ["clave1", "clave2"].'
        return unreadable(answer, hint, "claves")
    spaced = sorted(k for k in keys if k != k.strip())
    keys = {k.strip() for k in keys}  # the rest of the hints read the names without the spaces
    old = keys & _OLD_KEYS
    extra = sorted(keys - _EXPECTED_KEYS - old)
    known = keys & _EXPECTED_KEYS
    train_keys = {k for k in known if not k.startswith("val_")}
    hints = []
    if spaced:
        listed = ", ".join(f"«{k}»" for k in spaced)
        hints.append(
            f"Sobran espacios en {listed}: una clave es un texto exacto, y un espacio al "
            "principio o al final la convierte en otra."
        )
    if "loss" not in keys:
        hints.append("Hay una curva que Keras registra siempre, pidas las métricas que pidas.")
    if old:
        hints.append(
            "Nombres como «acc» son de Keras anterior a la versión 2.3: hoy cada clave se llama "
            "como la métrica que pediste en compile()."
        )
    if not train_keys >= {"accuracy", "auc"} and not old:
        hints.append("Cada métrica de compile() tiene su clave, con el nombre que le diste.")
    if not any(k.startswith("val_") for k in keys):
        hints.append("Hay datos de validación: cada medida se repite para ellos, con un prefijo.")
    elif {f"val_{k}" for k in train_keys} != known - train_keys:
        hints.append("Cada medida de entrenamiento tiene su gemela de validación, y solo ella.")
    if extra:
        listed = ", ".join(f"«{k}»" for k in extra)
        hints.append(
            f"Sobra una clave: {listed} no se registra aquí."
            if len(extra) == 1
            else f"Sobran claves: {listed} no se registran aquí."
        )
    return report(hints)


def _val_loss_place(history):
    """Where the validation losses are, in the words of the object the student has."""
    if hasattr(history, "columns"):
        return "la columna 'val_loss' de la tabla"
    if hasattr(history, "history"):
        return "la lista history.history['val_loss']"
    return "la lista de la clave 'val_loss' del diccionario"


def check_best_epoch(answer, history):
    """Exercise 2: the epoch (numbered from 1) with the lowest validation loss in ``history``
    (a ``History``, its dict or a DataFrame). Returns a ``Feedback``."""
    curves = normalize_history(history)
    val_loss = curves["val_loss"]
    best = int(np.argmin(val_loss)) + 1
    value, _ = read_number(answer)
    losses = np.concatenate([curves["loss"], val_loss])
    if value is not None and not value.is_integer() and 0 < value <= losses.max():
        return report(
            [
                "Ese número parece un valor de la pérdida, no una época: se pide en qué época "
                "(contando desde 1) la pérdida de validación es mínima, no cuánto vale ahí."
            ]
        )

    def otherwise(got):
        if not 1 <= got <= len(val_loss):
            return f"La historia tiene {len(val_loss)} épocas, de 1 en adelante."
        return f"Calcúlalo, no lo leas a ojo: {_val_loss_place(history)} tiene un mínimo."

    return epoch_feedback(
        answer,
        "mejor_epoca_A",
        best,
        wrong=[
            (
                best - 1,
                "Casi: las épocas se cuentan desde 1, pero el índice de una lista empieza en 0.",
            ),
            (
                int(np.argmin(curves["loss"])) + 1,
                "Esa es la época de menor pérdida de entrenamiento: busca la de validación.",
            ),
            (
                int(np.argmax(val_loss)) + 1,
                "Esa es la época de mayor pérdida de validación: buscas la menor.",
            ),
        ],
        otherwise=otherwise,
        prefix="La respuesta es una época, contando desde 1: {}.",
    )


def mystery_histories():
    """Three made-up histories, ``{"A": …, "B": …, "C": …}``, 40 epochs each, for exercise 3."""
    rng = np.random.default_rng(7)
    e = np.arange(1, 41)

    def with_accuracy(loss, val_loss):
        curves = {"loss": loss, "val_loss": val_loss}
        curves = {k: v + rng.normal(0, 0.006, len(e)) for k, v in curves.items()}
        curves["accuracy"] = np.clip(1.02 - 0.6 * curves["loss"], 0, 1)
        curves["val_accuracy"] = np.clip(1.02 - 0.6 * curves["val_loss"], 0, 1)
        return {k: v.round(4).tolist() for k, v in curves.items()}

    return {
        "A": with_accuracy(
            0.8 * np.exp(-e / 7),
            0.25 + 0.5 * np.exp(-e / 5) + 0.005 * np.maximum(0, e - 14) ** 1.1,
        ),
        "B": with_accuracy(0.15 + 0.6 * np.exp(-e / 4), 0.2 + 0.6 * np.exp(-e / 4)),
        "C": with_accuracy(0.9 / (1 + 0.06 * e), 0.95 / (1 + 0.06 * e)),
    }


_MYSTERY_READINGS = {"A": "sobreajuste", "B": "meseta", "C": "sigue_mejorando"}
_READING_HINTS = {
    "sobreajuste": "mira hacia dónde va la pérdida de validación (discontinua) al final.",
    "meseta": "¿cambia todavía la pérdida de validación en las últimas épocas?",
    "sigue_mejorando": "¿sigue bajando de verdad la pérdida de validación al final?",
}


def _as_reading(text):
    """A reading as the course spells it: "Sigue mejorando" and "sigue-mejorando" count too."""
    if not isinstance(text, str):
        return text
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "_".join(plain.lower().replace("-", " ").split())


def check_readings(answer):
    """Exercise 3: ``answer`` maps each mystery history ("A", "B", "C") to its reading:
    "sigue_mejorando", "meseta" or "sobreajuste". Returns a ``Feedback``."""
    if not isinstance(answer, Mapping):
        hint = 'Escribe un dict, p. ej. {"A": "meseta", "B": …, "C": …}.'
        return unreadable(answer, hint, "lecturas")
    given_by_name = {str(k).strip().upper(): v for k, v in answer.items()}
    hints = []
    objects = [n for n in _MYSTERY_READINGS if hasattr(given_by_name.get(n), "verdict")]
    if objects:
        listed = ", ".join(f"«{n}»" for n in objects)
        one = len(objects) == 1
        hints.append(
            f"{listed}: ahí {'está el objeto entero' if one else 'están los objetos enteros'} "
            "que devuelve diagnose(), no una palabra; la palabra está en su atributo .verdict "
            '(p. ej. diagnose(misterio["A"]).verdict).'
        )
    for name, truth in _MYSTERY_READINGS.items():
        given = _as_reading(given_by_name.get(name))
        if name in objects:
            pass  # already told to take .verdict
        elif given is None:
            hints.append(f"Falta la lectura de «{name}».")
        elif given not in READINGS:
            hints.append(f"«{name}»: usa una de estas palabras: {', '.join(READINGS)}.")
        elif given != truth:
            hints.append(f"«{name}» no encaja: {_READING_HINTS[given]}")
    return report(hints)


def check_early_stopping(callback):
    """Exercise 4: an ``EarlyStopping`` that watches the validation loss, waits 3 epochs and
    restores the best weights. Returns a ``Feedback``."""
    import keras

    if not isinstance(callback, keras.callbacks.EarlyStopping):
        hint = "Crea el callback con keras.callbacks.EarlyStopping(...)."
        return unreadable(callback, hint, "parada_3")
    hints = []
    if callback.monitor != "val_loss":
        hints.append(
            f"Tu callback vigila «{callback.monitor}», y el enunciado pide otra medida: el "
            "sobreajuste se ve antes en la pérdida de validación. ¿Cómo se llama su clave?"
        )
    elif callback.mode == "max":
        hints.append('Con mode="max" esperaría que la pérdida suba: una pérdida mejora al bajar.')
    if isinstance(callback.patience, str):
        hints.append(
            "Escribe la paciencia como un número, sin comillas: entre comillas es un texto, y "
            "EarlyStopping necesita contar épocas."
        )
    elif callback.patience != 3:
        hints.append("La paciencia pedida es otra: ¿cuántas épocas sin mejorar debe esperar?")
    if not callback.restore_best_weights:
        hints.append("Al parar, el modelo se queda con los pesos de la última época: cámbialo.")
    return report(hints)
