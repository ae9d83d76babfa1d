//===- Calibrator.h - collect statistics by running the model --*- C++ -*-===//
//
// Runs an observed function (qnn-insert-observers) over calibration samples,
// one sample at a time, with the reference interpreter or compiled to native
// code (observers lowered to calls into the same statistics), and writes the
// statistics of every qnn.observe into its `stats` attribute, so that the
// calibrated module is the saved calibration. Both ways give the same
// statistics: compiled code computes the observed tensors bit for bit as the
// interpreter does.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_CALIBRATION_CALIBRATOR_H
#define QNN_CALIBRATION_CALIBRATOR_H

#include "qnn/Calibration/Statistics.h"
#include "qnn/ExecutionEngine/JitModel.h"
#include "qnn/Interpreter/Interpreter.h"

#include "llvm/ADT/DenseMap.h"

namespace mlir::qnn {

class Calibrator {
public:
  /// Fails (with a diagnostic) when the function cannot be interpreted or
  /// has no qnn.observe.
  /// `compiled`: run the samples through native code (JitModel) instead of
  /// the interpreter, its parallel loops on `numThreads` threads. The
  /// statistics are the same for any thread count: observers are called on
  /// the thread running the model, between ops, never from a parallel loop,
  /// and each parallel iteration computes its values as a sequential run
  /// does.
  static FailureOr<std::unique_ptr<Calibrator>>
  create(func::FuncOp func, bool compiled = false, unsigned numThreads = 1);

  /// The compiled model, when created `compiled`.
  const JitModel *getJitModel() const { return jit.get(); }

  /// Runs one sample. NaN / Inf in an input or in an observed tensor is an
  /// error naming the input (or the tensor) and `sampleIndex`.
  LogicalResult addSample(ArrayRef<HostTensor> inputs, int64_t sampleIndex);

  int64_t getNumSamples() const { return numSamples; }

  /// Writes `stats` on every observer; fails when no sample was added.
  LogicalResult writeStatistics();

private:
  explicit Calibrator(func::FuncOp func);
  /// Adds one observed tensor; a non-finite value is an error (reported
  /// once per sample).
  void observe(Operation *op, ArrayRef<float> values, int64_t sampleIndex,
               LogicalResult &observed);

  func::FuncOp func;
  std::unique_ptr<Interpreter> interpreter;
  std::unique_ptr<JitModel> jit;
  llvm::DenseMap<Operation *, TensorStatistics> statistics;
  int64_t numSamples = 0;
};

} // namespace mlir::qnn

#endif // QNN_CALIBRATION_CALIBRATOR_H
