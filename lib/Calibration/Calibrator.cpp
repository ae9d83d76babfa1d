//===- Calibrator.cpp - collect statistics by running the model -----------===//

#include "qnn/Calibration/Calibrator.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"

#include <cmath>

using namespace mlir;
using namespace mlir::qnn;

Calibrator::Calibrator(func::FuncOp func,
                       std::unique_ptr<Interpreter> interpreter)
    : func(func), interpreter(std::move(interpreter)) {}

FailureOr<std::unique_ptr<Calibrator>> Calibrator::create(func::FuncOp func) {
  bool hasObserver = false;
  func.walk([&](ObserveOp) { hasObserver = true; });
  if (!hasObserver)
    return func.emitError("nothing to calibrate: the function has no "
                          "qnn.observe (run --qnn-insert-observers first)");
  FailureOr<std::unique_ptr<Interpreter>> interpreter =
      Interpreter::create(func);
  if (failed(interpreter))
    return failure();
  return std::unique_ptr<Calibrator>(
      new Calibrator(func, std::move(*interpreter)));
}

LogicalResult Calibrator::addSample(ArrayRef<HostTensor> inputs,
                                    int64_t sampleIndex) {
  for (auto [i, input] : llvm::enumerate(inputs)) {
    if (!input.isFloat())
      continue;
    ArrayRef<float> values = input.getFloats();
    auto bad = llvm::find_if(values, [](float v) { return !std::isfinite(v); });
    if (bad != values.end())
      return func.emitError("calibration sample ")
             << sampleIndex << ": input '" << getArgumentName(func, i)
             << "' holds " << (std::isnan(*bad) ? "NaN" : "Inf")
             << " at element " << (bad - values.begin());
  }
  LogicalResult observed = success();
  InterpreterOptions options;
  options.onObserve = [&](ObserveOp op, const HostTensor &tensor) {
    ArrayRef<float> values = tensor.getFloats();
    if (llvm::any_of(values, [](float v) { return !std::isfinite(v); })) {
      if (succeeded(observed))
        op.emitError("calibration sample ")
            << sampleIndex << ": observed tensor is not finite (NaN or Inf)";
      observed = failure();
      return;
    }
    statistics[op.getOperation()].update(values.data(), values.size());
  };
  if (failed(interpreter->run(inputs, options)) || failed(observed))
    return failure();
  ++numSamples;
  return success();
}

LogicalResult Calibrator::writeStatistics() {
  if (numSamples == 0)
    return func.emitError("calibration needs at least one sample, got an "
                          "empty calibration set");
  MLIRContext *context = func.getContext();
  func.walk([&](ObserveOp op) {
    op.setStatsAttr(
        toStatsAttr(context, statistics[op.getOperation()].getStats()));
  });
  return success();
}
