"""Self-checks for the exercises of lessons 4-6 (learning-rate schedules)."""

from helpers.exercises.feedback import report
from helpers.schedules import step_decay, step_decay_as_described

import math

_MISSING = "todavía no has escrito tu respuesta (sustituye el None)"


def _close(a, b, rel=1e-4):
    return math.isclose(float(a), float(b), rel_tol=rel)


def _is_number(x):
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)


# Lesson 4 -------------------------------------------------------------------------------------


def check_suggested_decay(decay, lr0=0.05, epochs=25):
    """Exercise 4.1: the suggested ``decay`` for ``lr0`` and ``epochs``."""
    if decay is None:
        return report([_MISSING])
    if not _is_number(decay):
        return report(["«decay» debe ser un número"])
    if _close(decay, epochs / lr0):
        return report(["lo has invertido: la sugerencia divide la tasa inicial entre las épocas"])
    return report([] if _close(decay, lr0 / epochs) else ["revisa la regla: tasa inicial / épocas"])


def check_old_keras_last_rate(rate, lr0=0.05, decay=0.01, batches_per_epoch=12, epochs=10):
    """Exercise 4.2: the rate the LAST update used under Keras 2's ``SGD(decay=…)``."""
    if rate is None:
        return report([_MISSING])
    if not _is_number(rate):
        return report(["la tasa debe ser un número"])
    updates = batches_per_epoch * epochs
    if _close(rate, lr0 / (1 + decay * (epochs - 1))) or _close(rate, lr0 / (1 + decay * epochs)):
        return report(["Keras 2 aplicaba decay en cada actualización (lote), no en cada época"])
    if _close(rate, lr0 / (1 + decay * updates)):
        return report(["casi: las actualizaciones se cuentan desde 0, la última es la número N-1"])
    ok = _close(rate, lr0 / (1 + decay * (updates - 1)))
    return report([] if ok else ["cuenta cuántas actualizaciones hay antes de la última"])


def check_per_batch_optimizer(optimizer, lr0=0.05, momentum=0.9, decay=0.01):
    """Exercise 4.3: an optimizer that really does what ``SGD(lr0, momentum, decay=…)`` did."""
    import keras

    if optimizer is None:
        return report([_MISSING])
    if not isinstance(optimizer, keras.optimizers.SGD):
        return report(["debe ser un optimizador keras.optimizers.SGD"])
    problems = []
    if not _close(optimizer.momentum, momentum):
        problems.append(f"el momento debe ser {momentum}")
    schedule = optimizer._learning_rate
    if not isinstance(schedule, keras.optimizers.schedules.LearningRateSchedule):
        problems.append(
            "la tasa es un número fijo: en Keras 3 decay= se ignora; pasa un objeto de "
            "keras.optimizers.schedules como learning_rate"
        )
    else:
        for step in (0, 1, 7, 100):
            if not _close(float(schedule(step)), lr0 / (1 + decay * step)):
                problems.append(
                    f"en la actualización {step} la tasa es {float(schedule(step)):.5f}: "
                    "debe bajar en cada actualización según lr0 / (1 + decay · t)"
                )
                break
    return report(problems)


# Lesson 5 -------------------------------------------------------------------------------------


def check_described_schedule(schedule_function, lr0=0.2, drop=0.5, epochs_drop=5):
    """Exercise 5.1: a function ``epoch -> rate`` with ``epochs_drop`` full epochs per step."""
    if schedule_function is None:
        return report([_MISSING])
    if not callable(schedule_function):
        return report(["debe ser una función que recibe la época y devuelve la tasa"])
    try:
        got = [float(schedule_function(e)) for e in range(4 * epochs_drop)]
    except Exception as err:  # the student's code: say what broke, in the panel's words
        return report([f"tu función falló con la época 0, 1, …: {type(err).__name__}: {err}"])
    wanted = [step_decay_as_described(e, lr0, drop, epochs_drop) for e in range(len(got))]
    if all(_close(g, w) for g, w in zip(got, wanted, strict=True)):
        return report([])
    if all(_close(g, step_decay(e, lr0, drop, epochs_drop)) for e, g in enumerate(got)):
        return report(
            ["esa es la fórmula del curso: baja una época antes (la época de Keras empieza en 0)"]
        )
    first_bad = next(
        e for e, (g, w) in enumerate(zip(got, wanted, strict=True)) if not _close(g, w)
    )
    return report([f"en la época {first_bad} (contando desde 0) la tasa no es la esperada"])


def check_first_drop(epoch_number, epochs_drop=8):
    """Exercise 5.2: counting from 1, the first epoch trained at ``lr0 · drop`` (course formula)."""
    if epoch_number is None:
        return report([_MISSING])
    if isinstance(epoch_number, bool) or not isinstance(epoch_number, int):
        return report(["debe ser un número entero de época"])
    if epoch_number == epochs_drop + 1:
        return report(
            ["eso diría la descripción del curso; prueba la fórmula con epoch = 0, 1, 2…"]
        )
    if epoch_number == epochs_drop - 1:
        return report(["cuenta las épocas desde 1, como la barra de progreso de Keras"])
    return report(
        [] if epoch_number == epochs_drop else ["calcula floor((1 + epoch) / epochs_drop)"]
    )


def check_step_scheduler(callback, lr0=0.08, drop=0.5, epochs_drop=3):
    """Exercise 5.3: a ``LearningRateScheduler`` applying the course's step formula."""
    import keras

    if callback is None:
        return report([_MISSING])
    if not isinstance(callback, keras.callbacks.LearningRateScheduler):
        return report(["debe ser un keras.callbacks.LearningRateScheduler"])
    problems = []
    for epoch in range(12):
        try:
            got = callback.schedule(epoch, 1.0)
        except TypeError:
            got = callback.schedule(epoch)
        if not _close(got, step_decay(epoch, lr0, drop, epochs_drop)):
            problems.append(
                f"en la época {epoch} da {float(got):.4f}; revisa lr0, drop y epochs_drop"
            )
            break
    return report(problems)


# Lesson 6 -------------------------------------------------------------------------------------


def check_plateau_callback(callback, monitor="val_loss", factor=0.2, patience=4):
    """Exercise 6.1: a ``ReduceLROnPlateau`` on ``monitor`` with ``factor`` and ``patience``."""
    import keras

    if callback is None:
        return report([_MISSING])
    if not isinstance(callback, keras.callbacks.ReduceLROnPlateau):
        return report(["debe ser un keras.callbacks.ReduceLROnPlateau"])
    problems = []
    if callback.monitor != monitor:
        problems.append(f"debe vigilar la pérdida de validación («{monitor}»)")
    if not _close(callback.factor, factor):
        problems.append("revisa el factor: la nueva tasa es la anterior multiplicada por él")
    if callback.patience != patience:
        problems.append("revisa la paciencia (épocas sin mejorar antes de bajar la tasa)")
    return report(problems)


def check_halving_exponential(schedule, lr0=0.1, steps_per_epoch=12, epochs_to_halve=10):
    """Exercise 6.2: an ``ExponentialDecay`` halving the rate every ``epochs_to_halve`` epochs."""
    import keras

    if schedule is None:
        return report([_MISSING])
    if not isinstance(schedule, keras.optimizers.schedules.LearningRateSchedule):
        return report(
            ["debe ser un objeto de keras.optimizers.schedules (p. ej. ExponentialDecay)"]
        )
    steps = steps_per_epoch * epochs_to_halve
    checks = {0: lr0, steps: lr0 / 2, 2 * steps: lr0 / 4}
    for step, wanted in checks.items():
        got = float(schedule(step))
        if not _close(got, wanted, rel=1e-3):
            return report(
                [
                    f"tras {step // steps_per_epoch} épocas la tasa es {got:.4f}: "
                    "recuerda que decay_steps cuenta actualizaciones, no épocas"
                ]
            )
    return report([])


def check_noise_verdict(answer, scores, baseline, other, metric="val_loss"):
    """Exercise 6.3: does ``other`` differ from ``baseline`` by more than the folds' noise?"""
    from helpers.compare import paired_comparison

    if answer is None:
        return report([_MISSING])
    if not isinstance(answer, bool):
        return report(["responde True (supera el ruido) o False (queda dentro del ruido)"])
    truth = paired_comparison(scores, baseline, other, metric).exceeds_noise
    if answer == truth:
        return report([])
    return report(["compara la diferencia media con su variación de un pliegue a otro"])
