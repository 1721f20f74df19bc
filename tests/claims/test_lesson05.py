"""Lesson 5's claims, checked on the notebook's own run (the positive ones also on two more seeds):
the scheduler overrides the optimizer's rate and follows the course formula; the constant and the
step runs are identical until the first drop, after which the step run's training loss steps down
while the constant one keeps bouncing; steps reach the target loss and beat the constant rate on
validation beyond the noise."""

import numpy as np
import pytest

pytestmark = pytest.mark.claims
NOTEBOOK = "05_tasa_aprendizaje_por_escalones"


@pytest.fixture(scope="module")
def run(notebook_run):
    return notebook_run(NOTEBOOK)


def losses(run, name, key="loss"):
    return np.asarray(run["ejecuciones"][name].history[key])


def test_the_scheduler_follows_the_formula_and_overrides_the_sgd_rate(run):
    assert run["primera_tasa"] == pytest.approx(1.0)
    np.testing.assert_allclose(run["tasas"], run["esperadas"], rtol=1e-6)
    assert run["bajadas"] == [4, 8, 12]
    assert sorted(set(np.round(run["tasas"], 6)), reverse=True) == [1.0, 0.2, 0.04, 0.008]


def step_down_at_first_drop(run):
    """Identical until the first drop; one epoch after it, a clear step down (constant: none)."""
    constant, steps = losses(run, "constante 1,0"), losses(run, "escalones")
    first = run["bajadas"][0]  # counted from 1
    np.testing.assert_allclose(steps[: first - 1], constant[: first - 1], rtol=1e-5)
    before, after = first - 2, first  # indices of the epoch before the drop and the one after it
    assert steps[after] < steps[before] - 0.03
    assert steps[after + 1] < steps[before] - 0.05
    assert constant[after] > steps[after] + 0.02
    return constant, steps


def validation_settles_under_the_constant(run):
    """The validation loss: both runs drop in the epoch of the first drop (out of a high bounce
    in the epoch before); from the next epoch on, the step run's stays under the constant rate's
    in every epoch and moves far less."""
    constant, steps = losses(run, "constante 1,0", "val_loss"), losses(run, "escalones", "val_loss")
    first = run["bajadas"][0]  # counted from 1
    assert constant[first - 1] < constant[first - 2] and steps[first - 1] < steps[first - 2]
    assert (steps[first:] < constant[first:]).all()  # "desde la época 5 queda por debajo"
    assert np.ptp(steps[first:]) < np.ptp(constant[first:]) / 2  # "apenas se mueve"


def test_the_loss_steps_down_after_each_drop_and_the_constant_keeps_bouncing(run):
    constant, steps = step_down_at_first_drop(run)
    second = run["bajadas"][1]
    assert steps[second] < steps[second - 2] - 0.02  # the smaller second step
    assert abs(steps[3] - steps[2]) < 0.03  # "en la época 4 apenas cambia"
    tail = constant[3:]
    assert tail.min() > 0.38 and np.ptp(tail) > 0.05  # bouncing, no trend down to the steps'
    assert steps[-1] < constant.min()
    validation_settles_under_the_constant(run)


def test_steps_reach_the_target_and_beat_the_constant_rate(run):
    reached = run["llegada"].notna().sum()
    assert reached["constante 1,0"] == 0
    assert 3 <= reached["escalones"] <= 7  # "aproximadamente la mitad"
    assert 9 <= run["llegada"]["escalones"].median() <= 11  # "hacia la época 10"
    c = run["escalones_frente_a_constante"]
    assert c.verdict == "mejor" and c.ci_high < 0 and c.wins == c.n_results == 10


@pytest.mark.parametrize("seed", [1, 2])
def test_the_positive_claims_hold_for_other_seeds(seed_run, seed):
    other = seed_run(NOTEBOOK, seed)
    step_down_at_first_drop(other)
    validation_settles_under_the_constant(other)
    assert other["escalones_frente_a_constante"].verdict == "mejor"
    assert other["llegada"].notna().sum()["constante 1,0"] == 0
