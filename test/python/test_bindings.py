"""Tests of the qnn_mlir Python bindings.

Run with PYTHONPATH=build/python_packages /usr/bin/python3 -m pytest test/python
(scripts/check and `ninja check-qnn-python` do).
"""

import re

import pytest

import qnn_mlir

OBSERVED = """
func.func @observed(%x: tensor<1x8xf32>) -> tensor<1x8x!quant.uniform<u8:f32, 0.02:128>> {
  %0 = qnn.observe %x {stats = #qnn.stats<min = -1.0, max = 2.5>} : tensor<1x8xf32>
  %1 = qnn.quantize %0 : tensor<1x8xf32> -> tensor<1x8x!quant.uniform<u8:f32, 0.02:128>>
  return %1 : tensor<1x8x!quant.uniform<u8:f32, 0.02:128>>
}
"""

# `name:line:col: error:` as SourceMgrDiagnosticHandler prints it.
LOCATION = re.compile(r"^(?P<name>[^\s:]+):(?P<line>\d+):(?P<col>\d+): error: ",
                      re.MULTILINE)


def test_version():
    assert re.fullmatch(r"\d+\.\d+\.\d+", qnn_mlir.version())
    assert qnn_mlir.__version__ == qnn_mlir.version()


def test_round_trip():
    printed = qnn_mlir.parse_and_verify(OBSERVED)
    assert "module {" in printed
    assert "qnn.observe %arg0" in printed
    assert "#qnn.stats<min = " in printed
    assert "qnn.quantize" in printed
    assert "!quant.uniform<u8:f32, 2.000000e-02:128>" in printed
    # The printed form is a fixed point: printing what was printed changes
    # nothing.
    assert qnn_mlir.parse_and_verify(printed) == printed


def test_upstream_dialects_are_registered():
    printed = qnn_mlir.parse_and_verify(
        "func.func @f(%a: i32) -> i32 {\n"
        "  %0 = arith.addi %a, %a : i32\n"
        "  return %0 : i32\n"
        "}\n")
    assert "arith.addi" in printed


def test_parse_error_raises_value_error_with_location():
    text = (
        "func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {\n"
        "  %0 = qnn.no_such_op %x : tensor<4xf32>\n"
        "  return %0 : tensor<4xf32>\n"
        "}\n")
    with pytest.raises(ValueError) as info:
        qnn_mlir.parse_and_verify(text)
    message = str(info.value)
    match = LOCATION.search(message)
    assert match, message
    assert match["name"] == "<string>"
    assert (match["line"], match["col"]) == ("2", "8")
    assert "qnn.no_such_op" in message


def test_verifier_error_raises_value_error_with_location():
    text = (
        "func.func @f(%x: tensor<4xf32>) -> tensor<5x!quant.uniform<u8:f32, 0.5>> {\n"
        "  %0 = qnn.quantize %x : tensor<4xf32> -> tensor<5x!quant.uniform<u8:f32, 0.5>>\n"
        "  return %0 : tensor<5x!quant.uniform<u8:f32, 0.5>>\n"
        "}\n")
    with pytest.raises(ValueError) as info:
        qnn_mlir.parse_and_verify(text, source_name="model.mlir")
    message = str(info.value)
    match = LOCATION.search(message)
    assert match, message
    assert match["name"] == "model.mlir"
    assert match["line"] == "2"
    assert "'qnn.quantize' op" in message


def test_invalid_attribute_raises_value_error():
    text = (
        "func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {\n"
        "  %0 = qnn.observe %x {stats = #qnn.stats<min = 3.0, max = 1.0>} : tensor<4xf32>\n"
        "  return %0 : tensor<4xf32>\n"
        "}\n")
    with pytest.raises(ValueError, match=r":2:\d+: error: .*min must not exceed max"):
        qnn_mlir.parse_and_verify(text)


def test_calls_are_independent():
    with pytest.raises(ValueError):
        qnn_mlir.parse_and_verify("this is not MLIR")
    assert "qnn.observe" in qnn_mlir.parse_and_verify(OBSERVED)
