import numpy as np
import pytest

from helpers.data import load_iris
from helpers.dropout_demo import (
    draw_dropout_network,
    dropped_units,
    make_no_dropout_metrics,
    plot_weight_norms,
    unit_weight_norms,
)
from helpers.dropout_lab import Net
from helpers.errors import CourseInputError
from helpers.training import evaluate


def test_dropped_units_never_drop_the_output_and_follow_the_rate():
    masks = dropped_units((200, 300, 2), rate=0.25, seed=1)
    assert [m.shape for m in masks] == [(200,), (300,), (2,)]
    assert not masks[-1].any()
    assert np.concatenate(masks[:-1]).mean() == pytest.approx(0.25, abs=0.05)
    assert not any(m.any() for m in dropped_units((3, 4, 1), rate=0.0))


def test_drawing_has_full_and_thinned_panels():
    fig = draw_dropout_network((4, 5, 2), rate=0.5, seed=0)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles[0].startswith("Red completa") and titles[1].endswith("dropout 50 %")
    assert draw_dropout_network((4, 5, 2), rate=0.125).axes[1].get_title().endswith("12,5 %")
    # the thinned network has fewer connections than the full one
    assert len(fig.axes[1].get_lines()) < len(fig.axes[0].get_lines()) + 10


@pytest.mark.parametrize(
    "kwargs, param",
    [
        ({"layer_sizes": (4,)}, "layer_sizes"),
        ({"layer_sizes": (4, 0)}, "layer_sizes"),
        ({"layer_sizes": "4,2"}, "layer_sizes"),
        ({"rate": 1.0}, "rate"),
        ({"rate": -0.1}, "rate"),
        ({"seed": -1}, "seed"),
    ],
)
def test_dropped_units_bad_arguments(kwargs, param):
    args = {"layer_sizes": (4, 3, 2), "rate": 0.2} | kwargs
    with pytest.raises(CourseInputError) as info:
        dropped_units(**args)
    assert info.value.param == param


def test_no_dropout_metrics_match_evaluate(tiny_split):
    model = Net(dropout_hidden=0.5, hidden=(8,)).build(30, 2)
    callback = make_no_dropout_metrics(tiny_split.X_train, tiny_split.y_train)
    history = model.fit(
        tiny_split.X_train, tiny_split.y_train, epochs=2, verbose=0, callbacks=[callback]
    )
    assert len(history.history["no_dropout_accuracy"]) == 2
    scores = evaluate(model, tiny_split.X_train, tiny_split.y_train)
    assert history.history["no_dropout_accuracy"][-1] == pytest.approx(scores["accuracy"])
    assert history.history["no_dropout_loss"][-1] == pytest.approx(scores["loss"], rel=1e-3)


def test_no_dropout_metrics_multiclass():
    data = load_iris()
    model = Net(hidden=(6,), dropout_hidden=0.3).build(4, 3)
    callback = make_no_dropout_metrics(data.X, data.y)
    history = model.fit(data.X, data.y, epochs=1, verbose=0, callbacks=[callback])
    scores = evaluate(model, data.X, data.y)
    assert history.history["no_dropout_accuracy"][-1] == pytest.approx(scores["accuracy"])
    assert history.history["no_dropout_loss"][-1] == pytest.approx(scores["loss"], rel=1e-3)


def test_unit_weight_norms_are_column_norms_of_every_dense_layer():
    model = Net(hidden=(5, 3)).build(4, 2)
    table = unit_weight_norms(model)
    dense = [layer.name for layer in model.layers if type(layer).__name__ == "Dense"]
    assert list(table["capa"].unique()) == dense and len(table) == 5 + 3 + 1
    kernel = np.asarray(model.get_layer("oculta_1").kernel)
    np.testing.assert_allclose(table["norma"][:5], np.linalg.norm(kernel, axis=0), rtol=1e-6)
    fig = plot_weight_norms({"a": model}, max_norm=3)
    assert "max-norm = 3" in [t.get_text() for t in fig.axes[0].get_legend().get_texts()]


def test_weight_norm_bad_arguments():
    with pytest.raises(CourseInputError) as info:
        unit_weight_norms("modelo")
    assert info.value.param == "model"
    with pytest.raises(CourseInputError) as info:
        plot_weight_norms({})
    assert info.value.param == "models"
