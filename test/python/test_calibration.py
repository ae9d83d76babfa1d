"""Calibration with `quant-run --calibrate`: streaming, errors, and the
statistics it writes."""

import re
import resource
import subprocess

import numpy as np
import pytest

import qnn_testing as qt

# 4096 features a sample: 10,000 samples are 160 MB, far more than the
# tool's own footprint, so loading them all would show in the peak RSS.
OBSERVED = """
func.func @main(%x: tensor<1x4096xf32> {qnn.name = "pixels"}) -> tensor<1x16xf32> {
  %w = arith.constant dense<0.01> : tensor<16x4096xf32>
  %0 = qnn.observe %x : tensor<1x4096xf32>
  %1 = qnn.fully_connected %0, %w : (tensor<1x4096xf32>, tensor<16x4096xf32>) -> tensor<1x16xf32>
  %2 = qnn.observe %1 : tensor<1x16xf32>
  return %2 : tensor<1x16xf32>
}
"""


def calibrate(tmp_path, data, check=True):
    model = tmp_path / "observed.mlir"
    model.write_text(OBSERVED)
    data_path = tmp_path / "calib.npy"
    np.save(data_path, data)
    out = tmp_path / "calibrated.mlir"
    cmd = ["/usr/bin/time", "-f", "maxrss_kb=%M", qt.tool("quant-run"),
           "--calibrate", model, "--data", data_path, "-o", out]
    proc = qt.run(cmd, check=check)
    rss = re.search(r"maxrss_kb=(\d+)", proc.stderr)
    return proc, out, int(rss.group(1)) if rss else None


def test_statistics_written(tmp_path):
    rng = np.random.RandomState(0)
    data = rng.uniform(-1, 3, size=(20, 1, 4096)).astype(np.float32)
    _, out, _ = calibrate(tmp_path, data)
    text = out.read_text()
    stats = re.findall(r"#qnn.stats<min = ([^,]+), max = ([^,]+),", text)
    assert len(stats) == 2
    lo, hi = map(float, stats[0])
    assert lo == pytest.approx(data.min()) and hi == pytest.approx(data.max())
    # The calibrated module parses and quantizes.
    qt.run([qt.tool("quant-opt"), out, "--qnn-quantize-static"])


def test_peak_memory_does_not_grow_with_samples(tmp_path):
    rng = np.random.RandomState(1)
    small = rng.randn(10, 1, 4096).astype(np.float32)
    large = rng.randn(10000, 1, 4096).astype(np.float32)
    _, _, rss_small = calibrate(tmp_path, small)
    _, _, rss_large = calibrate(tmp_path, large)
    assert rss_large <= 1.10 * rss_small, (rss_small, rss_large)
    # The data would have added 160 MB: the check can fail.
    assert large.nbytes > 0.5 * rss_small * 1024


def test_nan_names_input_and_sample(tmp_path):
    data = np.zeros((5, 1, 4096), np.float32)
    data[3, 0, 7] = np.nan
    proc, _, _ = calibrate(tmp_path, data, check=False)
    assert proc.returncode == 1
    assert "sample 3" in proc.stderr and "'pixels'" in proc.stderr
    assert "NaN" in proc.stderr


def test_empty_set_is_an_error(tmp_path):
    proc, _, _ = calibrate(tmp_path, np.zeros((0, 1, 4096), np.float32),
                           check=False)
    assert proc.returncode == 1
    assert "calibration set is empty" in proc.stderr


def test_wrong_sample_shape_names_input(tmp_path):
    proc, _, _ = calibrate(tmp_path, np.zeros((4, 1, 32), np.float32),
                           check=False)
    assert proc.returncode == 1
    assert "pixels" in proc.stderr
