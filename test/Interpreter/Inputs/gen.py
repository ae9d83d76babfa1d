#!/usr/bin/env python3
"""Writes .npy inputs for the interpreter tests.

    gen.py [--seed N] FILE=EXPR [FILE=EXPR ...]

EXPR is Python over NumPy (`np`) and these helpers, drawing from one
generator seeded with N (default 0), in argument order:
  randn(*shape)                    f32 standard normal
  uniform(lo, hi, shape)           f32 uniform
  randint(lo, hi, shape, dtype)    integers in [lo, hi)
"""

import sys

import numpy as np


def main(argv):
    seed = 0
    if argv[:1] == ["--seed"]:
        seed, argv = int(argv[1]), argv[2:]
    rng = np.random.default_rng(seed)
    env = {
        "np": np,
        "randn": lambda *shape: rng.standard_normal(shape).astype(np.float32),
        "uniform": lambda lo, hi, shape: rng.uniform(lo, hi, shape).astype(np.float32),
        "randint": lambda lo, hi, shape, dtype="int64": rng.integers(
            lo, hi, shape).astype(dtype),
    }
    for arg in argv:
        path, expr = arg.split("=", 1)
        np.save(path, np.asarray(eval(expr, env)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
