//===- Samples.h - samples stacked on a leading axis ------------*- C++ -*-===//
//
// quant-run --samples: every input holds N samples stacked on a new leading
// axis; each sample runs on its own and the outputs are stacked the same
// way (numpy's np.stack(axis=0) and its inverse).
//
//===----------------------------------------------------------------------===//

#ifndef QNN_RUNNER_SAMPLES_H
#define QNN_RUNNER_SAMPLES_H

#include "qnn/Interpreter/HostTensor.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"

namespace mlir::qnn {

/// Sample `index` of `stacked` (in [0, stacked.getShape()[0])): the
/// elements of that slice of the leading axis, with type `type`, whose
/// element count must be that of one slice.
HostTensor takeSample(const HostTensor &stacked, int64_t index,
                      RankedTensorType type);

/// Stacks equally typed tensors (at least one) on a new leading axis.
HostTensor stackSamples(ArrayRef<HostTensor> tensors);

/// Cuts each of `inputs` (one per argument of `func`) along its leading
/// axis into the argument's shape: result[s][i] is sample s of input i.
/// Errors name the input: a shape that is not [N, <argument shape>], no
/// samples, or inputs holding different numbers of samples.
llvm::Expected<SmallVector<SmallVector<HostTensor>>>
splitSamples(func::FuncOp func, ArrayRef<HostTensor> inputs);

} // namespace mlir::qnn

#endif // QNN_RUNNER_SAMPLES_H
