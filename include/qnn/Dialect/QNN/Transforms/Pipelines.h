//===- Pipelines.h - named qnn pass pipelines -------------------*- C++ -*-===//

#ifndef QNN_DIALECT_QNN_TRANSFORMS_PIPELINES_H
#define QNN_DIALECT_QNN_TRANSFORMS_PIPELINES_H

namespace mlir::qnn {

/// Registers `qnn-quantize-pipeline{scheme=static|dynamic|weight-only-int4
/// ...}`: fold batch norm -> fuse activations -> (static: convert fake
/// quant, quantize static, propagate scales | dynamic | INT4 weights) ->
/// canonicalize, forwarding the options to the passes.
void registerQNNPipelines();

} // namespace mlir::qnn

#endif // QNN_DIALECT_QNN_TRANSFORMS_PIPELINES_H
