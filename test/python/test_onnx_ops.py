"""Every single-op model of onnx_models.py, end to end: imported with
`quant-translate --import-onnx`, run with `quant-run --interpret` and compared
with its NumPy reference (relative 1e-5).

Tools are looked up in $QNN_BUILD_DIR/bin (default: <repo>/build/bin). The
tests are skipped, not failed, when quant-translate or quant-run is not built.
"""

import os
import subprocess
from pathlib import Path

import numpy as np
import onnx
import pytest

import onnx_models

REPO = Path(__file__).resolve().parents[2]
BUILD = Path(os.environ.get("QNN_BUILD_DIR", REPO / "build"))


def _tool(name):
    path = BUILD / "bin" / name
    if not path.exists():
        pytest.skip(f"{path} is not built (set QNN_BUILD_DIR)")
    return str(path)


def _run(cmd):
    proc = subprocess.run([str(c) for c in cmd], capture_output=True,
                          text=True)
    assert proc.returncode == 0, (
        f"{' '.join(map(str, cmd))} exited {proc.returncode}:\n{proc.stderr}")
    return proc


@pytest.mark.parametrize("name", sorted(onnx_models.CASES))
def test_import_and_interpret(name, tmp_path):
    translate, run = _tool("quant-translate"), _tool("quant-run")
    case = onnx_models.build(name)
    model_path = tmp_path / f"{name}.onnx"
    onnx.save(case.model, str(model_path))
    mlir = tmp_path / f"{name}.mlir"
    cmd = [translate, "--import-onnx", model_path, "-o", mlir]
    for shape in case.input_shapes:
        cmd += ["--input-shape", shape]
    _run(cmd)

    cmd = [run, "--interpret", mlir]
    for i, x in enumerate(case.inputs):
        path = tmp_path / f"in{i}.npy"
        np.save(path, x)
        cmd += ["--input", path]
    outputs = [tmp_path / f"out{i}.npy" for i in range(len(case.expected))]
    for path in outputs:
        cmd += ["--output", path]
    _run(cmd)

    for path, expected in zip(outputs, case.expected):
        actual = np.load(path)
        assert actual.shape == expected.shape, path.name
        np.testing.assert_allclose(actual, expected, rtol=case.rtol,
                                   atol=case.atol, err_msg=f"{name}: {path.name}")
