import keras
import numpy as np
import pytest

from helpers.lr_recorder import LearningRateRecorder
from helpers.optimizers import make_sgd
from helpers.schedules import (
    old_keras_decay_rates,
    step_decay,
    time_based_decay,
)
from helpers.training import train

N_ROWS, BATCH = 40, 10  # 4 updates per epoch


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(N_ROWS, 3)).astype("float32")
    return X, (X[:, 0] > 0).astype("int64")


def inverse_time_decay(steps_per_decay, staircase=False):
    """0.1 / (1 + 0.05 · updates // steps_per_decay): Keras 2's per-batch decay with 1."""
    return keras.optimizers.schedules.InverseTimeDecay(
        0.1, decay_steps=steps_per_decay, decay_rate=0.05, staircase=staircase
    )


def fit(data, learning_rate, epochs, callbacks=()):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=make_sgd(learning_rate, 0.8), loss="binary_crossentropy")
    recorder = LearningRateRecorder()
    history = train(model, *data, epochs=epochs, batch_size=BATCH, callbacks=[*callbacks, recorder])
    return recorder, history, model


def test_constant_rate(data):
    recorder, history, model = fit(data, 0.05, 3)
    assert recorder.batch_rates == pytest.approx([0.05] * 12)
    assert history.history["learning_rate"] == pytest.approx([0.05] * 3)
    assert recorder.steps_per_epoch == 4
    assert float(model.optimizer.learning_rate) == pytest.approx(0.05)


def test_per_batch_schedule_object_value_by_value(data):
    recorder, history, _ = fit(data, inverse_time_decay(1), 5)
    expected = old_keras_decay_rates(0.1, 0.05, 4, 5)
    assert recorder.batch_rates == pytest.approx(expected, rel=1e-6)
    # The epoch's rate is the one its last update used.
    assert history.history["learning_rate"] == pytest.approx(expected[3::4], rel=1e-6)


def test_per_epoch_schedule_object_value_by_value(data):
    recorder, _, _ = fit(data, inverse_time_decay(4, staircase=True), 5)
    expected = np.repeat([time_based_decay(e, 0.1, 0.05) for e in range(5)], 4)
    assert recorder.batch_rates == pytest.approx(expected, rel=1e-6)


def test_learning_rate_scheduler_value_by_value(data):
    scheduler = keras.callbacks.LearningRateScheduler(lambda e: step_decay(e, 0.1, 0.5, 2))
    recorder, history, _ = fit(data, 0.7, 6, callbacks=[scheduler])
    expected = [step_decay(e, 0.1, 0.5, 2) for e in range(6)]
    assert recorder.epoch_rates == pytest.approx(expected)
    assert recorder.batch_rates == pytest.approx(np.repeat(expected, 4))
    assert history.history["learning_rate"] == pytest.approx(expected)


def test_reduce_on_plateau_is_recorded_when_it_acts(data):
    # With min_delta=10 no epoch improves: the rate halves after every epoch but the first.
    plateau = keras.callbacks.ReduceLROnPlateau(
        monitor="loss", factor=0.5, patience=0, min_delta=10
    )
    recorder, history, _ = fit(data, 0.1, 4, callbacks=[plateau])
    assert recorder.epoch_rates == pytest.approx([0.1, 0.1, 0.05, 0.025])
    assert recorder.batch_rates == pytest.approx(np.repeat([0.1, 0.1, 0.05, 0.025], 4))
    assert history.history["learning_rate"] == pytest.approx(recorder.epoch_rates)


def test_recorder_resets_between_trainings(data):
    recorder = LearningRateRecorder()
    for _ in range(2):
        keras.utils.set_random_seed(0)
        model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1)])
        model.compile(optimizer=make_sgd(0.01), loss="mse")
        train(model, *data, epochs=2, batch_size=BATCH, callbacks=[recorder])
    assert len(recorder.batch_rates) == 8 and len(recorder.epoch_rates) == 2


def test_a_scheduler_cannot_set_the_rate_of_a_schedule_object(data):
    # GUIDE §5 and lesson 5's summary: the two mechanisms do not combine.
    with pytest.raises(TypeError, match="not settable"):
        fit(
            data,
            inverse_time_decay(1),
            1,
            callbacks=[keras.callbacks.LearningRateScheduler(lambda e: step_decay(e, 0.1, 0.5, 2))],
        )
