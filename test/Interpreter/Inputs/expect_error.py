#!/usr/bin/env python3
"""Runs a command that must fail cleanly, and prints its error line.

    expect_error.py COMMAND [ARGS ...]

Passes (exit 0, stderr echoed to stdout for FileCheck) when the command
exits with code 1 and writes exactly one line, starting with "error: ", to
stderr; fails otherwise (a crash, another exit code, a multi-line message).
"""

import subprocess
import sys


def main(argv):
    proc = subprocess.run(argv, capture_output=True, text=True)
    lines = proc.stderr.splitlines()
    sys.stdout.write(proc.stderr)
    if proc.returncode != 1:
        print(f"expected exit code 1, got {proc.returncode}")
        return 1
    if len(lines) != 1 or not lines[0].startswith("error: "):
        print(f"expected one 'error: ' line on stderr, got {len(lines)} lines")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
