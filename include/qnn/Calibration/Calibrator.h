//===- Calibrator.h - collect statistics by running the model --*- C++ -*-===//
//
// Runs an observed function (qnn-insert-observers) over calibration samples
// with the reference interpreter, one sample at a time, and writes the
// statistics of every qnn.observe into its `stats` attribute, so that the
// calibrated module is the saved calibration.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_CALIBRATION_CALIBRATOR_H
#define QNN_CALIBRATION_CALIBRATOR_H

#include "qnn/Calibration/Statistics.h"
#include "qnn/Interpreter/Interpreter.h"

#include "llvm/ADT/DenseMap.h"

namespace mlir::qnn {

class Calibrator {
public:
  /// Fails (with a diagnostic) when the function cannot be interpreted or
  /// has no qnn.observe.
  static FailureOr<std::unique_ptr<Calibrator>> create(func::FuncOp func);

  /// Runs one sample. NaN / Inf in an input or in an observed tensor is an
  /// error naming the input (or the tensor) and `sampleIndex`.
  LogicalResult addSample(ArrayRef<HostTensor> inputs, int64_t sampleIndex);

  int64_t getNumSamples() const { return numSamples; }

  /// Writes `stats` on every observer; fails when no sample was added.
  LogicalResult writeStatistics();

private:
  Calibrator(func::FuncOp func, std::unique_ptr<Interpreter> interpreter);

  func::FuncOp func;
  std::unique_ptr<Interpreter> interpreter;
  llvm::DenseMap<Operation *, TensorStatistics> statistics;
  int64_t numSamples = 0;
};

} // namespace mlir::qnn

#endif // QNN_CALIBRATION_CALIBRATOR_H
