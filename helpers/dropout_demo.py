"""What dropout does, shown (lessons 2-3): a thinned network, the training set re-evaluated
without dropout while training, and the per-unit weight norms that max-norm limits."""

import numpy as np

from helpers.errors import CourseInputError, check_int, check_real
from helpers.formatting import es_general


def dropped_units(layer_sizes, rate, seed=0):
    """For one training step, one boolean array per layer, ``True`` where a unit is dropped: each
    input and hidden unit with probability ``rate``, never an output unit."""
    sizes = _check_sizes(layer_sizes)
    rate = check_real("rate", rate, low=0, high=1, high_open=True)
    rng = np.random.default_rng(check_int("seed", seed, minimum=0))
    masks = [rng.random(n) < rate for n in sizes[:-1]]
    return masks + [np.zeros(sizes[-1], dtype=bool)]


def _check_sizes(layer_sizes):
    if not isinstance(layer_sizes, list | tuple) or len(layer_sizes) < 2:
        why = "debe ser una lista de al menos dos tamaños de capa, p. ej. (5, 6, 6, 2)"
        raise CourseInputError("layer_sizes", layer_sizes, why)
    return [check_int("layer_sizes", n, minimum=1) for n in layer_sizes]


def draw_dropout_network(layer_sizes=(5, 7, 7, 2), rate=0.4, seed=3, figsize=(10, 4)):
    """Two panels, the full network and the thinned one of a training step (dropped units
    crossed out, their connections gone); returns the ``Figure``."""
    import matplotlib.pyplot as plt

    sizes = _check_sizes(layer_sizes)
    masks = dropped_units(sizes, rate, seed)
    fig, axes = plt.subplots(1, 2, figsize=figsize)
    percent = es_general(100 * rate, 4)  # Spanish: "40 %", "12,5 %"
    titles = ("Red completa (evaluación)", f"Una pasada de entrenamiento con dropout {percent} %")
    names = ["entrada"] + [f"oculta {i}" for i in range(1, len(sizes) - 1)] + ["salida"]
    for ax, title, drop in zip(axes, titles, (None, masks), strict=True):
        _draw_network(ax, sizes, drop)
        ax.set_title(title)
        for x, name in enumerate(names):
            ax.text(x, -0.8, name, ha="center", fontsize="small", color="0.3")
    fig.tight_layout()
    return fig


def _draw_network(ax, sizes, drop):
    tallest = max(sizes)
    pos = [[(x, (tallest - n) / 2 + i) for i in range(n)] for x, n in enumerate(sizes)]
    for layer in range(len(sizes) - 1):
        for i, (x0, y0) in enumerate(pos[layer]):
            for j, (x1, y1) in enumerate(pos[layer + 1]):
                off = drop is not None and (drop[layer][i] or drop[layer + 1][j])
                if not off:
                    ax.plot([x0, x1], [y0, y1], color="tab:blue", alpha=0.35, linewidth=0.8)
    for layer, units in enumerate(pos):
        for i, (x, y) in enumerate(units):
            off = drop is not None and drop[layer][i]
            color = "0.85" if off else ("tab:orange" if layer == len(pos) - 1 else "tab:blue")
            ax.scatter(x, y, s=260, zorder=3, color=color, edgecolor="0.4")
            if off:
                ax.scatter(x, y, s=380, marker="x", color="tab:red", linewidths=2, zorder=4)
    ax.set_xlim(-0.5, len(sizes) - 0.5)
    ax.set_ylim(-1.2, tallest)
    ax.axis("off")


def make_no_dropout_metrics(X, y):
    """A Keras callback that re-evaluates ``X, y`` without dropout after every epoch and adds
    ``no_dropout_accuracy`` and ``no_dropout_loss`` to the epoch's logs (Keras' own ``accuracy``
    and ``loss`` are measured WITH dropout, averaged while the weights change)."""
    import keras

    from helpers.data import check_features_and_labels

    X, y = check_features_and_labels(X, y)

    class NoDropoutMetrics(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            probs = np.asarray(self.model(X, training=False))
            if probs.shape[-1] == 1:  # one sigmoid unit: the probability of class 1
                probs = np.column_stack([1 - probs[:, 0], probs[:, 0]])
            right = np.clip(probs[np.arange(len(y)), y], 1e-7, 1)  # the true class's probability
            logs["no_dropout_accuracy"] = float(np.mean(probs.argmax(axis=1) == y))
            logs["no_dropout_loss"] = float(-np.mean(np.log(right)))

    return NoDropoutMetrics()


def unit_weight_norms(model):
    """A DataFrame with one row per unit of every ``Dense`` layer: ``capa``, ``unidad`` and
    ``norma``, the Euclidean norm of its incoming weights (what ``MaxNorm`` caps)."""
    import pandas as pd

    rows = [
        {"capa": layer.name, "unidad": i, "norma": float(norm)}
        for layer in getattr(model, "layers", [])
        if type(layer).__name__ == "Dense" and getattr(layer, "kernel", None) is not None
        for i, norm in enumerate(np.linalg.norm(np.asarray(layer.kernel), axis=0))
    ]
    if not rows:
        why = "debe ser un modelo de Keras con capas Dense"
        raise CourseInputError("model", model, why)
    return pd.DataFrame(rows)


def plot_weight_norms(models, max_norm=None, figsize=(7, 3.6)):
    """Per-unit incoming-weight norms of ``{name: model}``, one strip each, with a dashed line at
    ``max_norm``; returns the ``Figure``."""
    import matplotlib.pyplot as plt
    import pandas as pd
    import seaborn as sns

    if not isinstance(models, dict) or not models:
        raise CourseInputError("models", models, "debe ser un dict no vacío {nombre: modelo}")
    table = pd.concat(
        [unit_weight_norms(m).assign(modelo=name) for name, m in models.items()],
        ignore_index=True,
    )
    fig, ax = plt.subplots(figsize=figsize)
    sns.stripplot(data=table, x="modelo", y="norma", hue="capa", dodge=True, alpha=0.7, ax=ax)
    if max_norm is not None:
        ax.axhline(max_norm, color="tab:red", linestyle="--", label=f"max-norm = {max_norm:g}")
    ax.set_xlabel("")
    ax.set_ylabel("Norma de los pesos de entrada de cada unidad")
    ax.set_title("¿Actúa la restricción max-norm?")
    ax.legend(fontsize="small")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig
