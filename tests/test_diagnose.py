import numpy as np
import pandas as pd
import pytest

from helpers.diagnose import Diagnosis, diagnose, robust_slope, smooth
from helpers.errors import CourseInputError
from helpers.plots import plot_history

EPOCHS = np.arange(1, 41)


def still_rising():
    """Both losses still fall at the end (1/(1+0.05·e)); accuracies still climb."""
    loss = 1 / (1 + 0.05 * EPOCHS)
    return {
        "loss": loss,
        "val_loss": loss + 0.02,
        "accuracy": 1 - loss,
        "val_accuracy": 0.98 - loss,
    }


def plateau():
    """Exponential decay with a 4-epoch time constant: flat after about epoch 20."""
    loss = 0.1 + 0.9 * np.exp(-EPOCHS / 4)
    return {"loss": loss, "val_loss": loss + 0.05}


def diverging():
    """Validation loss bottoms out at epoch 16, then rises; training loss keeps falling."""
    val = 0.3 + 0.6 * np.exp(-EPOCHS / 5) + 0.004 * np.maximum(0, EPOCHS - 15) ** 1.2
    return {"loss": 0.9 * np.exp(-EPOCHS / 8), "val_loss": val}


def noisy(curves, sd=0.01, seed=0):
    rng = np.random.default_rng(seed)
    return {k: v + rng.normal(0, sd, len(v)) for k, v in curves.items()}


def test_robust_slope_and_smoothing_on_known_values():
    slope, low, high = robust_slope([1.0, 3.0, 5.0, 7.0])
    assert slope == pytest.approx(2.0) and low <= 2.0 <= high
    # Theil–Sen ignores one wild epoch; least squares would not.
    assert robust_slope([0, 1, 2, 30, 4, 5, 6])[0] == pytest.approx(1.0)
    assert smooth([1, 1, 9, 1, 1], 3).tolist() == pytest.approx([1, 1, 1, 1, 1])
    assert robust_slope([2.0]) == (0.0, 0.0, 0.0)


def test_still_rising_curve_could_train_longer():
    d = diagnose(still_rising())
    assert d.verdict == "sigue_mejorando"
    assert d.last == 8 and d.epochs == 40 and d.monitored == "val_loss"
    # the slope per epoch over the last 8 epochs, computed by hand from 1/(1+0.05e)
    expected = (1 / (1 + 0.05 * 40) - 1 / (1 + 0.05 * 33)) / 7
    assert d.slopes["val_loss"] == pytest.approx(expected, rel=0.05)
    assert d.slopes["accuracy"] > 0 and d.slopes["val_accuracy"] > 0
    assert d.plateau_start is None and d.divergence_start is None
    assert d.best_epoch == 40
    assert d.gap["loss"] == pytest.approx(0.02) and d.gap["accuracy"] == pytest.approx(0.02)
    assert d.reading.startswith("Sigue mejorando") and "podría entrenar más" in d.reading


def test_plateau_starts_where_the_curve_settles():
    d = diagnose(plateau())
    assert d.verdict == "meseta"
    # smoothed val loss within 5 % of its final value (0.15): 0.9·e^(−e/4) ≤ 0.0075 → e ≥ 19.2
    assert 19 <= d.plateau_start <= 21
    assert abs(d.slopes["val_loss"]) < 1e-3
    assert d.divergence_start is None
    assert f"época {d.plateau_start}" in d.reading and d.reading.startswith("Meseta")


def test_divergence_is_found_where_validation_turns_up():
    d = diagnose(diverging())
    assert d.verdict == "sobreajuste"
    assert 14 <= d.divergence_start <= 18 and d.best_epoch == 16
    assert d.slopes["val_loss"] > 0 > d.slopes["loss"]
    assert d.gap["loss"] > 0.3
    assert "Sobreajuste" in d.reading and "(16)" in d.reading
    assert d.plateau_start is None  # the slow rise at the end is not a plateau


def test_a_divergence_far_from_the_best_epoch_gets_its_own_mark():
    curves = diverging()
    curves["val_loss"] = curves["val_loss"].copy()
    curves["val_loss"][4] = 0.1  # one lucky epoch: the lowest value, but not the trend's turn
    d = diagnose(curves)
    assert d.verdict == "sobreajuste" and d.best_epoch == 5
    assert 14 <= d.divergence_start <= 18
    assert d.marks() == {
        "mínimo val. (época 5)": 5,
        f"divergencia (época {d.divergence_start})": d.divergence_start,
    }


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_noise_does_not_change_the_reading(seed):
    assert diagnose(noisy(still_rising(), seed=seed)).verdict == "sigue_mejorando"
    calm = diagnose(noisy(plateau(), seed=seed))
    assert calm.verdict == "meseta" and calm.divergence_start is None
    assert 15 <= calm.plateau_start <= 25
    rising = diagnose(noisy(diverging(), seed=seed))
    assert rising.verdict == "sobreajuste" and 12 <= rising.divergence_start <= 20


def test_one_noisy_spike_is_not_a_divergence():
    curves = plateau()
    curves["val_loss"] = curves["val_loss"].copy()
    curves["val_loss"][30] += 0.3  # one bad epoch
    d = diagnose(curves)
    assert d.verdict == "meseta" and d.divergence_start is None


def test_flat_curves_and_uncertain_curves():
    flat = {"loss": [0.5] * 10, "val_loss": [0.6] * 10}
    d = diagnose(flat)
    assert d.verdict == "meseta" and d.plateau_start == 1
    # a loss that only zig-zags is flat once its noise is measured: a plateau, from epoch 1
    zigzag = {"loss": [1.0, 0.2] * 10, "val_loss": [1.0, 0.2] * 10}
    d = diagnose(zigzag)
    assert d.verdict == "meseta" and d.plateau_start == 1 and d.noise > 0.3
    # both losses climbing (a learning rate too large): no verdict fits, the reading says why
    climbing = {"loss": np.linspace(0.3, 0.9, 20), "val_loss": np.linspace(0.35, 1.0, 20)}
    d = diagnose(climbing)
    assert d.verdict == "incierto" and d.divergence_start is None
    assert "inestable" in d.reading
    # falling, then rising again in the last epochs only: too short to call it either way
    dip = {"loss": np.r_[np.linspace(1, 0.5, 16), [0.55, 0.6, 0.65, 0.7]]}
    assert diagnose(dip).verdict == "incierto"


def test_marks_for_plot_history():
    d = diagnose(diverging())
    marks = d.marks()
    assert marks == {"mínimo val. (época 16), después diverge": 16}
    fig = plot_history(diverging(), metrics="loss", marks=marks)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert set(texts) == set(marks)
    calm = diagnose(plateau())
    assert calm.marks() == {
        "mínimo val. (época 40)": 40,
        f"meseta (época {calm.plateau_start})": calm.plateau_start,
    }


def test_without_validation_data_reads_the_training_loss():
    d = diagnose({"loss": plateau()["loss"], "accuracy": 1 - plateau()["loss"]})
    assert d.monitored == "loss" and d.verdict == "meseta"
    assert d.best_epoch is None and d.divergence_start is None and d.gap == {}
    assert "sin datos de validación" in d.reading
    assert set(d.marks()) == {f"meseta (época {d.plateau_start})"}


def test_accepts_history_objects_dataframes_and_keras2_names():
    class FakeHistory:
        history = {k: list(v) for k, v in plateau().items()}

    assert diagnose(FakeHistory()).verdict == "meseta"
    assert diagnose(pd.DataFrame(plateau())).verdict == "meseta"
    old = {"loss": plateau()["loss"], "val_loss": plateau()["val_loss"], "lr": [0.1] * 40}
    assert diagnose(old).verdict == "meseta"  # the learning rate is not a curve to read


def test_summary_renders():
    d = diagnose(still_rising())
    assert isinstance(d, Diagnosis) and str(d) == d.reading
    text = d._repr_markdown_()
    assert "Pendiente por época" in text and "`val_loss`" in text


@pytest.mark.parametrize(
    ("bad", "match"),
    [
        ({}, "vacío"),
        ({"loss": []}, "vacío"),
        ({"accuracy": [0.5, 0.6, 0.7]}, "'loss'"),
        ({"loss": [1.0, 0.5]}, "al menos 3 épocas"),
        ({"loss": [1.0, 0.5, 0.4], "val_loss": [1.0, 0.5]}, "3 épocas"),
        ({"loss": [1.0, float("nan"), 0.4]}, "NaN"),
        ([1, 2, 3], "History"),
    ],
)
def test_bad_histories_get_spanish_errors(bad, match):
    with pytest.raises(CourseInputError, match=match) as info:
        diagnose(bad)
    assert info.value.param == "history"


@pytest.mark.parametrize(
    ("kwargs", "param"),
    [
        ({"last": 2}, "last"),
        ({"last": 41}, "last"),
        ({"last": 4.5}, "last"),
        ({"tol": 0}, "tol"),
        ({"tol": 1.5}, "tol"),
        ({"window": 0}, "window"),
    ],
)
def test_bad_options_get_spanish_errors(kwargs, param):
    with pytest.raises(CourseInputError, match=f"«{param}»"):
        diagnose(plateau(), **kwargs)


def test_divergence_never_starts_before_the_lowest_validation_loss():
    # The rise after the minimum (epoch 8) is steeper than the fall before it, so the smoothed
    # curve bottoms out an epoch early (epoch 7): the reading must not say "before the best".
    val = np.r_[[1.0, 0.8, 0.6, 0.5, 0.45, 0.42, 0.41, 0.40], 0.4 + 0.2 * np.arange(1, 23)]
    train = np.linspace(1.0, 0.05, 30)
    d = diagnose({"loss": train, "val_loss": val}, window=3)
    assert d.verdict == "sobreajuste" and d.best_epoch == 8
    assert d.divergence_start >= d.best_epoch
    assert f"hacia la época {d.divergence_start}" in d.reading and "(8)" in d.reading
    assert d.marks() == {"mínimo val. (época 8), después diverge": 8}


def test_find_divergence_on_blow_ups_and_calm_runs():
    from helpers.diagnose import Divergence, find_divergence

    assert find_divergence(plateau()) is None and find_divergence(still_rising()) is None
    # a loss near zero that jumps by 100x but stays small is a spike, not a divergence
    assert find_divergence({"loss": [0.7, 0.01, 1e-4, 2e-2, 1e-3]}) is None
    blown = find_divergence({"loss": [0.7, 0.3, 5.0, 1e27, float("nan")]})
    assert blown == Divergence(epoch=4, value=1e27, lowest=0.3)
    assert "época 4" in blown.reading() and "1e+27" in blown.reading()
    assert "momento" in blown.reading("una tasa de aprendizaje o un momento demasiado altos")
    nan = find_divergence({"loss": [0.7, float("nan"), float("nan")]})
    assert nan.epoch == 2 and "NaN" in str(nan)
    # judged against the loss before training when it is given
    assert find_divergence({"loss": [500.0, 400.0, 300.0]}) is None
    assert find_divergence({"loss": [500.0, 400.0]}, baseline=np.log(2)).epoch == 1
    # an overshoot that leaves the network no better than a uniform guess: it collapsed
    collapsed = {"loss": [0.675, 0.97, 3.72, 0.76, 0.70, 0.70]}
    assert find_divergence(collapsed) is None  # without the guess's loss it cannot tell
    d = find_divergence(collapsed, baseline=np.log(2))
    assert (d.epoch, d.value, d.final) == (3, 3.72, 0.70)
    assert "terminó en 0,7: no mejor que predecir al azar" in d.reading()
    assert "5,37 veces la de predecir al azar, 0,693" in d.reading()
    assert find_divergence(collapsed, baseline=np.log(2), ended=False) is None  # may recover
    recovered = {"loss": [6.87, 19.9, 8.3, 1.1, 0.3, 0.02]}  # Adam at rate 1: wild, then fine
    assert find_divergence(recovered, baseline=np.log(2)) is None
    with pytest.raises(CourseInputError, match="«history»"):
        find_divergence({"accuracy": [0.5, 0.6]})
    with pytest.raises(CourseInputError, match="«baseline»"):
        find_divergence({"loss": [1.0]}, baseline=-1)


def test_a_level_above_the_minimum_is_not_a_plateau():
    # validation loss dips to 0.2 at epoch 5, then settles near 0.6: flat, but not converged
    val = np.r_[[0.9, 0.6, 0.4, 0.3, 0.2, 0.5, 0.6], 0.6 + 0.005 * np.sin(np.arange(13))]
    d = diagnose({"loss": np.full(20, 0.3), "val_loss": val})
    assert d.verdict == "incierto" and d.plateau_start is None and d.settled_above == 5
    assert "por encima de su mínimo (época 5)" in d.reading and "inestable" in d.reading


def test_a_loss_that_rises_at_the_end_is_not_a_plateau():
    # Adam at rate 1.0 in lesson 1's lab (rounded): chaos, then a slow steady climb
    val = [4.39, 5.73, 8.15, 5.12, 4.66, 6.52, 4.93, 3.83, 4.71, 4.82, 3.93, 3.04, 2.61, 2.34]
    val += [2.61, 2.7, 2.75, 2.82, 2.85, 2.87]
    train = [6.24, 3.22, 2.59, 2.62, 2.74, 2.54, 2.44, 0.82, 0.61, 1.38, 0.97, 0.81, 0.16]
    train += [0.11, 0.004, 0.003, 0.002, 0.002, 0.001, 0.001]
    d = diagnose({"loss": train, "val_loss": val})
    assert d.verdict == "incierto" and d.plateau_start is None
    assert d.reading.startswith("Incierto: la pérdida de validación sube en las últimas 4 épocas")
    assert "+0,0" in d.reading  # a decimal comma, as the course writes numbers
