"""One-op modules cut out of a qnn model, for a per-layer latency profile.

The compiled model runtime has no per-layer timer, so benchmarks/models.py
profiles a model by compiling every op of its entry function alone: a
module whose function takes the op's non-constant operands as arguments,
holds copies of the constants the op reads (weights, biases, through
`quant.scast`), and returns the op's result. Each such module is compiled by
`quant-compile` like the whole model and timed through its C ABI.

What this measures is each op's kernel on its real shapes, weights and
quantization parameters, plus what a model boundary adds: the op's
activations arrive and leave in the model's layout (NCHW), so a conv that
runs NHWC inside the model also pays a transpose of its input and output
here. Caches differ too: timed alone, an op runs again and again on the same
weights and activations, which stay in cache, where the whole model streams
every layer's weights through. So the sum over the ops is not the model's
latency; models.py prints both, and reads the profile as each op's share.

Works on the textual form `quant-opt` prints (one op a line, constants as
`arith.constant`, blobs in the `dialect_resources` section).
"""

import re
from dataclasses import dataclass, field

import numpy as np

_DEF = re.compile(r"^\s*(%[\w$.-]+) = ([\w.]+)\b(.*)$")
_VALUE = re.compile(r"%[\w$.-]+")
_LOC_TAIL = re.compile(r"\s+loc\((#?[\w]+|\"[^\"]*\")\)\s*$")
_LOC_ALIAS = re.compile(r"^(#loc\d*) = loc\((.*)\)\s*$")
_RESOURCE = re.compile(r'dense_resource<"?([^">]+)"?>')
_CONSTANT_OPS = ("arith.constant", "quant.scast")


@dataclass
class Op:
    result: str
    name: str  # qnn.conv2d ...
    line: str  # the op's line as printed
    operands: list  # SSA names, in order
    operand_types: list
    result_type: str
    location: str = ""  # the ONNX node name, when the import recorded one


@dataclass
class Model:
    prefix: list  # lines before `module {`
    suffix: list  # lines after the module, without the resources
    resources: dict  # blob key -> its line in dialect_resources.builtin
    definitions: dict  # SSA name -> Op or constant line
    ops: list = field(default_factory=list)  # compute ops, in order
    skipped: list = field(default_factory=list)  # (line, why)


def split_top_level(text, sep=","):
    """`text` split at `sep` where no bracket is open ("->" is no bracket)."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(text):
        if text.startswith("->", i):
            i += 2
            continue
        c = text[i]
        if c in "(<[{":
            depth += 1
        elif c in ")>]}":
            depth -= 1
        elif depth == 0 and text.startswith(sep, i):
            parts.append(text[start:i])
            start = i + len(sep)
            i += len(sep)
            continue
        i += 1
    parts.append(text[start:])
    return parts


def _signature(rest):
    """(operand text, operand types, result type) of an op's text after its
    name; None when the types are not in the `: (T...) -> R` or `: T -> R`
    or `: T` form."""
    rest = _LOC_TAIL.sub("", rest)
    parts = split_top_level(rest, " : ")
    if len(parts) != 2:
        return None
    operands, types = parts
    arrow = split_top_level(types, " -> ")
    if len(arrow) == 1:  # same type for operands and result
        return operands, None, types.strip()
    if len(arrow) != 2:
        return None
    inputs = arrow[0].strip()
    if inputs.startswith("(") and inputs.endswith(")"):
        inputs = inputs[1:-1]
    return (operands, [t.strip() for t in split_top_level(inputs)],
            arrow[1].strip())


def _location_names(lines):
    """A function from a location (alias or inline) to the ONNX node names
    it holds, joined by "+" (a fused op's locations name every node)."""
    aliases = {}
    for line in lines:
        m = _LOC_ALIAS.match(line)
        if m:
            aliases[m.group(1)] = m.group(2)

    def names(ref, depth=0):
        body = aliases.get(ref, ref) if ref.startswith("#") else ref
        if depth > 16 or re.match(r'^"[^"]*":\d+:\d+$', body):
            return []  # a file location: no node
        if body.startswith("fused"):
            return [n for r in re.findall(r"#loc\d*", body)
                    for n in names(r, depth + 1)]
        m = re.match(r'^"([^"]*)"(?:\((#loc\d*)\))?$', body)
        if not m:
            return []
        inner = names(m.group(2), depth + 1) if m.group(2) else []
        return inner or [m.group(1)]

    return lambda ref: "+".join(dict.fromkeys(names(ref)))


def parse(text):
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines)
                 if line.startswith("module") and line.endswith("{"))
    end = next(i for i, line in enumerate(lines)
               if i > start and re.match(r"^\}( loc\(.*\))?$", line))
    body = lines[start + 1:end]
    after = lines[end + 1:]
    resources, suffix, in_resources = {}, [], False
    for line in after:
        if line.startswith("{-#"):
            in_resources = True
        if not in_resources:
            suffix.append(line)
            continue
        m = re.match(r'^\s+(?:"([^"]+)"|([\w.$-]+)): "0x', line)
        if m:
            resources[m.group(1) or m.group(2)] = line.rstrip(",")
        if line.startswith("#-}"):
            in_resources = False
    location = _location_names(lines[:start] + suffix)
    model = Model(lines[:start], suffix, resources, {})
    funcs = [line for line in body if line.lstrip().startswith("func.func")]
    if len(funcs) != 1:
        model.skipped.append(("module", f"{len(funcs)} functions"))
        return model
    for line in body:
        m = _DEF.match(line)
        if not m:
            stripped = line.strip()
            if stripped and not stripped.startswith(("func.func", "return",
                                                     "}")):
                model.skipped.append((stripped[:80], "not a one-result op"))
            continue
        result, name, rest = m.groups()
        if name in _CONSTANT_OPS:
            model.definitions[result] = line
            continue
        sig = _signature(rest)
        if sig is None or line.rstrip().endswith("{"):
            model.skipped.append((line.strip()[:80], "unparsed types"))
            continue
        operand_text, operand_types, result_type = sig
        operands = _VALUE.findall(operand_text)
        if operand_types is None:
            operand_types = [result_type] * len(operands)
        if len(operand_types) != len(operands):
            model.skipped.append((line.strip()[:80], "operand count"))
            continue
        loc = re.search(r"loc\((#loc\d*|\"[^\"]*\")\)\s*$", line)
        op = Op(result, name, line, operands, operand_types, result_type,
                location(loc.group(1)) if loc else "")
        model.definitions[result] = op
        model.ops.append(op)
    return model


def _constant_lines(model, value, out, seen):
    """The constant lines `value` is computed from, definitions first."""
    line = model.definitions.get(value)
    if not isinstance(line, str) or value in seen:
        return
    seen.add(value)
    for used in _VALUE.findall(_LOC_TAIL.sub("", line.split(" = ", 1)[1])):
        _constant_lines(model, used, out, seen)
    out.append(line)


def is_constant(model, value):
    return isinstance(model.definitions.get(value), str)


def one_op_module(model, op):
    """(module text, argument types): `op` alone, its constants copied."""
    args, constants, seen = {}, [], set()
    for value, type_ in zip(op.operands, op.operand_types):
        if is_constant(model, value):
            _constant_lines(model, value, constants, seen)
        elif value not in args:
            args[value] = type_
    renamed = {value: f"%arg{i}" for i, value in enumerate(args)}
    line = _VALUE.sub(lambda m: renamed.get(m.group(0), m.group(0)), op.line)
    signature = ", ".join(f"{renamed[v]}: {t}" for v, t in args.items())
    blobs = {key for c in constants for key in _RESOURCE.findall(c)}
    text = model.prefix + [
        "module {",
        f"  func.func @main({signature}) -> {op.result_type} {{",
        *constants,
        line,
        f"    return {op.result} : {op.result_type}",
        "  }",
        "}",
    ] + model.suffix
    if blobs:
        entries = [model.resources[k] for k in sorted(blobs)]
        text += ["{-#", "  dialect_resources: {", "    builtin: {",
                 ",\n".join(entries), "    }", "  }", "#-}"]
    return "\n".join(text) + "\n", list(args.values())


_STORAGE = {"u8": np.uint8, "i8": np.int8, "i16": np.int16, "u16": np.uint16,
            "i32": np.int32, "f32": np.float32, "i64": np.int64,
            "i1": np.bool_}


def random_input(type_, rng):
    """Random data of tensor type `type_` (quantized: its storage type)."""
    m = re.match(r"tensor<((?:\d+x)*)(.*)>$", type_.strip())
    if not m:
        raise ValueError(f"not a ranked tensor type: {type_}")
    shape = [int(d) for d in m.group(1).split("x") if d]
    element = m.group(2)
    q = re.match(r"!quant.uniform<(\w+)", element)
    storage = re.match(r"[a-z]+\d+", q.group(1)).group(0) if q else element
    dtype = _STORAGE.get(storage)
    if dtype is None:
        raise ValueError(f"no .npy type for {element}")
    if dtype == np.float32:
        return rng.standard_normal(shape).astype(np.float32)
    if dtype == np.bool_:
        return rng.integers(0, 2, shape).astype(np.bool_)
    info = np.iinfo(dtype)
    return rng.integers(max(info.min, -128), min(info.max, 255) + 1,
                        shape).astype(dtype)
