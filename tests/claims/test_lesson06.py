"""Lesson 6's claims: no schedule beats the constant rate beyond noise here; both tips show."""

from helpers.compare import paired_comparison
from helpers.schedule_experiments import (
    COMPARISON,
    FirstFoldHistories,
    cross_validation_inputs,
    fold_rows,
    lesson_data,
    schedule_setup,
)
from helpers.training import cross_validate

import pytest

pytestmark = pytest.mark.claims
SCHEDULES = ["tiempo", "escalones cada 5", "exponencial", "meseta"]


@pytest.fixture(scope="module")
def run():
    """The notebook's default comparison (ESCALA_COMPLETA = False)."""
    data, _ = lesson_data()

    def plan(name, **changes):
        return schedule_setup(
            name,
            epochs=COMPARISON["epochs"],
            n_rows=fold_rows(len(data.y), COMPARISON["n_splits"]),
            batch_size=COMPARISON["batch_size"],
            **changes,
        )

    setups = {
        "constante": plan("constante"),
        "tiempo": plan("tiempo"),
        "escalones cada 5": plan("escalones cada 5"),
        "exponencial": plan("exponencial"),
        "meseta": plan("meseta"),
        "escalones · tasa 0,01": plan("escalones cada 5", lr0=0.01),
        "escalones · sin momento": plan("escalones cada 5", momentum=0.0),
    }
    histories = FirstFoldHistories()
    configs, callbacks = cross_validation_inputs(setups, extra_callbacks=histories)
    scores = cross_validate(
        configs, data.X, data.y, callbacks=callbacks, progress=False, **COMPARISON
    )
    return scores, histories.histories


def test_every_schedule_starts_at_01_and_the_plateau_one_acts(run):
    _, histories = run
    for name in ["constante", "escalones cada 5", "meseta"]:
        assert histories[name].history["learning_rate"][0] == pytest.approx(0.1)
    for name in ["tiempo", "exponencial"]:  # per update: the epoch shows its last update's rate
        assert 0.08 < histories[name].history["learning_rate"][0] < 0.1
    assert min(histories["meseta"].history["learning_rate"]) < 0.1
    assert histories["constante"].history["learning_rate"][-1] == pytest.approx(0.1)


@pytest.mark.parametrize("name", SCHEDULES)
def test_no_schedule_differs_from_the_constant_rate_beyond_noise(run, name):
    scores, _ = run
    for metric in ("val_loss", "val_accuracy"):
        assert not paired_comparison(scores, "constante", name, metric).exceeds_noise


@pytest.mark.parametrize("variant", ["escalones · tasa 0,01", "escalones · sin momento"])
def test_tips_lower_start_and_no_momentum_are_worse_beyond_noise(run, variant):
    scores, _ = run
    comparison = paired_comparison(scores, "escalones cada 5", variant, "val_loss")
    assert comparison.exceeds_noise and comparison.mean_difference > 0
