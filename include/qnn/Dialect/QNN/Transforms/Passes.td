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

#endif // QNN_DIALECT_QNN_TRANSFORMS_PASSES_TD
