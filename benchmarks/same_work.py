"""The same work two ways: the helpers' training path against plain ``model.fit`` on NumPy arrays.

(a) one network with a 20 % validation part, several seeds; (b) a stratified k-fold
cross-validation of one configuration. ``python -m benchmarks.same_work``; prints one JSON line.
"""

import argparse
import json
import time

CONFIG = {"dataset": "load_breast_cancer", "hidden": [16], "optimizer": "adam", "batch_size": 32}


def _data():
    import numpy as np

    from helpers import data

    dataset = getattr(data, CONFIG["dataset"])()  # 569 rows × 30 columns, two classes
    order = np.random.default_rng(0).permutation(len(dataset.y))
    return dataset.X[order], dataset.y[order]


def _build(n_inputs, n_classes):
    from helpers.models import build_mlp

    return build_mlp(n_inputs, tuple(CONFIG["hidden"]), n_classes, optimizer=CONFIG["optimizer"])


def _timed(function, *args, **kwargs):
    """``(wall seconds, CPU seconds of this process, result)`` of one call."""
    start, cpu_start = time.perf_counter(), time.process_time()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, time.process_time() - cpu_start, result


def one_network(epochs=50, repeats=3):
    """(a): per seed, seconds and final validation accuracy/loss of both paths. Both see the same
    arrays: validation is the last 20 % (what ``validation_split=0.2`` takes), the scaler is
    fitted on the first 80 %."""
    import keras
    from sklearn.preprocessing import StandardScaler

    from helpers import seed_everything
    from helpers.training import train

    X, y = _data()
    n_train, batch_size = int(len(y) * 0.8), CONFIG["batch_size"]  # Keras' own split point
    X = StandardScaler().fit(X[:n_train]).transform(X).astype("float32")
    paths = {
        "helpers": lambda model, seed: train(
            model, X[:n_train], y[:n_train], X[n_train:], y[n_train:],
            epochs=epochs, batch_size=batch_size, seed=seed,
        ),
        "plain": lambda model, seed: model.fit(
            X, y, validation_split=0.2, epochs=epochs, batch_size=batch_size, verbose=0
        ),
    }  # fmt: skip
    runs = {name: [] for name in paths}
    for seed in range(repeats):
        for name in paths if seed % 2 == 0 else reversed(paths):  # alternate against drift
            seed_everything(seed)
            seconds, cpu, history = _timed(paths[name], _build(X.shape[1], 2), seed)
            last = {k: float(history.history[k][-1]) for k in ("val_accuracy", "val_loss")}
            runs[name].append({"seed": seed, "seconds": seconds, "cpu_seconds": cpu, **last})
            keras.backend.clear_session()
    return {"epochs": epochs, "n_train": n_train, "n_val": len(y) - n_train, **runs}


def plain_cross_validate(X, y, *, n_splits, epochs, seed=0):
    """What a student writes without helpers: the same folds, scaler inside each fold, ``fit`` on
    arrays, then ``evaluate`` on both parts (as ``cross_validate`` does). Rows like its rows."""
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
        model.fit(X_tr, y[train_idx], epochs=epochs, batch_size=CONFIG["batch_size"], verbose=0)
        loss, accuracy = model.evaluate(X_va, y[val_idx], verbose=0)
        model.evaluate(X_tr, y[train_idx], verbose=0)
        seconds = time.perf_counter() - start
        rows.append({"fold": fold, "val_accuracy": float(accuracy), "val_loss": float(loss),
                     "seconds": seconds})  # fmt: skip
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
        batch_size=CONFIG["batch_size"], seed=0, progress=False,
    )  # fmt: skip
    seed_everything(0)
    plain_total, plain_cpu, plain = _timed(
        plain_cross_validate, X, y, n_splits=n_splits, epochs=epochs
    )
    helpers = table[["fold", "val_accuracy", "val_loss", "seconds"]].to_dict("records")
    return {"n_splits": n_splits, "epochs": epochs, "helpers_total": helpers_total,
            "plain_total": plain_total, "helpers_cpu": helpers_cpu, "plain_cpu": plain_cpu,
            "helpers": helpers, "plain": plain}  # fmt: skip


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="seeds of (a)")
    result = {"one_network": one_network(repeats=parser.parse_args(argv).repeats)}
    print("BENCH_JSON " + json.dumps(result | {"cross_validation": cross_validation()}))


if __name__ == "__main__":
    main()
