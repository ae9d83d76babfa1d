//===- QNNElementwiseOps.td - elementwise ops --------------*- tablegen -*-===//
//
// Binary ops broadcast as in NumPy (and ONNX): shapes are aligned from the
// back, and a dimension of 1 stretches to the other operand's size.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_ELEMENTWISE_OPS_TD
#define QNN_ELEMENTWISE_OPS_TD

include "qnn/Dialect/QNN/IR/QNNBase.td"
include "qnn/Dialect/QNN/IR/QNNAttrs.td"
include "qnn/Dialect/QNN/IR/QNNInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Binary
//===----------------------------------------------------------------------===//

/// A binary op that accepts quantized operands (add, mul).
class QNN_QuantizableBinaryOp<string mnemonic, string formula>
    : QNN_Op<mnemonic, [Pure, QNN_ElementwiseOperator, QNN_QuantizedCompute,
                        QNN_FusedActivationOpInterface]> {
  let summary = "Elementwise `" # formula # "` with broadcasting";
  let arguments = (ins QNN_Tensor:$lhs, QNN_Tensor:$rhs,
                       OptionalAttr<QNN_ActivationAttr>:$activation);
  let results = (outs QNN_Tensor:$output);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

/// A binary op that is float only (sub, div, pow).
class QNN_FloatBinaryOp<string mnemonic, string formula>
    : QNN_Op<mnemonic, [Pure, QNN_ElementwiseOperator, QNN_StaysFloat]> {
  let summary = "Elementwise `" # formula # "` with broadcasting, f32 only";
  let description = [{
    `y = }] # formula # [{` elementwise, the operands broadcast as in NumPy;
    the result has the broadcast shape. Float only.

    ```mlir
    %y = qnn.}] # mnemonic # [{ %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins QNN_FloatTensor:$lhs, QNN_FloatTensor:$rhs);
  let results = (outs QNN_FloatTensor:$output);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def QNN_AddOp : QNN_QuantizableBinaryOp<"add", "lhs + rhs"> {
  let description = [{
    `y = lhs + rhs`, broadcast as in NumPy, then the optional fused
    `activation`. Float, or (residual connections) every operand and the
    result quantized per tensor, each with its own scale:

    ```
    q_y = clamp(rne(M_a * (q_a - z_a) + M_b * (q_b - z_b)) + z_y, qmin, qmax)
    M_a = s_a / s_y,  M_b = s_b / s_y       (f32, two multiplies, one add, no FMA)
    ```

    ```mlir
    %y = qnn.add %a, %b {activation = #qnn.activation<relu>}
         : (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
    ```
  }];
}

def QNN_MulOp : QNN_QuantizableBinaryOp<"mul", "lhs * rhs"> {
  let description = [{
    `y = lhs * rhs`, broadcast as in NumPy, then the optional fused
    `activation`. Float, or every operand and the result quantized per
    tensor: `q_y = clamp(rne(M * (q_a - z_a) * (q_b - z_b)) + z_y)`,
    `M = s_a * s_b / s_y` in f32.

    ```mlir
    %y = qnn.mul %a, %s : (tensor<1x4x8x8xf32>, tensor<1x4x1x1xf32>) -> tensor<1x4x8x8xf32>
    ```
  }];
}

def QNN_SubOp : QNN_FloatBinaryOp<"sub", "lhs - rhs">;
def QNN_DivOp : QNN_FloatBinaryOp<"div", "lhs / rhs">;
def QNN_PowOp : QNN_FloatBinaryOp<"pow", "pow(lhs, rhs)">;

//===----------------------------------------------------------------------===//
// Unary
//===----------------------------------------------------------------------===//

class QNN_FloatUnaryOp<string mnemonic, string formula>
    : QNN_Op<mnemonic, [Pure, SameOperandsAndResultType, QNN_ElementwiseOperator,
                        QNN_StaysFloat]> {
  let summary = "Elementwise `" # formula # "`, f32 only";
  let description = [{
    `y = }] # formula # [{` elementwise. Float only: quantization keeps it
    float, with dequantize / quantize at its boundary.

    ```mlir
    %y = qnn.}] # mnemonic # [{ %x : tensor<2x3xf32>
    ```
  }];
  let arguments = (ins QNN_FloatTensor:$input);
  let results = (outs QNN_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def QNN_SqrtOp : QNN_FloatUnaryOp<"sqrt", "sqrt(x)">;
def QNN_ExpOp : QNN_FloatUnaryOp<"exp", "exp(x)">;
def QNN_TanhOp : QNN_FloatUnaryOp<"tanh", "tanh(x)">;
def QNN_SigmoidOp : QNN_FloatUnaryOp<"sigmoid", "1 / (1 + exp(-x))">;

def QNN_ReluOp : QNN_Op<"relu", [Pure, SameOperandsAndResultType,
    QNN_ElementwiseOperator, QNN_InheritsScale, QNN_PositivelyHomogeneous,
    DeclareOpInterfaceMethods<QNN_ActivationOpInterface>]> {
  let summary = "Elementwise max(x, 0)";
  let description = [{
    `y = max(x, 0)`. Quantized, the result keeps the operand's type and the
    op is `q_y = max(q_x, z)`: no rescaling.

    ```mlir
    %y = qnn.relu %x : tensor<1x4x8x8xf32>
    ```
  }];
  let arguments = (ins QNN_Tensor:$input);
  let results = (outs QNN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasFolder = 1;
}

def QNN_ClampOp : QNN_Op<"clamp", [Pure, SameOperandsAndResultType,
    QNN_ElementwiseOperator, QNN_InheritsScale,
    DeclareOpInterfaceMethods<QNN_ActivationOpInterface>]> {
  let summary = "Elementwise min(max(x, min), max) (ReLU6 is clamp [0, 6])";
  let description = [{
    `y = min(max(x, min), max)` with `min <= max` (ONNX Clip).
    Quantized, the result keeps the operand's type and the bounds are
    quantized with it: `q_y = min(max(q_x, q(min)), q(max))`.

    ```mlir
    %y = qnn.clamp %x {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x4x8x8xf32>
    ```
  }];
  let arguments = (ins QNN_Tensor:$input, F32Attr:$min, F32Attr:$max);
  let results = (outs QNN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
}

#endif // QNN_ELEMENTWISE_OPS_TD
