//===- QNNNNOps.td - compute-heavy neural-network ops ------*- tablegen -*-===//
//
// Convolution, matrix products, normalization, pooling, softmax and LSTM.
// Layouts follow ONNX: activations NCHW, conv weights [F, C/groups, KH, KW],
// fully_connected weights [N, K].
//
//===----------------------------------------------------------------------===//

#ifndef QNN_NN_OPS_TD
#define QNN_NN_OPS_TD

include "qnn/Dialect/QNN/IR/QNNBase.td"
include "qnn/Dialect/QNN/IR/QNNAttrs.td"
include "qnn/Dialect/QNN/IR/QNNInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"

/// What conv2d, matmul and fully_connected are.
defvar QNN_WeightedOpTraits = [QNN_QuantizedCompute,
    QNN_FusedActivationOpInterface];

def QNN_Conv2DOp : QNN_Op<"conv2d", !listconcat(QNN_WeightedOpTraits,
    [Pure, DeclareOpInterfaceMethods<QNN_WeightedOpInterface>])> {
  let summary = "2-D convolution, grouped (so also depthwise), NCHW";
  let description = [{
    Input `x: [N, C, H, W]`, weight `w: [F, C/groups, KH, KW]`, optional bias
    `b: [F]`, result `y: [N, F, OH, OW]` with

    ```
    OH = (H + pad_top + pad_bottom - dil_h * (KH - 1) - 1) / stride_h + 1
    y[n, f, oh, ow] = b[f] + sum_{c, kh, kw}
        x[n, g * C/groups + c, oh * stride_h + kh * dil_h - pad_top,
                                ow * stride_w + kw * dil_w - pad_left]
        * w[f, c, kh, kw],            g = f / (F / groups)
    ```

    (likewise for OW), `padding = [top, left, bottom, right]` as in ONNX,
    padded positions read the real value 0 (the zero point when quantized),
    then the optional fused `activation`.

    Element types, one of:
    * float: every operand and the result f32;
    * static INT8: `x` quantized per tensor; `w` quantized per tensor or per
      output channel (axis 0) with zero point 0; `b` quantized with i32
      storage, zero point 0 and scale `s_x * s_w` (per channel); result
      quantized per tensor;
    * weight-only: `x`, `b` and the result f32, `w` quantized.

    ```mlir
    %y = qnn.conv2d %x, %w, %b {strides = array<i64: 2, 2>,
           padding = array<i64: 1, 1, 1, 1>, groups = 1 : i64}
         : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>)
         -> tensor<1x4x4x4xf32>
    ```
  }];
  let arguments = (ins
    QNN_Tensor:$input,
    QNN_Tensor:$weight,
    Optional<QNN_Tensor>:$bias,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
    DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$padding,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
    DefaultValuedAttr<I64Attr, "1">:$groups,
    OptionalAttr<QNN_ActivationAttr>:$activation
  );
  let results = (outs QNN_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def QNN_MatMulOp : QNN_Op<"matmul", !listconcat(QNN_WeightedOpTraits,
    [Pure, AttrSizedOperandSegments,
     DeclareOpInterfaceMethods<QNN_WeightedOpInterface,
         ["getInput", "getWeight", "getWeightMutable", "getBias",
          "getBiasMutable", "weightMayBeActivation"]>])> {
  let summary = "Batched matrix product with NumPy broadcasting (ONNX MatMul)";
  let description = [{
    `lhs: [..., M, K]`, `rhs: [..., K, N]`, result `[..., M, N]`, the batch
    dimensions broadcast as in NumPy:
    `y[..., m, n] = sum_k lhs[..., m, k] * rhs[..., k, n]`, then the optional
    fused `activation`. Both operands have rank >= 2.

    Element types, one of:
    * float: all f32;
    * static INT8: `lhs`, `rhs` and the result quantized per tensor (`rhs`
      may instead be per-channel along its last axis with zero point 0);
    * weight-only: `lhs` and result f32, `rhs` quantized;
    * dynamic: `lhs` is the integer storage of `qnn.dynamic_quantize`, whose
      scale and zero point are passed as `lhs_scale(%s, %z)`; `rhs`
      quantized with zero point 0; result f32:
      `y = s * s_w * sum_k (lhs[m, k] - z) * (rhs_q[k, n])`.

    ```mlir
    %y = qnn.matmul %a, %b : (tensor<2x4x8xf32>, tensor<8x3xf32>) -> tensor<2x4x3xf32>
    ```
  }];
  let arguments = (ins
    AnyStaticShapeTensor:$lhs,
    QNN_Tensor:$rhs,
    Optional<QNN_ScalarF32Tensor>:$lhs_scale,
    Optional<QNN_ScalarI32Tensor>:$lhs_zero_point,
    OptionalAttr<QNN_ActivationAttr>:$activation
  );
  let results = (outs QNN_Tensor:$output);
  let assemblyFormat = [{
    $lhs `,` $rhs (`lhs_scale` `(` $lhs_scale^ `,` $lhs_zero_point `)`)? attr-dict
    `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def QNN_FullyConnectedOp : QNN_Op<"fully_connected",
    !listconcat(QNN_WeightedOpTraits,
    [Pure, AttrSizedOperandSegments,
     DeclareOpInterfaceMethods<QNN_WeightedOpInterface>])> {
  let summary = "Dense layer y = x * w^T + b (ONNX Gemm with transB = 1)";
  let description = [{
    `x: [M, K]`, `w: [N, K]`, optional `b: [N]`, result `[M, N]`:
    `y[m, n] = b[n] + sum_k x[m, k] * w[n, k]`, then the optional fused
    `activation`.

    Element types, one of:
    * float: all f32;
    * static INT8: `x` quantized per tensor; `w` per tensor or per output
      channel (axis 0), zero point 0; `b` i32 storage, zero point 0, scale
      `s_x * s_w`; result quantized per tensor;
    * weight-only (INT8 or blocked INT4): `x`, `b`, result f32, `w` quantized;
    * dynamic: `x` is the integer storage of `qnn.dynamic_quantize`, its scale
      and zero point passed as `input_scale(%s, %z)`, `w` quantized, `b` and
      the result f32.

    ```mlir
    %y = qnn.fully_connected %x, %w, %b {activation = #qnn.activation<relu>}
         : (tensor<1x64xf32>, tensor<10x64xf32>, tensor<10xf32>) -> tensor<1x10xf32>
    ```
  }];
  let arguments = (ins
    AnyStaticShapeTensor:$input,
    QNN_Tensor:$weight,
    Optional<QNN_Tensor>:$bias,
    Optional<QNN_ScalarF32Tensor>:$input_scale,
    Optional<QNN_ScalarI32Tensor>:$input_zero_point,
    OptionalAttr<QNN_ActivationAttr>:$activation
  );
  let results = (outs QNN_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)?
    (`input_scale` `(` $input_scale^ `,` $input_zero_point `)`)? attr-dict
    `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def QNN_BatchNormOp : QNN_Op<"batch_norm", [Pure, QNN_StaysFloat]> {
  let summary = "Inference batch normalization over axis 1 (ONNX BatchNormalization)";
  let description = [{
    `x: [N, C, ...]`, `scale`, `bias`, `mean`, `variance`: `[C]`, all f32:
    `y = (x - mean[c]) / sqrt(variance[c] + epsilon) * scale[c] + bias[c]`.
    `qnn-fold-batchnorm` folds it into the producing conv2d or
    fully_connected.

    ```mlir
    %y = qnn.batch_norm %x, %g, %b, %m, %v {epsilon = 1.0e-05 : f32}
         : (tensor<1x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>,
            tensor<4xf32>) -> tensor<1x4x8x8xf32>
    ```
  }];
  let arguments = (ins
    QNN_FloatTensor:$input,
    QNN_FloatTensor:$scale,
    QNN_FloatTensor:$bias,
    QNN_FloatTensor:$mean,
    QNN_FloatTensor:$variance,
    DefaultValuedAttr<F32Attr, "1.0e-5">:$epsilon
  );
  let results = (outs QNN_FloatTensor:$output);
  let assemblyFormat = [{
    $input `,` $scale `,` $bias `,` $mean `,` $variance attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

class QNN_Pool2DOp<string mnemonic, list<Trait> traits>
    : QNN_Op<mnemonic, !listconcat(traits,
             [Pure, QNN_Pool2D, QNN_PositivelyHomogeneous])> {
  let results = (outs QNN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def QNN_MaxPool2DOp : QNN_Pool2DOp<"max_pool2d", [QNN_InheritsScale]> {
  let summary = "2-D max pooling, NCHW (ONNX MaxPool)";
  let description = [{
    `y[n, c, oh, ow] = max_{kh, kw} x[n, c, oh * s_h + kh * d_h - pad_top,
    ow * s_w + kw * d_w - pad_left]` over the positions inside the input
    (padding never wins). Output size as for conv2d, rounded up instead of
    down when `ceil_mode`. Quantized, the result has the operand's type:
    max commutes with a monotonic quantization, so no requantize is needed.

    ```mlir
    %y = qnn.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>}
         : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
    ```
  }];
  let arguments = (ins
    QNN_Tensor:$input,
    DenseI64ArrayAttr:$kernel,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
    DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$padding,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
    DefaultValuedAttr<BoolAttr, "false">:$ceil_mode
  );
}

def QNN_AvgPool2DOp : QNN_Pool2DOp<"avg_pool2d", [QNN_QuantizedCompute]> {
  let summary = "2-D average pooling, NCHW (ONNX AveragePool)";
  let description = [{
    `y[n, c, oh, ow] = (1 / cnt) * sum_{kh, kw} x[n, c, oh * s_h + kh - pad_top,
    ow * s_w + kw - pad_left]` where `cnt` is `KH * KW` when
    `count_include_pad`, else the number of window positions inside the
    input. Output size as for conv2d (`ceil_mode` rounds up). Quantized:
    operand and result quantized per tensor (their scales may differ).

    ```mlir
    %y = qnn.avg_pool2d %x {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>}
         : (tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
    ```
  }];
  let arguments = (ins
    QNN_Tensor:$input,
    DenseI64ArrayAttr:$kernel,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
    DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$padding,
    DefaultValuedAttr<BoolAttr, "false">:$ceil_mode,
    DefaultValuedAttr<BoolAttr, "false">:$count_include_pad
  );
}

def QNN_GlobalAvgPool2DOp : QNN_Pool2DOp<"global_avg_pool2d",
    [QNN_QuantizedCompute]> {
  let summary = "Mean over the spatial dimensions, NCHW (ONNX GlobalAveragePool)";
  let description = [{
    `x: [N, C, H, W]`, result `[N, C, 1, 1]`:
    `y[n, c, 0, 0] = (1 / (H * W)) * sum_{h, w} x[n, c, h, w]`.
    Quantized: operand and result per tensor.

    ```mlir
    %y = qnn.global_avg_pool2d %x : (tensor<1x4x8x8xf32>) -> tensor<1x4x1x1xf32>
    ```
  }];
  let arguments = (ins QNN_Tensor:$input);
}

def QNN_SoftmaxOp : QNN_Op<"softmax", [Pure, SameOperandsAndResultType,
    QNN_StaysFloat]> {
  let summary = "Softmax along one axis (ONNX Softmax, opset >= 13)";
  let description = [{
    `y = exp(x - max_axis(x)) / sum_axis(exp(x - max_axis(x)))` along `axis`
    (negative counts from the back). Float only: softmax quantizes badly,
    so quantization leaves it float.

    ```mlir
    %y = qnn.softmax %x {axis = -1 : i64} : tensor<2x10xf32>
    ```
  }];
  let arguments = (ins QNN_FloatTensor:$input, DefaultValuedAttr<I64Attr, "-1">:$axis);
  let results = (outs QNN_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
}

def QNN_LayerNormOp : QNN_Op<"layer_norm", [Pure, QNN_StaysFloat]> {
  let summary = "Layer normalization over the trailing axes (ONNX LayerNormalization)";
  let description = [{
    Normalizes over the dimensions `[axis, rank)`:
    `y = (x - mean) / sqrt(var + epsilon) * scale + bias` with `mean`, `var`
    (biased) over those dimensions; `scale` and the optional `bias` have
    shape `x.shape[axis:]`. Float only.

    ```mlir
    %y = qnn.layer_norm %x, %g, %b {axis = -1 : i64, epsilon = 1.0e-05 : f32}
         : (tensor<2x5x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x5x16xf32>
    ```
  }];
  let arguments = (ins
    QNN_FloatTensor:$input,
    QNN_FloatTensor:$scale,
    Optional<QNN_FloatTensor>:$bias,
    DefaultValuedAttr<I64Attr, "-1">:$axis,
    DefaultValuedAttr<F32Attr, "1.0e-5">:$epsilon
  );
  let results = (outs QNN_FloatTensor:$output);
  let assemblyFormat = [{
    $input `,` $scale (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def QNN_LSTMOp : QNN_Op<"lstm", [Pure, AttrSizedOperandSegments,
    QNN_StaysFloat]> {
  let summary = "Long short-term memory layer (ONNX LSTM, default activations)";
  let description = [{
    `X: [S, B, I]`, `W: [D, 4H, I]`, `R: [D, 4H, H]`, optional `B: [D, 8H]`,
    `initial_h`, `initial_c: [D, B, H]` (zero when absent), `D = 2` when
    bidirectional else 1, `H = hidden_size`. Gate order i, o, f, c as in
    ONNX. For each step `t` and direction:

    ```
    i = sigmoid(X_t W_i^T + H_{t-1} R_i^T + Wb_i + Rb_i)
    f = sigmoid(X_t W_f^T + H_{t-1} R_f^T + Wb_f + Rb_f)
    c = tanh(X_t W_c^T + H_{t-1} R_c^T + Wb_c + Rb_c)
    C_t = f * C_{t-1} + i * c
    o = sigmoid(X_t W_o^T + H_{t-1} R_o^T + Wb_o + Rb_o)
    H_t = o * tanh(C_t)
    ```

    Results `Y: [S, D, B, H]`, `Y_h`, `Y_c: [D, B, H]`. Element types: all
    f32, or `W` and `R` quantized (dynamic quantization: the gate matmuls
    quantize `X_t` and `H_{t-1}` at run time) with everything else f32.

    ```mlir
    %y, %h, %c = qnn.lstm %x, %w, %r, %b {hidden_size = 8 : i64}
        : (tensor<5x1x4xf32>, tensor<1x32x4xf32>, tensor<1x32x8xf32>, tensor<1x64xf32>)
        -> (tensor<5x1x1x8xf32>, tensor<1x1x8xf32>, tensor<1x1x8xf32>)
    ```
  }];
  let arguments = (ins
    QNN_FloatTensor:$input,
    QNN_Tensor:$weight,
    QNN_Tensor:$recurrence,
    Optional<QNN_FloatTensor>:$bias,
    Optional<QNN_FloatTensor>:$initial_h,
    Optional<QNN_FloatTensor>:$initial_c,
    I64Attr:$hidden_size,
    DefaultValuedAttr<QNN_LSTMDirectionAttr, "::mlir::qnn::LSTMDirection::forward">:$direction
  );
  let results = (outs QNN_FloatTensor:$y, QNN_FloatTensor:$y_h, QNN_FloatTensor:$y_c);
  let assemblyFormat = [{
    $input `,` $weight `,` $recurrence (`,` $bias^)?
    (`initial_h` `(` $initial_h^ `)`)? (`initial_c` `(` $initial_c^ `)`)?
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

#endif // QNN_NN_OPS_TD
