//===- QNNDialect.h - qnn dialect -------------------------------*- C++ -*-===//

#ifndef QNN_DIALECT_QNN_IR_QNNDIALECT_H
#define QNN_DIALECT_QNN_IR_QNNDIALECT_H

#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/IR/Dialect.h"

#include "qnn/Dialect/QNN/IR/QNNOpsDialect.h.inc"

namespace mlir::qnn {
/// Discardable attributes qnn-equalize-concat-ranges leaves on the ops whose
/// result it rescaled: the result is the original tensor times
/// `qnn.equalized_by` (`array<f64: k>` for the whole tensor, or one factor
/// per index of dimension `qnn.equalized_axis`). quant-run --compare divides
/// them out before comparing with the float model.
constexpr llvm::StringLiteral kEqualizedByAttr = "qnn.equalized_by";
constexpr llvm::StringLiteral kEqualizedAxisAttr = "qnn.equalized_axis";
} // namespace mlir::qnn

#endif // QNN_DIALECT_QNN_IR_QNNDIALECT_H
