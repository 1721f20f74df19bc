"""``helpers.training.train``'s speed-ups keep the math: same numbers as plain ``model.fit``.

Timing itself is never asserted (see ``benchmarks/``); these tests check what the speed-ups do.
"""

import numpy as np

from helpers import seed_everything
from helpers.data import make_tf_dataset
from helpers.models import build_mlp
from helpers.training import train


def _fit_plain(split, seed, epochs=4):
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
