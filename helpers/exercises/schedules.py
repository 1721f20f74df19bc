"""Self-checks for the exercises of lessons 4-6 (learning-rate schedules)."""

import numpy as np

from helpers.exercises.feedback import epoch_feedback, number_feedback, report, unreadable
from helpers.formatting import es_general
from helpers.schedules import step_decay, step_decay_as_described


def _close(got, wanted, rel=1e-4):
    """Whether ``got`` (a number or a list) equals ``wanted`` up to a relative tolerance."""
    return np.allclose(got, wanted, rtol=rel, atol=0)


# Lesson 4 -------------------------------------------------------------------------------------


def check_suggested_decay(decay, lr0=0.05, epochs=25):
    """Exercise 4.1: the suggested ``decay`` for ``lr0`` and ``epochs`` (3 significant figures)."""
    return number_feedback(
        decay,
        "decay_ejercicio",
        lr0 / epochs,
        wrong=[(epochs / lr0, "lo has invertido: revisa qué va arriba y qué abajo en la regla")],
        otherwise=(
            "no es lo que sugiere el curso: la regla relaciona la tasa inicial con el número de "
            "épocas (repasa la sección del decaimiento en el tiempo)"
        ),
    )


def check_old_keras_last_rate(rate, lr0=0.05, decay=0.01, batches_per_epoch=12, epochs=10):
    """Exercise 4.2: the rate the LAST update used under Keras 2's ``SGD(decay=…)``, to 3
    significant figures."""
    updates = batches_per_epoch * epochs
    per_epoch = "Keras 2 aplicaba decay en cada actualización (lote), no en cada época"
    return number_feedback(
        rate,
        "ultima_tasa",
        lr0 / (1 + decay * (updates - 1)),
        wrong=[
            (lr0 / (1 + decay * (epochs - 1)), per_epoch),
            (lr0 / (1 + decay * epochs), per_epoch),
            (
                lr0 / (1 + decay * updates),
                "casi: las actualizaciones se cuentan desde 0, la última es la número N-1",
            ),
            (lr0, "esa es la tasa inicial: con decay, la tasa baja en cada actualización"),
        ],
        otherwise="cuenta cuántas actualizaciones hay antes de la última",
    )


def _rates_by_step(optimizer, steps):
    """The rate ``optimizer`` uses at each update number in ``steps``, read through its public
    ``iterations`` counter and ``learning_rate`` (the counter is put back afterwards)."""
    counter = optimizer.iterations
    start = int(counter.numpy())
    try:
        rates = []
        for step in steps:
            counter.assign(step)
            rates.append(float(optimizer.learning_rate))
        return rates
    finally:
        counter.assign(start)


def check_per_batch_optimizer(optimizer, lr0=0.05, momentum=0.9, decay=0.01):
    """Exercise 4.3: an optimizer that really does what ``SGD(lr0, momentum, decay=…)`` did."""
    import keras

    if not isinstance(optimizer, keras.optimizers.SGD):
        return unreadable(optimizer, "debe ser un optimizador keras.optimizers.SGD", "optimizador")
    problems = []
    if not _close(optimizer.momentum, momentum):
        problems.append("el momento no es el del SGD antiguo del enunciado")
    steps = (0, 1, 7, 100, 1000)
    rates = _rates_by_step(optimizer, steps)
    if len(set(rates)) == 1:
        problems.append(
            "la tasa es un número fijo: en Keras 3 decay= se ignora; pasa un objeto de "
            "keras.optimizers.schedules como learning_rate"
        )
    elif not _close(rates[0], lr0):
        problems.append("la tasa de la primera actualización no es la tasa inicial del enunciado")
    else:
        for step, rate in zip(steps, rates, strict=True):
            if not _close(rate, lr0 / (1 + decay * step)):
                problems.append(
                    f"en la actualización {step} la tasa es {es_general(rate, 4)}: debe bajar "
                    "en cada actualización como la fórmula del decaimiento en el tiempo"
                )
                break
    return report(problems)


# Lesson 5 -------------------------------------------------------------------------------------


NO_RETURN = "tu función no devuelve nada (¿falta `return`?): debe devolver la tasa de la época"
COMPOUNDING = (
    "tu función calcula la tasa a partir de `lr`, la tasa que Keras le pasa y que ya bajó en los "
    "escalones anteriores: cada escalón se multiplica sobre los de antes y la tasa baja cada vez "
    "más deprisa. Calcúlala desde la tasa inicial y la época (puedes aceptar `lr` e ignorarlo)"
)


def _call(function, epoch, lr):
    """``function`` called as ``LearningRateScheduler`` calls it: ``(epoch, lr)``, or ``(epoch)``
    if it takes one argument; returns ``(rate or None, whether it took lr)``."""
    try:
        return function(epoch, lr), True
    except TypeError:  # a function of the epoch only: Keras falls back to that too
        return function(epoch), False


def _step_check(function, wanted, lr0, *, early, late):
    """The ``Feedback`` for a step schedule ``function`` that should give the rates ``wanted``.

    ``function`` is called as ``LearningRateScheduler`` calls it: ``(epoch, lr)`` with the rate
    it gave last, or ``(epoch)`` if it takes one argument. ``early``/``late``: the hints for the
    whole schedule shifted one epoch earlier/later.
    """
    got, lr, takes_lr = [], lr0, False
    try:
        for epoch in range(len(wanted)):
            lr, takes_lr = _call(function, epoch, lr)
            if lr is None:
                return report([NO_RETURN])
            lr = float(lr)
            got.append(lr)
        if takes_lr and not _close(got, wanted):
            # The compounding trap: right from the initial rate, wrong from the rate Keras passes.
            fresh = [float(function(epoch, lr0)) for epoch in range(len(wanted))]
            if _close(fresh, wanted):
                return report([COMPOUNDING])
    except Exception as err:  # the student's code: say what broke
        return report([f"tu función falló con la época 0, 1, …: {type(err).__name__}: {err}"])
    return report([_step_hint(got, wanted, early, late)])


def _step_hint(got, wanted, early, late):
    """The hint for step-schedule rates ``got`` that differ from ``wanted`` (None if equal)."""
    n = len(got)
    if _close(got, wanted):
        return None
    if not _close(got[0], wanted[0]):
        rate = es_general(got[0], 4)
        return f"en la época 0 la tasa es {rate}: no es la tasa inicial del enunciado"
    if _close(got[:-1], wanted[1:]):
        return early
    if _close(got[1:], wanted[:-1]):
        return late
    drops = [e for e in range(1, n) if got[e] < got[e - 1] * (1 - 1e-6)]
    if not drops:
        return "tu tasa no baja nunca: revisa el exponente del escalón"
    first = drops[0]
    wanted_first = next(e for e in range(1, n) if wanted[e] < wanted[e - 1] * (1 - 1e-6))
    if not _close(got[first] / got[first - 1], wanted[wanted_first] / wanted[wanted_first - 1]):
        return "en cada escalón la tasa debe multiplicarse por el factor del enunciado (drop)"
    if first != wanted_first:
        return (
            f"el primer escalón llega en la época {first} (contando desde 0): revisa cuántas "
            "épocas dura cada escalón"
        )
    bad = next(e for e in range(n) if not _close(got[e], wanted[e]))
    if _close(got[bad:], got[bad - 1]):
        return f"a partir de la época {bad} (contando desde 0) tu tasa deja de bajar"
    rate = es_general(got[bad], 4)
    return f"en la época {bad} (contando desde 0) la tasa es {rate}, y no es la esperada"


def check_described_schedule(schedule_function, lr0=0.2, drop=0.5, epochs_drop=5):
    """Exercise 5.1: a function ``epoch -> rate`` (or ``(epoch, lr) -> rate``) with
    ``epochs_drop`` full epochs per step, checked over ten steps."""
    if not callable(schedule_function):
        hint = "debe ser una función que recibe la época y devuelve la tasa"
        return unreadable(schedule_function, hint, "mi_planificacion")
    wanted = [step_decay_as_described(e, lr0, drop, epochs_drop) for e in range(10 * epochs_drop)]
    return _step_check(
        schedule_function,
        wanted,
        lr0,
        early=(
            "esa es la fórmula del curso: baja una época antes de lo descrito "
            "(la época de Keras empieza en 0)"
        ),
        late="tu tasa baja una época más tarde de lo descrito (la época llega desde 0)",
    )


def check_first_drop(epoch_number, epochs_drop=8):
    """Exercise 5.2: counting from 1, the first epoch trained at ``lr0 · drop`` (course formula)."""
    return epoch_feedback(
        epoch_number,
        "primera_epoca_baja",
        epochs_drop,
        wrong=[
            (
                epochs_drop + 1,
                "eso diría la descripción del curso; prueba la fórmula con epoch = 0, 1, 2…",
            ),
            (epochs_drop - 1, "cuenta las épocas desde 1, como la barra de progreso de Keras"),
            (
                2 * epochs_drop,
                "en esa época la tasa ya ha bajado dos veces: buscas la primera bajada",
            ),
        ],
        otherwise=(
            "prueba la fórmula del curso con epoch = 0, 1, 2… y mira cuándo cambia el exponente"
        ),
    )


def check_step_scheduler(callback, lr0=0.08, drop=0.5, epochs_drop=3):
    """Exercise 5.3: a ``LearningRateScheduler`` applying the course's step formula, checked over
    ten steps (a function of the epoch, or of the epoch and the current rate)."""
    import keras

    if not isinstance(callback, keras.callbacks.LearningRateScheduler):
        hint = "debe ser un keras.callbacks.LearningRateScheduler"
        return unreadable(callback, hint, "mi_callback")
    wanted = [step_decay(e, lr0, drop, epochs_drop) for e in range(max(30, 10 * epochs_drop))]
    return _step_check(
        callback.schedule,
        wanted,
        lr0,
        early="tu tasa baja una época antes que la fórmula del curso",
        late=(
            "tu tasa baja una época más tarde que la fórmula del curso: esa es la "
            "versión «como se describe»; el ejercicio pide la fórmula tal cual"
        ),
    )


# Lesson 6 -------------------------------------------------------------------------------------


def check_plateau_callback(callback, monitor="val_loss", factor=0.2, patience=4):
    """Exercise 6.1: a ``ReduceLROnPlateau`` on ``monitor`` with ``factor`` and ``patience``."""
    import keras

    if not isinstance(callback, keras.callbacks.ReduceLROnPlateau):
        return unreadable(callback, "debe ser un keras.callbacks.ReduceLROnPlateau", "mi_meseta")
    problems = []
    if callback.monitor != monitor:
        problems.append(
            f"tu callback vigila «{callback.monitor}»: el enunciado pide la pérdida de "
            "validación; ¿cómo se llama su clave en history.history?"
        )
    elif callback.mode == "max":
        problems.append('con mode="max" esperaría que la pérdida suba: una pérdida mejora al bajar')
    if not _close(callback.factor, factor):
        problems.append("revisa el factor: la nueva tasa es la anterior multiplicada por él")
    if callback.patience != patience:
        problems.append("revisa la paciencia (épocas sin mejorar antes de bajar la tasa)")
    return report(problems)


def check_halving_exponential(schedule, lr0=0.1, steps_per_epoch=12, epochs_to_halve=10):
    """Exercise 6.2: an ``ExponentialDecay`` (the class the exercise asks for) halving the rate
    every ``epochs_to_halve`` epochs (smooth or in stairs)."""
    import keras

    if not isinstance(schedule, keras.optimizers.schedules.LearningRateSchedule):
        hint = "debe ser un objeto de keras.optimizers.schedules (p. ej. ExponentialDecay)"
        return unreadable(schedule, hint, "mi_exponencial")
    if not isinstance(schedule, keras.optimizers.schedules.ExponentialDecay):
        return report(
            [
                f"tu planificación es un {type(schedule).__name__}, que baja la tasa con otra "
                "fórmula: el enunciado pide un keras.optimizers.schedules.ExponentialDecay"
            ]
        )
    steps = steps_per_epoch * epochs_to_halve
    for step, wanted in ((0, lr0), (steps, lr0 / 2), (2 * steps, lr0 / 4)):
        got = float(schedule(step))
        if _close(got, wanted, rel=1e-3):
            continue
        if step == 0:
            hint = "la tasa de partida no es la del enunciado"
        elif _close(float(schedule(epochs_to_halve)), lr0 / 2, rel=1e-3):
            hint = (
                f"tu tasa se divide por dos tras {epochs_to_halve} actualizaciones, no épocas: "
                "decay_steps cuenta actualizaciones (lotes)"
            )
        else:
            hint = (
                f"tras {step // steps_per_epoch} épocas la tasa es {es_general(got, 4)}; revisa "
                "decay_steps (cuenta actualizaciones) y decay_rate"
            )
        return report([hint])
    return report([])
