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

#endif // QNN_DIALECT_QNN_TRANSFORMS_PASSES_TD
