//===- ObserveToCall.cpp - qnn.observe to the statistics collector --------===//
//
// Compiled calibration: each observer hands its f32 tensor, flattened, to
// the runtime's collector, which updates the same TensorStatistics the
// interpreter's calibration updates, in the same order, so that the
// statistics written back are identical.
//
//===----------------------------------------------------------------------===//

#include "qnn/Conversion/QNNToLinalg/QNNToLinalg.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"

using namespace mlir;
using namespace mlir::qnn;

/// The collector's declaration in the module, created on first use.
static func::FuncOp getOrCreateObserveFunction(OpBuilder &builder,
                                               ModuleOp module) {
  if (auto existing = module.lookupSymbol<func::FuncOp>(kObserveFunctionName))
    return existing;
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToStart(module.getBody());
  auto type = builder.getFunctionType(
      {builder.getI64Type(),
       RankedTensorType::get({ShapedType::kDynamic}, builder.getF32Type())},
      {});
  auto function = func::FuncOp::create(builder, module.getLoc(),
                                       kObserveFunctionName, type);
  function.setPrivate();
  function->setAttr("llvm.emit_c_interface", builder.getUnitAttr());
  // The collector only reads the tensor. Without this, bufferization
  // assumes that an external function may write its buffer arguments and
  // passes a copy of every observed tensor.
  function.setArgAttr(
      1, bufferization::BufferizationDialect::kBufferAccessAttrName,
      builder.getStringAttr("read"));
  return function;
}

namespace {
struct ObserveToCall : OpConversionPattern<ObserveOp> {
  ObserveToCall(const TypeConverter &converter, MLIRContext *context,
                const llvm::DenseMap<Operation *, int64_t> &ids)
      : OpConversionPattern(converter, context), ids(ids) {}

  LogicalResult
  matchAndRewrite(ObserveOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto it = ids.find(op.getOperation());
    if (it == ids.end())
      return rewriter.notifyMatchFailure(op, "observer without an index");
    auto type = cast<RankedTensorType>(adaptor.getInput().getType());
    Location loc = op.getLoc();
    func::FuncOp callee =
        getOrCreateObserveFunction(rewriter, op->getParentOfType<ModuleOp>());
    // Flatten (row-major, as the interpreter's buffer) and erase the size.
    Value flat = adaptor.getInput();
    if (type.getRank() != 1) {
      SmallVector<ReassociationIndices> all(1);
      for (int64_t d = 0; d < type.getRank(); ++d)
        all.front().push_back(d);
      flat = type.getRank() == 0
                 ? tensor::ExpandShapeOp::create(
                       rewriter, loc,
                       RankedTensorType::get({1}, type.getElementType()), flat,
                       ArrayRef<ReassociationIndices>{})
                       .getResult()
                 : tensor::CollapseShapeOp::create(rewriter, loc, flat, all)
                       .getResult();
    }
    flat = tensor::CastOp::create(rewriter, loc,
                                  callee.getFunctionType().getInput(1), flat);
    Value id = arith::ConstantOp::create(
        rewriter, loc, rewriter.getI64IntegerAttr(it->second));
    func::CallOp::create(rewriter, loc, callee, ValueRange{id, flat});
    rewriter.replaceOp(op, adaptor.getInput());
    return success();
  }

  const llvm::DenseMap<Operation *, int64_t> &ids;
};
} // namespace

void mlir::qnn::populateQNNObserveToCallPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns,
    const llvm::DenseMap<Operation *, int64_t> &ids) {
  patterns.add<ObserveToCall>(converter, patterns.getContext(), ids);
}
