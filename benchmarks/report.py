"""RESULTS.md from the stored results: each figure against its target."""

import math
import statistics

NOTEBOOK_SECONDS = 30.0
COLLECTION_SECONDS = 150.0
PEAK_MB = 1000.0  # 1 GB
PREVIEW_SECONDS = 0.3
IMPORT_HELPERS_SECONDS = 0.5
SPEED_RATIO = 3.0


def summary(samples, unit="s", digits=2):
    """``"1.23 s (1.10–1.40, n=3)"``: median (min–max, n); a single sample without a range."""
    values = [float(v) for v in samples]
    unit = unit if unit == "×" else f" {unit}"
    text = f"{statistics.median(values):.{digits}f}{unit}"
    if len(values) == 1:
        return f"{text} (n=1)"
    return f"{text} ({min(values):.{digits}f}–{max(values):.{digits}f}, n={len(values)})"


def verdict(ok):
    return "met" if ok else "**NOT met**"


def _sd(values):
    return statistics.stdev(values) if len(values) > 1 else 0.0


def agree_within_noise(a, b, *, floor=0.0):
    """``(agrees, difference, tolerance)``: two groups of results agree when their means differ by
    at most twice the standard error of the difference, or ``floor`` (the resolution)."""
    tolerance = max(2 * (_sd(a) ** 2 / len(a) + _sd(b) ** 2 / len(b)) ** 0.5, floor)
    difference = statistics.fmean(a) - statistics.fmean(b)
    return abs(difference) <= tolerance, difference, tolerance


def _agreement(title, labels, helpers, plain, floor):
    """The table of final results of both paths: accuracy (resolution ``floor``), then loss."""
    lines = [f"| {title} | helpers | plain | difference | noise | verdict |", "|" + "---|" * 6]
    for label, key, resolution in zip(
        labels, ("val_accuracy", "val_loss"), (floor, 0), strict=True
    ):
        a, b = ([r[key] for r in rows] for rows in (helpers, plain))
        agrees, diff, tol = agree_within_noise(a, b, floor=resolution)
        mean_sd = [f"{statistics.fmean(v):.3f} ± {_sd(v):.3f}" for v in (a, b)]
        word = "agree" if agrees else "**DISAGREE**"
        lines.append(f"| {label} | {' | '.join(mean_sd)} | {diff:+.3f} | ±{tol:.3f} | {word} |")
    return [*lines, ""]


def _stamp(section):
    loads = ["/".join(f"{x:g}" for x in section.get(k, [])) for k in ("load_before", "load_after")]
    text = f"_Measured {section['date']}; load average (1/5/15 min) {loads[0]} before, "
    text += f"{loads[1]} after; {section['repeats']} run(s)._"
    if section.get("budget_stop"):
        text += " (Fewer runs than asked, to keep `make bench` within its time budget.)"
    if max(section.get("load_before", [0])[:1] + section.get("load_after", [0])[:1]) > 1.5:
        text += (
            "\n\n> **Busy machine**: the load average exceeded 1.5 on a 2-core machine while this "
            "section ran, so the timings are inflated. Re-run `make bench` on a quiet machine."
        )
    return [text, ""]


def suggested_minutes(seconds, kernel_start):
    """The slowest run plus its kernel start, in minutes rounded up to the half minute."""
    return math.ceil(max(s + k for s, k in zip(seconds, kernel_start, strict=True)) / 30) / 2


def _notebooks(section):
    lines = ["## Notebooks, top to bottom in a fresh kernel", "", *_stamp(section)]
    lines += [
        f"Target: ≤ {NOTEBOOK_SECONDS:g} s each (cells, TensorFlow import included; kernel "
        f"start-up shown apart), whole collection ≤ {COLLECTION_SECONDS:g} s, "
        f"kernel peak ≤ {PEAK_MB:g} MB (resident memory of the kernel and its children, "
        "sampled every 50 ms).",
        "",
        "| Notebook | Run time | Time target | Kernel peak | Memory target | Kernel start |",
        "|---|---|---|---|---|---|",
    ]
    slow_cells, minutes, rows = [], {}, section["notebooks"]
    for name, row in rows.items():
        if row.get("error"):
            lines.append(f"| `{name}` | **failed**: {row['error']} | **NOT met** | — | — | — |")
            continue
        ok_time = statistics.median(row["seconds"]) <= NOTEBOOK_SECONDS
        ok_mem = max(row["peak_rss"]) / 1e6 <= PEAK_MB
        lines.append(
            f"| `{name}` | {summary(row['seconds'])} | {verdict(ok_time)} | "
            f"{summary([b / 1e6 for b in row['peak_rss']], 'MB', 0)} | {verdict(ok_mem)} | "
            f"{summary(row['kernel_start'], 's', 1)} |"
        )
        minutes[name] = suggested_minutes(row["seconds"], row["kernel_start"])
        if not (ok_time and ok_mem) and row.get("slowest"):
            table = "\n".join(f"{s:7.2f} s  cell {i:3d}  {code}" for s, i, code in row["slowest"])
            slow_cells += [
                f"<details><summary>Where the time goes in `{name}` (slowest cells)</summary>",
                *["", "```", table, "```", "", "</details>", ""],
            ]
    if section.get("totals"):
        failed = [name for name, row in rows.items() if row.get("error")]
        ok = statistics.median(section["totals"]) <= COLLECTION_SECONDS and not failed
        lines += [
            "",
            f"**Whole collection**: {summary(section['totals'])} — target ≤ "
            f"{COLLECTION_SECONDS:g} s: {verdict(ok)}."
            + (f" (Incomplete: {len(failed)} notebook(s) failed part-way.)" if failed else ""),
        ]
    if minutes:
        lines += [
            "",
            "`minutes` for `helpers/course.py` (slowest run plus kernel start, rounded up to the "
            "half minute): " + ", ".join(f"`{name}` {m:g}" for name, m in minutes.items()),
        ]
    return [*lines, "", *slow_cells]


def _labs(section):
    lines = ['## Labs: "Entrenar" from click to final plot, warm kernel', "", *_stamp(section)]
    lines += [
        "Each lab in its own fresh kernel: build the panel, click once (warm-up), then time "
        "`panel.click()`; the figures are drawn by the inline backend as in JupyterLab.",
        "",
        "| Lab | Click → plot | Target | Met | First click (cold) |",
        "|---|---|---|---|---|",
    ]
    previews = ["| Lab | Control changed | Redraw | Target | Met |", "|---|---|---|---|---|"]
    for key, lab in section["labs"].items():
        target = lab.get("target", 2.0)
        if lab.get("error") or not lab.get("clicks"):
            lines.append(
                f"| `{key}` | **failed**: {lab.get('error')} | ≤ {target:g} s | **NOT met** | — |"
            )
            continue
        ok = statistics.median(lab["clicks"]) <= target
        lines.append(
            f"| `{key}` | {summary(lab['clicks'])} | ≤ {target:g} s | {verdict(ok)} | "
            f"{lab['first_click']:.2f} s |"
        )
        if lab.get("previews"):
            ok = statistics.median(lab["previews"]) <= PREVIEW_SECONDS
            previews.append(
                f"| `{key}` | `{lab['preview_control']}` | {summary(lab['previews'], 's', 3)} | "
                f"≤ {PREVIEW_SECONDS:g} s | {verdict(ok)} |"
            )
    if len(previews) == 2:
        previews = ["No lab with a preview found."]
    return [*lines, "", "## Preview redraw (changing a control)", "", *previews, ""]


def _imports(section):
    ok = statistics.median(section["helpers"]) <= IMPORT_HELPERS_SECONDS
    return [
        "## Imports, each in a fresh interpreter",
        "",
        *_stamp(section),
        "| Import | Time | Target | Met |",
        "|---|---|---|---|",
        f"| `import helpers` | {summary(section['helpers'], 's', 3)} | "
        f"≤ {IMPORT_HELPERS_SECONDS:g} s | {verdict(ok)} |",
        f"| first `import tensorflow` (after helpers) | {summary(section['tensorflow'])} | "
        "— (paid once per kernel) | — |",
        "",
    ]


def _cpu_ratio(helpers_cpu, plain_cpu):
    """A table row with the ratio of CPU times (less sensitive to other users' load), if known."""
    ratios = [b / a for a, b in zip(helpers_cpu, plain_cpu, strict=True) if a and b]
    if not ratios:
        return []
    return [f"| ratio of CPU time (this process, all threads) | {summary(ratios, '×', 1)} |"]


def _same_work(section):
    cfg = section["config"]
    lines = ["## Same work: the helpers' training path against plain `model.fit` on arrays", ""]
    lines += _stamp(section)
    lines += [
        f"Data: `{cfg['dataset']}`; network `build_mlp(hidden={cfg['hidden']})`, optimizer "
        f"`{cfg['optimizer']}`, batch size {cfg['batch_size']}, same for both paths. Helpers: "
        "`helpers.training.train` / `cross_validate` (cached `tf.data`, see below). Plain: "
        "`model.fit(X, y, validation_split=0.2, …)` / a loop of `fit` and `evaluate` on NumPy "
        f"arrays. Target: plain ÷ helpers ≥ {SPEED_RATIO:g}×. Results agree when their means "
        "differ by at most twice the standard error of the difference (or one validation "
        "example, for accuracy).",
        "",
    ]
    if one := section.get("one_network"):
        h, p = one["helpers"], one["plain"]
        ratios = [b["seconds"] / a["seconds"] for a, b in zip(h, p, strict=True)]
        lines += [
            f"### (a) One network, {one['epochs']} epochs, {one['n_train']} training / "
            f"{one['n_val']} validation rows, one run per seed",
            "",
            "| Path | Time |",
            "|---|---|",
            f"| helpers `train` | {summary([r['seconds'] for r in h])} |",
            f"| plain `fit(validation_split=0.2)` | {summary([r['seconds'] for r in p])} |",
            f"| **ratio** (per seed) | **{summary(ratios, '×', 1)}** — target ≥ "
            f"{SPEED_RATIO:g}×: {verdict(statistics.median(ratios) >= SPEED_RATIO)} |",
            *_cpu_ratio([r.get("cpu_seconds") for r in h], [r.get("cpu_seconds") for r in p]),
            "",
            *_agreement("Final-epoch result (mean ± sd over seeds)",
                        ("validation accuracy", "validation loss"), h, p, 1 / one["n_val"]),
        ]  # fmt: skip
    if cv := section.get("cross_validation"):
        ratio = cv["plain_total"] / cv["helpers_total"]
        h, p = cv["helpers"], cv["plain"]
        lines += [
            f"### (b) {cv['n_splits']}-fold cross-validation, {cv['epochs']} epochs per fold "
            "(same folds, same seeds)",
            "",
            "| Path | Total | Per fold |",
            "|---|---|---|",
            f"| helpers `cross_validate` | {cv['helpers_total']:.1f} s | "
            f"{summary([r['seconds'] for r in h])} |",
            f"| plain loop of `fit` | {cv['plain_total']:.1f} s | "
            f"{summary([r['seconds'] for r in p])} |",
            f"| **ratio** | **{ratio:.1f}×** — target ≥ {SPEED_RATIO:g}×: "
            f"{verdict(ratio >= SPEED_RATIO)} | |",
            *_cpu_ratio([cv.get("helpers_cpu")], [cv.get("plain_cpu")]),
            "",
            # accuracy's resolution: one example of a held-out fold
            *_agreement("Held-out fold (mean ± sd over folds)", ("accuracy", "loss"), h, p,
                        cv["n_splits"] / 569),
        ]  # fmt: skip
    return lines


def render(results, notes=""):
    """The whole RESULTS.md text from ``results`` (see ``benchmarks.run``)."""
    machine, versions = results["machine"], results["versions"]
    lines = [
        "# Benchmarks: how fast the course runs",
        "",
        "Generated by `make bench` (`python -m benchmarks.run`); do not edit by hand.",
        "Figures are **median (min–max, n runs)**. Timings are never asserted in tests: this file",
        "is the record.",
        "",
        f"- Machine: {machine['cpu']}, {machine['logical_cores']} logical cores "
        f"({machine['physical_cores']} physical), {machine['memory'] / 2**30:.1f} GiB memory, "
        f"{machine['os']}",
        "- Versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()),
    ]
    if results.get("duration"):
        lines.append(f"- Last full `make bench`: {results['duration'] / 60:.1f} min")
    lines.append("")
    sections = results.get("sections", {})
    for key, title, render_section in (
        ("notebooks", "Notebooks", _notebooks),
        ("labs", "Labs and preview", _labs),
        ("import", "Imports", _imports),
        ("same_work", "Same work", _same_work),
    ):
        if key in sections:
            lines += render_section(sections[key])
        else:
            lines += [f"## {title}", "", "Not measured yet (`make bench`).", ""]
    if notes:
        lines += [notes.rstrip(), ""]
    return "\n".join(lines).rstrip() + "\n"
