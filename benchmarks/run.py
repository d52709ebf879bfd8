"""Benchmark the course on this machine: notebook run times, training speed against the
machine's arithmetic limit, package import and data loading, and each lesson's accuracy.

    python benchmarks/run.py            # everything (a few minutes); writes benchmarks/results.json
    python benchmarks/run.py --quick    # skips the notebooks (under a minute); writes results-quick.json
    python benchmarks/run.py --readme   # also puts the table into docs/maintainers.md between its markers
    python benchmarks/run.py --backend jax --backend tensorflow   # several Keras backends side by side

With several ``--backend`` options, every measurement that involves Keras (the MLP epoch at the
lesson's settings and at Keras's defaults, and each notebook) is taken on each backend in the
same run, so the backends are compared on the same machine under the same conditions. The
targets apply to the first backend named (the course's default unless you name another first).

Every timing is the median of several runs (the machine may be shared and noisy).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import mnist_lessons  # noqa: F401  (first: sets TensorFlow's logging variables before any keras import)
from mnist_lessons.backend import BACKENDS, DEFAULT_BACKEND

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
README_START = "<!-- benchmark:start -->"  # in docs/maintainers.md, the Speed section
README_END = "<!-- benchmark:end -->"

# The lesson MLP (lesson 05's 784-128-10 network) and the training settings that lesson uses.
HIDDEN = 128
BATCH_SIZE = 256
STEPS_PER_EXECUTION = 50

# Keras's own defaults: what a student gets from a plain fit().
DEFAULT_FIT_BATCH_SIZE = 32
DEFAULT_FIT_STEPS_PER_EXECUTION = 1

TARGETS = {
    "ratio": 2.5,  # MLP epoch / matmul limit, at the lesson's settings, default backend
    "default_fit_ratio": 8.0,  # the same with Keras's default fit settings
    "notebook_seconds": 60.0,  # each notebook
    "series_seconds": 150.0,  # all notebooks
    "import_seconds": 0.5,
    "load_mnist_cold_seconds": 1.0,
}


def _python(code: str, env: dict | None = None) -> str:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                         env={**os.environ, **(env or {})})
    return out.stdout.strip().splitlines()[-1]


def import_seconds(repeats: int) -> float:
    """``import mnist_lessons`` in a fresh interpreter (median)."""
    code = "import time; t = time.perf_counter(); import mnist_lessons; print(time.perf_counter() - t)"
    return statistics.median(float(_python(code)) for _ in range(repeats))


def load_seconds(repeats: int) -> tuple[float, float]:
    """``load_mnist()`` cold (first call in a fresh process) and warm (second call), medians."""
    code = (
        "import time, json; from mnist_lessons.data import load_mnist\n"
        "t = time.perf_counter(); load_mnist(); cold = time.perf_counter() - t\n"
        "t = time.perf_counter(); load_mnist(); warm = time.perf_counter() - t\n"
        "print(json.dumps([cold, warm]))"
    )
    runs = [json.loads(_python(code)) for _ in range(repeats)]
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def matmul_gflops(size: int = 2048, repeats: int = 7) -> float:
    """float32 matrix-multiply throughput through NumPy, GFLOP/s (median of ``repeats``)."""
    import numpy as np

    rng = np.random.default_rng(0)
    a = rng.random((size, size), dtype=np.float32)
    b = rng.random((size, size), dtype=np.float32)
    a @ b  # warm up the BLAS threads
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        a @ b
        times.append(time.perf_counter() - t)
    return 2 * size**3 / statistics.median(times) / 1e9


def mlp_parameters(hidden: int = HIDDEN) -> int:
    """Weights and biases of the 784-hidden-10 MLP."""
    return 784 * hidden + hidden + hidden * 10 + 10


def epoch_flops(samples: int = 60000, hidden: int = HIDDEN) -> float:
    """About 6 FLOPs per parameter per sample: 2 forward, 4 backward (one multiply-add each
    for the input gradient and for the weight gradient)."""
    return 6.0 * mlp_parameters(hidden) * samples


def mlp_epoch_seconds(epochs: int, *, batch_size: int = BATCH_SIZE, steps_per_execution: int = STEPS_PER_EXECUTION) -> float:
    """Seconds per epoch of the lesson MLP on the 60000 MNIST training images (median over
    ``epochs`` timed epochs, after one untimed epoch that traces and warms up)."""
    import keras

    from mnist_lessons.data import load_mnist, scale_pixels

    (x, y), _ = load_mnist()
    x = scale_pixels(x)
    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.Input((28, 28)),
        keras.layers.Flatten(),
        keras.layers.Dense(HIDDEN, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"],
                  steps_per_execution=steps_per_execution)

    class Timer(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.start = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            times.append(time.perf_counter() - self.start)

    times: list[float] = []
    model.fit(x, y, epochs=epochs + 1, batch_size=batch_size, verbose=0, callbacks=[Timer()])
    return statistics.median(times[1:])


def run_notebook(path: Path, backend: str | None = None) -> tuple[float, dict[str, float]]:
    """Execute a notebook in a fresh kernel (tracking disabled, as in CI) on ``backend`` (default:
    whatever the environment chooses); return its wall time and the values its checks recorded
    (accuracies among them)."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(
        "import json as _json, mnist_lessons.checks as _checks; print(_json.dumps(_checks.recorded()))"))
    os.environ["WANDB_MODE"] = "disabled"
    if backend:
        os.environ["KERAS_BACKEND"] = backend  # the kernel inherits this environment
    client = NotebookClient(nb, kernel_name="python3", timeout=600, resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    outputs = nb.cells[-1].outputs
    checked = json.loads(outputs[0]["text"].strip().splitlines()[-1]) if outputs else {}
    return seconds, checked


def accuracies(checked: dict[str, float]) -> dict[str, float]:
    """The test accuracies a notebook checked: checks named "test accuracy ..." (not
    differences between two accuracies), as fractions."""
    return {
        what: round(value, 4)
        for what, value in checked.items()
        if what.lower().startswith("test accuracy") and "minus" not in what and 0.0 <= value <= 1.0
    }


def machine() -> str:
    import numpy as np

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for name, packages in (("Keras", ("keras",)), ("JAX", ("jax",)), ("TensorFlow", ("tensorflow-cpu", "tensorflow")),
                           ("PyTorch", ("torch",))):
        for package in packages:
            try:
                found.append(f"{name} {version(package)}")
                break
            except PackageNotFoundError:
                continue
    frameworks = ", ".join(found)
    return (f"{os.cpu_count()} cores ({cpu}), no GPU, Python {platform.python_version()}, "
            f"NumPy {np.__version__}, {frameworks}")


def epoch_in_fresh_process(backend: str, epochs: int, batch_size: int, steps_per_execution: int) -> float:
    """``mlp_epoch_seconds`` in a fresh interpreter on ``backend``, as in a student's new kernel
    (NumPy's BLAS threads, just used for the matmul, would otherwise compete for the cores)."""
    return float(_python(
        f"import sys; sys.path.insert(0, 'benchmarks'); from run import mlp_epoch_seconds; "
        f"print(mlp_epoch_seconds({epochs}, batch_size={batch_size}, steps_per_execution={steps_per_execution}))",
        env={"KERAS_BACKEND": backend}))


def measure(quick: bool, backends: list[str]) -> dict:
    results: dict = {"quick": quick, "machine": machine(), "backends": backends}
    results["import_seconds"] = import_seconds(3 if quick else 7)
    results["load_mnist_cold_seconds"], results["load_mnist_warm_seconds"] = load_seconds(3 if quick else 5)
    gflops = matmul_gflops(repeats=5 if quick else 9)
    results["matmul_gflops"] = gflops
    results["epoch_gflop"] = epoch_flops() / 1e9
    results["matmul_limit_seconds"] = epoch_flops() / (gflops * 1e9)
    epochs = 2 if quick else 5
    results["per_backend"] = {}
    for backend in backends:
        lesson = epoch_in_fresh_process(backend, epochs, BATCH_SIZE, STEPS_PER_EXECUTION)
        default_fit = epoch_in_fresh_process(backend, epochs if quick else 3, DEFAULT_FIT_BATCH_SIZE,
                                             DEFAULT_FIT_STEPS_PER_EXECUTION)
        results["per_backend"][backend] = {
            "mlp_epoch_seconds": lesson,
            "ratio": lesson / results["matmul_limit_seconds"],
            "default_fit_epoch_seconds": default_fit,
            "default_fit_ratio": default_fit / results["matmul_limit_seconds"],
            "notebooks": {},
            "accuracies": {},
            "series_seconds": None,
        }
        print(f"  {backend}: MLP epoch {lesson:.2f} s, with Keras's defaults {default_fit:.2f} s", file=sys.stderr,
              flush=True)
    if not quick:
        for backend in backends:
            entry = results["per_backend"][backend]
            for path in sorted(NOTEBOOKS.glob("*.ipynb")):
                seconds, checked = run_notebook(path, backend)
                entry["notebooks"][path.name] = seconds
                entry["accuracies"][path.name] = accuracies(checked)
                print(f"  {backend} {path.name}: {seconds:.1f} s", file=sys.stderr, flush=True)
            entry["series_seconds"] = sum(entry["notebooks"].values())
    main = results["per_backend"][backends[0]]
    # The first backend's figures, at the top level as before: the ones the targets apply to.
    for key in ("mlp_epoch_seconds", "ratio", "default_fit_epoch_seconds", "default_fit_ratio", "notebooks",
                "accuracies", "series_seconds"):
        results[key] = main[key]
    results["targets"] = TARGETS
    results["met"] = targets_met(results)
    return results


def targets_met(r: dict) -> dict[str, bool]:
    met = {
        "ratio": r["ratio"] <= TARGETS["ratio"],
        "default_fit_ratio": r["default_fit_ratio"] <= TARGETS["default_fit_ratio"],
        "import_seconds": r["import_seconds"] < TARGETS["import_seconds"],
        "load_mnist_cold_seconds": r["load_mnist_cold_seconds"] < TARGETS["load_mnist_cold_seconds"],
    }
    if r["series_seconds"] is not None:
        met["notebook_seconds"] = all(s <= TARGETS["notebook_seconds"] for s in r["notebooks"].values())
        met["series_seconds"] = r["series_seconds"] <= TARGETS["series_seconds"]
    return met


def table(r: dict) -> str:
    ok = {True: "yes", False: "**no**"}
    met = r["met"]
    backends = r["backends"]
    names = [BACKENDS.get(b, b) for b in backends]
    first = f" ({names[0]})" if len(backends) > 1 else ""

    def cells(key: str, fmt: str) -> list[str]:
        return [fmt.format(r["per_backend"][b][key]) for b in backends]

    header = ["measure"] + names + ["target" + first, "met"]
    rows = [
        ["`import mnist_lessons`", *[f"{r['import_seconds']:.3f} s"] * len(backends), "< 0.5 s", ok[met["import_seconds"]]],
        ["`load_mnist()` cold", *[f"{r['load_mnist_cold_seconds']:.2f} s"] * len(backends), "< 1 s",
         ok[met["load_mnist_cold_seconds"]]],
        [f"matmul limit for one MLP epoch ({r['epoch_gflop']:.1f} GFLOP at {r['matmul_gflops']:.0f} GFLOP/s)",
         *[f"{r['matmul_limit_seconds']:.2f} s"] * len(backends), "", ""],
        [f"MLP 784-{HIDDEN}-10 epoch, lesson settings (batch {BATCH_SIZE}, steps_per_execution {STEPS_PER_EXECUTION})",
         *cells("mlp_epoch_seconds", "{:.2f} s"), "", ""],
        ["epoch / limit", *cells("ratio", "{:.1f}x"), f"<= {TARGETS['ratio']}x", ok[met["ratio"]]],
        [f"MLP epoch, Keras's default fit (batch {DEFAULT_FIT_BATCH_SIZE}, one step per execution)",
         *cells("default_fit_epoch_seconds", "{:.2f} s"), "", ""],
        ["default-fit epoch / limit", *cells("default_fit_ratio", "{:.1f}x"), f"<= {TARGETS['default_fit_ratio']:.0f}x",
         ok[met["default_fit_ratio"]]],
    ]
    for name in r["notebooks"]:
        checked = r["accuracies"].get(name, {})
        label = f"`{name}`"
        if checked:
            what, best = max(checked.items(), key=lambda item: item[1])
            label += f": best {what}, {best:.2%}"
        seconds = [r["per_backend"][b]["notebooks"].get(name) for b in backends]
        rows.append([label, *[f"{s:.0f} s" if s is not None else "" for s in seconds],
                     f"<= {TARGETS['notebook_seconds']:.0f} s", ok[seconds[0] <= TARGETS["notebook_seconds"]]])
    if r["series_seconds"] is not None:
        rows.append(["whole series", *cells("series_seconds", "{:.0f} s"), f"<= {TARGETS['series_seconds']:.0f} s",
                     ok[met["series_seconds"]]])
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + f"\n\nMachine: {r['machine']}."


def update_readme(text: str) -> None:
    readme = ROOT / "docs" / "maintainers.md"
    content = readme.read_text()
    if README_START not in content or README_END not in content:
        raise SystemExit(f"docs/maintainers.md has no {README_START} ... {README_END} section to update.")
    head, rest = content.split(README_START, 1)
    _, tail = rest.split(README_END, 1)
    readme.write_text(f"{head}{README_START}\n{text}\n{README_END}{tail}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="skip the notebooks (under a minute)")
    parser.add_argument("--output", type=Path, help="where to write the JSON results "
                        "(default benchmarks/results.json, or results-quick.json with --quick)")
    parser.add_argument("--readme", action="store_true", help="write the table into docs/maintainers.md (Speed)")
    parser.add_argument("--backend", action="append", choices=sorted(BACKENDS), dest="backends",
                        help=f"a Keras backend to measure (repeat for several; default {DEFAULT_BACKEND}); "
                        "the targets apply to the first")
    args = parser.parse_args(argv)
    backends = list(dict.fromkeys(args.backends or [DEFAULT_BACKEND]))
    output = args.output or ROOT / "benchmarks" / ("results-quick.json" if args.quick else "results.json")
    results = measure(args.quick, backends)
    output.write_text(json.dumps(results, indent=2) + "\n")
    text = table(results)
    print(text)
    if args.readme:
        update_readme(text)
    return 0 if all(results["met"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
