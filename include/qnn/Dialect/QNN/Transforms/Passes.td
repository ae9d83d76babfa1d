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

#endif // QNN_DIALECT_QNN_TRANSFORMS_PASSES_TD
