import pytest

from helpers import CourseInputError, seed_everything
from helpers.live import LivePlot, StopWhenDiverged
from helpers.models import build_mlp
from helpers.training import train


def test_live_plot_records_every_epoch_and_redraws_sparingly(tiny_split):
    seed_everything(0)
    live = LivePlot(every_seconds=60)
    history = train(
        build_mlp(30, (4,), 2),
        tiny_split.X_train,
        tiny_split.y_train,
        tiny_split.X_val,
        tiny_split.y_val,
        epochs=4,
        callbacks=[live],
    )
    assert live.history.keys() == history.history.keys()
    assert live.history["val_loss"] == history.history["val_loss"]
    assert live.redraws == 2  # the first epoch, then the final draw; nothing in between


def test_live_plot_compares_with_finished_runs(tiny_split):
    live = LivePlot(
        name="nuevo", runs={"antes": {"loss": [1.0, 0.5], "accuracy": [0.5, 0.6]}}, every_seconds=0
    )
    train(
        build_mlp(30, (4,), 2), tiny_split.X_train, tiny_split.y_train, epochs=2, callbacks=[live]
    )
    labels = {line.get_label() for line in live.figure().axes[1].get_lines()}
    assert {"antes · entrenamiento", "nuevo · entrenamiento"} <= labels
    assert live.redraws == 3


def test_live_plot_marks_the_diagnosis_at_the_end(tiny_split):
    import pytest

    from helpers.diagnose import Diagnosis

    seed_everything(0)
    live = LivePlot(every_seconds=60, diagnosis=True, marks={"referencia": 1})
    train(
        build_mlp(30, (4,), 2),
        tiny_split.X_train,
        tiny_split.y_train,
        tiny_split.X_val,
        tiny_split.y_val,
        epochs=4,
        callbacks=[live],
    )
    assert isinstance(live.diagnosis, Diagnosis) and live.diagnosis.epochs == 4
    texts = {t.get_text() for t in live.figure().axes[0].texts}
    assert {"referencia", *live.diagnosis.marks()} == texts
    with pytest.raises(CourseInputError, match="«diagnosis»"):
        LivePlot(diagnosis="sí")


def test_live_plot_keeps_the_curves_when_the_diagnosis_fails():
    live = LivePlot(every_seconds=0, diagnosis=True, metrics=("loss",))
    live.on_train_begin()
    for epoch, loss in enumerate([1.0, float("nan"), 0.5]):
        live.on_epoch_end(epoch, {"loss": loss})
    live.on_train_end()
    assert live.diagnosis is None and "NaN" in str(live.diagnosis_error)
    assert live.redraws == 4 and len(live.history["loss"]) == 3


def test_live_plot_can_cap_the_time_spent_drawing(monkeypatch):
    import helpers.live as live_module

    clock = iter(range(1000))  # every reading of the clock advances one second
    monkeypatch.setattr(live_module, "_clock", lambda: float(next(clock)))
    live = LivePlot(every_seconds=0, max_draw_share=0.25, metrics=("loss",))
    live.on_train_begin()
    for epoch in range(6):
        live.on_epoch_end(epoch, {"loss": 1.0 / (epoch + 1)})
    # each drawing "takes" one second; after the first, a drawing waits until the time spent
    # drawing is at most a quarter of the time since training began: epochs 1, 2, 4 and 6
    assert live.redraws == 4 and live.draw_seconds == 4.0
    with pytest.raises(CourseInputError, match="«max_draw_share»"):
        LivePlot(max_draw_share=0)


def test_live_plot_shows_its_first_drawing_then_updates_it(tiny_split, monkeypatch):
    """An update of a display that was never shown shows nothing: the first draw must display."""
    from IPython.display import DisplayHandle

    calls = []
    monkeypatch.setattr(DisplayHandle, "display", lambda self, obj, **kw: calls.append("display"))
    monkeypatch.setattr(DisplayHandle, "update", lambda self, obj, **kw: calls.append("update"))
    live = LivePlot(every_seconds=0)
    train(
        build_mlp(30, (4,), 2), tiny_split.X_train, tiny_split.y_train, epochs=3, callbacks=[live]
    )
    assert calls == ["display", "update", "update", "update"]


def test_stop_when_diverged_ends_a_run_that_blows_up(tiny_split):
    import keras

    from helpers._keras_speedups import watches_batches
    from helpers.optimizers import make_sgd

    seed_everything(0)
    stop = StopWhenDiverged(baseline=0.69)
    model = build_mlp(30, (8,), 2, optimizer=make_sgd(1.0, 0.99))  # far too fast
    history = train(
        model, tiny_split.X_train, tiny_split.y_train, epochs=30, batch_size=8, callbacks=[stop]
    )
    assert stop.divergence is not None
    assert len(history.history["loss"]) == stop.divergence.epoch < 30  # stopped right there
    assert not watches_batches(stop)  # whole-epoch steps stay possible
    calm = StopWhenDiverged()
    train(
        build_mlp(30, (4,), 2), tiny_split.X_train, tiny_split.y_train, epochs=3, callbacks=[calm]
    )
    assert calm.divergence is None
    with pytest.raises(CourseInputError, match="«baseline»"):
        StopWhenDiverged(baseline=0)
    assert isinstance(stop, keras.callbacks.Callback)
