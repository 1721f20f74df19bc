"""Optimizers of the course, built with today's Keras argument names; the old names are refused."""

from numbers import Real

from helpers.errors import CourseInputError, check_real

_OLD_ARGUMENTS = {
    "lr": "Keras 3 ya no acepta «lr»: usa learning_rate=…, por ejemplo make_sgd(learning_rate=0.1)",
    "decay": (
        "Keras 3 acepta «decay» con solo un aviso y lo IGNORA (la tasa quedaría constante): "
        "usa learning_rate=keras.optimizers.schedules.InverseTimeDecay(lr0, decay_steps=1, "
        "decay_rate=decay) o helpers.schedules.time_based_decay con LearningRateScheduler"
    ),
}


def make_sgd(learning_rate=0.01, momentum=0.0, nesterov=False, **old_arguments):
    """A ``keras.optimizers.SGD``; ``learning_rate`` is a number or a Keras schedule object.

    ``lr=`` and ``decay=`` (Keras 2) are refused with a message naming the replacement, instead of
    being ignored as Keras 3 itself does with ``decay``.
    """
    for name, value in old_arguments.items():
        valid = _OLD_ARGUMENTS.get(name, "make_sgd solo acepta learning_rate, momentum y nesterov")
        raise CourseInputError(name, value, valid)
    import keras

    if not isinstance(learning_rate, keras.optimizers.schedules.LearningRateSchedule):
        if isinstance(learning_rate, bool) or not isinstance(learning_rate, Real):
            valid = "debe ser un número mayor que 0 o un objeto de keras.optimizers.schedules"
            raise CourseInputError("learning_rate", learning_rate, valid)
        learning_rate = check_real("learning_rate", learning_rate, low=0, low_open=True)
    momentum = check_real("momentum", momentum, low=0, high=1, high_open=True)
    if not isinstance(nesterov, bool):
        raise CourseInputError("nesterov", nesterov, "debe ser True o False")
    return keras.optimizers.SGD(learning_rate=learning_rate, momentum=momentum, nesterov=nesterov)
