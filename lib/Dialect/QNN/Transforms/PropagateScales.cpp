//===- PropagateScales.cpp - operands in the scale their consumer writes --===//

#include "qnn/Dialect/QNN/IR/QNNLegality.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/QNNTypeUtils.h"
#include "qnn/Dialect/QNN/Transforms/Passes.h"
#include "qnn/Dialect/QNN/Utils/QuantPolicy.h"

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNPROPAGATESCALES
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

namespace {
/// quantize(dequantize(x : T1)) : T2 -> requantize(x) : T2 (T1 != T2; the
/// equal case folds).
struct QuantizeOfDequantize : OpRewritePattern<QuantizeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(QuantizeOp op,
                                PatternRewriter &rewriter) const override {
    auto dequantize = op.getInput().getDefiningOp<DequantizeOp>();
    if (!dequantize)
      return rewriter.notifyMatchFailure(op, "operand is not a dequantize");
    Value source = dequantize.getInput();
    if (source.getType() == op.getType())
      return rewriter.notifyMatchFailure(op, "equal types: the folder's case");
    if (getQuantElementType(source.getType()).getExpressedType() !=
        getQuantElementType(op.getType()).getExpressedType())
      return rewriter.notifyMatchFailure(op, "different expressed types");
    rewriter.replaceOpWithNewOp<RequantizeOp>(op, op.getType(), source);
    return success();
  }
};

/// The real values a per-tensor quantized type can hold.
static std::pair<double, double> realRange(quant::UniformQuantizedType type) {
  return {(type.getStorageTypeMin() - type.getZeroPoint()) * type.getScale(),
          (type.getStorageTypeMax() - type.getZeroPoint()) * type.getScale()};
}

/// requantize(requantize(x : T0) : T1) : T2 -> requantize(x) : T2 when the
/// inner result has no other use and T1 holds every value of T0 (so the
/// inner step only rounds, never clips): one rounding instead of two.
struct RequantizeOfRequantize : OpRewritePattern<RequantizeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(RequantizeOp op,
                                PatternRewriter &rewriter) const override {
    auto inner = op.getInput().getDefiningOp<RequantizeOp>();
    if (!inner || !inner->hasOneUse())
      return rewriter.notifyMatchFailure(op,
                                         "operand is not a lone requantize");
    Value source = inner.getInput();
    auto from = getPerTensorType(source.getType());
    auto middle = getPerTensorType(inner.getType());
    if (!from || !middle)
      return rewriter.notifyMatchFailure(op, "not per-tensor");
    auto [fromLo, fromHi] = realRange(from);
    auto [middleLo, middleHi] = realRange(middle);
    if (fromLo < middleLo || fromHi > middleHi)
      return rewriter.notifyMatchFailure(op, "the inner requantize clips");
    if (source.getType() == op.getType()) {
      rewriter.replaceOp(op, source);
      return success();
    }
    rewriter.modifyOpInPlace(op, [&] { op->setOperand(0, source); });
    rewriter.eraseOp(inner);
    return success();
  }
};

/// Every concat operand in the concat's type: retarget a single-use INT8
/// producer (or quantize / requantize), else requantize.
struct ConcatOperandsInResultType : OpRewritePattern<ConcatOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ConcatOp op,
                                PatternRewriter &rewriter) const override {
    auto resultType = getPerTensorType(op.getType());
    if (!resultType)
      return rewriter.notifyMatchFailure(op, "result is not quantized");
    bool changed = false;
    for (OpOperand &operand : op->getOpOperands()) {
      Value value = operand.get();
      auto type = cast<RankedTensorType>(value.getType());
      if (type.getElementType() == resultType)
        continue;
      RankedTensorType wanted = type.clone(resultType);
      if (retarget(rewriter, value, wanted)) {
        changed = true;
        continue;
      }
      rewriter.setInsertionPoint(op);
      Value requantized =
          RequantizeOp::create(rewriter, value.getLoc(), wanted, value);
      rewriter.modifyOpInPlace(op, [&] { operand.set(requantized); });
      changed = true;
    }
    return success(changed);
  }

  /// Makes `value`'s producer write `wanted` when that is safe: it is used
  /// only here and is an INT8 op, a quantize or a requantize that accepts
  /// `wanted` as its result type (QNNLegality.h).
  static bool retarget(PatternRewriter &rewriter, Value value,
                       RankedTensorType wanted) {
    Operation *producer = value.getDefiningOp();
    if (!producer || !value.hasOneUse() || producer->getNumResults() != 1 ||
        !(isQuantizedCompute(producer) ||
          isa<QuantizeOp, RequantizeOp>(producer)))
      return false;
    Type resultType = wanted;
    if (failed(verifyElementTypes(producer, producer->getOperandTypes(),
                                  resultType)))
      return false;
    rewriter.modifyOpInPlace(producer, [&] { value.setType(wanted); });
    return true;
  }
};

struct PropagateScalesPass
    : qnn::impl::QNNPropagateScalesBase<PropagateScalesPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<QuantizeOfDequantize, RequantizeOfRequantize,
                 ConcatOperandsInResultType>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
