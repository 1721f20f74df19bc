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


@pytest.fixture
def spanish_excel_csv(tmp_path):
    """``make(n=40, extra="")`` writes a CSV as a Spanish Excel saves it: ';', decimal commas,
    Windows-1252, CRLF, accents; ``extra`` is appended as more raw lines. Returns its path."""
    import numpy as np

    def make(n=40, extra=""):
        rng = np.random.default_rng(0)
        rows = ["altura;peso;edad;bebida"]
        for i in range(n):
            label = "té" if i % 2 else "café"
            x = rng.normal(size=3) + (1 if label == "té" else -1)
            rows.append(";".join(f"{v:.2f}".replace(".", ",") for v in x) + f";{label}")
        path = tmp_path / "bebidas.csv"
        path.write_bytes(("\r\n".join(rows) + "\r\n" + extra).encode("cp1252"))
        return path

    return make
