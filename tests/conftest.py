"""Shared test set-up: a non-interactive matplotlib backend and figures closed after each test."""

import matplotlib
import pytest

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.fixture
def tiny_split():
    """A small, easy, standardised binary problem for fast training tests."""
    from helpers.data import load_breast_cancer, split_and_standardize

    data = load_breast_cancer()
    return split_and_standardize(data.X, data.y, val_fraction=0.25, seed=0)
