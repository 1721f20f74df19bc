"""Lesson 1's claims, checked on the notebook's own run: each of its three runs shows the reading
its prose gives, and EarlyStopping stops early and restores the best weights."""

import numpy as np
import pytest

from helpers.diagnose import diagnose

pytestmark = pytest.mark.claims
NOTEBOOK = "01_historia_entrenamiento"


@pytest.fixture(scope="module")
def run(notebook_run):
    return notebook_run(NOTEBOOK)


def curves(history):
    return {k: np.asarray(v) for k, v in history.history.items()}


def test_first_run_could_train_longer_and_is_not_overfitted(run):
    """(a) Both accuracies still rise and both losses still fall at the end; similar skill."""
    h = curves(run["history"])
    d = run["lectura_a"]
    assert d.verdict == "sigue_mejorando"
    back = -d.last  # the start of the window the diagnosis looks at
    for key in ("loss", "val_loss"):
        assert h[key][-1] < 0.95 * h[key][back]
    for key in ("accuracy", "val_accuracy"):
        assert h[key][-1] > h[key][back]
    assert d.slopes["accuracy"] > 0 and d.slopes["val_accuracy"] > 0
    # comparable skill on both sets (H9): "menos de 5 puntos de exactitud"
    assert abs(d.gap["accuracy"]) < 0.05 and abs(d.gap["loss"]) < 0.1


def check_plateau_reading(h, d):
    """(b)'s reading: a plateau where the validation loss still falls a little, less than 5 %."""
    n = len(h["loss"])
    assert d.verdict == "meseta" and d.divergence_start is None
    start = d.plateau_start - 1  # as an index
    tail = h["val_loss"][start:]
    assert tail.max() - tail.min() < 0.1 * tail[-1]
    assert h["val_loss"][0] > 2 * tail[-1]  # "cae deprisa en las primeras épocas"
    assert h["loss"][-1] < 0.8 * h["loss"][start]  # "sigue bajando despacio"
    # "todavía baja un poco, por eso su mínimo cae en una de las últimas épocas"
    assert d.best_epoch >= d.plateau_start and d.best_epoch > n - d.last
    # "desde la meseta hasta ese mínimo gana menos de un 5 %"
    assert 0 < h["val_loss"][start] - h["val_loss"].min() < 0.05 * h["val_loss"][start]


def test_second_run_reaches_a_plateau(run):
    """(b) From the plateau on, the validation loss moves by less than 5 %, the printed numbers."""
    h = curves(run["meseta"])
    d = run["lectura_b"]
    check_plateau_reading(h, d)
    assert d.plateau_start <= len(h["loss"]) // 2
    assert run["desde"] == h["val_loss"][d.plateau_start - 1]
    assert run["minimo"] == h["val_loss"].min() == h["val_loss"][d.best_epoch - 1]


@pytest.mark.parametrize(("seed", "reading"), [(1, "meseta"), (2, "sobreajuste")])
def test_b_with_other_seeds_reads_as_the_text_says(seed_run, seed, reading):
    """(b) "Con otra semilla la misma receta no siempre acaba así: con SEMILLA = 2, la pérdida de
    validación toca fondo pronto y después sube despacio, y diagnose lee sobreajuste." """
    other = seed_run(NOTEBOOK, seed)
    h, d = curves(other["meseta"]), other["lectura_b"]
    if reading == "meseta":
        check_plateau_reading(h, d)
    else:
        assert d.verdict == "sobreajuste" and d.best_epoch <= len(h["loss"]) // 3
        assert h["val_loss"][-1] > 1.1 * h["val_loss"].min()


def test_third_run_overfits(run):
    """(c) The validation loss turns up while the training loss keeps falling to almost zero."""
    h = curves(run["sobre"])
    d = run["lectura_c"]
    assert d.verdict == "sobreajuste"
    best = d.best_epoch
    assert best <= 10
    assert h["val_loss"][-1] > 1.5 * h["val_loss"][best - 1]
    assert h["loss"][-1] < 0.1 * h["loss"][best - 1]
    assert h["accuracy"][-1] == 1.0  # "llega al 100 %"
    n_val = len(run["partes"].y_val)
    assert np.ptp(h["val_accuracy"][best - 1 :]) <= 2 / n_val + 1e-9  # "apenas se mueve"
    assert d.gap["loss"] > 0.1


def test_early_stopping_stops_early_and_restores_the_best_weights(run):
    h = curves(run["temprano"])
    full = curves(run["sobre"])
    stopped_at, best = run["epoca_parada"], run["mejor_epoca"]
    assert stopped_at == len(h["loss"]) == best + run["PACIENCIA"] < len(full["loss"])
    np.testing.assert_allclose(h["val_loss"], full["val_loss"][:stopped_at], rtol=1e-5)
    restored = run["restaurado"]
    assert restored["loss"] == pytest.approx(h["val_loss"].min(), rel=1e-4)
    assert restored["loss"] < 0.7 * full["val_loss"][-1]  # "muy por debajo"
    n_val = len(run["partes"].y_val)
    assert abs(restored["accuracy"] - full["val_accuracy"][-1]) <= 2 / n_val + 1e-9


@pytest.mark.parametrize("seed", [1, 2])
def test_the_overfitting_reading_holds_for_other_seeds(seed_run, seed):
    """The positive claim of (c) — divergence, then EarlyStopping helps — is not one seed's luck."""
    other = seed_run(NOTEBOOK, seed)
    d = diagnose(other["sobre"])
    assert d.verdict == "sobreajuste"
    assert other["restaurado"]["loss"] < 0.7 * other["sobre"].history["val_loss"][-1]
