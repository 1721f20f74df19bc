"""Self-checks of lessons 4-6 that ask for reasoning: when the rate drops, the effective step."""

import math

from helpers.exercises.feedback import (
    is_unanswered,
    number_hint,
    read_integer,
    report,
    unanswered,
)
from helpers.schedules import step_decay, time_based_decay

_FROM_ONE = "cuenta las épocas desde 1, como la barra de progreso de Keras"


def drop_epochs(lr0, drop, epochs_drop, epochs):
    """The epochs, counted from 1, whose rate is lower than the epoch before (course formula)."""
    rates = [step_decay(t, lr0, drop, epochs_drop) for t in range(epochs)]
    return [t + 1 for t in range(1, epochs) if rates[t] < rates[t - 1]]


def _read_epochs(answer):
    """``(sorted list of ints, None)`` or ``(None, hint)`` for a collection of epoch numbers."""
    if isinstance(answer, str) or not hasattr(answer, "__iter__"):
        return None, "escribe una lista de números de época, p. ej. [2, 6]"
    epochs = []
    for item in answer:
        value, hint = read_integer(item)
        if hint:
            return None, f"cada época debe ser un número entero: {hint}"
        epochs.append(value)
    return sorted(set(epochs)), None


def check_drop_epochs(answer, lr0=0.3, drop=0.5, epochs_drop=4, epochs=14):
    """Exercise 5.4: the epochs (from 1) where the training loss should step down.

    The loss steps down where the rate does: ``step_decay`` with Keras' 0-based epoch.
    """
    if is_unanswered(answer):
        return unanswered("escalones_previstos")
    got, hint = _read_epochs(answer)
    if hint:
        return report([hint])
    wanted = drop_epochs(lr0, drop, epochs_drop, epochs)
    if got == wanted:
        return report([])
    if got == [e + 1 for e in wanted]:
        return report(
            ["eso haría la descripción del texto; la fórmula del curso recibe la época desde 0"]
        )
    if got == [e - 1 for e in wanted]:
        return report([_FROM_ONE])
    if got and set(got) < set(wanted):
        return report([f"faltan bajadas: en {epochs} épocas la tasa baja más de una vez"])
    if any(e > epochs or e < 1 for e in got):
        return report([f"el entrenamiento solo tiene las épocas 1 a {epochs}"])
    return report(
        ["calcula la tasa de cada época con la fórmula (epoch = 0, 1, 2…) y mira dónde cambia"]
    )


def check_effective_step(answer, learning_rate=0.02, momentum=0.95):
    """Exercise 6.3: the rate without momentum that gives the same long-run step, lr / (1 − m)."""
    if is_unanswered(answer):
        return unanswered("tasa_equivalente")
    expected = learning_rate / (1 - momentum)
    hint = number_hint(
        answer,
        expected,
        wrong=(
            (1 / (1 - momentum), "ese número es cuántas veces se alarga el paso; falta la tasa"),
            (learning_rate * momentum, "el momento no multiplica el paso: lo acumula paso a paso"),
            (learning_rate * (1 - momentum), "con el momento el paso se alarga, no se acorta"),
        ),
        otherwise="suma los pasos de una serie en la misma dirección: tasa × (1 + m + m² + …)",
    )
    return report([hint] if hint else [])


def first_epoch_below(lr0, decay, threshold):
    """The first epoch, counted from 1, whose per-epoch time-based rate is below ``threshold``."""
    t = math.floor((lr0 / threshold - 1) / decay) + 1
    while t > 0 and time_based_decay(t - 1, lr0, decay) < threshold:
        t -= 1
    while time_based_decay(t, lr0, decay) >= threshold:
        t += 1
    return t + 1


def check_epoch_below(answer, lr0=0.5, decay=0.3, threshold=0.1):
    """Exercise 4.4: counting from 1, the first epoch at a rate below ``threshold``."""
    if is_unanswered(answer):
        return unanswered("primera_epoca_lenta")
    got, hint = read_integer(answer)
    if hint:
        return report([f"debe ser un número entero de época: {hint}"])
    wanted = first_epoch_below(lr0, decay, threshold)
    if got == wanted:
        return report([])
    if got == wanted - 1:
        return report([_FROM_ONE + "; la fórmula recibe la época desde 0"])
    if got < wanted - 1:
        return report(["en esa época la tasa aún no ha bajado tanto: evalúa la fórmula allí"])
    return report(["antes de esa época la tasa ya está por debajo: busca la primera"])
