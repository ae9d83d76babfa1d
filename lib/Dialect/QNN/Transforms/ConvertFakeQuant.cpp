//===- ConvertFakeQuant.cpp - QAT / Q-DQ models to INT8 -------------------===//
//
// An imported QAT or Q-DQ model already says how every tensor is quantized:
// qnn.fake_quant on activations, dequantize(scast(integer constant)) on
// weights. No calibration: each fake_quant becomes quantize + dequantize
// with its own type, and the Q/DQ steps of qnn-quantize-static (sinking,
// INT8 rewriting; QDQRewrites.cpp) do the rest, the given weights used as
// they are.
//
//===----------------------------------------------------------------------===//

#include "QDQRewrites.h"

#include "qnn/Dialect/QNN/IR/QNNLegality.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/QNNTypeUtils.h"
#include "qnn/Dialect/QNN/Transforms/Passes.h"
#include "qnn/Dialect/QNN/Utils/ConstantUtils.h"
#include "qnn/Dialect/QNN/Utils/QuantNumerics.h"
#include "qnn/Dialect/QNN/Utils/QuantPolicy.h"
#include "qnn/Dialect/QNN/Utils/WeightQuantization.h"

#include "mlir/Dialect/Quant/IR/Quant.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNCONVERTFAKEQUANT
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

/// `values` (of a tensor of `shape`) quantized with `type`, per tensor or
/// per axis: `q = clamp(rne(x / s) + z, qmin, qmax)`, the interpreter's
/// qnn.quantize bit for bit.
static QuantizedTensor quantizeWithType(ArrayRef<float> values,
                                        ArrayRef<int64_t> shape,
                                        quant::QuantizedType type) {
  SmallVector<double> scales;
  SmallVector<int64_t> zeroPoints;
  int64_t inner = 1, channels = 1;
  if (auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(type)) {
    llvm::append_range(scales, perAxis.getScales());
    llvm::append_range(zeroPoints, perAxis.getZeroPoints());
    int64_t axis = perAxis.getQuantizedDimension();
    channels = shape[axis];
    for (int64_t dim : shape.drop_front(axis + 1))
      inner *= dim;
  } else {
    auto perTensor = cast<quant::UniformQuantizedType>(type);
    scales.push_back(perTensor.getScale());
    zeroPoints.push_back(perTensor.getZeroPoint());
  }
  QuantizedTensor result{{}, type};
  result.values.reserve(values.size());
  for (auto [i, x] : llvm::enumerate(values)) {
    int64_t c = (static_cast<int64_t>(i) / inner) % channels;
    result.values.push_back(
        numerics::quantize(x, static_cast<float>(scales[c]), zeroPoints[c],
                           type.getStorageTypeMin(), type.getStorageTypeMax()));
  }
  return result;
}

/// fake_quant(x) {qtype} -> dequantize(quantize(x)); a float constant x is
/// quantized now, to dequantize(scast(integer constant)) like an imported
/// Q-DQ weight.
static void fakeQuantsToQDQ(Operation *root) {
  SmallVector<FakeQuantOp> fakeQuants;
  root->walk([&](FakeQuantOp op) { fakeQuants.push_back(op); });
  for (FakeQuantOp op : fakeQuants) {
    OpBuilder builder(op);
    auto qtype = cast<quant::QuantizedType>(op.getQtype());
    RankedTensorType type = op.getType();
    Value quantized;
    FailureOr<SmallVector<float>> values = getConstantFloats(op.getInput());
    if (succeeded(values))
      quantized = createQuantizedConstant(
          builder, op.getLoc(), type.getShape(),
          quantizeWithType(*values, type.getShape(), qtype),
          getNameHint(op.getInput().getLoc()));
    else
      quantized = QuantizeOp::create(
          builder, op.getLoc(), withElementType(type, qtype), op.getInput());
    Value dq = DequantizeOp::create(builder, op.getLoc(), quantized);
    op.replaceAllUsesWith(dq);
    op.erase();
  }
}

/// quantize(relu(x)) -> relu(quantize(x)), likewise clamp (any
/// ActivationOpInterface op): quantize is monotonic, so `quantize(max(x, 0))
/// = max(quantize(x), quantize(0))`, which is what the quantized relu
/// computes (clamp likewise with quantize(lo), quantize(hi)): equal bit for
/// bit. The producer of x (a
/// conv2d torch fused with its relu) then has its result quantized next.
static void hoistQuantizesAboveActivations(Operation *root) {
  SmallVector<QuantizeOp> quantizes;
  root->walk([&](QuantizeOp op) { quantizes.push_back(op); });
  for (QuantizeOp op : quantizes) {
    Operation *activation = op.getInput().getDefiningOp();
    if (!isa_and_nonnull<ActivationOpInterface>(activation) ||
        !activation->hasOneUse() || !getPerTensorType(op.getType()) ||
        activation->getOperand(0).getDefiningOp<DequantizeOp>())
      continue;
    // Only into a type the activation op accepts (not, e.g., i4).
    Type operandType = withElementType(activation->getOperand(0).getType(),
                                       op.getType().getElementType());
    Type resultType = op.getType();
    if (failed(verifyElementTypes(activation, operandType, resultType)))
      continue;
    OpBuilder builder(activation);
    Value quantized = QuantizeOp::create(builder, op.getLoc(), operandType,
                                         activation->getOperand(0));
    Operation *clone = builder.clone(*activation);
    clone->setOperand(0, quantized);
    clone->getResult(0).setType(op.getType());
    op.replaceAllUsesWith(clone->getResult(0));
    op.erase();
    activation->erase();
  }
}

/// Pools with a result scale of their own (avg_pool2d, global_avg_pool2d)
/// of a quantized tensor whose result is not quantized next keep their
/// operand's type, as PyTorch's quantized average pools do (its QAT export
/// puts no fake_quant after them): a quantize + dequantize with the
/// operand's type goes after the pool.
static void quantizeAvgPoolsLikeOperand(Operation *root) {
  SmallVector<Operation *> pools;
  root->walk([&](Operation *op) {
    if (op->hasTrait<qnn::OpTrait::Pool2D>() && isQuantizedCompute(op))
      pools.push_back(op);
  });
  for (Operation *pool : pools) {
    auto dq = pool->getOperand(0).getDefiningOp<DequantizeOp>();
    Value result = pool->getResult(0);
    if (!dq || !getPerTensorType(dq.getInput().getType()) ||
        (result.hasOneUse() && isa<QuantizeOp>(*result.getUsers().begin())))
      continue;
    OpBuilder builder(pool->getContext());
    builder.setInsertionPointAfter(pool);
    Value quantized = QuantizeOp::create(
        builder, pool->getLoc(),
        withElementType(result.getType(),
                        getElementTypeOrSelf(dq.getInput().getType())),
        result);
    Value dequantized =
        DequantizeOp::create(builder, pool->getLoc(), quantized);
    result.replaceAllUsesExcept(dequantized, quantized.getDefiningOp());
  }
}

/// The weight as given: `dequantize(w)` with w quantized (an imported
/// `scast(integer constant)`, or a folded fake_quant) is used as w; a float
/// weight without a fake_quant leaves the op float.
static Value givenQuantizedWeight(OpBuilder &, Operation *, Value weight) {
  auto dq = weight.getDefiningOp<DequantizeOp>();
  if (!dq || !dq.getInput().getDefiningOp<quant::StorageCastOp>())
    return {};
  return dq.getInput();
}

namespace {
struct ConvertFakeQuantPass
    : qnn::impl::QNNConvertFakeQuantBase<ConvertFakeQuantPass> {
  using Base::Base;

  void runOnOperation() override {
    Operation *root = getOperation();
    auto keepNothingFloat = [](Operation *) { return false; };
    fakeQuantsToQDQ(root);
    hoistQuantizesAboveActivations(root);
    sinkDequantizes(root, keepNothingFloat);
    quantizeAvgPoolsLikeOperand(root);
    // Below the pools, e.g. a flatten before a fully_connected.
    sinkDequantizes(root, keepNothingFloat);
    quantizeComputeOps(root, keepNothingFloat, givenQuantizedWeight);
    // Unlike observers, a fake_quant between float ops is part of the
    // model (its rounding was trained with): its Q/DQ pair stays.
    eraseDeadOps(root);
  }
};
} // namespace
