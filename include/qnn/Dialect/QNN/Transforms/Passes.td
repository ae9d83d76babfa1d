//===- Passes.td - qnn dialect passes ----------------------*- tablegen -*-===//

#ifndef QNN_DIALECT_QNN_TRANSFORMS_PASSES_TD
#define QNN_DIALECT_QNN_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def QNNFuseActivations : Pass<"qnn-fuse-activations"> {
  let summary = "Fuse relu / clamp into the op that produces their operand";
  let description = [{
    Rewrites `relu(p)` and `clamp(p)` into `p` with an `activation` attribute
    when `p` is a `qnn.conv2d`, `qnn.fully_connected`, `qnn.matmul` or
    `qnn.add`, `p` has no activation yet and the relu / clamp is its only
    use (otherwise the unactivated value is still needed).

    A clamp to `[0, 6]` becomes `#qnn.activation<relu6>`, `[0, +inf)` (via
    relu) `#qnn.activation<relu>`, anything else
    `#qnn.activation<clamp [lo, hi]>`.

    ```mlir
    %0 = qnn.conv2d %x, %w : (...) -> tensor<1x8x4x4xf32>
    %1 = qnn.relu %0 : tensor<1x8x4x4xf32>
    // becomes
    %1 = qnn.conv2d %x, %w {activation = #qnn.activation<relu>} : (...) -> tensor<1x8x4x4xf32>
    ```
  }];
  let dependentDialects = ["::mlir::qnn::QNNDialect"];
}

def QNNFoldBatchNorm : Pass<"qnn-fold-batchnorm"> {
  let summary = "Fold inference batch normalization into the producing op";
  let description = [{
    A float `qnn.batch_norm` whose operand is produced by a `qnn.conv2d`
    (grouped and depthwise too, with or without bias) or a
    `qnn.fully_connected` with constant weights, and used by nothing else,
    is folded into it. With `k[c] = scale[c] / sqrt(variance[c] + epsilon)`:

    ```
    w'[c, ...] = w[c, ...] * k[c]
    b'[c]      = (b[c] - mean[c]) * k[c] + bias[c]      (b = 0 when absent)
    ```

    computed in f64 and rounded once to f32. A batch_norm with nothing to
    fold into (its producer is not such an op, has other uses, or already
    applies an activation) becomes `x * k + (bias - mean * k)`: a `qnn.mul`
    and a `qnn.add` with constant per-channel operands shaped to broadcast
    along axis 1.

    A batch_norm whose parameters are not constants is left alone.
  }];
  let dependentDialects = ["::mlir::qnn::QNNDialect",
                           "::mlir::arith::ArithDialect"];
}

def QNNInsertObservers : Pass<"qnn-insert-observers"> {
  let summary = "Mark every tensor quantization needs statistics for";
  let description = [{
    Inserts one `qnn.observe` on each float tensor whose scale quantization
    will have to choose:

    * the result of every op that computes in INT8 with a scale of its own
      (conv2d, fully_connected, matmul, add, mul, concat, avg_pool2d,
      global_avg_pool2d, reduce_mean);
    * every activation operand of such an op (graph inputs, and outputs of
      ops that stay float, e.g. a softmax feeding a matmul).

    Tensors produced by ops that keep their operand's scale (max_pool2d,
    reshape, flatten, squeeze, unsqueeze, transpose, slice, pad, relu,
    clamp, gather) are not observed: the observer goes on the tensor they
    inherit the scale from. Constants (weights) are never observed. Each
    tensor gets at most one observer (running the pass twice adds nothing).

    ```mlir
    %0 = qnn.conv2d %x, %w : ...
    // becomes
    %xo = qnn.observe %x : tensor<1x1x8x8xf32>
    %0 = qnn.conv2d %xo, %w : ...
    %1 = qnn.observe %0 : tensor<1x8x8x8xf32>
    ```
  }];
  let dependentDialects = ["::mlir::qnn::QNNDialect"];
}

def QNNQuantizeStatic : Pass<"qnn-quantize-static"> {
  let summary = "Quantize a calibrated module statically to INT8";
  let description = [{
    Reads the `#qnn.stats` of every `qnn.observe` (written by
    `quant-run --calibrate`) and quantizes:

    * each observed tensor to u8 asymmetric per tensor, its range chosen by
      `method` (`minmax`, `percentile`, `entropy`, `mse`; see
      include/qnn/Calibration/RangeSelection.h);
    * constant weights of conv2d / fully_connected (and constant matmul
      right-hand sides) to s8 symmetric in [-127, 127], per output channel
      (`per-channel=true`) or per tensor, `s = max|w| / 127`;
    * biases to i32 with scale `s_in * s_w` and zero point 0.

    The observers first become `qnn.quantize` + `qnn.dequantize` pairs.
    Dequantizes then sink below ops that keep their operand's scale (max
    pool, reshape, relu ...), and every INT8-capable op (conv2d,
    fully_connected, matmul, add, mul, concat, avg_pool2d,
    global_avg_pool2d, reduce_mean) whose activation operands all come out
    of a dequantize and whose result is quantized next is rewritten to take
    and produce quantized tensors. Ops without an integer lowering
    (softmax, layer_norm, sigmoid, tanh, ...) stay float between a
    dequantize and a quantize. `keep-float` names more ops, by the name of
    their location (the ONNX node name), that stay float.

    An observer without statistics is an error naming it; so is a
    `keep-float` name that matches no op.
  }];
  let options = [
    Option<"method", "method", "std::string", /*default=*/"\"minmax\"",
           "Range selection: minmax, percentile, entropy or mse">,
    Option<"percentile", "percentile", "double", /*default=*/"99.99",
           "Percentile of the values the range keeps (method=percentile)">,
    Option<"perChannel", "per-channel", "bool", /*default=*/"true",
           "Quantize weights per output channel (else per tensor)">,
    ListOption<"keepFloat", "keep-float", "std::string",
               "Names (locations) of ops that stay float">
  ];
  let dependentDialects = ["::mlir::qnn::QNNDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::quant::QuantDialect"];
}

def QNNPrintSummary : Pass<"qnn-print-summary"> {
  let summary = "Print how much of the model is quantized (ops, MACs, bytes)";
  let description = [{
    An analysis: prints to stderr, per op name, how many ops compute in
    INT8 and how many in float; the multiply-accumulates of conv2d,
    fully_connected and matmul in INT8 (static or dynamic form) and in float
    (weight-only ops compute in float); and the bytes of the constant
    tensors (weights and biases) as stored, next to what they take in f32.

    ```
    qnn summary
      op                       int8  float
      qnn.conv2d                  4      0
      ...
      MACs: 1234567 int8, 0 float (100.0 % int8)
      weight bytes: 10040 stored, 40168 as f32 (25.0 %)
    ```

    The IR is not changed.
  }];
}

#endif // QNN_DIALECT_QNN_TRANSFORMS_PASSES_TD
