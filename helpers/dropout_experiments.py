"""Machinery of the dropout lab and lessons: the lab's ``Net``, its training runs and data, and
Holm-adjusted comparisons of pairs with different baselines.

The lessons write their own networks in the notebooks; nothing here defines their experiments.
"""

from dataclasses import dataclass

from helpers.errors import CourseInputError, check_int

SEED = 0


@dataclass(frozen=True)
class Net:
    """A network of the lessons: sizes, dropout, max-norm and the SGD settings that train it."""

    hidden: tuple = (60, 30)
    dropout_input: float = 0.0
    dropout_hidden: float | tuple = 0.0
    max_norm: float | None = None
    learning_rate: float = 0.01
    momentum: float = 0.8

    def build(self, n_inputs, n_classes, name="mlp"):
        """The compiled Keras model (``helpers.models.build_mlp`` with ``make_sgd``)."""
        from helpers.models import build_mlp
        from helpers.optimizers import make_sgd

        return build_mlp(
            n_inputs,
            self.hidden,
            n_classes,
            dropout_input=self.dropout_input,
            dropout_hidden=self.dropout_hidden,
            max_norm=self.max_norm,
            optimizer=make_sgd(self.learning_rate, self.momentum),
            name=name,
        )

    def describe(self):
        """A short Spanish description, e.g. "ocultas (60, 30) · dropout entrada 0,2 · …"."""
        parts = [f"ocultas {tuple(self.hidden)}"]
        if self.dropout_input:
            parts.append(f"dropout entrada {self.dropout_input:g}")
        if self.dropout_hidden:
            parts.append(f"dropout ocultas {self.dropout_hidden}")
        if self.max_norm is not None:
            parts.append(f"max-norm {self.max_norm:g}")
        parts.append(f"SGD tasa {self.learning_rate:g}, momento {self.momentum:g}")
        return " · ".join(parts).replace(".", ",")


def overfitting_data():
    """The lab's over-fitting problem: 300 rows, 40 columns of which 8 informative, ``flip_y=0.1``
    (10 % of labels redrawn at random, so about 5 % change; ``make_noisy_classification``)."""
    from helpers.data import make_noisy_classification

    return make_noisy_classification(
        n_samples=300, n_features=40, n_informative=8, flip=0.1, seed=SEED
    )


def fit_runs(nets, split, *, epochs, batch_size=32, seed=SEED, callbacks=None, validation=True):
    """Train each ``{name: Net}`` on one ``Split`` from the same seed; ``{name: (model, History)}``.

    ``callbacks`` is ``None`` or a function ``name -> list of callbacks``.
    """
    from helpers.seeds import seed_everything
    from helpers.training import train

    if not isinstance(nets, dict) or not all(isinstance(n, Net) for n in nets.values()):
        raise CourseInputError("nets", nets, "debe ser un dict {nombre: Net}")
    epochs = check_int("epochs", epochs, minimum=1)
    n_classes = int(split.y_train.max()) + 1
    runs = {}
    for name, net in nets.items():
        seed_everything(seed)
        model = net.build(split.X_train.shape[1], n_classes)
        val = (split.X_val, split.y_val) if validation else ()
        history = train(
            model,
            split.X_train,
            split.y_train,
            *val,
            epochs=epochs,
            batch_size=batch_size,
            seed=seed,
            callbacks=callbacks(name) if callbacks else None,
        )
        runs[name] = (model, history)
    return runs
