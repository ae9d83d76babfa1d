//===- Passes.td - qnn conversion passes -------------------*- tablegen -*-===//

#ifndef QNN_CONVERSION_PASSES_TD
#define QNN_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def QNNLowerToLinalg : Pass<"qnn-lower-to-linalg", "::mlir::ModuleOp"> {
  let summary = "Lower qnn ops, float and quantized, to linalg / tensor / arith / math";
  let description = [{
    Every `qnn` op becomes upstream `linalg`, `tensor`, `arith` and `math`
    ops on tensors, with the quantized arithmetic explicit: `!quant.uniform`
    element types become their signless storage integers (`u8` and `i8` as
    `i8`, sub-byte `i4` widened to an `i8` container, `i32` as `i32`; the
    raw `ui8` storage of `qnn.dynamic_quantize` as `i8` too),
    function signatures included, and each rule of the numerics library
    (`QuantNumerics.h`) is emitted as the sequence of f32 / i32 operations the
    interpreter performs (`EmitNumerics.h`), so that generated code matches
    the reference interpreter bit for bit.

    `quant.scast` disappears (both sides convert to the same storage type).
    An op that is left (`qnn.observe`, which calibration removes, or a form
    without a lowering) is an error naming it.

    ```mlir
    %y = qnn.relu %x : tensor<4x!quant.uniform<u8:f32, 0.1:128>>
    // becomes
    %y = linalg.generic {...} ins(%x : tensor<4xi8>) outs(...) {
      ^bb0(%in: i8, %out: i8):
        %0 = arith.extui %in : i8 to i32
        ... clamp to [128, 255] ...
    }
    ```
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::bufferization::BufferizationDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect"];
}

#endif // QNN_CONVERSION_PASSES_TD
