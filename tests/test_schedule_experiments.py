from helpers.errors import CourseInputError
from helpers.schedule_experiments import (
    SCHEDULES,
    FirstFoldHistories,
    cross_validation_inputs,
    fold_rows,
    schedule_setup,
)

import keras
import pytest


def test_fold_rows_is_the_smallest_training_part():
    assert fold_rows(569, 3) == 379 and fold_rows(10, 5) == 8


@pytest.mark.parametrize("name", SCHEDULES)
def test_every_setup_builds_an_sgd_network_with_its_callbacks(name):
    build, make_callbacks = schedule_setup(name, epochs=10, n_rows=100, batch_size=10)
    model = build(4, 2)
    assert isinstance(model.optimizer, keras.optimizers.SGD)
    callbacks = make_callbacks()
    uses_schedule_object = name in ("tiempo", "exponencial", "coseno")
    assert (
        isinstance(model.optimizer._learning_rate, keras.optimizers.schedules.LearningRateSchedule)
        == uses_schedule_object
    )
    assert (len(callbacks) == 1) == (
        name in ("tiempo por época", "escalones", "escalones cada 5", "meseta")
    )
    keras.backend.clear_session()


def test_setup_changes_rate_and_momentum():
    build, _ = schedule_setup("constante", epochs=5, n_rows=50, batch_size=10, lr0=0.01, momentum=0)
    optimizer = build(3, 2).optimizer
    assert float(optimizer.learning_rate) == pytest.approx(0.01) and optimizer.momentum == 0


def test_cross_validation_inputs_add_extra_callbacks_and_keep_first_histories():
    setups = {"a": schedule_setup("escalones", epochs=5, n_rows=50, batch_size=10)}
    keep = FirstFoldHistories()
    configs, callbacks = cross_validation_inputs(setups, extra_callbacks=keep)
    first, second = callbacks("a"), callbacks("a")
    assert list(configs) == ["a"] and len(first) == 3
    assert keep.histories["a"] is first[-1] and keep.histories["a"] is not second[-1]


def test_unknown_schedule_is_refused_in_spanish():
    with pytest.raises(CourseInputError) as info:
        schedule_setup("lineal", epochs=5, n_rows=50, batch_size=10)
    assert info.value.param == "name"


@pytest.mark.parametrize(
    "kwargs, param",
    [({"setups": {}}, "setups"), ({"setups": {"a": 1}, "extra_callbacks": 3}, "extra_callbacks")],
)
def test_bad_cross_validation_inputs(kwargs, param):
    with pytest.raises(CourseInputError) as info:
        cross_validation_inputs(**kwargs)
    assert info.value.param == param
