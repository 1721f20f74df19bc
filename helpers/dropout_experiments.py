"""The dropout lessons' experiments, defined once: networks, data, cross-validation plans and runs.

Notebooks 02 and 03 and their claims tests (tests/claims/test_lesson02.py, test_lesson03.py)
use these same definitions, so what the prose says is checked on exactly what the student ran.
"""

from helpers.errors import CourseInputError, check_int

from dataclasses import dataclass, replace

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


# The course's recipe: a baseline, and the same network with dropout, max-norm 3 on the hidden
# layers and SGD with the learning rate ×10 and momentum 0.9 (lesson 2: visible; lesson 3: hidden).
BASELINE = Net()
VISIBLE = Net(dropout_input=0.2, max_norm=3, learning_rate=0.1, momentum=0.9)
HIDDEN = Net(dropout_hidden=0.2, max_norm=3, learning_rate=0.1, momentum=0.9)

LESSON2_CONFIGS = {"base": BASELINE, "dropout visible": VISIBLE}
LESSON3_CONFIGS = {
    "base": BASELINE,
    "ocultas 0": replace(HIDDEN, dropout_hidden=0.0),  # the rate sweep (D9) starts at no dropout
    "ocultas 0,2": HIDDEN,  # D8: the recipe of lesson 2, with dropout on the hidden layers
    "ocultas 0,5": replace(HIDDEN, dropout_hidden=0.5),
    "ocultas 0,8": replace(HIDDEN, dropout_hidden=0.8),
    "grande, ocultas 0,2": replace(HIDDEN, hidden=(240, 120)),  # D10
    "todas las capas 0,2": replace(HIDDEN, dropout_input=0.2),  # D11
}


def overfitting_data():
    """The lessons' over-fitting problem: 300 rows, 40 columns of which 8 informative, 10 % of
    labels flipped (``helpers.data.make_noisy_classification``)."""
    from helpers.data import make_noisy_classification

    return make_noisy_classification(
        n_samples=300, n_features=40, n_informative=8, flip=0.1, seed=SEED
    )


@dataclass(frozen=True)
class CVPlan:
    """How a comparison is cross-validated: folds, epochs, batch size and seed."""

    n_splits: int = 5
    epochs: int = 20
    batch_size: int = 32
    seed: int = SEED


def cv_plan(full_scale=False, epochs=20):
    """The notebook's plan (5 folds × ``epochs``, a few seconds per configuration) or the
    full-scale one (10 folds × 300 epochs, as in the course; many minutes on a CPU)."""
    if not isinstance(full_scale, bool):
        raise CourseInputError("full_scale", full_scale, "debe ser True o False")
    epochs = check_int("epochs", epochs, minimum=1)
    return CVPlan(10, 300) if full_scale else CVPlan(epochs=epochs)


LESSON2_EPOCHS = 20
LESSON3_EPOCHS = 15


def run_cv(configs, data, plan, progress=True):
    """Cross-validate ``{name: Net}`` on ``data`` with ``plan``; the DataFrame of
    ``helpers.training.cross_validate`` (one row per configuration and fold)."""
    from helpers.training import cross_validate

    if not isinstance(configs, dict) or not all(isinstance(n, Net) for n in configs.values()):
        raise CourseInputError("configs", configs, "debe ser un dict {nombre: Net}")
    if not isinstance(plan, CVPlan):
        raise CourseInputError("plan", plan, "usa cv_plan() o CVPlan(...)")
    return cross_validate(
        {name: net.build for name, net in configs.items()},
        data.X,
        data.y,
        n_splits=plan.n_splits,
        epochs=plan.epochs,
        batch_size=plan.batch_size,
        seed=plan.seed,
        progress=progress,
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


def lesson_split(data, val_fraction=0.3):
    """One stratified, standardised split of ``data`` with the lessons' seed."""
    from helpers.data import split_and_standardize

    return split_and_standardize(data.X, data.y, val_fraction=val_fraction, seed=SEED)


# Lesson 2, "why the training curve looks worse": heavy dropout on an easy problem
# (breast cancer), where over-fitting does not hide the effect of dropout on the training curve.
CURVE_DEMO_NET = Net(
    dropout_input=0.2, dropout_hidden=0.5, max_norm=3, learning_rate=0.1, momentum=0.9
)
CURVE_DEMO_EPOCHS = 15

# Lesson 2, "does max-norm bind?": the visible-dropout recipe with and without the constraint.
NORM_DEMO_NETS = {"sin max-norm": replace(VISIBLE, max_norm=None), "max-norm 3": VISIBLE}
NORM_DEMO_EPOCHS = 20

# Lesson 3, training against validation curves: the over-fitting problem, no dropout against
# dropout 0.5 on the hidden layers (same network, same optimizer).
OVERFIT_CURVE_NETS = {
    "sin dropout": replace(HIDDEN, dropout_hidden=0.0, max_norm=None),
    "dropout ocultas 0,5": replace(HIDDEN, dropout_hidden=0.5),
}
OVERFIT_CURVE_EPOCHS = 40

# Lesson 3, D12–D13: learning rate ×10 (0.1) with momentum 0.99, without and with max-norm 4.
HIGH_LR_NETS = {
    "tasa 0,1 · momento 0,99 · sin max-norm": replace(
        HIDDEN, learning_rate=0.1, momentum=0.99, max_norm=None
    ),
    "tasa 0,1 · momento 0,99 · max-norm 4": replace(
        HIDDEN, learning_rate=0.1, momentum=0.99, max_norm=4
    ),
}
HIGH_LR_EPOCHS = 20


def compare_pairs(scores, pairs, metric="val_loss"):
    """``helpers.compare.Comparisons`` for several ``(baseline, other)`` pairs, Holm-adjusted as
    one family (``compare`` adjusts a family that shares one baseline; a factorial design needs
    pairs with different baselines). Each comparison is ``paired_comparison``'s, with
    ``p_adjusted`` and ``family_size`` set for the family.
    """
    from helpers.compare import Comparisons, holm, paired_comparison

    if (
        not isinstance(pairs, list | tuple)
        or not pairs
        or not all(isinstance(p, tuple) and len(p) == 2 for p in pairs)
    ):
        raise CourseInputError("pairs", pairs, "debe ser una lista de parejas (base, otra)")
    single = [paired_comparison(scores, baseline, other, metric) for baseline, other in pairs]
    adjusted = holm([c.p_value for c in single])
    return Comparisons(
        replace(c, p_adjusted=float(p), family_size=len(single))
        for c, p in zip(single, adjusted, strict=True)
    )
