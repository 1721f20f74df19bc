"""The network the schedule lab trains (lessons 4-6); the lessons' own experiments live in them."""

from helpers.models import build_mlp

HIDDEN = (16,)


def build_network(optimizer, n_inputs=30, n_classes=2):
    """One hidden layer of 16 ReLU units compiled with ``optimizer``: the schedule lab's network."""
    return build_mlp(n_inputs, HIDDEN, n_classes, optimizer=optimizer, name="red")
