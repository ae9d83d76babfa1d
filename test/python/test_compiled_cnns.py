"""torchvision 1.13's resnet18 and mobilenet_v2 (random weights, settled
batch norm, 1x3x224x224: model_zoo's *_224) compiled to native code against
the reference interpreter, targets generic and host:

* FP32: `quant-run --run` within 1e-5 relative of `quant-run --interpret`
  on every sample (today they are bit-identical; the test prints which);
* calibration: `quant-run --calibrate --compiled` writes the same bytes as
  `quant-run --calibrate` on the same images;
* static INT8 (min/max, calibrated on those images): compiled outputs
  byte-identical to the interpreter's on every sample, so the top-1
  agreement with FP32 is the same through both paths.

Each model is imported, observed, calibrated and quantized once (module
fixtures); every mode runs all its samples in one process (--samples), so
each JIT compiles the model once.
"""

from types import SimpleNamespace

import numpy as np
import pytest

import model_zoo
import qnn_testing as qt

MODELS = ["resnet18_224", "mobilenet_v2_224"]
TARGETS = ("generic", "host")
SAMPLES = 3  # held-out images per run (FP32 and INT8)
CALIB_SAMPLES = 8
RTOL = 1e-5


def run_all_ways(mlir, x, workdir, tag):
    """Outputs of --interpret and of --run for each target on the samples
    `x` (stacked on axis 0), one process each."""
    inputs = workdir / f"{tag}-x.npy"
    np.save(inputs, x)
    outputs = {}
    for mode, target in (("--interpret", None),) + tuple(
            ("--run", t) for t in TARGETS):
        name = target or "interpreter"
        out = workdir / f"{tag}-out-{name}.npy"
        cmd = [qt.tool("quant-run"), mode, mlir, "--input", inputs,
               "--output", out, "--samples"]
        if target:
            cmd += ["--target", target]
        qt.run(cmd)
        outputs[name] = np.load(out)
    return outputs


def differing_bytes(got, ref):
    """Per sample, the number of elements whose bytes differ."""
    n = len(ref)
    width = np.dtype(f"u{ref.itemsize}")
    return [int(v) for v in (got.reshape(n, -1).view(width) !=
                             ref.reshape(n, -1).view(width)).sum(1)]


def relative_error(got, ref):
    """max |got - ref| / max(|got|, |ref|, tiny) per sample, elementwise as
    test/Integration/Inputs/compare_compiled.py --rtol."""
    n = len(ref)
    got = got.reshape(n, -1).astype(np.float64)
    ref = ref.reshape(n, -1).astype(np.float64)
    scale = np.maximum(np.maximum(np.abs(got), np.abs(ref)), 1e-30)
    return (np.abs(got - ref) / scale).max(1)


@pytest.fixture(scope="module", params=MODELS)
def network(request, tmp_path_factory):
    """The zoo model imported (FP32) and with observers inserted, and its
    held-out and calibration images."""
    model = model_zoo.get(request.param)
    workdir = tmp_path_factory.mktemp(request.param)
    fp32 = qt.import_onnx(model.onnx, workdir / "float.mlir")
    observed = workdir / "observed.mlir"
    qt.run([qt.tool("quant-opt"), fp32, "--qnn-fold-batchnorm",
            "--qnn-fuse-activations", "--qnn-insert-observers", "-o",
            observed])
    x, calib = model.x_test[:SAMPLES], model.x_calib[:CALIB_SAMPLES]
    assert x.shape == (SAMPLES, 1, 3, 224, 224)
    assert calib.shape == (CALIB_SAMPLES, 1, 3, 224, 224)
    return SimpleNamespace(name=request.param, workdir=workdir, fp32=fp32,
                           observed=observed, x=x, calib=calib)


@pytest.fixture(scope="module")
def fp32_outputs(network):
    return run_all_ways(network.fp32, network.x, network.workdir, "fp32")


@pytest.fixture(scope="module")
def calibrated(network):
    """The observed model calibrated by the interpreter and by compiled
    code on the same images: {"interpreter": path, "compiled": path}."""
    data = network.workdir / "calib.npy"
    np.save(data, network.calib)
    paths = {}
    for how, extra in (("interpreter", []), ("compiled", ["--compiled"])):
        paths[how] = network.workdir / f"calibrated-{how}.mlir"
        qt.run([qt.tool("quant-run"), "--calibrate", network.observed,
                "--data", data, "-o", paths[how]] + extra)
    return paths


@pytest.fixture(scope="module")
def int8_outputs(network, calibrated):
    quantized = network.workdir / "int8.mlir"
    qt.run([qt.tool("quant-opt"), calibrated["interpreter"],
            "--qnn-quantize-static=method=minmax", "-o", quantized])
    text = quantized.read_text()
    assert "!quant.uniform" in text, "nothing was quantized"
    # All convolutions and the classifier in INT8: one dequantize, at the
    # logits.
    assert text.count("qnn.dequantize") == 1
    return run_all_ways(quantized, network.x, network.workdir, "int8")


def test_fp32(network, fp32_outputs):
    ref = fp32_outputs["interpreter"]
    assert ref.shape == (SAMPLES, 1, 1000) and ref.dtype == np.float32
    assert np.isfinite(ref).all()
    for target in TARGETS:
        got = fp32_outputs[target]
        assert got.dtype == ref.dtype and got.shape == ref.shape, target
        err = relative_error(got, ref)
        differ = differing_bytes(got, ref)
        print(f"{network.name} FP32 {target}: max relative error per sample "
              f"{[f'{e:.1e}' for e in err]}, elements differing "
              f"{differ} of {ref[0].size}"
              + (" (bit-identical)" if not any(differ) else ""))
        assert (err <= RTOL).all(), (
            f"{network.name} FP32 {target}: relative error per sample "
            f"{err.tolist()} > {RTOL}")


def test_calibration(network, calibrated):
    ref = calibrated["interpreter"].read_bytes()
    got = calibrated["compiled"].read_bytes()
    assert ref.count(b"#qnn.stats") > 0, "nothing was calibrated"
    if got != ref:
        diff = [(a, b) for a, b in zip(ref.decode().splitlines(),
                                       got.decode().splitlines()) if a != b]
        raise AssertionError(
            f"{network.name}: compiled calibration differs from the "
            f"interpreter's on {len(diff)} lines, first:\n"
            + ("\n".join(diff[0]) if diff else "(line counts differ)"))


def test_int8(network, fp32_outputs, int8_outputs):
    ref = int8_outputs["interpreter"]
    assert ref.shape == (SAMPLES, 1, 1000)
    fp32_classes = qt.top1_classes(fp32_outputs["interpreter"], SAMPLES)
    agreement = {}
    for name in ("interpreter",) + TARGETS:
        agreement[name] = float(
            (qt.top1_classes(int8_outputs[name], SAMPLES) ==
             fp32_classes).mean())
    print(f"{network.name} INT8: top-1 agreement with FP32 on {SAMPLES} "
          f"samples " + ", ".join(f"{k} {v:.3f}" for k, v in
                                  agreement.items()))
    for target in TARGETS:
        got = int8_outputs[target]
        assert got.dtype == ref.dtype and got.shape == ref.shape, target
        differ = differing_bytes(got, ref)
        assert not any(differ), (
            f"{network.name} INT8 {target}: elements differing per sample "
            f"{differ} of {ref[0].size}")
        assert agreement[target] == agreement["interpreter"], target
