"""``helpers.training.train``'s speed-ups keep the math: same numbers as plain ``model.fit``.

Timing itself is never asserted (see ``benchmarks/``); these tests check what the speed-ups do.
"""

import keras
import numpy as np
import pytest

from helpers import seed_everything, training
from helpers.data import make_tf_dataset
from helpers.models import build_mlp
from helpers.training import train


def _fit_plain(split, seed, epochs=4):
    """Keras' own ``fit`` on the same pipelines as ``train``, one batch per call."""
    seed_everything(seed)
    model = build_mlp(30, (8,), 2, dropout_hidden=0.3)
    history = model.fit(
        make_tf_dataset(split.X_train, split.y_train, batch_size=32, seed=seed),
        validation_data=make_tf_dataset(split.X_val, split.y_val, batch_size=1024, shuffle=False),
        epochs=epochs,
        verbose=0,
        shuffle=False,
    )
    return history.history


def _count_traces(model):
    """Wrap ``model.train_step`` to count how many times TensorFlow traces it."""
    calls = []
    original = model.train_step

    def counted(data):
        calls.append(1)
        return original(data)

    model.train_step = counted
    return calls


def test_train_gives_the_numbers_of_plain_fit_on_the_same_pipeline(tiny_split):
    seed_everything(3)
    model = build_mlp(30, (8,), 2, dropout_hidden=0.3)
    ours = train(
        model,
        tiny_split.X_train,
        tiny_split.y_train,
        tiny_split.X_val,
        tiny_split.y_val,
        epochs=4,
        seed=3,
    ).history
    plain = _fit_plain(tiny_split, seed=3)
    assert ours.keys() == plain.keys()
    for key in plain:
        np.testing.assert_array_equal(ours[key], plain[key])  # dropout draws included


def test_train_traces_the_training_step_once(tiny_split):
    seed_everything(0)
    model = build_mlp(30, (8,), 2)
    traces = _count_traces(model)
    train(model, tiny_split.X_train, tiny_split.y_train, epochs=2)
    assert len(traces) == 1


def test_a_second_train_on_the_same_model_continues_from_its_state(tiny_split):
    seed_everything(0)
    model = build_mlp(30, (8,), 2)
    first = train(model, tiny_split.X_train, tiny_split.y_train, epochs=2).history["loss"]
    second = train(model, tiny_split.X_train, tiny_split.y_train, epochs=2).history["loss"]
    assert second[0] < first[0]  # the weights and the optimizer state carried over


def _batches(split, batch_size=32):
    return -(-len(split.y_train) // batch_size)


@pytest.fixture
def whole_epochs_from_2(monkeypatch):
    monkeypatch.setattr(training, "WHOLE_EPOCH_MIN_EPOCHS", 2)


class BatchCounter(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.batches = 0

    def on_train_batch_end(self, batch, logs=None):
        self.batches += 1


def test_whole_epochs_per_call_give_the_same_numbers(tiny_split, whole_epochs_from_2):
    seed_everything(3)
    model = build_mlp(30, (8,), 2, dropout_hidden=0.3)
    split = tiny_split
    ours = train(model, split.X_train, split.y_train, split.X_val, split.y_val, epochs=4, seed=3)
    assert model.steps_per_execution == _batches(split) > 1
    plain = _fit_plain(split, seed=3)
    for key in plain:
        np.testing.assert_allclose(ours.history[key], plain[key], rtol=1e-6)


def test_short_runs_keep_one_batch_per_call(tiny_split):
    model = build_mlp(30, (4,), 2)
    train(model, tiny_split.X_train, tiny_split.y_train, epochs=training.WHOLE_EPOCH_MIN_EPOCHS - 1)
    assert model.steps_per_execution == 1


@pytest.mark.parametrize(
    "make_callback",
    [BatchCounter, lambda: keras.callbacks.LambdaCallback(on_batch_end=lambda batch, logs: None)],
)
def test_a_callback_watching_batches_sees_every_batch(
    tiny_split, whole_epochs_from_2, make_callback
):
    model = build_mlp(30, (4,), 2)
    callback = make_callback()
    counter = BatchCounter()
    train(model, tiny_split.X_train, tiny_split.y_train, epochs=3, callbacks=[callback, counter])
    assert model.steps_per_execution == 1
    assert counter.batches == 3 * _batches(tiny_split)


def test_epoch_callbacks_keep_whole_epochs(tiny_split, whole_epochs_from_2):
    model = build_mlp(30, (4,), 2)
    stopper = keras.callbacks.EarlyStopping(monitor="loss", patience=50)
    train(model, tiny_split.X_train, tiny_split.y_train, epochs=3, callbacks=[stopper])
    assert model.steps_per_execution > 1


def test_a_model_goes_back_to_single_batches_when_a_callback_needs_them(
    tiny_split, whole_epochs_from_2
):
    model = build_mlp(30, (4,), 2)
    train(model, tiny_split.X_train, tiny_split.y_train, epochs=2)
    assert model.steps_per_execution > 1
    counter = BatchCounter()
    train(model, tiny_split.X_train, tiny_split.y_train, epochs=2, callbacks=[counter])
    assert model.steps_per_execution == 1 and counter.batches == 2 * _batches(tiny_split)


def test_a_users_own_steps_per_execution_is_left_alone(tiny_split, whole_epochs_from_2):
    model = build_mlp(30, (4,), 2)
    model.steps_per_execution = 3
    train(model, tiny_split.X_train, tiny_split.y_train, epochs=2)
    assert model.steps_per_execution == 3


def test_the_learning_rate_recorder_sees_every_batch(tiny_split, whole_epochs_from_2):
    from helpers.lr_recorder import LearningRateRecorder

    model = build_mlp(30, (4,), 2)
    recorder = LearningRateRecorder()
    train(model, tiny_split.X_train, tiny_split.y_train, epochs=3, callbacks=[recorder])
    assert len(recorder.batch_rates) == 3 * _batches(tiny_split)


class StepsPerCall(keras.callbacks.Callback):
    """Records ``model.steps_per_execution`` at the start of every fit (epoch hooks only)."""

    def __init__(self, seen):
        super().__init__()
        self.seen = seen

    def on_train_begin(self, logs=None):
        self.seen.append(self.model.steps_per_execution)


def test_cross_validation_counts_the_epochs_of_all_folds(monkeypatch):
    from helpers.data import load_iris

    data = load_iris()
    configs = {"a": lambda n, k: build_mlp(n, (8,), k, dropout_hidden=0.2)}

    def run():
        seen = []
        scores = training.cross_validate(
            configs, data.X, data.y, n_splits=3, epochs=10, progress=False,
            callbacks=lambda name: [StepsPerCall(seen)],
        )  # fmt: skip
        return scores, seen

    fast, seen = run()  # 3 folds × 10 epochs = 30 ≥ 25: whole epochs from the first fold
    assert all(steps > 1 for steps in seen) and len(seen) == 3
    assert training._EPOCHS_AHEAD.get() is None  # a later train() decides on its own epochs
    monkeypatch.setattr(training, "WHOLE_EPOCH_MIN_EPOCHS", 10**6)
    slow, seen = run()
    assert seen == [1, 1, 1]
    np.testing.assert_allclose(fast["val_loss"], slow["val_loss"], rtol=1e-5)
    np.testing.assert_allclose(fast["val_accuracy"], slow["val_accuracy"])
