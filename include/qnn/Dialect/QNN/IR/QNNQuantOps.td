//===- QNNQuantOps.td - quantization ops -------------------*- tablegen -*-===//
//
// Ops that observe, quantize, dequantize and requantize tensors. They exist
// beside upstream's quant.qcast / quant.dcast because their semantics are
// ONNX's: round half to even and saturation.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_QUANT_OPS_TD
#define QNN_QUANT_OPS_TD

include "qnn/Dialect/QNN/IR/QNNBase.td"
include "qnn/Dialect/QNN/IR/QNNAttrs.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"

def QNN_ObserveOp : QNN_Op<"observe", [Pure, SameOperandsAndResultType,
    QNN_QuantizationOp]> {
  let summary = "Marks a float tensor whose statistics calibration collects";
  let description = [{
    Identity on its operand: `y = x`. Calibration runs the module over the
    calibration samples and records the running minimum, maximum and a
    histogram of `x` into `stats`. Quantization passes read `stats` to pick
    the scale and zero point of the tensor.

    ```mlir
    %0 = qnn.observe %x : tensor<1x8xf32>
    %1 = qnn.observe %y {stats = #qnn.stats<min = -1.0, max = 2.5>} : tensor<1x8xf32>
    ```
  }];
  let arguments = (ins QNN_FloatTensor:$input, OptionalAttr<QNN_StatsAttr>:$stats);
  let results = (outs QNN_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def QNN_QuantizeOp : QNN_Op<"quantize", [Pure, SameOperandsAndResultShape,
    QNN_QuantizationOp]> {
  let summary = "Quantizes a float tensor (ONNX QuantizeLinear)";
  let description = [{
    `q = clamp(round_half_to_even(x / s) + z, qmin, qmax)` with the scale `s`,
    zero point `z` and storage range `[qmin, qmax]` of the result's
    `!quant.uniform` element type (per tensor, or per channel along the
    type's axis). The expressed type of the result must be the operand's
    element type.

    ```mlir
    %q = qnn.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 0.02:128>>
    ```
  }];
  let arguments = (ins QNN_FloatTensor:$input);
  let results = (outs QNN_QuantTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def QNN_DequantizeOp : QNN_Op<"dequantize", [Pure, SameOperandsAndResultShape,
    InferTypeOpAdaptor, QNN_QuantizationOp]> {
  let summary = "Dequantizes a quantized tensor (ONNX DequantizeLinear)";
  let description = [{
    `x = (q - z) * s`, computed in the expressed type of the operand's
    `!quant.uniform` element type, per tensor or per channel. The result type
    is inferred: same shape, the expressed type as element type.

    ```mlir
    %x = qnn.dequantize %q : tensor<4x!quant.uniform<u8:f32, 0.02:128>> -> tensor<4xf32>
    ```
  }];
  let arguments = (ins QNN_QuantTensor:$input);
  let results = (outs QNN_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

def QNN_RequantizeOp : QNN_Op<"requantize", [Pure, SameOperandsAndResultShape,
    QNN_QuantizationOp]> {
  let summary = "Moves a quantized tensor to another scale and zero point";
  let description = [{
    `q_out = clamp(rne(float(q_in - z_in) * M) + z_out, qmin, qmax)` with
    `M = s_in / s_out` computed in f32, one multiply, no FMA (per channel when
    either type is per-axis). Operand and result must express the same float
    type.

    ```mlir
    %r = qnn.requantize %q : tensor<4x!quant.uniform<u8:f32, 0.02:128>>
                          -> tensor<4x!quant.uniform<u8:f32, 0.05:100>>
    ```
  }];
  let arguments = (ins QNN_QuantTensor:$input);
  let results = (outs QNN_QuantTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def QNN_FakeQuantOp : QNN_Op<"fake_quant", [Pure, SameOperandsAndResultType,
    QNN_QuantizationOp]> {
  let summary = "Quantize then dequantize, in float (a QAT / Q-DQ pair)";
  let description = [{
    `y = (clamp(rne(x / s) + z, qmin, qmax) - z) * s` with the parameters of
    `qtype`, a `!quant.uniform` type (per tensor or per axis) whose expressed
    type is the operand's element type. This is what an imported
    QuantizeLinear -> DequantizeLinear pair means; `qnn-convert-fake-quant`
    turns it into real quantized types.

    ```mlir
    %y = qnn.fake_quant %x {qtype = !quant.uniform<i8:f32, 0.1>} : tensor<4xf32>
    ```
  }];
  let arguments = (ins QNN_FloatTensor:$input, TypeAttr:$qtype);
  let results = (outs QNN_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
}

def QNN_DynamicQuantizeOp : QNN_Op<"dynamic_quantize", [Pure, QNN_QuantizationOp]> {
  let summary = "Quantizes a float tensor with a scale computed at run time";
  let description = [{
    ONNX DynamicQuantizeLinear: u8 asymmetric, the range always including 0.

    ```
    lo = min(0, min(x)), hi = max(0, max(x))
    s  = (hi - lo) / 255          (s = 1 when hi == lo)
    z  = clamp(rne(-lo / s), 0, 255)
    q  = clamp(rne(x / s) + z, 0, 255)
    ```

    Results: the integer storage `q` (same shape, `ui8`), the scale `s` and
    the zero point `z` as 0-d tensors. Matmul and fully_connected consume
    them in their dynamic form.

    ```mlir
    %q, %s, %z = qnn.dynamic_quantize %x : tensor<2x8xf32> -> tensor<2x8xui8>, tensor<f32>, tensor<i32>
    ```
  }];
  let arguments = (ins QNN_FloatTensor:$input);
  let results = (outs QNN_IntegerStorageTensor:$output, QNN_ScalarF32Tensor:$scale,
                      QNN_ScalarI32Tensor:$zero_point);
  let assemblyFormat = [{
    $input attr-dict `:` type($input) `->` type($output) `,` type($scale) `,`
    type($zero_point)
  }];
  let hasVerifier = 1;
}

#endif // QNN_QUANT_OPS_TD
