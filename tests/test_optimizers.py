import keras
import pytest

from helpers.errors import CourseInputError
from helpers.optimizers import make_sgd


def test_builds_sgd_with_momentum():
    opt = make_sgd(learning_rate=0.1, momentum=0.9, nesterov=True)
    assert float(opt.learning_rate) == pytest.approx(0.1)
    assert opt.momentum == pytest.approx(0.9) and opt.nesterov


def test_accepts_a_schedule_object():
    schedule = keras.optimizers.schedules.InverseTimeDecay(0.1, decay_steps=1, decay_rate=0.01)
    assert make_sgd(learning_rate=schedule).learning_rate is not None


def test_refuses_decay_with_the_replacement():
    with pytest.raises(CourseInputError, match="IGNORA.*InverseTimeDecay") as info:
        make_sgd(learning_rate=0.1, decay=0.002)
    assert info.value.param == "decay"


def test_refuses_lr():
    with pytest.raises(CourseInputError, match="learning_rate="):
        make_sgd(lr=0.1)


def test_refuses_unknown_arguments():
    with pytest.raises(CourseInputError, match="solo acepta"):
        make_sgd(0.1, momentun=0.9)


@pytest.mark.parametrize(
    "kwargs, param",
    [
        ({"learning_rate": 0}, "learning_rate"),
        ({"learning_rate": "0.1"}, "learning_rate"),
        ({"momentum": 1.0}, "momentum"),
        ({"momentum": -0.5}, "momentum"),
        ({"nesterov": "yes"}, "nesterov"),
    ],
)
def test_bad_values(kwargs, param):
    with pytest.raises(CourseInputError) as info:
        make_sgd(**kwargs)
    assert info.value.param == param
