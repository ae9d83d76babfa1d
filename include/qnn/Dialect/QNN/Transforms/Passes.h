//===- Passes.h - qnn dialect passes ----------------------------*- C++ -*-===//

#ifndef QNN_DIALECT_QNN_TRANSFORMS_PASSES_H
#define QNN_DIALECT_QNN_TRANSFORMS_PASSES_H

#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Pass/Pass.h"

namespace mlir {
class RewritePatternSet;

namespace qnn {

#define GEN_PASS_DECL
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"

/// Patterns that fold relu / clamp into their single-use producer.
void populateFuseActivationPatterns(RewritePatternSet &patterns);

/// Patterns that fold batch_norm into conv2d / fully_connected, or rewrite
/// it into a per-channel mul and add.
void populateFoldBatchNormPatterns(RewritePatternSet &patterns);

#define GEN_PASS_REGISTRATION
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"

} // namespace qnn
} // namespace mlir

#endif // QNN_DIALECT_QNN_TRANSFORMS_PASSES_H
