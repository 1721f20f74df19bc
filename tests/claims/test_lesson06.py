"""Lesson 6's claims, checked on the notebook's own run (and the positive ones on two more seeds):
with a rate too high to finish at, decaying early reaches the target loss; every schedule beats the
constant rate in every fold, without evidence after Holm's adjustment at this budget; the tips hold
only with their controls read as the prose reads them."""

import numpy as np
import pytest

pytestmark = pytest.mark.claims
NOTEBOOK = "06_comparar_planificaciones"
SCHEDULES = ["tiempo", "escalones", "exponencial", "meseta"]


@pytest.fixture(scope="module")
def run(notebook_run):
    return notebook_run(NOTEBOOK)


def reached(run, name):
    return [e is not None for e in run["llegada"][name]]


def test_the_schedules_are_keras_objects_written_in_the_notebook(run):
    assert type(run["tiempo"]).__name__ == "InverseTimeDecay"
    assert type(run["exponencial"]).__name__ == "ExponentialDecay"
    assert type(run["coseno"]).__name__ == "CosineDecay"
    # the rates are recorded in the last fold (see the notebook's callbacks)
    last_fold = {name: histories[-1].history for name, histories in run["historias"].items()}
    rates = np.asarray(last_fold["escalones"]["learning_rate"])
    np.testing.assert_allclose(rates, [1.0] * 3 + [0.2] * 4 + [0.04] * 4 + [0.008], rtol=1e-5)
    for name in ("escalones sin momento", "escalones desde 0,05"):
        ratio = np.asarray(last_fold[name]["learning_rate"]) / rates
        np.testing.assert_allclose(ratio, ratio[0], rtol=1e-5)  # the same steps, scaled
    assert last_fold["constante"]["learning_rate"] == pytest.approx([1.0] * 12)
    assert min(last_fold["meseta"]["learning_rate"]) < 1.0  # the plateau callback acted


def test_decaying_early_reaches_the_target_loss_and_the_constant_rate_never_does(run):
    assert not any(reached(run, "constante"))
    assert all(reached(run, "tiempo")) and all(reached(run, "exponencial"))
    # steps keep 1.0 for three epochs: "llegan más tarde o no llegan"
    assert sum(reached(run, "escalones")) < 5
    for decay, steps in zip(run["llegada"]["tiempo"], run["llegada"]["escalones"], strict=True):
        assert steps is None or decay <= steps


def plateau_brakes_too_hard(run):
    """The plateau callback (patience=1, min_delta=0.01) cuts the rate again and again: more than
    a hundred times under the initial rate at the last epoch of every fold, the loss then stands
    still and seldom reaches the target."""
    for history in run["historias"]["meseta"]:
        assert history.history["learning_rate"][-1] < run["TASA"] / 100
        assert np.ptp(history.history["loss"][-3:]) < 0.01  # "la pérdida se queda quieta"
    assert sum(reached(run, "meseta")) <= 2  # "en pocos pliegues o en ninguno"


def test_the_plateau_schedule_brakes_too_hard(run):
    plateau_brakes_too_hard(run)
    assert run["historias"]["meseta"][-1].history["learning_rate"][-1] < 1e-4  # the plotted fold
    # the plot draws the per-update schedules through every update: they start at 1.0
    for name in ("tiempo", "exponencial"):
        rates = run["tasas_por_lote"][name]
        assert rates[0] == pytest.approx(1.0) and len(rates) == run["pasos"] * run["EPOCAS"]


def test_every_schedule_beats_the_constant_rate_in_every_fold_but_not_after_holm(run):
    comparisons = run["frente_a_constante"]
    assert [c.other for c in comparisons] == SCHEDULES
    for c in comparisons:
        assert c.family_size == 4
        assert c.wins == c.n_results == 5
        assert c.ci_high < 0  # each interval alone lies below zero
        assert c.p_adjusted >= 0.05 and c.verdict == "sin evidencia"
    gain = {c.other: -c.mean_difference for c in comparisons}
    assert min(gain["tiempo"], gain["exponencial"]) > max(gain["escalones"], gain["meseta"])


def test_starting_high_costs_at_a_constant_rate_not_when_the_rate_decays(run):
    with_steps, constant = run["consejo_tasa"]
    assert constant.verdict == "peor"  # constant 1.0 clearly worse than 0.05
    assert with_steps.verdict == "sin evidencia" and with_steps.ci_low < 0 < with_steps.ci_high
    assert with_steps.ci_high < constant.mean_difference  # narrow next to the constant's penalty
    assert with_steps.ci_low > -0.05  # "subirla no ayudó": no room for a sizeable gain


def test_momentum_helps_at_the_same_effective_step_not_at_the_same_rate(run):
    same_rate, same_step = run["consejo_momento"]
    assert same_rate.verdict == "sin evidencia" and same_rate.ci_low < 0 < same_rate.ci_high
    assert same_step.verdict == "mejor"


@pytest.mark.parametrize("seed", [1, 2])
def test_the_positive_claims_hold_for_other_seeds(seed_run, seed):
    other = seed_run(NOTEBOOK, seed)
    assert not any(reached(other, "constante"))
    assert sum(reached(other, "tiempo")) >= 4 and sum(reached(other, "exponencial")) >= 4
    assert all(c.mean_difference < 0 for c in other["frente_a_constante"])
    assert other["consejo_tasa"][1].verdict == "peor"
    plateau_brakes_too_hard(other)
    same_step = other["consejo_momento"][1]
    assert same_step.mean_difference < 0 and same_step.wins == same_step.n_results  # every fold
