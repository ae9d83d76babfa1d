//===- InsertObservers.cpp - mark the tensors calibration observes --------===//

#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/QNNTypeUtils.h"
#include "qnn/Dialect/QNN/Transforms/Passes.h"
#include "qnn/Dialect/QNN/Utils/QuantPolicy.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/SetVector.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNINSERTOBSERVERS
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

/// True when `value` already feeds an observer.
static bool isObserved(Value value) {
  return llvm::any_of(value.getUsers(),
                      [](Operation *user) { return isa<ObserveOp>(user); });
}

/// Inserts `observe(value)` right after its definition and makes every other
/// user read the observed value.
static void observe(OpBuilder &builder, Value value) {
  if (auto arg = dyn_cast<BlockArgument>(value))
    builder.setInsertionPointToStart(arg.getOwner());
  else
    builder.setInsertionPointAfter(value.getDefiningOp());
  auto observer = ObserveOp::create(builder, value.getLoc(), value,
                                    /*stats=*/StatsAttr());
  value.replaceAllUsesExcept(observer.getResult(), observer);
}

namespace {
struct InsertObserversPass
    : qnn::impl::QNNInsertObserversBase<InsertObserversPass> {
  void runOnOperation() override {
    // The tensors to observe, in program order of discovery.
    llvm::SetVector<Value> tensors;
    getOperation()->walk([&](Operation *op) {
      if (!isQuantizedCompute(op))
        return;
      for (Value operand : getActivationOperands(op))
        tensors.insert(getScaleRoot(operand));
      for (Value result : op->getResults())
        tensors.insert(result);
    });
    // Graph inputs are observed at the top of the function, in argument
    // order (each inserted at the start, so last argument first).
    SmallVector<Value> ordered;
    for (Value tensor : tensors)
      if (isa<BlockArgument>(tensor))
        ordered.push_back(tensor);
    llvm::sort(ordered, [](Value a, Value b) {
      return cast<BlockArgument>(a).getArgNumber() >
             cast<BlockArgument>(b).getArgNumber();
    });
    for (Value tensor : tensors)
      if (!isa<BlockArgument>(tensor))
        ordered.push_back(tensor);

    OpBuilder builder(&getContext());
    for (Value tensor : ordered) {
      // An observer's own result is already observed (second run); so is
      // anything feeding one.
      if (!isF32Tensor(tensor.getType()) || isObserved(tensor) ||
          tensor.getDefiningOp<ObserveOp>())
        continue;
      observe(builder, tensor);
    }
  }
};
} // namespace
