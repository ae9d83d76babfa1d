//===- PropagateScales.cpp - operands in the scale their consumer writes --===//

#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/QNNTypeUtils.h"
#include "qnn/Dialect/QNN/Transforms/Passes.h"
#include "qnn/Dialect/QNN/Utils/QuantPolicy.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/Verifier.h"
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

/// Every concat operand in the concat's type: retarget a single-use INT8
/// producer, else requantize.
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
  /// only here and is an INT8 op or a requantize that still verifies.
  static bool retarget(PatternRewriter &rewriter, Value value,
                       RankedTensorType wanted) {
    Operation *producer = value.getDefiningOp();
    if (!producer || !value.hasOneUse() || producer->getNumResults() != 1 ||
        !(isQuantizedCompute(producer) || isa<RequantizeOp>(producer)))
      return false;
    Type old = value.getType();
    value.setType(wanted);
    if (failed(mlir::verify(producer))) {
      value.setType(old);
      return false;
    }
    // Tell the rewriter the producer changed.
    rewriter.modifyOpInPlace(producer, [] {});
    return true;
  }
};

struct PropagateScalesPass
    : qnn::impl::QNNPropagateScalesBase<PropagateScalesPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<QuantizeOfDequantize, ConcatOperandsInResultType>(
        &getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
