//===- QuantOpsToLinalg.cpp - quantize, dequantize, requantize, ... -------===//
//
// Each op becomes one elementwise linalg.generic whose body is the numerics
// rule (QuantNumerics.h) emitted with EmitArith; per-axis and blocked types
// read their scale and zero point from constant tensors over the parameter
// grid (ElementParams).
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "qnn/Conversion/QNNToLinalg/QNNToLinalg.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"

using namespace mlir;
using namespace mlir::qnn;

namespace {

/// q = clamp(rne(x / s) + z, qmin, qmax) (numerics::quantize).
struct QuantizeOpLowering : OpConversionPattern<QuantizeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(QuantizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    FailureOr<ElementParams> params = ElementParams::get(op.getType());
    if (failed(params))
      return rewriter.notifyMatchFailure(op, "result is not quantized");
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    const QuantInfo &info = params->getInfo();
    Type storage = resultType.getElementType();
    Value result = params->buildElementwise(
        rewriter, op.getLoc(), adaptor.getInput(), resultType,
        [&](OpBuilder &b, Location l, Value x, Value scale, Value zp) {
          numerics::EmitArith a(b, l);
          Value q = numerics::quantize(a, x, scale, zp, info.qmin, info.qmax);
          return truncateToStorage(b, l, q, storage);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// x = f32(q - z) * s (numerics::dequantize).
struct DequantizeOpLowering : OpConversionPattern<DequantizeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(DequantizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType inputType = op.getInput().getType();
    FailureOr<ElementParams> params = ElementParams::get(inputType);
    if (failed(params))
      return rewriter.notifyMatchFailure(op, "operand is not quantized");
    Type element = inputType.getElementType();
    Value result = params->buildElementwise(
        rewriter, op.getLoc(), adaptor.getInput(),
        cast<RankedTensorType>(op.getType()),
        [&](OpBuilder &b, Location l, Value x, Value scale, Value zp) {
          numerics::EmitArith a(b, l);
          return numerics::dequantize(a, extendToI32(b, l, x, element), scale,
                                      zp);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// q_out = clamp(rne(f32(q_in - z_in) * M) + z_out), M =
/// computeMultiplier(s_in, s_out) per pair of parameter blocks, computed at
/// compile time over the finer of the two grids.
struct RequantizeOpLowering : OpConversionPattern<RequantizeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(RequantizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType inputType = op.getInput().getType();
    FailureOr<QuantInfo> in = getQuantInfo(inputType);
    FailureOr<QuantInfo> out = getQuantInfo(op.getType());
    if (failed(in) || failed(out))
      return rewriter.notifyMatchFailure(op, "types are not quantized");
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    int64_t rank = resultType.getRank();

    // The joint grid: per dimension the smaller block of the two types
    // (blocks of per-axis and blocked types nest).
    SmallVector<int64_t> grid, block;
    SmallVector<AffineExpr> exprs;
    for (int64_t d = 0; d < rank; ++d) {
      int64_t size = in->shape[d];
      block.push_back(
          std::max<int64_t>(std::min(in->block[d], out->block[d]), 1));
      grid.push_back(std::max<int64_t>(size / block.back(), 1));
      if (grid.back() == 1)
        continue;
      AffineExpr dim = getAffineDimExpr(d, context);
      exprs.push_back(block.back() == 1 ? dim : dim.floorDiv(block.back()));
    }
    SmallVector<float> multipliers;
    SmallVector<int32_t> zIn, zOut;
    SmallVector<int64_t> index(rank, 0);
    int64_t count = 1;
    for (int64_t g : grid)
      count *= g;
    for (int64_t linear = 0; linear < count; ++linear) {
      for (int64_t d = rank - 1, rest = linear; d >= 0; --d) {
        index[d] = (rest % grid[d]) * block[d];
        rest /= grid[d];
      }
      int64_t pi = in->paramIndex(index), po = out->paramIndex(index);
      multipliers.push_back(
          numerics::computeMultiplier(in->scales[pi], out->scales[po]));
      zIn.push_back(in->zeroPoints[pi]);
      zOut.push_back(out->zeroPoints[po]);
    }

    SmallVector<Value> inputs = {adaptor.getInput()};
    SmallVector<AffineMap> maps = {rewriter.getMultiDimIdentityMap(rank)};
    bool perTensor = count == 1;
    if (!perTensor) {
      AffineMap map = AffineMap::get(rank, 0, exprs, context);
      SmallVector<int64_t> paramShape;
      for (int64_t g : grid)
        if (g != 1)
          paramShape.push_back(g);
      auto constant = [&](Type element, auto values) -> Value {
        auto type = RankedTensorType::get(paramShape, element);
        return arith::ConstantOp::create(
            rewriter, loc, DenseElementsAttr::get(type, ArrayRef(values)));
      };
      inputs.append({constant(rewriter.getF32Type(), multipliers),
                     constant(rewriter.getI32Type(), zIn),
                     constant(rewriter.getI32Type(), zOut)});
      maps.append({map, map, map});
    }
    Type inElement = inputType.getElementType();
    Type storage = resultType.getElementType();
    Value result =
        buildGeneric(rewriter, loc, resultType, inputs, maps,
                     [&](OpBuilder &b, Location l, ValueRange args) {
                       numerics::EmitArith a(b, l);
                       Value m =
                           perTensor ? a.constF32(multipliers[0]) : args[1];
                       Value zi = perTensor ? a.constI32(zIn[0]) : args[2];
                       Value zo = perTensor ? a.constI32(zOut[0]) : args[3];
                       Value q = extendToI32(b, l, args[0], inElement);
                       Value r = numerics::requantize(a, a.subI(q, zi), m, zo,
                                                      out->qmin, out->qmax);
                       return truncateToStorage(b, l, r, storage);
                     });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// y = dequantize(quantize(x)) with the op's qtype (numerics::fakeQuantize).
struct FakeQuantOpLowering : OpConversionPattern<FakeQuantOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(FakeQuantOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType = cast<RankedTensorType>(op.getType());
    FailureOr<ElementParams> params = ElementParams::get(
        RankedTensorType::get(resultType.getShape(), op.getQtype()));
    if (failed(params))
      return rewriter.notifyMatchFailure(op, "qtype is not quantized");
    const QuantInfo &info = params->getInfo();
    Value result = params->buildElementwise(
        rewriter, op.getLoc(), adaptor.getInput(), resultType,
        [&](OpBuilder &b, Location l, Value x, Value scale, Value zp) {
          numerics::EmitArith a(b, l);
          Value q = numerics::quantize(a, x, scale, zp, info.qmin, info.qmax);
          return numerics::dequantize(a, q, scale, zp);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// quant.scast between storage and a quantized type: the same values once
/// types are converted; an i4 constant is sign-extended into its i8
/// container.
struct StorageCastLowering : OpConversionPattern<quant::StorageCastOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(quant::StorageCastOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType = dyn_cast_or_null<RankedTensorType>(
        getTypeConverter()->convertType(op.getType()));
    auto inputType = dyn_cast<RankedTensorType>(adaptor.getInput().getType());
    if (!resultType || !inputType)
      return rewriter.notifyMatchFailure(op, "unranked storage cast");
    if (inputType == resultType) {
      rewriter.replaceOp(op, adaptor.getInput());
      return success();
    }
    Type from = inputType.getElementType(), to = resultType.getElementType();
    if (!from.isSignlessInteger() || !to.isSignlessInteger() ||
        from.getIntOrFloatBitWidth() >= to.getIntOrFloatBitWidth())
      return rewriter.notifyMatchFailure(op, "not a widening of storage");
    bool isUnsigned =
        isUnsignedStorage(getElementTypeOrSelf(op.getInput().getType())) ||
        isUnsignedStorage(getElementTypeOrSelf(op.getType()));
    Value result =
        buildGeneric(rewriter, op.getLoc(), resultType, adaptor.getInput(),
                     rewriter.getMultiDimIdentityMap(resultType.getRank()),
                     [&](OpBuilder &b, Location l, ValueRange args) -> Value {
                       if (isUnsigned)
                         return arith::ExtUIOp::create(b, l, to, args[0]);
                       return arith::ExtSIOp::create(b, l, to, args[0]);
                     });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void mlir::qnn::populateQNNQuantOpsToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<DequantizeOpLowering, FakeQuantOpLowering, QuantizeOpLowering,
               RequantizeOpLowering, StorageCastLowering>(
      converter, patterns.getContext());
}
