"""Which tweaks make ``model.fit`` fast on the course's small data: each variant measured alike.

    python -m benchmarks.training_variants [--repeats N] [--epochs E]

For each variant a fresh network is trained for 1 epoch (fixed cost: tracing, set-up) and another
for ``E`` epochs; the difference gives the cost per epoch. Variants run interleaved, each thread
setting in its own interpreter (TensorFlow reads it at start-up). Prints a Markdown table;
the CPU columns (all threads of the process) are less sensitive to other users' load.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

from benchmarks.discovery import ROOT

VARIANTS = {
    "tf.data, val batch 1024 (before)": {},
    "tf.data, val batch 32": {"val_batch": 32},
    "tf.data + state built before tracing": {"prebuild": True},
    "tf.data + steps_per_execution=epoch": {"spe": True},
    "tf.data + built before + steps_per_execution": {"prebuild": True, "spe": True},
    "plain fit(validation_split=0.2)": {"plain": True},
}
THREADS = {"default threads": {}, "1 intra-op, 1 inter-op thread": {"intra": 1, "inter": 1}}


def _fit_seconds(variant, epochs, X, y, n_train):
    from helpers import seed_everything
    from helpers.data import make_tf_dataset
    from helpers.models import build_mlp

    seed_everything(0)
    model = build_mlp(X.shape[1], (16,), 2)
    start, cpu_start = time.perf_counter(), time.process_time()
    if variant.get("plain"):
        history = model.fit(X, y, validation_split=0.2, epochs=epochs, batch_size=32, verbose=0)
    else:
        if variant.get("spe"):
            model.steps_per_execution = -(-n_train // 32)
        if variant.get("prebuild"):  # optimizer and metric variables created before tracing
            model._symbolic_build(data_batch=(X[:1], y[:1]))
        train = make_tf_dataset(X[:n_train], y[:n_train], batch_size=32, seed=0)
        val_batch = variant.get("val_batch", 1024)
        val = make_tf_dataset(X[n_train:], y[n_train:], batch_size=val_batch, shuffle=False)
        history = model.fit(train, validation_data=val, epochs=epochs, verbose=0, shuffle=False)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    return wall, cpu, history.history["val_loss"][-1]


def worker(repeats, epochs):
    """In this interpreter: every variant, interleaved; prints JSON {name: {...}}."""
    import numpy as np

    from helpers.data import load_breast_cancer

    data = load_breast_cancer()
    order = np.random.default_rng(0).permutation(len(data.y))
    X, y = data.X[order], data.y[order]
    n_train = int(len(y) * 0.8)
    X = ((X - X[:n_train].mean(0)) / X[:n_train].std(0)).astype("float32")
    keys = ("one", "many", "one_cpu", "many_cpu", "val_loss")
    out = {name: {key: [] for key in keys} for name in VARIANTS}
    for _ in range(repeats):
        for name, variant in VARIANTS.items():
            wall, cpu, _ = _fit_seconds(variant, 1, X, y, n_train)
            out[name]["one"].append(wall)
            out[name]["one_cpu"].append(cpu)
            wall, cpu, val_loss = _fit_seconds(variant, epochs, X, y, n_train)
            out[name]["many"].append(wall)
            out[name]["many_cpu"].append(cpu)
            out[name]["val_loss"].append(val_loss)
    print("BENCH_JSON " + json.dumps(out))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=50)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return worker(args.repeats, args.epochs)
    print(
        f"| Variant ({args.epochs} epochs, breast cancer, 16 hidden units, batch 32) | Threads "
        "| Fixed cost (1st epoch) | Per further epoch | Total | CPU: fixed | CPU: per epoch "
        "| val_loss |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for threads_name, threads in THREADS.items():
        env = dict(os.environ)
        if threads:
            env["TF_NUM_INTRAOP_THREADS"] = str(threads["intra"])
            env["TF_NUM_INTEROP_THREADS"] = str(threads["inter"])
        command = [sys.executable, "-m", "benchmarks.training_variants", "--worker"]
        command += ["--repeats", str(args.repeats), "--epochs", str(args.epochs)]
        out = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        line = [x for x in out.stdout.splitlines() if x.startswith("BENCH_JSON ")]
        if not line:
            print(out.stderr[-2000:], file=sys.stderr)
            continue
        for name, row in json.loads(line[-1].removeprefix("BENCH_JSON ")).items():
            one, many = statistics.median(row["one"]), statistics.median(row["many"])
            one_cpu, many_cpu = (
                statistics.median(row["one_cpu"]),
                statistics.median(row["many_cpu"]),
            )
            per_epoch = (many - one) / (args.epochs - 1)
            per_epoch_cpu = (many_cpu - one_cpu) / (args.epochs - 1)
            print(
                f"| {name} | {threads_name} | {one:.2f} s | {1000 * per_epoch:.0f} ms | "
                f"{many:.2f} s | {one_cpu:.2f} s | {1000 * per_epoch_cpu:.0f} ms | "
                f"{statistics.median(row['val_loss']):.4f} |"
            )


if __name__ == "__main__":
    main()
