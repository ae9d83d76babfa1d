#!/usr/bin/env python3
"""Prints the innermost loops of an x86 assembly file (AT&T syntax, as
`quant-compile --emit asm` writes it) that contain a given instruction.

    innermost_loops.py FILE.s MNEMONIC

A loop here is one basic block ending in a conditional jump back to its own
label: nothing branches inside it, so it is an innermost loop. For each such
loop containing MNEMONIC it prints

    innermost loop .LBB0_7: 24 x vpdpbusd (zmm), 35 instructions

(the register class of the instruction's last operand), then the number of
such loops.
"""

import re
import sys


def main():
    path, mnemonic = sys.argv[1], sys.argv[2]
    label, body, found = None, [], 0
    for raw in open(path):
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith("."):
            if re.match(r"^\.LBB\w+:$", line):
                label, body = line[:-1], []
            continue
        if re.match(r"^\w+:$", line):  # any other label ends the block
            label, body = None, []
            continue
        if label is None:
            continue
        body.append(line)
        jump = re.match(r"^j(\w+)\s+(\S+)$", line)
        if not jump:
            continue
        if jump.group(2) == label and jump.group(1) != "mp":
            uses = [b for b in body if b.split()[0] in (mnemonic, "{vex}")
                    and mnemonic in b]
            if uses:
                regs = sorted({re.findall(r"%(\w)mm\d+", b)[-1] + "mm"
                               for b in uses})
                print(f"innermost loop {label}: {len(uses)} x {mnemonic} "
                      f"({', '.join(regs)}), {len(body)} instructions")
                found += 1
        # A jump ends the block: what follows is a new one.
        label, body = None, []
    print(f"{found} innermost loops with {mnemonic}")


if __name__ == "__main__":
    main()
