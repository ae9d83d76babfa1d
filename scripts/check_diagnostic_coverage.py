#!/usr/bin/python3
"""Checks that every diagnostic the qnn dialect emits has a regression test.

Scans the C++ sources (by default lib/Dialect/QNN/IR/*.cpp) for diagnostics:

  * op->emitOpError("msg") / emitOpError() << "msg"
  * emitError(loc, "msg") / emitError() << "msg" / emitError(loc) << "msg"
    (also parser.emitError(loc, "msg"))
  * emitOptionalError(loc, "msg", ...)

and takes the first string literal of each: the first literal argument, or,
when the call has none, the first literal streamed into its result with
`<<`. Adjacent literals ("abc " "def") are joined, escapes decoded.

Each message (trimmed) must occur in at least one `expected-error` line of a
.mlir file under test/ (where it usually follows `'qnn.conv2d' op `). A
first literal of fewer than three words ("axis " << a << " is repeated") is
extended with the literals that follow it, anything allowed in between, so
that it still names one diagnostic.
Prints every uncovered message as file:line and exits 1; prints
"N diagnostics, all covered" otherwise. Finding no diagnostic at all is an
error too, so that a moved source tree cannot make the check pass vacuously.

Usage: check_diagnostic_coverage.py [REPO_ROOT] [--sources GLOB ...]
"""

import argparse
import glob
import os
import re
import sys

DIAGNOSTIC_FUNCTIONS = ("emitOpError", "emitError", "emitOptionalError")
DEFAULT_SOURCES = ["lib/Dialect/QNN/IR/*.cpp"]

SIMPLE_ESCAPES = {
    "n": "\n", "t": "\t", "r": "\r", "0": "\0", "a": "\a", "b": "\b",
    "f": "\f", "v": "\v", "\\": "\\", "'": "'", '"': '"', "?": "?",
}


class Token:
    __slots__ = ("kind", "text", "line")

    def __init__(self, kind, text, line):
        self.kind = kind  # "ident", "string" or "punct"
        self.text = text  # for strings: the decoded value
        self.line = line

    def __repr__(self):
        return f"Token({self.kind}, {self.text!r}, {self.line})"


def decode_escapes(body):
    """Decodes the escapes of a C++ string literal body."""
    out = []
    i = 0
    while i < len(body):
        c = body[i]
        if c != "\\" or i + 1 == len(body):
            out.append(c)
            i += 1
            continue
        e = body[i + 1]
        if e in SIMPLE_ESCAPES and not (e == "0" and i + 2 < len(body)
                                        and body[i + 2] in "01234567"):
            out.append(SIMPLE_ESCAPES[e])
            i += 2
        elif e == "x":
            j = i + 2
            while j < len(body) and body[j] in "0123456789abcdefABCDEF":
                j += 1
            out.append(chr(int(body[i + 2:j] or "0", 16)))
            i = j
        elif e in "01234567":
            j = i + 1
            while j < len(body) and j < i + 4 and body[j] in "01234567":
                j += 1
            out.append(chr(int(body[i + 1:j], 8)))
            i = j
        else:
            out.append(e)
            i += 2
    return "".join(out)


def tokenize(source):
    """Splits C++ source into identifiers, numbers, string literals (decoded)
    and punctuation, dropping comments and character literals."""
    tokens = []
    i, line, n = 0, 1, len(source)
    while i < n:
        c = source[i]
        if c == "\n":
            line += 1
            i += 1
        elif c.isspace():
            i += 1
        elif source.startswith("//", i):
            j = source.find("\n", i)
            i = n if j < 0 else j
        elif source.startswith("/*", i):
            j = source.find("*/", i + 2)
            j = n if j < 0 else j + 2
            line += source.count("\n", i, j)
            i = j
        elif c == '"' or (c in "uUL8R" and _string_prefix(source, i)):
            start_line = line
            prefix_len = _string_prefix(source, i) if c != '"' else 0
            prefix = source[i:i + prefix_len]
            i += prefix_len
            if prefix.endswith("R"):
                # R"delim( ... )delim"
                open_paren = source.find("(", i)
                delim = source[i + 1:open_paren]
                end = source.find(")" + delim + '"', open_paren)
                end = n if end < 0 else end
                value = source[open_paren + 1:end]
                line += source.count("\n", i, end)
                i = end + len(delim) + 2
            else:
                j = i + 1
                while j < n and source[j] != '"':
                    if source[j] == "\\":
                        j += 1
                    elif source[j] == "\n":  # unterminated; stop at the line
                        break
                    j += 1
                value = decode_escapes(source[i + 1:j])
                i = j + 1
            tokens.append(Token("string", value, start_line))
        elif c == "'":
            j = i + 1
            while j < n and source[j] != "'":
                if source[j] == "\\":
                    j += 1
                elif source[j] == "\n":
                    break
                j += 1
            i = j + 1
        elif c.isalpha() or c == "_":
            j = i + 1
            while j < n and (source[j].isalnum() or source[j] == "_"):
                j += 1
            tokens.append(Token("ident", source[i:j], line))
            i = j
        elif c.isdigit():
            j = i + 1
            while j < n and (source[j].isalnum() or source[j] in "._'"):
                j += 1
            tokens.append(Token("number", source[i:j], line))
            i = j
        elif source.startswith("<<", i) or source.startswith("::", i) or \
                source.startswith("->", i):
            tokens.append(Token("punct", source[i:i + 2], line))
            i += 2
        else:
            tokens.append(Token("punct", c, line))
            i += 1
    return tokens


def _string_prefix(source, i):
    """Length of a string-literal prefix (u8, u, U, L, R, u8R, ...) at i
    that is followed by a quote, else 0."""
    for prefix in ("u8R", "uR", "UR", "LR", "u8", "R", "u", "U", "L"):
        if source.startswith(prefix + '"', i):
            if i > 0 and (source[i - 1].isalnum() or source[i - 1] == "_"):
                return 0
            return len(prefix)
    return 0


def _joined_string(tokens, k):
    """The value of the adjacent string literals starting at tokens[k]."""
    parts = []
    while k < len(tokens) and tokens[k].kind == "string":
        parts.append(tokens[k].text)
        k += 1
    return "".join(parts)


def _skip_operand(tokens, p):
    """Index just past the expression starting at tokens[p], which ends at a
    `<<`, `,` or `;` outside brackets, or at an unmatched closing bracket."""
    depth = 0
    while p < len(tokens):
        t = tokens[p].text
        if tokens[p].kind == "punct":
            if t in "([{":
                depth += 1
            elif t in ")]}":
                if depth == 0:
                    return p
                depth -= 1
            elif depth == 0 and t in ("<<", ",", ";"):
                return p
        p += 1
    return p


def _streamed_literals(tokens, p):
    """The literals streamed by a `<< a << "b" << c` chain at tokens[p], with
    None standing for each non-literal operand."""
    parts = []
    while p < len(tokens) and tokens[p].text == "<<":
        p += 1
        if p < len(tokens) and tokens[p].kind == "string":
            q = p
            while q < len(tokens) and tokens[q].kind == "string":
                q += 1
            end = _skip_operand(tokens, q)
            if end == q:  # the operand is just the literal(s)
                parts.append(_joined_string(tokens, p))
                p = q
                continue
        parts.append(None)
        p = _skip_operand(tokens, p)
    return parts


def find_diagnostics(path):
    """Yields (line, fragments, function) for each diagnostic call: fragments
    lists the message's literal pieces, the first being the first string
    literal of the call, and None for each non-literal piece; it is empty
    when the call has no literal message."""
    with open(path, encoding="utf-8") as f:
        tokens = tokenize(f.read())
    for k, tok in enumerate(tokens):
        if tok.kind != "ident" or tok.text not in DIAGNOSTIC_FUNCTIONS:
            continue
        if k + 1 >= len(tokens) or tokens[k + 1].text != "(":
            continue  # a declaration or a parameter named emitError
        if k > 0 and tokens[k - 1].kind == "ident" and \
                tokens[k - 1].text != "return":
            continue  # `InFlightDiagnostic emitOpError(...)`: a declaration
        # The arguments: the tokens up to the matching ')'. Within them, the
        # message starts at the first literal; later arguments append to it.
        depth, j = 0, k + 1
        fragments = []
        while j < len(tokens):
            t = tokens[j]
            if t.text == "(":
                depth += 1
            elif t.text == ")":
                depth -= 1
                if depth == 0:
                    break
            elif t.kind == "string" and depth == 1:
                if not fragments or fragments[-1] is None or \
                        tokens[j - 1].kind != "string":
                    fragments.append(_joined_string(tokens, j))
            elif fragments and t.text == "," and depth == 1:
                fragments.append(None)
            elif t.kind == "string" and not fragments:
                fragments.append(_joined_string(tokens, j))
            j += 1
        streamed = _streamed_literals(tokens, j + 1)
        if not fragments:
            # emitError() << "msg" ...: the message is the first streamed
            # literal, and only counts when it comes first.
            if streamed and streamed[0] is not None:
                fragments = streamed
        else:
            fragments += [None] + streamed if streamed else []
        yield tok.line, fragments, tok.text


MIN_WORDS = 3


def required_pattern(fragments):
    """The text an expected-error must contain, as (regex, display): the
    first literal, extended with the literals that follow it (anything in
    between) while it has fewer than MIN_WORDS words, so that a message
    starting with a lone word such as "activation " is still pinned down."""
    pieces = [fragments[0].strip()]
    words = len(pieces[0].split())
    for fragment in fragments[1:]:
        if words >= MIN_WORDS:
            break
        if fragment is None or not fragment.strip():
            continue
        pieces.append(fragment.strip())
        words += len(fragment.split())
    regex = ".*".join(re.escape(p) for p in pieces)
    return re.compile(regex), " ... ".join(pieces)


def expected_error_lines(root):
    """The text of every `expected-error` line of a .mlir file under test/."""
    lines = []
    for dirpath, dirnames, filenames in os.walk(os.path.join(root, "test")):
        dirnames.sort()
        for name in sorted(filenames):
            if not name.endswith(".mlir"):
                continue
            with open(os.path.join(dirpath, name), encoding="utf-8",
                      errors="replace") as f:
                for text in f:
                    pos = text.find("expected-error")
                    if pos >= 0:
                        lines.append(text[pos:])
    return lines


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?",
                        default=os.path.dirname(os.path.dirname(
                            os.path.abspath(__file__))),
                        help="repository root (default: this script's repo)")
    parser.add_argument("--sources", nargs="+", default=DEFAULT_SOURCES,
                        metavar="GLOB",
                        help="globs, relative to the root, of the C++ files "
                        "to scan (default: %(default)s)")
    args = parser.parse_args(argv)
    root = os.path.abspath(args.root)

    files = sorted({f for pattern in args.sources
                    for f in glob.glob(os.path.join(root, pattern),
                                       recursive=True)})
    expected = expected_error_lines(root)

    total = 0
    uncovered = []
    unchecked = []
    for path in files:
        rel = os.path.relpath(path, root)
        for line, fragments, function in find_diagnostics(path):
            where = f"{rel}:{line}"
            if not fragments or not fragments[0].strip():
                unchecked.append(f"{where}: {function} without a string "
                                 "literal message")
                continue
            total += 1
            pattern, display = required_pattern(fragments)
            if not any(pattern.search(text) for text in expected):
                uncovered.append(f'{where}: no expected-error covers '
                                 f'"{display}"')

    for note in unchecked:
        print(f"note: {note} (cannot be checked)")
    if total == 0:
        print(f"error: found no diagnostics in {', '.join(args.sources)} "
              f"under {root}; is the root right?")
        return 1
    if uncovered:
        for entry in uncovered:
            print(entry)
        print(f"{total} diagnostics, {len(uncovered)} uncovered: add a "
              "`// -----` case with an expected-error for each to an "
              "invalid.mlir under test/")
        return 1
    print(f"{total} diagnostics, all covered")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
