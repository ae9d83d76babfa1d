#!/usr/bin/env python3
"""Our INT8 and FP32 kernels against oneDNN, one op at a time (issue 11).

    /usr/bin/python3 benchmarks/kernels.py --build build [--tools DIR]
        [--repeats 50] [--warmup 5] [--check] [--smoke] [--keep DIR]
        [--io-layout nhwc|nchw]

For each shape (batch 1): matmul 256^3 and 1024^3 (M = N = K); conv 3x3
64 -> 64 at 56x56, pad 1; conv 1x1 1024 -> 256 at 14x14; depthwise 3x3,
144 channels at 56x56, pad 1; first layer 7x7 stride 2 pad 3, 3 -> 64 at
224x224. This script

  1. writes the shape as a one-op module in the qnn dialect, twice: INT8
     (u8 activations, zero point 128; s8 weights per output channel in
     [-127, 127] and an i32 bias, both constants; u8 output, zero point
     128, requantized with M[c] = (s_x * s_w[c]) * (1 / s_y)) and FP32
     (the same op in f32), with random data from a fixed seed;
  2. compiles both with `quant-compile --target host --io-layout nhwc`
     (weight packing happens here, untimed; images in and out as NHWC,
     the layout our kernels compute in, as oneDNN is handed its preferred
     layout with the reorders untimed; --io-layout nchw times the model
     interface's transposes too) and runs the INT8 module with `quant-run
     --interpret` on the input (the oracle, NCHW: the driver transposes);
  3. runs the driver `qnn-kernels-bench` (benchmarks/kernels/, built by
     `ninja qnn-kernels-bench` when libdnnl-dev is installed), ONE process
     that checks our INT8 library's output equals the interpreter's byte
     for byte, builds the oneDNN primitives (u8 x s8 -> u8 with the same
     per-channel scales and zero points, and f32; `format_tag::any`,
     reorders untimed, one OpenMP thread), measures the `vpdpbusd` peak
     (1 and 2 threads) and times every kernel: median of --repeats runs
     after --warmup, the variants of a shape interleaved run by run so
     that load from other processes hits them alike; the 3x3 conv's
     2-thread speed-up in the steady state, as the loop's (rounds
     alternating bursts of 10 runs on 1 and on 2 threads);
  4. prints GOPS (2 ops per multiply-add) per shape, the ratios, and the
     targets of issue 11, each MET or MISSED.

Exit status 0 unless the correctness guard fails or, with --check, a
target is missed. --smoke runs one small conv (3x3, 16 -> 32 at 14x14)
with 3 repeats and a short peak loop: a test that the benchmark still
works, not a measurement. --tools takes quant-compile and quant-run from
another build directory than the driver (default: --build's bin/).
"""

import argparse
import math
import os
import subprocess
import sys
import tempfile

import numpy as np

# Activation scales and zero points of every INT8 module (u8, centred).
X_SCALE, X_ZERO_POINT = 0.02, 128
Y_ZERO_POINT = 128


class Shape:
    """A matmul [m, k] x [k, n] or a conv NCHW (batch 1)."""

    def __init__(self, name, kind, **dims):
        self.name, self.kind = name, kind
        self.__dict__.update(dims)
        if kind == "conv":
            self.oh = (self.h + 2 * self.pad - self.kh) // self.stride + 1
            self.ow = (self.w + 2 * self.pad - self.kw) // self.stride + 1

    def macs(self):
        if self.kind == "matmul":
            return self.m * self.n * self.k
        return (self.oh * self.ow * self.f * self.kh * self.kw * self.c //
                self.groups)

    def reduction(self):
        """Products summed per output element."""
        if self.kind == "matmul":
            return self.k
        return self.kh * self.kw * self.c // self.groups

    def is_depthwise(self):
        return self.kind == "conv" and self.groups > 1


SHAPES = [
    Shape("matmul 256^3", "matmul", m=256, n=256, k=256),
    Shape("matmul 1024^3", "matmul", m=1024, n=1024, k=1024),
    Shape("conv 3x3 64->64 56x56", "conv", c=64, h=56, w=56, f=64, kh=3,
          kw=3, stride=1, pad=1, groups=1),
    Shape("conv 1x1 1024->256 14x14", "conv", c=1024, h=14, w=14, f=256,
          kh=1, kw=1, stride=1, pad=0, groups=1),
    Shape("depthwise 3x3 144 56x56", "conv", c=144, h=56, w=56, f=144, kh=3,
          kw=3, stride=1, pad=1, groups=144),
    Shape("conv 7x7/2 3->64 224x224", "conv", c=3, h=224, w=224, f=64, kh=7,
          kw=7, stride=2, pad=3, groups=1),
]
SMOKE_SHAPES = [
    Shape("conv 3x3 16->32 14x14", "conv", c=16, h=14, w=14, f=32, kh=3,
          kw=3, stride=1, pad=1, groups=1),
]
# The shape whose 2-thread speed-up is compared with the vpdpbusd loop's.
THREADS_SHAPE = "conv 3x3"


def run(cmd, **kwargs):
    proc = subprocess.run([str(c) for c in cmd], capture_output=True,
                          text=True, **kwargs)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(map(str, cmd))} failed "
                 f"({proc.returncode}):\n{proc.stdout}{proc.stderr}")
    return proc.stdout


def hex_dense(array, mlir_type):
    """A dense constant holding `array`'s bytes (little endian)."""
    return f'dense<"0x{array.tobytes().hex().upper()}"> : {mlir_type}'


def tensor(shape, element):
    return f"tensor<{'x'.join(map(str, shape))}x{element}>"


class Data:
    """The random operands of one shape, shared by our modules and oneDNN."""

    def __init__(self, shape, rng):
        s = shape
        if s.kind == "matmul":
            self.x_shape, self.y_shape = [s.m, s.k], [s.m, s.n]
            self.w_shape, channels = [s.k, s.n], s.n
        else:
            self.x_shape = [1, s.c, s.h, s.w]
            self.y_shape = [1, s.f, s.oh, s.ow]
            self.w_shape, channels = [s.f, s.c // s.groups, s.kh, s.kw], s.f
        self.x_u8 = rng.integers(0, 256, self.x_shape).astype(np.uint8)
        self.w_s8 = rng.integers(-127, 128, self.w_shape).astype(np.int8)
        # Scales exactly representable in f32, so that the module's f64
        # text and the f32 oneDNN sees are the same numbers.
        self.w_scale = rng.uniform(0.002, 0.02, channels).astype(np.float32)
        # Output scale: +-3 standard deviations of the result fill u8.
        # (q_x - z_x) and q_w are about uniform, std 74 and 73.
        std = math.sqrt(s.reduction()) * 74 * 73 * X_SCALE * float(
            np.mean(self.w_scale))
        self.y_scale = float(np.float32(6 * std / 255))
        # A bias of the size of one standard deviation of the accumulator
        # (qnn.matmul has none).
        acc_std = int(math.sqrt(s.reduction()) * 74 * 73)
        self.bias_s32 = (None if s.kind == "matmul" else rng.integers(
            -acc_std, acc_std + 1, channels).astype(np.int32))
        # M[c] = (f32(s_x) * f32(s_w[c])) * (1 / f32(s_y)): computeMultiplier.
        f32 = np.float32
        self.multiplier = ((f32(X_SCALE) * self.w_scale) *
                           (f32(1) / f32(self.y_scale))).astype(np.float32)
        # FP32: the dequantized values, so both precisions compute alike.
        self.x_f32 = ((self.x_u8.astype(np.float32) - X_ZERO_POINT) *
                      f32(X_SCALE)).astype(np.float32)
        axis = 1 if s.kind == "matmul" else 0
        scale = self.w_scale.reshape([-1 if i == axis else 1
                                      for i in range(len(self.w_shape))])
        self.w_f32 = (self.w_s8.astype(np.float32) * scale).astype(np.float32)
        self.bias_f32 = (None if self.bias_s32 is None else
                         (self.bias_s32.astype(np.float32) * f32(X_SCALE) *
                          self.w_scale).astype(np.float32))


def int8_module(s, d):
    scales = ", ".join(repr(float(v)) for v in d.w_scale)
    axis = 1 if s.kind == "matmul" else 0
    lines = [
        f"!x = !quant.uniform<u8:f32, {X_SCALE!r}:{X_ZERO_POINT}>",
        f"!w = !quant.uniform<i8<-127:127>:f32:{axis}, {{{scales}}}>",
        f"!y = !quant.uniform<u8:f32, {d.y_scale!r}:{Y_ZERO_POINT}>",
    ]
    x_t, w_t, y_t = (tensor(d.x_shape, "!x"), tensor(d.w_shape, "!w"),
                     tensor(d.y_shape, "!y"))
    w_i8 = tensor(d.w_shape, "i8")
    body = [
        f"  %wc = arith.constant {hex_dense(d.w_s8, w_i8)}",
        f"  %w = quant.scast %wc : {w_i8} to {w_t}",
    ]
    if s.kind == "matmul":
        body.append(f"  %y = qnn.matmul %x, %w : ({x_t}, {w_t}) -> {y_t}")
    else:
        bias_scales = ", ".join(
            repr(float(X_SCALE) * float(v)) for v in d.w_scale)
        lines.append(f"!b = !quant.uniform<i32:f32:0, {{{bias_scales}}}>")
        b_i32, b_t = tensor([s.f], "i32"), tensor([s.f], "!b")
        body += [
            f"  %bc = arith.constant {hex_dense(d.bias_s32, b_i32)}",
            f"  %b = quant.scast %bc : {b_i32} to {b_t}",
            f"  %y = qnn.conv2d %x, %w, %b {conv_attrs(s)}",
            f"       : ({x_t}, {w_t}, {b_t}) -> {y_t}",
        ]
    return "\n".join(lines + [
        f"func.func @main(%x: {x_t}) -> {y_t} {{", *body,
        f"  return %y : {y_t}", "}", ""
    ])


def fp32_module(s, d):
    x_t, w_t, y_t = (tensor(d.x_shape, "f32"), tensor(d.w_shape, "f32"),
                     tensor(d.y_shape, "f32"))
    body = [f"  %w = arith.constant {hex_dense(d.w_f32, w_t)}"]
    if s.kind == "matmul":
        body.append(f"  %y = qnn.matmul %x, %w : ({x_t}, {w_t}) -> {y_t}")
    else:
        b_t = tensor([s.f], "f32")
        body += [
            f"  %b = arith.constant {hex_dense(d.bias_f32, b_t)}",
            f"  %y = qnn.conv2d %x, %w, %b {conv_attrs(s)}",
            f"       : ({x_t}, {w_t}, {b_t}) -> {y_t}",
        ]
    return "\n".join([
        f"func.func @main(%x: {x_t}) -> {y_t} {{", *body,
        f"  return %y : {y_t}", "}", ""
    ])


def conv_attrs(s):
    p = s.pad
    return (f"{{strides = array<i64: {s.stride}, {s.stride}>, "
            f"padding = array<i64: {p}, {p}, {p}, {p}>, "
            f"groups = {s.groups} : i64}}")


def prepare(s, index, workdir, tools, rng, io_layout):
    """Writes, compiles and interprets shape `s`; returns the case file."""
    d = Data(s, rng)
    case_dir = os.path.join(workdir, f"case{index}")
    os.makedirs(case_dir, exist_ok=True)
    path = lambda name: os.path.join(case_dir, name)
    for precision, text in (("int8", int8_module(s, d)),
                            ("fp32", fp32_module(s, d))):
        with open(path(f"{precision}.mlir"), "w") as f:
            f.write(text)
        run([os.path.join(tools, "quant-compile"), path(f"{precision}.mlir"),
             "--target", "host", "--io-layout", io_layout,
             "-o", path(f"{precision}.so")])
    np.save(path("x.npy"), d.x_u8)
    run([os.path.join(tools, "quant-run"), "--interpret", path("int8.mlir"),
         "--input", path("x.npy"), "--output", path("expect.npy")])
    expect = np.load(path("expect.npy"))
    if expect.dtype != np.uint8 or list(expect.shape) != d.y_shape:
        sys.exit(f"{s.name}: the interpreter wrote {expect.dtype} "
                 f"{list(expect.shape)}, expected uint8 {d.y_shape}")
    files = {
        "x_u8": d.x_u8, "x_f32": d.x_f32, "w_s8": d.w_s8, "w_f32": d.w_f32,
        "multiplier_f32": d.multiplier, "expect_u8": expect
    }
    if d.bias_s32 is not None:
        files.update(bias_s32=d.bias_s32, bias_f32=d.bias_f32)
    for name, array in files.items():
        np.ascontiguousarray(array).tofile(path(f"{name}.bin"))
    with open(path("case.txt"), "w") as f:
        f.write(f"name {s.name}\nkind {s.kind}\n")
        keys = (["m", "n", "k"] if s.kind == "matmul" else
                ["c", "h", "w", "f", "kh", "kw", "stride", "pad", "groups",
                 "oh", "ow"])
        for key in keys:
            f.write(f"{key} {getattr(s, key)}\n")
        f.write(f"x_zero_point {X_ZERO_POINT}\ny_zero_point {Y_ZERO_POINT}\n"
                f"bias {int(d.bias_s32 is not None)}\n")
        f.write(f"threads2 {int(s.name.startswith(THREADS_SHAPE))}\n")
    return case_dir


def parse(output):
    """The driver's `key value...` lines: {(key, case): [values]}."""
    results = {}
    for line in output.splitlines():
        fields = line.split("\t")
        if len(fields) >= 3:
            results[(fields[0], fields[1])] = fields[2:]
    return results


def gops(s, ms):
    return 2 * s.macs() / (ms * 1e-3) / 1e9


def report(shapes, results, load):
    """Prints the table and the targets; returns the names of those missed.
    `load`: the highest 1-minute load average seen around the run."""
    peak1, peak2 = (float(results[("peak", n)][0])
                    if ("peak", n) in results else None for n in "12")
    if peak1:
        print(f"\nvpdpbusd peak: {peak1:.1f} GOPS on 1 thread, {peak2:.1f} "
              f"on 2 ({peak2 / peak1:.2f}x)\n")
    else:
        print("\nno AVX-512 VNNI on this CPU: no vpdpbusd peak\n")
    print("| shape | GMAC | ours INT8 GOPS | oneDNN INT8 GOPS | ratio | "
          "of VNNI peak | ours FP32 GOPS | oneDNN FP32 GOPS | ratio | "
          "ours INT8/FP32 | INT8 max abs diff to oneDNN |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    ms = lambda variant, s: float(results[(variant, s.name)][0])
    int8_ratios, fp32_ratios, speedups, threads = [], [], [], None
    for s in shapes:
        ours8, dnnl8 = gops(s, ms("ours_int8", s)), gops(s, ms("onednn_int8", s))
        ours32 = gops(s, ms("ours_fp32", s))
        dnnl32 = gops(s, ms("onednn_fp32", s))
        diff = results[("int8_max_abs_diff", s.name)][0]
        int8_ratios.append((s, ours8 / dnnl8))
        fp32_ratios.append((s, ours32 / dnnl32))
        if not s.is_depthwise():
            speedups.append((s, ours8 / ours32))
        print(f"| {s.name} | {s.macs() / 1e9:.3f} | {ours8:.1f} | "
              f"{dnnl8:.1f} | {ours8 / dnnl8:.2f}x | "
              f"{f'{ours8 / peak1:.1%}' if peak1 else 'n/a'} | "
              f"{ours32:.1f} | {dnnl32:.1f} | {ours32 / dnnl32:.2f}x | "
              f"{ours8 / ours32:.2f}x | {diff} |")
        if ("ours_int8_2threads", s.name) in results:
            threads = (s, ms("ours_int8_1thread_burst", s) /
                       ms("ours_int8_2threads", s))
    geomean = math.exp(
        sum(math.log(r) for _, r in int8_ratios) / len(int8_ratios))
    print(f"\ngeometric mean of the INT8 ratios to oneDNN: {geomean:.2f}x\n")

    def names(pairs, bound):
        return ", ".join(f"{s.name} {r:.2f}x" for s, r in pairs if r < bound)

    targets = [
        ("INT8 geometric mean >= 0.95x oneDNN INT8", geomean >= 0.95,
         f"{geomean:.2f}x"),
        ("no INT8 shape below 0.7x oneDNN INT8",
         all(r >= 0.7 for _, r in int8_ratios),
         names(int8_ratios, 0.7) or "none below"),
        ("our FP32 >= 0.7x oneDNN FP32", all(r >= 0.7 for _, r in fp32_ratios),
         names(fp32_ratios, 0.7) or "none below"),
        ("our INT8 >= 3x our FP32 (GEMM and conv, not depthwise)",
         all(r >= 3 for _, r in speedups), names(speedups, 3) or "all above"),
    ]
    if not peak1:
        targets.append(("2 threads vs the vpdpbusd loop", False,
                        "no AVX-512 VNNI, not measured"))
    elif threads:
        s, speedup = threads
        bound = 0.85 * peak2 / peak1
        targets.append(
            (f"2 threads on {s.name} >= 0.85x the vpdpbusd loop's "
             f"2/1-thread ratio ({peak2 / peak1:.2f}x)", speedup >= bound,
             f"{speedup:.2f}x, needs {bound:.2f}x" +
             (f" (load average {load:.2f}: other processes shared the cores, "
              f"so neither 2-thread number means much)" if load >= 0.5 else
              "")))
    missed = []
    for name, met, detail in targets:
        print(f"{'MET' if met else 'MISSED'}: {name}: {detail}")
        if not met:
            missed.append(name)
    return missed


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--build", default="build")
    parser.add_argument("--tools", help="directory of quant-compile and "
                        "quant-run (default: BUILD/bin)")
    parser.add_argument("--repeats", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--peak-seconds", type=float, default=1.0)
    parser.add_argument("--check", action="store_true",
                        help="exit 1 when a target is missed")
    parser.add_argument("--smoke", action="store_true",
                        help="one small shape, 3 repeats: a test, not a "
                        "measurement")
    parser.add_argument("--io-layout", choices=["nhwc", "nchw"],
                        default="nhwc", help="the images' layout at our "
                        "libraries' interface (default nhwc)")
    parser.add_argument("--keep", help="write the modules and data here "
                        "(default: a temporary directory)")
    args = parser.parse_args()

    driver = os.path.join(args.build, "bin", "qnn-kernels-bench")
    if not os.access(driver, os.X_OK):
        sys.exit(f"{driver} is missing: install libdnnl-dev (scripts/deps), "
                 f"reconfigure and `ninja -C {args.build} qnn-kernels-bench`")
    tools = args.tools or os.path.join(args.build, "bin")
    shapes = SMOKE_SHAPES if args.smoke else SHAPES
    repeats, warmup, peak_seconds = ((3, 1, 0.05) if args.smoke else
                                     (args.repeats, args.warmup,
                                      args.peak_seconds))

    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.keep or tmp
        rng = np.random.default_rng(0)
        cases = []
        for i, s in enumerate(shapes):
            print(f"compiling and interpreting {s.name} ...", flush=True)
            cases.append(prepare(s, i, workdir, tools, rng, args.io_layout))
        # oneDNN's OpenMP runtime reads this when it starts; the driver
        # also calls omp_set_num_threads(1).
        env = dict(os.environ, OMP_NUM_THREADS="1")
        cmd = [driver, "--repeats", repeats, "--warmup", warmup,
               "--peak-seconds", peak_seconds, *cases]
        load = os.getloadavg()[0]
        print(f"running {os.path.basename(driver)} (load average "
              f"{load:.2f}) ...", flush=True)
        output = run(cmd, env=env)
        print(f"load average after the run: {os.getloadavg()[0]:.2f}")
        load = max(load, os.getloadavg()[0])
    print(output, end="")
    results = parse(output)
    failed = [s.name for s in shapes
              if results.get(("guard", s.name)) != ["bit-identical"]]
    failed += [f"{s.name} (2 threads)" for s in shapes
               if results.get(("threads_equal", s.name), ["yes"]) != ["yes"]]
    if failed:
        sys.exit(f"our INT8 output differs from quant-run --interpret on: "
                 f"{', '.join(failed)}")
    missed = report(shapes, results, load)
    if args.check and missed:
        sys.exit(f"{len(missed)} target(s) missed")


if __name__ == "__main__":
    main()
