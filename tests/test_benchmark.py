"""The benchmark's quick mode runs in the suite, so the script cannot rot."""

import json
import subprocess
import sys

from .conftest import ROOT


def test_quick_benchmark_measures_each_backend_and_prints_the_table(tmp_path):
    output = tmp_path / "results.json"
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--output", str(output),
                          "--backend", "jax", "--backend", "tensorflow"],
                         capture_output=True, text=True, cwd=tmp_path, timeout=600, check=False)
    assert run.returncode in (0, 1), run.stderr  # 1: a target missed on a busy machine, still a valid run
    assert "oneDNN" not in run.stderr and "absl" not in run.stderr
    results = json.loads(output.read_text())
    for key in ("ratio", "mlp_epoch_seconds", "matmul_limit_seconds", "import_seconds",
                "load_mnist_cold_seconds", "load_mnist_warm_seconds", "default_fit_ratio"):
        assert results[key] > 0, key
    assert results["series_seconds"] is None and results["notebooks"] == {}
    assert results["backends"] == ["jax", "tensorflow"]
    for backend, entry in results["per_backend"].items():
        assert abs(entry["ratio"] - entry["mlp_epoch_seconds"] / results["matmul_limit_seconds"]) < 1e-9, backend
        assert entry["default_fit_epoch_seconds"] > 0, backend
    assert results["ratio"] == results["per_backend"]["jax"]["ratio"]  # the targets apply to the first backend
    assert "| measure | JAX | TensorFlow |" in run.stdout and "| epoch / limit |" in run.stdout
    assert "Machine: " in run.stdout


def test_epoch_flops_follow_six_times_parameters_times_samples():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import run
    finally:
        sys.path.pop(0)
    assert run.mlp_parameters(128) == 101_770
    assert run.epoch_flops(60000, 128) == 6 * 101_770 * 60000


def test_only_test_accuracies_are_reported_as_accuracies():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import run
    finally:
        sys.path.pop(0)
    checked = {
        "test accuracy of the final perceptron": 0.9774,
        "training accuracy in the last epoch": 0.58,
        "test accuracy after 10 epochs minus after 5": 0.013,
        "gain from scaling (accuracy points)": 4.66,
        "Test accuracy, ten digits": 0.9766,
    }
    assert run.accuracies(checked) == {"test accuracy of the final perceptron": 0.9774, "Test accuracy, ten digits": 0.9766}
