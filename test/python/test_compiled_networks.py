"""Whole networks compiled to native code against the reference
interpreter: `quant-run --run` (JIT, targets generic and host) and a model
library from `quant-compile --target host` run through its C ABI must give
the interpreter's outputs byte for byte, FP32 and quantized, on held-out
samples.
"""

import numpy as np
import pytest

import model_zoo
import qnn_testing as qt

# (zoo name, quantization: static INT8 with calibration, or dynamic)
NETWORKS = [
    ("digits_cnn", "static"),
    ("digits_concat", "static"),
    ("digits_mlp", "static"),
    ("tiny_transformer_13", "dynamic"),
    ("lstm", "dynamic"),
]
SAMPLES = 32


WAYS = ("generic", "host", "host .so")


def run_all_ways(mlir, x, workdir):
    """Outputs of --interpret, of --run for each target and of the host
    model library, same inputs."""
    inputs = workdir / "x.npy"
    np.save(inputs, x)
    outputs = {}
    for mode, target in (("--interpret", None), ("--run", "generic"),
                         ("--run", "host")):
        out = workdir / f"out-{target or 'interpreter'}.npy"
        cmd = [qt.tool("quant-run"), mode, mlir, "--input", inputs,
               "--output", out, "--samples"]
        if target:
            cmd += ["--target", target]
        qt.run(cmd)
        outputs[target or "interpreter"] = np.load(out)
    library = workdir / f"{mlir.stem}.so"
    qt.run([qt.tool("quant-compile"), mlir, "--target", "host", "-o",
            library])
    out = workdir / "out-so.npy"
    qt.run([qt.tool("quant-run"), "--run", library, "--input", inputs,
            "--output", out, "--samples"])
    outputs["host .so"] = np.load(out)
    return outputs


def assert_identical(outputs, what):
    ref = outputs["interpreter"]
    for target in WAYS:
        got = outputs[target]
        assert got.dtype == ref.dtype and got.shape == ref.shape
        differ = int(np.sum(got.view(np.uint8) != ref.view(np.uint8)))
        assert differ == 0, f"{what} ({target}): {differ} bytes differ"


@pytest.mark.parametrize("name,scheme", NETWORKS, ids=[n for n, _ in NETWORKS])
def test_compiled_matches_interpreter(name, scheme, tmp_path):
    model = model_zoo.get(name)
    x = model.x_test[:SAMPLES]
    fp32 = qt.import_onnx(model.onnx, tmp_path / "float.mlir")
    assert_identical(run_all_ways(fp32, x, tmp_path), f"{name} FP32")

    quantized = tmp_path / "quantized.mlir"
    if scheme == "static":
        _, calibrated = qt.calibrate(model.onnx, model.x_calib, tmp_path)
        qt.run([qt.tool("quant-opt"), calibrated,
                "--qnn-quantize-static=method=minmax", "-o", quantized])
    else:
        qt.run([qt.tool("quant-opt"), fp32, "--qnn-quantize-dynamic", "-o",
                quantized])
    assert "!quant.uniform" in quantized.read_text(), "nothing was quantized"
    outputs = run_all_ways(quantized, x, tmp_path)
    assert_identical(outputs, f"{name} {scheme}")
