//===- DynamicQuantizeToLinalg.cpp - qnn.dynamic_quantize -----------------===//
//
// ONNX DynamicQuantizeLinear, as the interpreter runs it (EvalQuantOps.cpp):
//
//   lo = hi = 0; for x in row-major order: numerics::updateDynamicRange
//   (s, z) = numerics::dynamicQuantizationParams(lo, hi)
//   q = numerics::quantize(x, s, z, 0, 255)
//
// The range is one linalg reduction with two accumulators, the parameters
// scalar arith on its two results, the quantization one elementwise generic.
// The LSTM lowering quantizes X_t and H_{t-1} with the same helper.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "qnn/Conversion/QNNToLinalg/QNNToLinalg.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::qnn;

DynamicQuantized mlir::qnn::buildDynamicQuantize(OpBuilder &b, Location loc,
                                                 Value input) {
  auto type = cast<RankedTensorType>(input.getType());
  int64_t rank = type.getRank();
  numerics::EmitArith top(b, loc);
  Value zero = top.constF32(0.0f);
  Value inits[] = {buildFilledTensor(b, loc, {}, zero),
                   buildFilledTensor(b, loc, {}, zero)};
  SmallVector<Value> range = buildReductionOverDims(
      b, loc, rank, input, b.getMultiDimIdentityMap(rank), inits,
      llvm::to_vector(llvm::seq<int64_t>(0, rank)),
      [](OpBuilder &nb, Location l, ValueRange args,
         ValueRange acc) -> SmallVector<Value> {
        numerics::EmitArith a(nb, l);
        Value lo = acc[0], hi = acc[1];
        numerics::updateDynamicRange(a, args[0], lo, hi);
        return {lo, hi};
      });
  Value lo = tensor::ExtractOp::create(b, loc, range[0], ValueRange{});
  Value hi = tensor::ExtractOp::create(b, loc, range[1], ValueRange{});
  auto [scale, zeroPoint] = numerics::dynamicQuantizationParams(top, lo, hi);

  auto storageType = type.clone(b.getI8Type());
  Value storage = buildGeneric(
      b, loc, storageType, input, b.getMultiDimIdentityMap(rank),
      [&, scale = scale, zeroPoint = zeroPoint](OpBuilder &nb, Location l,
                                                ValueRange args) {
        numerics::EmitArith a(nb, l);
        Value q = numerics::quantize(a, args[0], scale, zeroPoint, 0, 255);
        return truncateToStorage(nb, l, q, nb.getI8Type());
      });
  return {storage, scale, zeroPoint};
}

namespace {

/// The storage, scale and zero point results of buildDynamicQuantize, the
/// scalars as 0-d tensors.
struct DynamicQuantizeOpLowering : OpConversionPattern<DynamicQuantizeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(DynamicQuantizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto storageType = dyn_cast_or_null<RankedTensorType>(
        getTypeConverter()->convertType(op.getOutput().getType()));
    if (!storageType || !storageType.getElementType().isInteger(8))
      return rewriter.notifyMatchFailure(op, "storage is not 8-bit");
    Location loc = op.getLoc();
    DynamicQuantized q =
        buildDynamicQuantize(rewriter, loc, adaptor.getInput());
    Value scale = tensor::FromElementsOp::create(
        rewriter, loc, op.getScale().getType(), q.scale);
    Value zeroPoint = tensor::FromElementsOp::create(
        rewriter, loc, op.getZeroPoint().getType(), q.zeroPoint);
    rewriter.replaceOp(op, {q.storage, scale, zeroPoint});
    return success();
  }
};

} // namespace

void mlir::qnn::populateQNNDynamicQuantizeToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<DynamicQuantizeOpLowering>(converter, patterns.getContext());
}
