//===- Calibrator.cpp - collect statistics by running the model -----------===//

#include "qnn/Calibration/Calibrator.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"

#include <cmath>

using namespace mlir;
using namespace mlir::qnn;

Calibrator::Calibrator(func::FuncOp func) : func(func) {}

FailureOr<std::unique_ptr<Calibrator>>
Calibrator::create(func::FuncOp func, bool compiled, unsigned numThreads) {
  bool hasObserver = false;
  func.walk([&](ObserveOp) { hasObserver = true; });
  if (!hasObserver)
    return func.emitError("nothing to calibrate: the function has no "
                          "qnn.observe (run --qnn-insert-observers first)");
  auto calibrator = std::unique_ptr<Calibrator>(new Calibrator(func));
  if (compiled) {
    FailureOr<std::unique_ptr<JitModel>> jit = JitModel::compile(
        func, CodegenTarget::Host, /*lowerObservers=*/true, numThreads);
    if (failed(jit))
      return failure();
    calibrator->jit = std::move(*jit);
    return calibrator;
  }
  FailureOr<std::unique_ptr<Interpreter>> interpreter =
      Interpreter::create(func);
  if (failed(interpreter))
    return failure();
  calibrator->interpreter = std::move(*interpreter);
  return calibrator;
}

void Calibrator::observe(Operation *op, ArrayRef<float> values,
                         int64_t sampleIndex, LogicalResult &observed) {
  if (!allFinite(values.data(), values.size())) {
    if (succeeded(observed))
      op->emitError("calibration sample ")
          << sampleIndex << ": observed tensor is not finite (NaN or Inf)";
    observed = failure();
    return;
  }
  if (succeeded(observed))
    statistics[op].update(values.data(), values.size());
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
  if (jit) {
    FailureOr<SmallVector<HostTensor>> checked = checkModelInputs(func, inputs);
    if (failed(checked))
      return failure();
    ArrayRef<Operation *> observers = jit->getObservers();
    auto onObserve = [&](int64_t id, ArrayRef<float> values) {
      observe(observers[id], values, sampleIndex, observed);
    };
    llvm::Expected<SmallVector<HostTensor>> results =
        jit->run(*checked, onObserve);
    if (!results)
      return func.emitError("calibration sample ")
             << sampleIndex << ": " << llvm::toString(results.takeError());
  } else {
    InterpreterOptions options;
    options.onObserve = [&](ObserveOp op, const HostTensor &tensor) {
      observe(op, tensor.getFloats(), sampleIndex, observed);
    };
    if (failed(interpreter->run(inputs, options)))
      return failure();
  }
  if (failed(observed))
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
