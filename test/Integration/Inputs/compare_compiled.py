#!/usr/bin/env python3
"""Runs a model with the reference interpreter and compiled (quant-run --run,
targets generic, host, and the x86 INT8 targets this CPU has:
x86-avx512vnni, x86-avxvnni) on the same inputs and compares every output.
Compiled means twice per target: just in time on one thread (quant-run --run
model.mlir) and as a model library on two threads (quant-compile, then
quant-run --run model.so --threads 2 through its C ABI; reported as
"<target> .so, 2 threads").

    compare_compiled.py MODEL [--entry F] [--samples] [--rtol R] [--outputs N]
        --input IN.npy [--input ...]

Outputs must be bit-identical (the same bytes: same dtype, shape and values,
NaN payloads included) unless --rtol is given, which allows a relative
difference |a - b| <= rtol * max(|a|, |b|, tiny) for float outputs (pure FP32
models); non-finite values must still match exactly. Prints one line per
target and output, exits 1 on any mismatch.
"""

import argparse
import os
import subprocess
import sys
import tempfile

import numpy as np


def x86_targets():
    """The x86 INT8 targets this CPU runs (its /proc/cpuinfo flags)."""
    flags = set()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("flags"):
                    flags.update(line.split(":", 1)[1].split())
                    break
    except OSError:
        return []
    targets = []
    if {"avx512_vnni", "avx512bw", "avx512vl"} <= flags:
        targets.append("x86-avx512vnni")
    if "avx_vnni" in flags:
        targets.append("x86-avxvnni")
    return targets


def run(mode, model, entry, inputs, outputs, samples, target=None, threads=None):
    cmd = ["quant-run", mode, model]
    if target:
        cmd += ["--target", target]
    if threads:
        cmd += ["--threads", str(threads)]
    if entry:
        cmd += ["--entry", entry]
    if samples:
        cmd.append("--samples")
    for path in inputs:
        cmd += ["--input", path]
    for path in outputs:
        cmd += ["--output", path]
    subprocess.run(cmd, check=True)


def compile_library(model, entry, target, path):
    cmd = ["quant-compile", model, "-o", path, "--target", target]
    if entry:
        cmd += ["--entry", entry]
    subprocess.run(cmd, check=True)


def compare(name, ref, got, rtol):
    if ref.dtype != got.dtype or ref.shape != got.shape:
        return f"{name}: {got.dtype}{got.shape} != {ref.dtype}{ref.shape}"
    if rtol is None or ref.dtype.kind != "f":
        if ref.tobytes() == got.tobytes():
            return None
        diff = np.flatnonzero(ref.reshape(-1).view(np.uint8 if ref.itemsize == 1 else
                                                   np.dtype(f"u{ref.itemsize}"))
                              != got.reshape(-1).view(np.uint8 if got.itemsize == 1 else
                                                      np.dtype(f"u{got.itemsize}")))
        i = diff[0]
        return (f"{name}: {diff.size} of {ref.size} elements differ, first at "
                f"{np.unravel_index(i, ref.shape)}: {got.reshape(-1)[i]!r} != "
                f"{ref.reshape(-1)[i]!r}")
    a, b = ref.astype(np.float64), got.astype(np.float64)
    finite = np.isfinite(a) & np.isfinite(b)
    same_special = (~finite) & ((a == b) | (np.isnan(a) & np.isnan(b)))
    if not np.all(finite | same_special):
        return f"{name}: non-finite values differ"
    err = np.abs(a - b)
    bound = rtol * np.maximum(np.maximum(np.abs(a), np.abs(b)), 1e-30)
    bad = finite & (err > bound)
    if np.any(bad):
        return (f"{name}: {int(bad.sum())} elements beyond rtol {rtol}, max "
                f"relative error {float(np.max(err[finite] / bound[finite]) * rtol):.3g}")
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model")
    parser.add_argument("--entry")
    parser.add_argument("--samples", action="store_true")
    parser.add_argument("--rtol", type=float)
    parser.add_argument("--outputs", type=int, default=1)
    parser.add_argument("--input", dest="inputs", action="append", default=[])
    args = parser.parse_args()

    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        def outs(tag):
            return [os.path.join(tmp, f"{tag}{i}.npy") for i in range(args.outputs)]

        ref = outs("interpret")
        run("--interpret", args.model, args.entry, args.inputs, ref, args.samples)
        for target in ["generic", "host"] + x86_targets():
            got = outs(target)
            run("--run", args.model, args.entry, args.inputs, got, args.samples,
                target)
            library = os.path.join(tmp, f"{target}.so")
            compile_library(args.model, args.entry, target, library)
            got_library = outs(f"{target}-so")
            # The library on two threads (the JIT on one): results must not
            # depend on the thread count.
            run("--run", library, None, args.inputs, got_library, args.samples,
                threads=2)
            for kind, results in ((target, got),
                                  (f"{target} .so, 2 threads", got_library)):
                for i, (r, g) in enumerate(zip(ref, results)):
                    name = f"{args.entry or 'main'} output {i} ({kind})"
                    error = compare(name, np.load(r), np.load(g), args.rtol)
                    print(error or f"{name}: {'bit-identical' if args.rtol is None else 'within rtol'}")
                    failures += error is not None
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
