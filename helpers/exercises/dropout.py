"""Self-checks for the dropout exercises of lessons 2 and 3: "¡Correcto!" or what is still wrong."""

from helpers.exercises.feedback import report

import math

_EMPTY = "todavía no has escrito tu respuesta (la variable vale None)"


def _layers(model):
    return [type(layer).__name__ for layer in getattr(model, "layers", [])]


def _dense_hidden(model):
    dense = [layer for layer in model.layers if type(layer).__name__ == "Dense"]
    return dense[:-1]


def check_visible_model(model):
    """Lesson 2: Dropout(0.2) right after the input, MaxNorm(3) on every hidden Dense layer."""
    import keras

    if model is None:
        return report([_EMPTY])
    if not isinstance(model, keras.Model):
        return report(["«modelo» debe ser un modelo de Keras (keras.Sequential([...]))"])
    kinds = _layers(model)
    problems = []
    if not kinds or kinds[0] != "Dropout":
        problems.append("la primera capa después de keras.Input debe ser Dropout")
    elif not math.isclose(model.layers[0].rate, 0.2):
        problems.append("la tasa del Dropout de entrada no es la que pide el enunciado")
    hidden = _dense_hidden(model)
    if len(hidden) < 1:
        problems.append("faltan capas ocultas Dense antes de la salida")
    for layer in hidden:
        c = layer.kernel_constraint
        if not isinstance(c, keras.constraints.MaxNorm) or not math.isclose(c.max_value, 3):
            problems.append(f"la capa «{layer.name}» necesita kernel_constraint=MaxNorm(3)")
    if "Dropout" in kinds[1:]:
        problems.append("en esta lección el Dropout va solo en la entrada")
    return report(problems)


def check_scaling(fraction_zeroed, factor, rate=0.25):
    """Lesson 2: with Dropout(rate) in training, the expected fraction of zeros and the factor
    that multiplies the kept values."""
    if fraction_zeroed is None or factor is None:
        return report([_EMPTY])
    problems = []
    if not math.isclose(float(fraction_zeroed), rate, abs_tol=1e-3):
        problems.append("la fracción de valores puestos a cero es, en media, la propia tasa")
    if not math.isclose(float(factor), 1 / (1 - rate), rel_tol=1e-3):
        problems.append(
            "el factor no es correcto: piensa qué hay que multiplicar para que la suma esperada "
            "de la capa no cambie al quitar una fracción de las unidades"
        )
    return report(problems)


def check_unit_norms(norms, model, layer="oculta_1"):
    """Lesson 2: the norm of each unit's incoming weights (one per column of the kernel)."""
    import numpy as np

    if norms is None:
        return report([_EMPTY])
    kernel = np.asarray(model.get_layer(layer).kernel)
    expected = np.linalg.norm(kernel, axis=0)
    norms = np.asarray(norms, dtype=float).reshape(-1)
    if norms.shape != expected.shape:
        if norms.shape == (kernel.shape[0],):
            return report(["calculaste una norma por entrada: se pide una por unidad (columna)"])
        return report([f"se esperan {expected.size} normas, una por unidad de «{layer}»"])
    if not np.allclose(norms, expected, rtol=1e-4):
        return report(["los valores no coinciden: usa la norma euclídea de cada columna"])
    return report([])


def check_noise_verdict(answer, comparison):
    """Lessons 2–3: does the difference exceed the fold-to-fold noise? (``True``/``False``)."""
    if answer is None:
        return report([_EMPTY])
    if not isinstance(answer, bool):
        return report(["responde True o False"])
    if answer != comparison.exceeds_noise:
        return report(
            [
                "compara la diferencia media con la variación de las diferencias entre "
                "pliegues y mira el valor p"
            ]
        )
    return report([])


def check_hidden_model(model):
    """Lesson 3: a Dropout after every hidden Dense layer (the last one before the output), none
    after the input."""
    import keras

    if model is None:
        return report([_EMPTY])
    if not isinstance(model, keras.Model):
        return report(["«modelo» debe ser un modelo de Keras (keras.Sequential([...]))"])
    kinds = _layers(model)
    problems = []
    if kinds and kinds[0] == "Dropout":
        problems.append("en este ejercicio la entrada no lleva Dropout")
    if len([k for k in kinds if k == "Dense"]) < 3:
        problems.append("hacen falta dos capas ocultas Dense y la capa de salida")
    for i, kind in enumerate(kinds[:-1]):
        if kind == "Dense" and kinds[i + 1] != "Dropout":
            problems.append(f"después de la capa «{model.layers[i].name}» falta un Dropout")
    if kinds and kinds[-1] != "Dense":
        problems.append("la última capa debe ser la salida Dense")
    return report(problems)


def check_best_rate(answer, summary):
    """Lesson 3: the rate (configuration name) with the highest mean validation accuracy."""
    if answer is None:
        return report([_EMPTY])
    best = summary["mean"].idxmax()
    if answer not in summary.index:
        listed = ", ".join(repr(c) for c in summary.index)
        return report([f"responde con el nombre de una configuración: {listed}"])
    if answer != best:
        return report(["mira la columna «mean» de la tabla resumen: hay otra más alta"])
    return report([])


def check_training_scale(rate, factor):
    """Lesson 3: the factor Keras applies to the kept units of Dropout(rate) while training."""
    if factor is None:
        return report([_EMPTY])
    try:
        value = float(factor)
    except (TypeError, ValueError):
        return report(["escribe un número"])
    if math.isclose(value, 1 - rate, rel_tol=1e-3):
        return report(
            ["ese es el factor del Dropout antiguo en inferencia; Keras escala en entrenamiento"]
        )
    if not math.isclose(value, 1 / (1 - rate), rel_tol=1e-3):
        return report(["no es ese: las unidades que quedan se escalan hacia arriba"])
    return report([])
