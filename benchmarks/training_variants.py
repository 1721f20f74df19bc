"""Which tweaks make ``model.fit`` fast on the course's small data (helpers/_keras_speedups.py).

    python -m benchmarks.training_variants [--repeats N] [--epochs E]

Each variant trains a fresh network for 1 epoch (fixed cost: tracing, set-up) and another for
``E`` epochs; the difference gives the cost per epoch. Variants run interleaved. Prints a Markdown
table; CPU time (all threads of the process) is less sensitive to other users' load. Thread
settings are read by TensorFlow at start-up: set ``TF_NUM_INTRAOP_THREADS`` to compare them.
"""

import argparse
import statistics
import time

VARIANTS = {
    "tf.data, val batch 1024 (before)": {},
    "tf.data, val batch 32": {"val_batch": 32},
    "tf.data + state built before tracing": {"prebuild": True},
    "tf.data + steps_per_execution=epoch": {"spe": True},
    "tf.data + built before + steps_per_execution": {"prebuild": True, "spe": True},
    "plain fit(validation_split=0.2)": {"plain": True},
}


def _fit(variant, epochs, X, y, n_train):
    """``(wall seconds, CPU seconds, final val_loss)`` of one fresh network."""
    from helpers import _keras_speedups, seed_everything
    from helpers.data import make_tf_dataset
    from helpers.models import build_mlp

    seed_everything(0)
    model = build_mlp(X.shape[1], (16,), 2)
    start, cpu_start = time.perf_counter(), time.process_time()
    if variant.get("plain"):
        history = model.fit(X, y, validation_split=0.2, epochs=epochs, batch_size=32, verbose=0)
    else:
        if variant.get("spe"):
            _keras_speedups.run_whole_epochs(model, -(-n_train // 32), epochs=10**6)
        if variant.get("prebuild"):
            _keras_speedups.trace_once(model)
        train = make_tf_dataset(X[:n_train], y[:n_train], batch_size=32, seed=0)
        val_batch = variant.get("val_batch", 1024)
        val = make_tf_dataset(X[n_train:], y[n_train:], batch_size=val_batch, shuffle=False)
        history = model.fit(train, validation_data=val, epochs=epochs, verbose=0, shuffle=False)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    return wall, cpu, history.history["val_loss"][-1]


def main(argv=None):
    import numpy as np

    from helpers.data import load_breast_cancer

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=50)
    args = parser.parse_args(argv)
    data = load_breast_cancer()
    order = np.random.default_rng(0).permutation(len(data.y))
    X, y, n_train = data.X[order], data.y[order], int(len(data.y) * 0.8)
    X = ((X - X[:n_train].mean(0)) / X[:n_train].std(0)).astype("float32")
    runs = {name: [] for name in VARIANTS}
    for _ in range(args.repeats):
        for name, variant in VARIANTS.items():
            one = _fit(variant, 1, X, y, n_train)
            runs[name].append((*one[:2], *_fit(variant, args.epochs, X, y, n_train)))
    print(
        f"| Variant ({args.epochs} epochs, breast cancer, 16 hidden units, batch 32) "
        "| Fixed cost (1st epoch) | Per further epoch | Total | CPU: fixed | CPU: per epoch "
        "| val_loss |\n|---|---|---|---|---|---|---|"
    )
    for name, rows in runs.items():
        one, one_cpu, many, many_cpu, val_loss = map(statistics.median, zip(*rows, strict=True))
        per_epoch = [
            1000 * (b - a) / (args.epochs - 1) for a, b in ((one, many), (one_cpu, many_cpu))
        ]
        print(
            f"| {name} | {one:.2f} s | {per_epoch[0]:.0f} ms | {many:.2f} s | {one_cpu:.2f} s "
            f"| {per_epoch[1]:.0f} ms | {val_loss:.4f} |"
        )


if __name__ == "__main__":
    main()
