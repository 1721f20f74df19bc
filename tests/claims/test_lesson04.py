"""Lesson 4's claims, checked on the notebook's own run (the positive ones also on two more seeds):
SGD(decay=...) trains at a constant rate; the two InverseTimeDecay forms follow their formulas; a
rate of 1.0 stalls at a noise floor that the decay gets under, reaches the target loss sooner and
gives a lower validation loss than that constant rate, while against a constant 0.05 the interval
shows no evidence either way."""

import numpy as np
import pytest

pytestmark = pytest.mark.claims
NOTEBOOK = "04_tasa_aprendizaje_basada_en_tiempo"


@pytest.fixture(scope="module")
def run(notebook_run):
    return notebook_run(NOTEBOOK)


def test_decay_argument_is_ignored(run):
    rates = np.asarray(run["usadas"])
    assert rates.size == run["EPOCAS_EJEMPLO"] * run["pasos"] == 450
    np.testing.assert_allclose(rates, run["TASA_EJEMPLO"], rtol=1e-6)
    assert run["tasa_final"] == pytest.approx(0.1)  # "sigue en su tasa inicial"


def test_both_inverse_time_forms_follow_their_formula(run):
    assert (run["tabla"]["máx. |leída − fórmula|"] < 1e-6).all()
    assert run["final_lote"] == pytest.approx(0.1 / (1 + 0.002 * 449), rel=1e-4)  # ≈ 0,053
    assert run["final_epoca"] == pytest.approx(0.1 / (1 + 0.002 * 49), rel=1e-4)  # ≈ 0,091


def test_the_constant_high_rate_stalls_and_the_decay_gets_under_its_floor(run):
    mean = run["perdidas"]
    constant = mean["constante 1,0"].to_numpy()
    assert np.ptp(constant[3:]) < 0.05 and constant[3:].min() > 0.40  # "0,42–0,43" from epoch 4
    decayed = mean["tiempo"].to_numpy()
    assert decayed[-1] < decayed[3] - 0.03  # keeps falling while the rate falls
    for high, decay in zip(
        run["historias"]["constante 1,0"], run["historias"]["tiempo"], strict=True
    ):
        assert decay.history["loss"][-1] < high.history["loss"][-1]  # in every fold


def test_the_decay_reaches_the_target_loss_sooner(run):
    reached = run["llegada"].notna().sum()
    n = len(run["llegada"])
    assert n == 10
    assert reached["constante 1,0"] == 0
    assert reached["tiempo"] > n / 2  # "la mayoría"
    assert reached["constante 0,05"] <= 2  # "casi ninguno"
    assert 6 <= run["llegada"]["tiempo"].median() <= 10  # "en unas 8 épocas"


def test_the_decay_beats_the_high_constant_rate_beyond_the_noise(run):
    comparisons = run["frente_a_constante"]
    assert comparisons[0].family_size == 2
    decay = comparisons["tiempo"]
    assert decay.verdict == "mejor" and decay.ci_high < 0 and decay.wins == decay.n_results
    assert comparisons["constante 0,05"].verdict == "mejor"


def test_against_a_low_constant_rate_the_interval_shows_no_evidence_either_way(run):
    c = run["decaer_o_empezar_bajo"]
    assert c.verdict == "sin evidencia"
    assert c.ci_low < 0 < c.ci_high
    assert -0.1 < c.ci_low and c.ci_high < 0.1  # "unas centésimas"
    assert not c.negligible  # "tampoco podemos decir que da igual"


@pytest.mark.parametrize("seed", [1, 2])
def test_the_positive_claims_hold_for_other_seeds(seed_run, seed):
    other = seed_run(NOTEBOOK, seed)
    assert other["frente_a_constante"]["tiempo"].verdict == "mejor"
    reached = other["llegada"].notna().sum()
    assert reached["constante 1,0"] == 0
    assert reached["tiempo"] > reached["constante 0,05"]
    assert np.ptp(other["perdidas"]["constante 1,0"].to_numpy()[3:]) < 0.05
