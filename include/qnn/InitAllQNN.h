//===- InitAllQNN.h - register the qnn dialect, passes and friends -*- C++ -*-===//
//
// What quant-opt (and every other tool or binding) registers: the qnn
// dialect, the upstream dialects we lower through, every qnn pass and
// pipeline, and the upstream passes needed to reach LLVM.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_INITALLQNN_H
#define QNN_INITALLQNN_H

#include "llvm/ADT/SmallVector.h"

namespace mlir {
class DialectRegistry;

namespace qnn {
/// Adds the qnn dialect and every dialect the pipeline lowers through,
/// with their external models and extensions.
void registerAllQNNDialects(DialectRegistry &registry);

/// Registers every qnn pass and pipeline and the upstream passes used to
/// lower to LLVM.
void registerAllQNNPasses();

/// The tools' command line with `--mlir-print-debuginfo` added unless it is
/// given: locations carry the ONNX node and tensor names that diagnostics,
/// `keep-float` and `quant-run --compare` refer to, so unlike mlir-opt the
/// qnn tools print them by default (`--mlir-print-debuginfo=false` to not).
llvm::SmallVector<char *> withDebugInfoPrinting(int argc, char **argv);
} // namespace qnn
} // namespace mlir

#endif // QNN_INITALLQNN_H
