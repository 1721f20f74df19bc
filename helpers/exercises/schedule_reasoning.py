"""Self-checks of lessons 4-6 that ask for reasoning: when the rate drops, the effective step."""

from itertools import count

from helpers.exercises.feedback import (
    epoch_feedback,
    number_feedback,
    read_integer,
    report,
    unreadable,
)
from helpers.schedules import step_decay, time_based_decay

_FROM_ONE = "cuenta las épocas desde 1, como la barra de progreso de Keras"


def drop_epochs(lr0, drop, epochs_drop, epochs):
    """The epochs, counted from 1, whose rate is lower than the epoch before (course formula)."""
    rates = [step_decay(t, lr0, drop, epochs_drop) for t in range(epochs)]
    return [t + 1 for t in range(1, epochs) if rates[t] < rates[t - 1]]


def check_drop_epochs(answer, lr0=0.3, drop=0.5, epochs_drop=4, epochs=14):
    """Exercise 5.4: the epochs (from 1) where the training loss should step down: where the rate
    does, with ``step_decay`` and Keras' 0-based epoch."""
    if isinstance(answer, str) or not hasattr(answer, "__iter__"):
        hint = "escribe una lista de números de época, p. ej. [2, 6]"
        return unreadable(answer, hint, "escalones_previstos")
    got = set()
    for item in answer:
        value, hint = read_integer(item)
        if hint:
            return report([f"cada época debe ser un número entero: {hint}"])
        got.add(value)
    wanted = set(drop_epochs(lr0, drop, epochs_drop, epochs))
    if got == wanted:
        return report([])
    if got == {e + 1 for e in wanted}:
        return report(
            [
                "esas son las bajadas de la descripción del texto "
                "(⌊época / epochs_drop⌋), o las épocas en las que la historia ya muestra el "
                "escalón entero; la pregunta es en qué época entra en vigor cada tasa más baja "
                "con la fórmula del curso, que recibe la época desde 0"
            ]
        )
    if got == {e - 1 for e in wanted}:
        return report([_FROM_ONE])
    if got and got < wanted:
        return report([f"faltan bajadas: en {epochs} épocas la tasa baja más de una vez"])
    if any(e > epochs or e < 1 for e in got):
        return report([f"el entrenamiento solo tiene las épocas 1 a {epochs}"])
    return report(
        ["calcula la tasa de cada época con la fórmula (epoch = 0, 1, 2…) y mira dónde cambia"]
    )


def check_effective_step(answer, learning_rate=0.02, momentum=0.95):
    """Exercise 6.3: the rate without momentum that gives the same long-run step, lr / (1 − m)."""
    return number_feedback(
        answer,
        "tasa_equivalente",
        learning_rate / (1 - momentum),
        wrong=(
            (1 / (1 - momentum), "ese número es cuántas veces se alarga el paso; falta la tasa"),
            (learning_rate * momentum, "el momento no multiplica el paso: lo acumula paso a paso"),
            (learning_rate * (1 - momentum), "con el momento el paso se alarga, no se acorta"),
        ),
        otherwise="suma los pasos de una serie en la misma dirección: tasa × (1 + m + m² + …)",
    )


def first_epoch_below(lr0, decay, threshold):
    """The first epoch, counted from 1, whose per-epoch time-based rate is below ``threshold``."""
    return next(t + 1 for t in count() if time_based_decay(t, lr0, decay) < threshold)


def check_epoch_below(answer, lr0=0.5, decay=0.3, threshold=0.1):
    """Exercise 4.4: counting from 1, the first epoch at a rate below ``threshold``."""
    wanted = first_epoch_below(lr0, decay, threshold)
    return epoch_feedback(
        answer,
        "primera_epoca_lenta",
        wanted,
        wrong=[(wanted - 1, _FROM_ONE + "; la fórmula recibe la época desde 0")],
        otherwise=lambda got: (
            "las épocas se cuentan desde 1: la primera época del entrenamiento es la 1"
            if got < 1
            else "en esa época la tasa aún no ha bajado tanto: evalúa la fórmula allí"
            if got < wanted
            else "antes de esa época la tasa ya está por debajo: busca la primera"
        ),
    )
