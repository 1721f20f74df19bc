import numpy as np
import pytest

from helpers.errors import CourseInputError
from helpers.schedules import (
    PLANNED_SCHEDULES,
    SCHEDULES,
    check_rates,
    old_keras_decay_rates,
    rates_per_epoch,
    step_decay,
    step_decay_as_described,
    steps_per_epoch,
    suggested_decay,
    time_based_decay,
)


def test_time_based_decay_by_hand():
    assert time_based_decay(0, 0.1, 0.002) == pytest.approx(0.1)
    assert time_based_decay(1, 0.1, 0.002) == pytest.approx(0.1 / 1.002)
    assert time_based_decay(49, 0.1, 0.002) == pytest.approx(0.1 / 1.098)
    assert time_based_decay(10, 0.5, 0.0) == pytest.approx(0.5)


def test_suggested_decay_is_lr0_over_epochs():
    assert suggested_decay(0.1, 50) == pytest.approx(0.002)
    assert suggested_decay(0.2, 40) == pytest.approx(0.005)


def test_step_decay_course_formula_value_by_value():
    rates = [step_decay(e, 0.1, 0.5, 10) for e in range(31)]
    expected = [0.1] * 9 + [0.05] * 10 + [0.025] * 10 + [0.0125] * 2
    assert rates == pytest.approx(expected)


def test_step_decay_as_described_value_by_value():
    rates = [step_decay_as_described(e, 0.1, 0.5, 10) for e in range(31)]
    expected = [0.1] * 10 + [0.05] * 10 + [0.025] * 10 + [0.0125]
    assert rates == pytest.approx(expected)


def test_step_decay_with_drop_one_is_constant():
    assert step_decay(99, 0.3, 1.0, 1) == pytest.approx(0.3)


def test_old_keras_rates_reach_0053_after_450_updates():
    rates = old_keras_decay_rates(0.1, 0.002, 9, 50)
    assert rates.size == 450 and rates[0] == pytest.approx(0.1)
    assert rates[-1] == pytest.approx(0.1 / (1 + 0.002 * 449))
    assert 0.1 / (1 + 0.002 * 450) == pytest.approx(0.0526, abs=1e-4)


def test_steps_per_epoch_rounds_up():
    assert steps_per_epoch(455, 51) == 9 and steps_per_epoch(64, 32) == 2


@pytest.mark.parametrize(
    "schedule, expected",
    [
        ("constante", [0.1] * 4),
        ("tiempo", [0.1 / (1 + 0.5 * e) for e in range(4)]),
        ("escalones", [0.05, 0.025, 0.0125, 0.00625]),  # floor((1+e)/1): drops at once
        ("exponencial", [0.1 * 0.9**e for e in range(4)]),
        ("coseno", [0.1 * 0.5 * (1 + np.cos(np.pi * e / 4)) for e in range(4)]),
    ],
)
def test_rates_per_epoch(schedule, expected):
    rates = rates_per_epoch(schedule, 4, lr0=0.1, decay=0.5, drop=0.5, epochs_drop=1, rate=0.9)
    assert rates == pytest.approx(expected)


def test_rates_per_epoch_matches_step_decay():
    rates = rates_per_epoch("escalones", 100, lr0=0.1, drop=0.5, epochs_drop=10)
    assert rates == pytest.approx([step_decay(e, 0.1, 0.5, 10) for e in range(100)])


def test_every_planned_schedule_has_a_formula_and_labels_are_for_display_only():
    assert set(PLANNED_SCHEDULES) == set(SCHEDULES) - {"meseta"}
    for name in PLANNED_SCHEDULES:
        assert rates_per_epoch(name, 3).shape == (3,)
    assert all(name.isidentifier() and name.isascii() for name in SCHEDULES)
    with pytest.raises(CourseInputError, match="meseta"):
        rates_per_epoch("meseta", 3)  # decided while training: nothing to plan


def test_check_rates():
    assert check_rates("r", [0.1, 0.05]).tolist() == [0.1, 0.05]
    assert check_rates("r", 0.1).tolist() == [0.1]


@pytest.mark.parametrize(
    "call, param",
    [
        (lambda: time_based_decay(-1, 0.1, 0.1), "epoch"),
        (lambda: time_based_decay(1.5, 0.1, 0.1), "epoch"),
        (lambda: time_based_decay(1, 0, 0.1), "lr0"),
        (lambda: time_based_decay(1, -0.1, 0.1), "lr0"),
        (lambda: time_based_decay(1, 0.1, -0.001), "decay"),
        (lambda: time_based_decay(1, "0.1", 0.1), "lr0"),
        (lambda: suggested_decay(0.1, 0), "epochs"),
        (lambda: step_decay(1, 0.1, 0.0, 10), "drop"),
        (lambda: step_decay(1, 0.1, 1.5, 10), "drop"),
        (lambda: step_decay(1, 0.1, 0.5, 0), "epochs_drop"),
        (lambda: step_decay(1, 0.1, 0.5, 2.5), "epochs_drop"),
        (lambda: step_decay_as_described(1, float("nan"), 0.5, 10), "lr0"),
        (lambda: steps_per_epoch(0, 32), "n_rows"),
        (lambda: steps_per_epoch(10, 0), "batch_size"),
        (lambda: old_keras_decay_rates(0.1, 0.002, 0, 5), "steps_per_epoch"),
        (lambda: old_keras_decay_rates(0.1, 0.002, 9, 0), "epochs"),
        (lambda: rates_per_epoch("lineal", 10), "schedule"),
        (lambda: rates_per_epoch("constante", 0), "epochs"),
        (lambda: rates_per_epoch("exponencial", 5, rate=1.5), "rate"),
        (lambda: check_rates("r", []), "r"),
        (lambda: check_rates("r", [0.1, -1]), "r"),
        (lambda: check_rates("r", ["a"]), "r"),
    ],
)
def test_bad_arguments_raise_spanish_errors(call, param):
    with pytest.raises(CourseInputError, match="Parámetro") as info:
        call()
    assert info.value.param == param


def test_epochs_to_target_counts_from_one_and_says_none_when_never_reached():
    from types import SimpleNamespace

    from helpers.schedules import epochs_to_target

    losses = [0.9, 0.6, 0.4, 0.45, 0.3]
    assert epochs_to_target(losses, 0.4) == 3
    assert epochs_to_target({"loss": losses}, 0.3) == 5
    assert epochs_to_target(SimpleNamespace(history={"val_loss": losses}), 0.1, "val_loss") is None
    with pytest.raises(CourseInputError, match="metric"):
        epochs_to_target({"loss": losses}, 0.3, "val_loss")
