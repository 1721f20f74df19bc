import dataclasses

import numpy as np
import pytest

from helpers.compare import Comparison
from helpers.errors import CourseInputError
from helpers.exercises.dropout_reasoning import check_interval_reading


def comparison(low, high, p=0.4):
    return Comparison(
        baseline="base",
        other="dropout 0,5",
        metric="val_loss",
        mean_difference=(low + high) / 2,
        ci_low=low,
        ci_high=high,
        n_folds=5,
        n_repeats=2,
        p_value=p,
        p_adjusted=p,
        family_size=1,
        wins=5,
        margin=0.02,
    )


NULL = comparison(-0.12, 0.08)  # no evidence: the interval crosses zero
BETTER = comparison(-1.2, -0.4, p=0.001)


def test_the_intended_answers_pass():
    assert check_interval_reading(True, NULL, 0.05).ok
    assert check_interval_reading(np.bool_(True), NULL, 0.05).ok
    assert check_interval_reading(False, BETTER, 0.05).ok
    assert check_interval_reading(True, BETTER, -0.5).ok


def test_reading_no_evidence_as_no_effect_gets_a_hint_that_keeps_the_answer():
    feedback = check_interval_reading(False, NULL, 0.05)
    assert not feedback.ok
    text = str(feedback)
    assert "«sin evidencia» no quiere decir «sin efecto»" in text
    assert "True" not in text and "False" not in text


def test_a_sign_slip_is_named_with_the_comparisons_own_names():
    feedback = check_interval_reading(True, BETTER, 0.5)
    text = str(feedback)
    assert not feedback.ok and "fíjate en el signo" in text
    assert "«dropout 0,5» menos «base»" in text and "«otra»" not in text
    assert "en la pérdida un valor positivo es un empeoramiento" in text
    lesson_3 = dataclasses.replace(BETTER, baseline="ocultas 0,5", other="todas las capas")
    assert "«todas las capas» menos «ocultas 0,5»" in str(
        check_interval_reading(True, lesson_3, 0.5)
    )
    accuracy = dataclasses.replace(BETTER, metric="val_accuracy")
    assert "positivo es una mejora" in str(check_interval_reading(True, accuracy, 0.5))


def test_answers_in_other_forms():
    assert "sin comillas" in str(check_interval_reading("True", NULL, 0.05))
    assert "True o False" in str(check_interval_reading(1, NULL, 0.05))
    assert check_interval_reading(None, NULL, 0.05).unanswered


def test_the_comparison_must_be_one():
    with pytest.raises(CourseInputError) as info:
        check_interval_reading(True, {"ci_low": 0}, 0.05)
    assert info.value.param == "comparison"


def test_gain_prediction():
    from helpers.exercises.dropout_reasoning import check_gain_prediction

    for right in ("menor", " Menor. ", "más pequeña"):
        assert check_gain_prediction(right).ok
    wrong = check_gain_prediction("mayor")
    assert not wrong.ok and "lección 2" in str(wrong) and "menor" not in str(wrong)
    assert "«mayor» o «menor»" not in str(check_gain_prediction(3))
    assert not check_gain_prediction("igual").ok
    assert check_gain_prediction(None).unanswered
