"""Lesson 3's claims, checked on the notebook's own run (and, for the positive ones, on two more
seeds): hidden dropout against none, the rate that under-learns, bigger nets, max-norm 4."""

import numpy as np
import pytest

pytestmark = pytest.mark.claims
NOTEBOOK = "03_dropout_capas_ocultas"
LN2 = np.log(2)


@pytest.fixture(scope="module")
def run(notebook_run):
    return notebook_run(NOTEBOOK)


def test_without_dropout_it_memorises_and_dropout_narrows_the_gap(run):
    plain, dropout = run["curvas"]["sin dropout"], run["curvas"]["dropout 0,5"]
    assert plain["accuracy"][-1] == 1.0 and plain["loss"][-1] < 0.01  # "pérdida casi cero"
    assert plain["val_loss"][-1] > 2 * min(plain["val_loss"])  # "muy por encima de su mínimo"
    assert dropout["loss"][-1] > plain["loss"][-1]
    assert dropout["val_loss"][-1] < plain["val_loss"][-1]

    def gap(curve):
        return curve["val_loss"][-1] - curve["loss"][-1]

    assert gap(dropout) < gap(plain)


def check_positive_claims(run):
    family = run["frente_a_cero"]
    assert len(family) == 4 and all(c.family_size == 4 for c in family)
    half = family["ocultas 0,5"]
    assert half.verdict == "mejor" and half.ci_high < 0
    assert half.wins == half.n_results  # "en todos los pliegues"
    means = run["medias"]
    assert means.loc["ocultas 0", "train_loss"] < 0.02  # "casi nula"
    # 0.8 does not learn: training loss near ln 2, accuracy near 50 %
    assert abs(means.loc["ocultas 0,8", "train_loss"] - LN2) < 0.05
    assert abs(means.loc["ocultas 0,8", "train_accuracy"] - 0.5) < 0.1
    assert run["frente_a_cero_exactitud"]["ocultas 0,8"].verdict == "peor"


def test_hidden_dropout_0_5_lowers_the_validation_loss_and_0_8_does_not_learn(run):
    check_positive_claims(run)
    high = run["frente_a_cero"]["ocultas 0,8"]
    assert high.mean_difference < 0  # "también sale con menos pérdida de validación"


def check_against_0_5(run):
    family = run["frente_a_05"]
    assert [c.family_size for c in family] == [2, 2]
    assert all(not c.exceeds_noise for c in family)  # "ninguna ... tras el ajuste de Holm"
    # "más pérdida ... en todos los pliegues", "intervalo entero por encima de cero", "solo el
    # ajuste de Holm sube su valor p por encima de 0,05 ...: sola, habría salido «peor»"
    big = family["grande, ocultas 0,5"]
    assert big.mean_difference > 0 and big.wins == 0 and big.ci_low > 0
    assert big.p_value < 0.05 <= big.p_adjusted
    # "por debajo ... en la mayoría de los pliegues, pero su intervalo llega hasta cerca de cero"
    everywhere = family["todas las capas"]
    assert everywhere.mean_difference < 0 and everywhere.wins >= everywhere.n_results - 2
    assert -0.1 < everywhere.ci_high < 0.1  # exercise 2: a worsening of 0.1 is outside it


def test_bigger_network_and_dropout_everywhere_against_0_5(run):
    check_against_0_5(run)


FREE, CAPPED = "momento 0,99 · sin max-norm", "momento 0,99 · max-norm 4"


def check_momentum_and_max_norm(run):
    def hidden_norm(model):
        return max(
            np.linalg.norm(w, axis=0).max()
            for path, w in model.weights.items()
            if path.endswith("kernel") and "oculta" in path
        )

    models, histories = run["modelos_alta"], run["historias_alta"]
    assert hidden_norm(models[FREE]) > 1.5 * 4  # "muy por encima de 4"
    assert hidden_norm(models[CAPPED]) <= 4 + 1e-3
    section_2 = run["curvas"]["dropout 0,5"]["val_loss"][-1]
    for history in histories.values():  # "las dos redes sobreajustan mucho"
        assert history["val_loss"][-1] > 5 * history["no_dropout_loss"][-1]
        assert history["no_dropout_accuracy"][-1] - history["val_accuracy"][-1] > 0.10
        assert history["val_loss"][-1] > 2 * section_2  # "más del doble"
    assert histories[CAPPED]["val_loss"][-1] < histories[FREE]["val_loss"][-1]


def test_momentum_0_99_grows_hidden_weights_and_max_norm_4_bounds_them(run):
    check_momentum_and_max_norm(run)
    # "en esta ejecución, la de la restringida es incluso menor"
    histories = run["historias_alta"]
    assert histories[CAPPED]["val_accuracy"][-1] < histories[FREE]["val_accuracy"][-1]


@pytest.mark.parametrize("seed", [1, 2])
def test_the_positive_claims_hold_for_other_seeds(seed_run, seed):
    other = seed_run(NOTEBOOK, seed)
    check_positive_claims(other)
    check_against_0_5(other)
    check_momentum_and_max_norm(other)
