"""Lesson 2's claims, checked on the notebook's own run (and, for the positive ones, on two more
seeds): what fit records with dropout, the one-change-at-a-time comparison, what max-norm does
and does not do for a rate that is too high."""

import numpy as np
import pytest

pytestmark = pytest.mark.claims
NOTEBOOK = "02_dropout_capa_visible"


@pytest.fixture(scope="module")
def run(notebook_run):
    return notebook_run(NOTEBOOK)


def test_a_dropout_layer_masks_each_row_apart_and_scales_only_in_training(run):
    trained, evaluated = run["al_entrenar"], run["al_evaluar"]
    assert set(np.round(trained.ravel(), 5)) == {0.0, 1.25}  # "las que quedan valen 1,25"
    rows = {tuple(row) for row in (trained == 0)}
    assert len(rows) == len(trained)  # "cada fila del lote pierde unidades distintas"
    assert np.array_equal(evaluated, run["lote"])


def test_a_trained_dropout_network_varies_only_in_training(run):
    first, second, third, fourth = run["probabilidades"]
    assert first != second and third == fourth


def test_the_training_curve_of_fit_is_measured_with_dropout(run):
    """fit's training loss is clearly above the re-evaluated one, its accuracy not above it."""
    h = run["h"]
    assert h["loss"][-1] > 1.5 * h["no_dropout_loss"][-1]
    assert h["accuracy"][-1] <= h["no_dropout_accuracy"][-1]


def check_this_scale(run):
    """The claims of the 12-epoch run (at full scale the base network memorises too)."""
    means = run["medias"]
    assert means.loc["tasa alta", "train_loss"] < 0.02  # "casi a cero"
    assert means.loc["tasa alta", "val_loss"] == means["val_loss"].max()  # "se dispara"
    with_dropout = means.loc["tasa alta + dropout 0,5"]
    assert with_dropout["train_loss"] > means.loc["tasa alta", "train_loss"]
    assert with_dropout["val_loss"] < means.loc["tasa alta", "val_loss"]
    assert with_dropout["brecha de pérdida"] < means.loc["tasa alta", "brecha de pérdida"]
    # "la red base sobreajusta algo (... más de 10 puntos), pero poco comparada con la tasa
    # alta: su brecha de pérdida es más de cinco veces menor"
    base = means.loc["base"]
    assert base["brecha de exactitud"] > 0.10
    assert 5 * base["brecha de pérdida"] < means.loc["tasa alta", "brecha de pérdida"]
    # "su intervalo incluye el cero ... ninguno de más de 0,15"
    on_base = run["cambios"]["dropout 0,5"]
    assert on_base.verdict == "sin evidencia"
    assert -0.15 < on_base.ci_low < 0 < on_base.ci_high < 0.15


def test_the_high_rate_memorises_and_dropout_narrows_its_gap(run):
    check_this_scale(run)


def check_positive_claims(changes):
    high = changes["tasa alta"]
    assert high.verdict == "peor"
    dropout = changes["tasa alta + dropout 0,5"]
    assert dropout.verdict == "mejor" and dropout.ci_high < 0
    assert dropout.wins == dropout.n_results  # "en todos los pliegues"


def test_one_change_at_a_time_on_the_validation_loss(run):
    changes = run["cambios"]
    assert [c.family_size for c in changes] == [3, 3, 3]  # one Holm family
    check_positive_claims(changes)


def test_the_validation_accuracy_sees_none_of_it(run):
    assert not any(c.exceeds_noise for c in run["cambios_exactitud"])


def test_max_norm_keeps_the_loss_from_blowing_up_but_does_not_fix_the_rate(run):
    histories = run["historias_norma"]
    check_max_norm(run["modelos_norma"], histories)
    assert histories["sin max-norm"]["val_accuracy"][-1] < 0.3  # "como quien adivina"
    table = run["resumen_norma"]  # what the prose reads: the table printed under the curves
    capped = histories["max-norm 3"]
    assert table.loc["pérdida entren. máxima", "max-norm 3"] == max(capped["loss"])
    assert table.loc["exactitud valid. (época 2)", "max-norm 3"] == capped["val_accuracy"][1]


def check_max_norm(models, histories):
    def largest_norm(model):
        norms = [
            np.linalg.norm(w, axis=0)
            for path, w in model.weights.items()
            if path.endswith("kernel")
        ]
        return np.nanmax([n.max() for n in norms])  # NaN only if every kernel is NaN

    free, capped = histories["sin max-norm"], histories["max-norm 3"]
    free_norm = largest_norm(models["sin max-norm"])
    assert np.isnan(free_norm) or free_norm > 10  # "decenas o cientos, o NaN"
    losses = np.asarray(free["loss"])
    assert np.isnan(losses).any() or losses.max() > 10 * losses.min()  # "se dispara"
    assert free["val_accuracy"][-1] < 0.5  # "se hunde"
    assert largest_norm(models["max-norm 3"]) <= 3 + 1e-3
    # "la pérdida no se dispara": finite, and far below the free network's peak
    capped_losses = np.asarray(capped["loss"])
    assert np.isfinite(capped_losses).all() and capped_losses.max() < 5
    assert np.isnan(losses).any() or capped_losses.max() < losses.max() / 5
    assert capped["val_accuracy"][-1] > 0.85  # "sigue por encima del 85 %"
    # "no arregla una tasa demasiado alta": no better than at epoch 2, and both losses climb to
    # more than twice their minimum instead of falling
    assert capped["val_accuracy"][-1] <= capped["val_accuracy"][1]
    for key in ("loss", "val_loss"):
        assert max(capped[key]) > 2 * min(capped[key])


@pytest.mark.parametrize("seed", [1, 2])
def test_the_positive_claims_hold_for_other_seeds(seed_run, seed):
    other = seed_run(NOTEBOOK, seed)
    check_positive_claims(other["cambios"])
    check_this_scale(other)
    check_max_norm(other["modelos_norma"], other["historias_norma"])
