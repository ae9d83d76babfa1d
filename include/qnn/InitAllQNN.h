//===- InitAllQNN.h - register the qnn dialect, passes and friends -*- C++ -*-===//
//
// What quant-opt (and every other tool or binding) registers: the qnn
// dialect, the upstream dialects we lower through, every qnn pass and
// pipeline, and the upstream passes needed to reach LLVM.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_INITALLQNN_H
#define QNN_INITALLQNN_H

namespace mlir {
class DialectRegistry;

namespace qnn {
/// Adds the qnn dialect and every dialect the pipeline lowers through,
/// with their external models and extensions.
void registerAllQNNDialects(DialectRegistry &registry);

/// Registers every qnn pass and pipeline and the upstream passes used to
/// lower to LLVM.
void registerAllQNNPasses();
} // namespace qnn
} // namespace mlir

#endif // QNN_INITALLQNN_H
