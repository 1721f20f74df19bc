"""``helpers._keras_speedups`` keeps the math: each speed-up, and each fallback a Keras upgrade
would trigger, gives the numbers of plain ``model.fit``. Timing is never asserted (``benchmarks/``).
"""

import keras
import numpy as np
import pandas as pd
import pytest

from helpers import _keras_speedups as speedups
from helpers import seed_everything
from helpers.data import load_iris, make_tf_dataset
from helpers.lr_recorder import LearningRateRecorder
from helpers.models import build_mlp
from helpers.training import cross_validate, evaluate, train


def _model(seed=3):
    seed_everything(seed)
    return build_mlp(30, (8,), 2, dropout_hidden=0.3)


def _fit_plain(split, seed=3, epochs=4, prepare=None):
    """Keras' own ``fit`` on the pipelines ``train`` builds; ``prepare(model)`` runs first."""
    model = _model(seed)
    if prepare:
        prepare(model)
    history = model.fit(
        make_tf_dataset(split.X_train, split.y_train, batch_size=32, seed=seed),
        validation_data=make_tf_dataset(split.X_val, split.y_val, batch_size=1024, shuffle=False),
        epochs=epochs,
        verbose=0,
        shuffle=False,
    )
    return model, history.history


def _count_traces(model):
    """Wrap ``model.train_step`` to count how many times TensorFlow traces it."""
    calls, original = [], model.train_step
    model.train_step = lambda data: calls.append(1) or original(data)
    return calls


def _batches(split, batch_size=32):
    return -(-len(split.y_train) // batch_size)


class BatchCounter(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.batches = 0

    def on_train_batch_end(self, batch, logs=None):
        self.batches += 1


def test_train_gives_the_numbers_of_plain_fit_and_traces_once(tiny_split):
    model = _model()
    traces = _count_traces(model)
    ours = train(
        model, tiny_split.X_train, tiny_split.y_train, tiny_split.X_val, tiny_split.y_val,
        epochs=4, seed=3,
    ).history  # fmt: skip
    assert len(traces) == 1
    _, plain = _fit_plain(tiny_split)
    assert ours.keys() == plain.keys()
    for key in plain:
        np.testing.assert_array_equal(ours[key], plain[key])  # dropout draws included


def test_trace_once_falls_back_to_plain_keras(tiny_split, monkeypatch):
    def gone(*args, **kwargs):
        raise AttributeError("compute_metrics")  # as if a Keras upgrade removed it

    monkeypatch.setattr(keras.Model, "compute_metrics", gone, raising=False)
    model = _model()
    assert not speedups.trace_once(model)
    monkeypatch.undo()
    traces = _count_traces(model)
    ours = train(model, tiny_split.X_train, tiny_split.y_train, epochs=4, seed=3).history
    assert len(traces) == 2  # Keras' own path: variables created while tracing
    model, plain = _fit_plain(tiny_split)
    np.testing.assert_array_equal(ours["loss"], plain["loss"])


def test_a_second_train_on_the_same_model_continues_from_its_state(tiny_split):
    model = _model()
    first = train(model, tiny_split.X_train, tiny_split.y_train, epochs=2).history["loss"]
    assert not speedups.trace_once(model)  # already built: nothing to do
    second = train(model, tiny_split.X_train, tiny_split.y_train, epochs=2).history["loss"]
    assert second[0] < first[0]  # the weights and the optimizer state carried over
    assert model.steps_per_execution == 1  # train itself never changes it


def _whole_epochs(model, split, epochs=4, callbacks=None):
    return speedups.run_whole_epochs(model, _batches(split), epochs=epochs, callbacks=callbacks)


def test_whole_epochs_per_call_give_the_same_numbers(tiny_split, monkeypatch):
    monkeypatch.setattr(speedups, "WHOLE_EPOCH_MIN_EPOCHS", 2)
    model, ours = _fit_plain(tiny_split, prepare=lambda m: _whole_epochs(m, tiny_split))
    assert model.steps_per_execution == _batches(tiny_split) > 1
    _, plain = _fit_plain(tiny_split)
    for key in plain:
        np.testing.assert_allclose(ours[key], plain[key], rtol=1e-6)


@pytest.mark.parametrize("renamed", ["TRACED_STEP", "STEPS_PER_CALL"])
def test_whole_epochs_fall_back_to_one_batch_per_call(tiny_split, monkeypatch, renamed):
    monkeypatch.setattr(speedups, "WHOLE_EPOCH_MIN_EPOCHS", 2)
    monkeypatch.setattr(speedups, renamed, "renamed_by_a_keras_upgrade")
    model = _model()
    assert not _whole_epochs(model, tiny_split)
    assert model.steps_per_execution == 1


def test_whole_epochs_only_when_they_pay_and_nobody_watches_batches(tiny_split):
    few = speedups.WHOLE_EPOCH_MIN_EPOCHS - 1
    assert not _whole_epochs(build_mlp(30, (4,), 2), tiny_split, epochs=few)
    for callback in (
        BatchCounter(),
        LearningRateRecorder(),
        keras.callbacks.LambdaCallback(on_batch_end=lambda batch, logs: None),
    ):
        assert not _whole_epochs(build_mlp(30, (4,), 2), tiny_split, 30, [callback])
    stopper = keras.callbacks.EarlyStopping(monitor="loss", patience=50)
    assert _whole_epochs(build_mlp(30, (4,), 2), tiny_split, 30, [stopper])
    users_own = build_mlp(30, (4,), 2)
    users_own.steps_per_execution = 3
    assert not _whole_epochs(users_own, tiny_split, 30) and users_own.steps_per_execution == 3


IRIS_KWARGS = {"n_splits": 3, "epochs": 10, "batch_size": 16, "progress": False}


def _iris_cv(callbacks=None):
    configs = {"d": lambda n, k: build_mlp(n, (6,), k, dropout_hidden=0.3)}
    data = load_iris()
    return cross_validate(configs, data.X, data.y, callbacks=callbacks, **IRIS_KWARGS)


def test_cross_validation_gives_the_numbers_of_fresh_models_without_speed_ups(monkeypatch):
    """Reused step, whole epochs (3 folds × 10 epochs ≥ 25) vs a fresh model per fold."""
    seen = []
    spy = keras.callbacks.LambdaCallback(
        on_train_begin=lambda logs: seen.append(spy.model.steps_per_execution)
    )
    fast = _iris_cv(lambda name: [spy])
    assert len(seen) == 3 and all(steps > 1 for steps in seen)
    monkeypatch.setattr(speedups, "run_whole_epochs", lambda *args, **kwargs: False)
    reused = _iris_cv()
    monkeypatch.setattr(speedups, "reuse_traced_step", lambda trained, fresh, cbs: fresh)
    slow = _iris_cv()
    cols = ["val_accuracy", "val_loss", "train_accuracy", "train_loss"]
    pd.testing.assert_frame_equal(reused[cols], slow[cols], check_exact=True)
    pd.testing.assert_frame_equal(fast[cols], slow[cols], rtol=1e-5)


def test_cross_validation_with_a_batch_callback_sees_every_batch():
    counters = []
    _iris_cv(lambda name: counters.append(BatchCounter()) or [counters[-1]])
    n_train = len(load_iris().y) * 2 // 3
    assert [c.batches for c in counters] == [10 * -(-n_train // 16)] * 3


def test_reuse_falls_back_to_the_fresh_model_when_it_cannot_reuse():
    a, b = build_mlp(3, (4,), 2), build_mlp(3, (5,), 2)
    a.fit(np.zeros((4, 3)), np.array([0, 1, 0, 1]), epochs=1, verbose=0)
    assert speedups.reuse_traced_step(a, b) is b  # other shapes
    assert speedups.reuse_traced_step(None, b) is b
    c = build_mlp(3, (4,), 2)
    assert speedups.reuse_traced_step(a, c) is a
    a.steps_per_execution = 4  # runs whole epochs: a batch callback needs a new trace
    assert speedups.reuse_traced_step(a, c, [BatchCounter()]) is c


def _two_batches(seed=0):
    """1500 rows: two evaluation batches of 1024."""
    X = np.random.default_rng(seed).normal(size=(1500, 30)).astype("float32")
    return X, (X[:, 0] > 0).astype("int64")


def test_evaluating_one_batch_per_call_gives_the_numbers_of_keras_own_loop():
    X, y = _two_batches()
    model = _model()
    model.steps_per_execution = 2  # as if it ran whole epochs of two batches
    plain = evaluate(model, X, y)  # Keras' own step, a traced loop over two batches
    keras_step = model.test_function
    with speedups.evaluate_one_batch_per_call(model):
        assert model.steps_per_execution == 1
        ours = [evaluate(model, X, y), evaluate(model, X, y)]
    assert model.steps_per_execution == 2 and model.test_function is keras_step
    with speedups.evaluate_one_batch_per_call(model):  # the one-batch step, kept aside
        ours.append(evaluate(model, X, y))
    assert ours == [plain] * 3
    assert evaluate(model, X, y) == plain  # Keras' own step still sees both batches


@pytest.mark.parametrize("renamed", ["TEST_STEP", "STEPS_PER_CALL"])
def test_evaluating_one_batch_per_call_falls_back_to_keras_own_loop(monkeypatch, renamed):
    monkeypatch.setattr(speedups, renamed, "renamed_by_a_keras_upgrade")
    X, y = _two_batches()
    model = _model()
    model.steps_per_execution = 2
    with speedups.evaluate_one_batch_per_call(model):
        assert model.steps_per_execution == 2
        ours = evaluate(model, X, y)
    assert ours == evaluate(_model(), X, y)
