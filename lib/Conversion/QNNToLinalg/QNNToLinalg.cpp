//===- QNNToLinalg.cpp - the qnn-lower-to-linalg pass ---------------------===//
//
// The type converter and the pass, which only wires the per-family
// patterns (ElementwiseToLinalg.cpp, QuantOpsToLinalg.cpp, ...) together.
//
//===----------------------------------------------------------------------===//

#include "qnn/Conversion/QNNToLinalg/QNNToLinalg.h"
#include "LoweringUtils.h"
#include "qnn/Conversion/Passes.h"
#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Func/Transforms/FuncConversions.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNLOWERTOLINALG
#include "qnn/Conversion/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

QNNTypeConverter::QNNTypeConverter() {
  addConversion([](Type type) { return type; });
  addConversion([](RankedTensorType type) -> Type {
    if (!isa<quant::QuantizedType>(type.getElementType()))
      return type;
    return type.clone(getStorageContainerType(type.getElementType()));
  });
}

void mlir::qnn::populateQNNToLinalgConversionPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  populateQNNElementwiseToLinalgPatterns(converter, patterns);
  populateQNNQuantOpsToLinalgPatterns(converter, patterns);
  populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(patterns,
                                                                 converter);
  populateCallOpTypeConversionPattern(patterns, converter);
  populateReturnOpTypeConversionPattern(patterns, converter);
}

void mlir::qnn::configureQNNToLinalgTarget(ConversionTarget &target,
                                           const TypeConverter &converter) {
  target.addIllegalDialect<QNNDialect, quant::QuantDialect>();
  target.markUnknownOpDynamicallyLegal(
      [&](Operation *op) { return converter.isLegal(op); });
  target.addDynamicallyLegalOp<func::FuncOp>([&](func::FuncOp op) {
    return converter.isSignatureLegal(op.getFunctionType()) &&
           converter.isLegal(&op.getBody());
  });
}

namespace {
struct QNNLowerToLinalgPass
    : qnn::impl::QNNLowerToLinalgBase<QNNLowerToLinalgPass> {
  using QNNLowerToLinalgBase::QNNLowerToLinalgBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    // Observers must be gone (calibration turns them into statistics and
    // quantization into types) unless they are lowered for compiled
    // calibration, numbered in walk order.
    llvm::DenseMap<Operation *, int64_t> observerIds;
    WalkResult observed = module.walk([&](ObserveOp op) {
      if (!lowerObservers) {
        op.emitOpError("remains: calibrate and quantize the model before "
                       "lowering it");
        return WalkResult::interrupt();
      }
      observerIds.try_emplace(op, observerIds.size());
      return WalkResult::advance();
    });
    if (observed.wasInterrupted())
      return signalPassFailure();

    MLIRContext *context = &getContext();
    QNNTypeConverter converter;
    ConversionTarget target(*context);
    configureQNNToLinalgTarget(target, converter);
    RewritePatternSet patterns(context);
    populateQNNToLinalgConversionPatterns(converter, patterns);
    populateQNNObserveToCallPatterns(converter, patterns, observerIds);
    if (failed(applyFullConversion(module, target, std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
