"""The same work two ways: the helpers' training path against plain ``model.fit`` on NumPy arrays.

(a) one network for ``epochs`` epochs with a 20 % validation part, several seeds;
(b) a stratified k-fold cross-validation of one configuration.
Run as ``python -m benchmarks.same_work [--quick]``; prints one JSON line.
"""

import argparse
import json
import math
import time

DATASET = "load_breast_cancer"  # 569 rows × 30 columns, two classes
HIDDEN = (16,)
BATCH_SIZE = 32
OPTIMIZER = "adam"


def _data():
    import numpy as np

    from helpers import data

    dataset = getattr(data, DATASET)()
    order = np.random.default_rng(0).permutation(len(dataset.y))
    return dataset.X[order], dataset.y[order]


def _build(n_inputs, n_classes):
    from helpers.models import build_mlp

    return build_mlp(n_inputs, HIDDEN, n_classes, optimizer=OPTIMIZER)


def _last(history, key):
    return float(history.history[key][-1])


def _timed(function, *args, **kwargs):
    """``(wall seconds, CPU seconds of this process, result)`` of one call."""
    start, cpu_start = time.perf_counter(), time.process_time()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, time.process_time() - cpu_start, result


def one_network(epochs=50, repeats=3, paths=("helpers", "plain")):
    """(a): per seed, seconds and final validation accuracy/loss of both paths.

    Both paths see identical arrays: the validation part is the last 20 % of the rows (what
    ``validation_split=0.2`` takes) and the scaler is fitted on the first 80 %.
    """
    import keras
    from sklearn.preprocessing import StandardScaler

    from helpers import seed_everything
    from helpers.training import train

    X, y = _data()
    n_train = int(math.floor(len(y) * (1 - 0.2)))  # Keras' own split point
    X = StandardScaler().fit(X[:n_train]).transform(X).astype("float32")
    runs = {name: [] for name in paths}

    def run_helpers(seed):
        model = _build(X.shape[1], 2)
        return _timed(
            train, model, X[:n_train], y[:n_train], X[n_train:], y[n_train:],
            epochs=epochs, batch_size=BATCH_SIZE, seed=seed,
        )  # fmt: skip

    def run_plain(seed):
        model = _build(X.shape[1], 2)
        return _timed(
            model.fit, X, y, validation_split=0.2, epochs=epochs, batch_size=BATCH_SIZE, verbose=0
        )

    for seed in range(repeats):
        order = [(name, {"helpers": run_helpers, "plain": run_plain}[name]) for name in paths]
        for name, run in order if seed % 2 == 0 else order[::-1]:  # alternate against drift
            seed_everything(seed)
            seconds, cpu_seconds, history = run(seed)
            runs[name].append(
                {
                    "seed": seed,
                    "seconds": seconds,
                    "cpu_seconds": cpu_seconds,
                    "val_accuracy": _last(history, "val_accuracy"),
                    "val_loss": _last(history, "val_loss"),
                }
            )
            keras.backend.clear_session()
    return {"epochs": epochs, "n_train": n_train, "n_val": len(y) - n_train, **runs}


def plain_cross_validate(X, y, *, n_splits, epochs, seed=0):
    """What a student writes without helpers: the same folds, scaler inside each fold, ``fit`` on
    arrays, then ``evaluate`` on the held-out fold and on the training part. Rows like
    ``helpers.training.cross_validate``'s."""
    import keras
    from sklearn.model_selection import StratifiedKFold
    from sklearn.preprocessing import StandardScaler

    folds = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=seed).split(X, y)
    rows = []
    for fold, (train_idx, val_idx) in enumerate(folds, start=1):
        keras.utils.set_random_seed(seed + fold)
        scaler = StandardScaler().fit(X[train_idx])
        X_tr, X_va = scaler.transform(X[train_idx]), scaler.transform(X[val_idx])
        model = _build(X.shape[1], int(y.max()) + 1)
        start = time.perf_counter()
        model.fit(X_tr, y[train_idx], epochs=epochs, batch_size=BATCH_SIZE, verbose=0)
        val_loss, val_accuracy = model.evaluate(X_va, y[val_idx], verbose=0)
        _, train_accuracy = model.evaluate(X_tr, y[train_idx], verbose=0)
        rows.append(
            {
                "fold": fold,
                "val_accuracy": float(val_accuracy),
                "val_loss": float(val_loss),
                "train_accuracy": float(train_accuracy),
                "seconds": time.perf_counter() - start,
            }
        )
        keras.backend.clear_session()
    return rows


def cross_validation(n_splits=10, epochs=100):
    """(b): per fold, seconds and held-out accuracy/loss of both paths (same folds, same seeds)."""
    from helpers import seed_everything
    from helpers.training import cross_validate

    X, y = _data()
    seed_everything(0)
    helpers_total, helpers_cpu, table = _timed(
        cross_validate, {"mlp": _build}, X, y, n_splits=n_splits, epochs=epochs,
        batch_size=BATCH_SIZE, seed=0, progress=False,
    )  # fmt: skip
    seed_everything(0)
    plain_total, plain_cpu, plain = _timed(
        plain_cross_validate, X, y, n_splits=n_splits, epochs=epochs
    )
    columns = ["fold", "val_accuracy", "val_loss", "train_accuracy", "seconds"]
    return {
        "n_splits": n_splits,
        "epochs": epochs,
        "helpers_total": helpers_total,
        "plain_total": plain_total,
        "helpers_cpu": helpers_cpu,
        "plain_cpu": plain_cpu,
        "helpers": table[columns].to_dict("records"),
        "plain": plain,
    }


def profile_helpers(epochs=50, top=25):
    """cProfile of one run of the helpers' path (a), top entries by cumulative time, as text."""
    from benchmarks.lab_probe import profile_top

    one_network(epochs=2, repeats=1, paths=("helpers",))  # imports and first-use costs
    return profile_top(lambda: one_network(epochs=epochs, repeats=1, paths=("helpers",)), top)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--epochs", type=int, default=50)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--folds", type=int, default=10)
    parser.add_argument("--cv-epochs", type=int, default=100)
    parser.add_argument("--skip-cv", action="store_true")
    parser.add_argument("--profile", action="store_true", help="add a cProfile of path (a)")
    args = parser.parse_args(argv)
    result = {"one_network": one_network(args.epochs, args.repeats)}
    if not args.skip_cv:
        result["cross_validation"] = cross_validation(args.folds, args.cv_epochs)
    if args.profile:
        result["profile"] = profile_helpers(args.epochs)
    print("BENCH_JSON " + json.dumps(result))


if __name__ == "__main__":
    main()
