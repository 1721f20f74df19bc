import numpy as np
import pytest

from helpers.exercises.schedule_reasoning import (
    check_drop_epochs,
    check_effective_step,
    check_epoch_below,
    drop_epochs,
    first_epoch_below,
)
from helpers.schedules import time_based_decay


def test_drop_epochs_follow_the_course_formula():
    assert drop_epochs(0.3, 0.5, 4, 14) == [4, 8, 12]
    assert drop_epochs(0.1, 0.5, 10, 30) == [10, 20, 30]


@pytest.mark.parametrize("answer", [[4, 8, 12], (12, 8, 4), np.array([4, 8, 12]), {4, 8, 12}])
def test_drop_epochs_accepts_the_solution_in_any_collection(answer):
    assert check_drop_epochs(answer).ok


@pytest.mark.parametrize(
    ("answer", "clue"),
    [
        ([5, 9, 13], "descripción"),
        ([5, 9, 13], "escalón entero"),  # the epochs where the history shows the whole step
        ([3, 7, 11], "desde 1"),
        ([4], "faltan"),
        ([4, 8, 12, 16], "1 a 14"),
        ([2, 6], "calcula"),
        ("4, 8, 12", "lista"),
        ([4.5, 8], "entero"),
    ],
)
def test_drop_epochs_wrong_answers_get_a_hint_without_the_solution(answer, clue):
    feedback = check_drop_epochs(answer)
    assert not feedback.ok and clue in " ".join(feedback.hints)
    assert "4, 8, 12" not in str(feedback)


def test_drop_epochs_placeholder():
    assert check_drop_epochs(None).unanswered


@pytest.mark.parametrize("answer", [0.4, 0.02 / (1 - 0.95), 0.400, np.float32(0.4)])
def test_effective_step_accepts_the_solution(answer):
    assert check_effective_step(answer).ok


@pytest.mark.parametrize(
    ("answer", "clue"),
    [
        (20, "falta la tasa"),
        (0.019, "acumula"),
        (0.001, "alarga"),
        (0.3, "suma"),
        ((0, 4), "punto"),
    ],
)
def test_effective_step_wrong_answers(answer, clue):
    feedback = check_effective_step(answer)
    assert not feedback.ok and clue in " ".join(feedback.hints)
    assert "0.4" not in str(feedback) and "0,4" not in str(feedback)


def test_first_epoch_below_is_the_first_epoch_under_the_threshold():
    epoch = first_epoch_below(0.5, 0.3, 0.1)
    assert epoch == 15
    assert time_based_decay(epoch - 1, 0.5, 0.3) < 0.1 <= time_based_decay(epoch - 2, 0.5, 0.3)
    assert first_epoch_below(0.5, 0.5, 0.1) == 10  # at epoch 9 (from 1) the rate is exactly 0.1


@pytest.mark.parametrize(("answer", "ok"), [(15, True), (np.int64(15), True), (15.0, True)])
def test_epoch_below_accepts_the_solution(answer, ok):
    assert check_epoch_below(answer).ok is ok


@pytest.mark.parametrize(
    ("answer", "clue"),
    [
        (14, "desde 1"),
        (10, "aún no"),
        (20, "primera"),
        ("15", "comillas"),
        (0, "desde 1"),
        (-1, "desde 1"),
    ],
)
def test_epoch_below_wrong_answers(answer, clue):
    feedback = check_epoch_below(answer)
    assert not feedback.ok and clue in " ".join(feedback.hints)
    assert "15" not in str(feedback)
