"""Self-checks for the reasoning exercises of lessons 2 and 3: reading a comparison's interval."""

from helpers.errors import CourseInputError
from helpers.exercises.feedback import read_bool, report, unreadable


def check_interval_reading(answer, comparison, value):
    """Is a difference of ``value`` (metric units) compatible with ``comparison``'s 95 % interval?

    ``answer``: ``True``/``False``. Correct when it says whether ``ci_low <= value <= ci_high``.
    """
    from helpers.compare import Comparison

    if not isinstance(comparison, Comparison):
        raise CourseInputError("comparison", comparison, "debe ser una comparación de compare()")
    verdict, hint = read_bool(answer)
    if hint:
        return unreadable(answer, hint)
    inside = comparison.ci_low <= value <= comparison.ci_high
    if verdict == inside:
        return report([])
    hints = [
        "un intervalo es compatible con cada valor que queda entre sus dos extremos, "
        "y con ninguno fuera de ellos: busca los extremos en la frase de la comparación"
    ]
    if inside and not comparison.exceeds_noise:
        hints.append(
            "«sin evidencia» no quiere decir «sin efecto»: el intervalo dice qué efectos "
            "siguen siendo posibles con este presupuesto"
        )
    if not inside and (comparison.ci_low <= -value <= comparison.ci_high):
        if "loss" in comparison.metric:
            reading = "en la pérdida un valor positivo es un empeoramiento"
        else:
            reading = "en la exactitud un valor positivo es una mejora"
        hints.append(
            f"fíjate en el signo: la diferencia es «{comparison.other}» menos "
            f"«{comparison.baseline}», y {reading}"
        )
    return report(hints)


_SMALLER = ("menor", "más pequeña", "mas pequeña", "más pequeño", "mas pequeño", "menos")
_LARGER = ("mayor", "más grande", "mas grande", "más", "mas")


def check_gain_prediction(answer):
    """Lesson 3: with a learning rate 10× smaller, is dropout's gain over no dropout "mayor" or
    "menor"? (Less over-fitting leaves dropout less to correct: "menor".)"""
    if not isinstance(answer, str):
        return unreadable(answer, 'responde con un texto: "mayor" o "menor"')
    text = answer.strip().lower().strip(".¡!¿?\"'")
    if text in _SMALLER:
        return report([])
    if text in _LARGER:
        return report(
            [
                "piensa en qué corrige dropout y en la lección 2: ¿cuánto sobreajustaba la red "
                "base, con su tasa de aprendizaje pequeña, y qué le hizo dropout?"
            ]
        )
    return report(['responde "mayor" o "menor"'])
