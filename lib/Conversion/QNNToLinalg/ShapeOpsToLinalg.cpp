//===- ShapeOpsToLinalg.cpp - data movement and concat --------------------===//
//
// Data movement moves stored values (f32, or the storage integers of a
// quantized tensor, whose result type already carries the moved
// parameters): reshapes become tensor.collapse_shape / expand_shape and
// transpose linalg.transpose; slice, pad, concat and gather become a
// linalg.generic over the result (slice reads through an affine map, the
// others with tensor.extract). tensor.extract_slice, tensor.pad and
// tensor.concat would bufferize to strided memref.copy ops, calls to the
// C runner utils' memrefCopy that compiled models do not link. Concat is
// the one op here that computes: an operand quantized differently from the
// result is requantized into it first, `requantize(q - z_in, M)` with
// M = computeMultiplier(s_in, s_out), as the interpreter does.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "qnn/Conversion/QNNToLinalg/QNNToLinalg.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/QNNTypeUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::qnn;

/// The converted type of `op`'s single result.
static RankedTensorType getResultType(const TypeConverter *converter,
                                      Operation *op) {
  return cast<RankedTensorType>(
      converter->convertType(op->getResult(0).getType()));
}

/// The concatenation of `inputs` along `axis`: a generic over the result
/// whose body reads every operand at `a - offset_k` (clamped into it) along
/// the axis and selects the last operand starting at or before `a`.
static Value buildConcat(OpBuilder &b, Location loc, ValueRange inputs,
                         int64_t axis, RankedTensorType resultType) {
  if (inputs.size() == 1)
    return inputs.front();
  return buildGeneric(
      b, loc, resultType, ValueRange{}, {},
      [&](OpBuilder &nb, Location l, ValueRange) -> Value {
        auto index = [&](int64_t v) -> Value {
          return arith::ConstantIndexOp::create(nb, l, v);
        };
        SmallVector<Value> position;
        for (int64_t d = 0; d < resultType.getRank(); ++d)
          position.push_back(linalg::IndexOp::create(nb, l, d));
        Value a = position[axis];
        Value result;
        int64_t offset = 0;
        for (Value input : inputs) {
          int64_t size =
              cast<RankedTensorType>(input.getType()).getDimSize(axis);
          if (size == 0)
            continue;
          // a - offset, clamped into [0, size).
          Value clamped = a;
          if (offset != 0)
            clamped = arith::MaxSIOp::create(
                nb, l, arith::SubIOp::create(nb, l, a, index(offset)),
                index(0));
          clamped = arith::MinSIOp::create(nb, l, clamped, index(size - 1));
          position[axis] = clamped;
          Value value = tensor::ExtractOp::create(nb, l, input, position);
          if (!result) {
            result = value;
          } else {
            Value starts = arith::CmpIOp::create(
                nb, l, arith::CmpIPredicate::sge, a, index(offset));
            result = arith::SelectOp::create(nb, l, starts, value, result);
          }
          offset += size;
        }
        return result;
      });
}

namespace {

/// Concatenation along `axis`. Quantized operands whose scale or zero point
/// differs from the result's are first requantized:
/// `q_out = clamp(rne(f32(q - z_in) * M) + z_out)`,
/// M = computeMultiplier(s_in, s_out); the others are copied.
struct ConcatOpLowering : OpConversionPattern<ConcatOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ConcatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType resultType = getResultType(getTypeConverter(), op);
    int64_t axis = *normalizeAxis(op.getAxis(), resultType.getRank());
    Location loc = op.getLoc();
    SmallVector<Value> inputs;
    FailureOr<QuantInfo> out = getQuantInfo(op.getType());
    for (auto [operand, converted] :
         llvm::zip_equal(op.getInputs(), adaptor.getInputs())) {
      auto operandType = cast<RankedTensorType>(operand.getType());
      if (failed(out)) {
        inputs.push_back(converted);
        continue;
      }
      FailureOr<QuantInfo> in = getQuantInfo(operandType);
      if (failed(in) || !in->isPerTensor() || !out->isPerTensor())
        return rewriter.notifyMatchFailure(
            op, "operands and result are not all quantized per tensor");
      if (in->scales[0] == out->scales[0] &&
          in->zeroPoints[0] == out->zeroPoints[0]) {
        inputs.push_back(converted);
        continue;
      }
      float m = numerics::computeMultiplier(in->scales[0], out->scales[0]);
      int32_t zIn = in->zeroPoints[0], zOut = out->zeroPoints[0];
      Type inElement = operandType.getElementType();
      Type storage = resultType.getElementType();
      inputs.push_back(buildGeneric(
          rewriter, loc, operandType.clone(storage), converted,
          rewriter.getMultiDimIdentityMap(operandType.getRank()),
          [&](OpBuilder &b, Location l, ValueRange args) {
            numerics::EmitArith a(b, l);
            Value q = extendToI32(b, l, args[0], inElement);
            Value r = numerics::requantize(a, a.subI(q, a.constI32(zIn)),
                                           a.constF32(m), a.constI32(zOut),
                                           out->qmin, out->qmax);
            return truncateToStorage(b, l, r, storage);
          }));
    }
    rewriter.replaceOp(op,
                       buildConcat(rewriter, loc, inputs, axis, resultType));
    return success();
  }
};

/// reshape, flatten, squeeze, unsqueeze: the same elements in row-major
/// order, a new static shape.
template <typename OpTy>
struct ReshapeLikeLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType resultType = getResultType(this->getTypeConverter(), op);
    rewriter.replaceOp(op, buildReshape(rewriter, op.getLoc(),
                                        adaptor.getInput(), resultType));
    return success();
  }
};

/// y[j] = x[i] with i[perm[k]] = j_k: linalg.transpose has the same
/// convention (result dimension k is input dimension perm[k]).
struct TransposeOpLowering : OpConversionPattern<TransposeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(TransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType resultType = getResultType(getTypeConverter(), op);
    Location loc = op.getLoc();
    Value init = tensor::EmptyOp::create(rewriter, loc, resultType.getShape(),
                                         resultType.getElementType());
    auto transpose = linalg::TransposeOp::create(
        rewriter, loc, adaptor.getInput(), init, op.getPerm());
    rewriter.replaceOp(op, transpose.getResult());
    return success();
  }
};

/// y[j] = x[starts + j * steps]: a generic reading the operand through the
/// map d -> starts + d * steps.
struct SliceOpLowering : OpConversionPattern<SliceOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(SliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType resultType = getResultType(getTypeConverter(), op);
    int64_t rank = resultType.getRank();
    SmallVector<AffineExpr> exprs;
    for (int64_t d = 0; d < rank; ++d)
      exprs.push_back(rewriter.getAffineDimExpr(d) * op.getSteps()[d] +
                      op.getStarts()[d]);
    AffineMap map = AffineMap::get(rank, 0, exprs, rewriter.getContext());
    rewriter.replaceOp(
        op, buildGeneric(rewriter, op.getLoc(), resultType, adaptor.getInput(),
                         map, [](OpBuilder &, Location, ValueRange args) {
                           return args[0];
                         }));
    return success();
  }
};

/// Constant padding (buildPad). The new positions hold `value` (f32), or
/// its quantization with the result's parameters,
/// `clamp(rne(value / s) + z)` (numerics::quantize): the zero point for the
/// default 0. Per axis (or blocked), the rule runs in the body on each
/// position's scale and zero point.
struct PadOpLowering : OpConversionPattern<PadOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(PadOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType resultType = getResultType(getTypeConverter(), op);
    Location loc = op.getLoc();
    int64_t rank = resultType.getRank();
    ArrayRef<int64_t> low = op.getPads().take_front(rank);
    ArrayRef<int64_t> high = op.getPads().drop_front(rank);
    float value = op.getValue().convertToFloat();
    Type storage = resultType.getElementType();
    auto constantPad = [&](Value pad) {
      return buildPad(rewriter, loc, adaptor.getInput(), low, high,
                      ValueRange{}, {},
                      [&](OpBuilder &, Location, ValueRange) { return pad; });
    };

    if (storage.isF32()) {
      Value pad = arith::ConstantOp::create(rewriter, loc,
                                            rewriter.getF32FloatAttr(value));
      rewriter.replaceOp(op, constantPad(pad));
      return success();
    }
    FailureOr<ElementParams> params = ElementParams::get(op.getType());
    if (failed(params))
      return rewriter.notifyMatchFailure(op, "neither f32 nor quantized");
    const QuantInfo &info = params->getInfo();
    if (info.isPerTensor()) {
      int32_t q = numerics::quantize(value, info.scales[0], info.zeroPoints[0],
                                     info.qmin, info.qmax);
      APInt bits(storage.getIntOrFloatBitWidth(), q, /*isSigned=*/true,
                 /*implicitTrunc=*/true);
      Value pad = arith::ConstantOp::create(
          rewriter, loc, rewriter.getIntegerAttr(storage, bits));
      rewriter.replaceOp(op, constantPad(pad));
      return success();
    }
    SmallVector<Value> inputs;
    SmallVector<AffineMap> maps;
    params->appendInputs(rewriter, loc, inputs, maps);
    Value padded =
        buildPad(rewriter, loc, adaptor.getInput(), low, high, inputs, maps,
                 [&](OpBuilder &b, Location l, ValueRange args) {
                   numerics::EmitArith a(b, l);
                   auto [scale, zp] = params->getValues(a, args);
                   Value q = numerics::quantize(a, a.constF32(value), scale, zp,
                                                info.qmin, info.qmax);
                   return truncateToStorage(b, l, q, storage);
                 });
    rewriter.replaceOp(op, padded);
    return success();
  }
};

/// y[p, i, s] = data[p, indices[i], s], a negative index counting from the
/// back. An index outside [-d, d), which the interpreter reports, is clamped
/// into [0, d) after that normalization: compiled code has no error channel
/// at run time yet, and a clamped read never leaves the data (see
/// docs/Rationale.md, "Gather out of range").
struct GatherOpLowering : OpConversionPattern<GatherOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(GatherOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType resultType = getResultType(getTypeConverter(), op);
    RankedTensorType dataType = op.getData().getType();
    RankedTensorType indicesType = op.getIndices().getType();
    int64_t axis = *normalizeAxis(op.getAxis(), dataType.getRank());
    int64_t size = dataType.getDimSize(axis);
    int64_t indicesRank = indicesType.getRank();
    MLIRContext *context = rewriter.getContext();
    SmallVector<AffineExpr> indexExprs;
    for (int64_t k = 0; k < indicesRank; ++k)
      indexExprs.push_back(getAffineDimExpr(axis + k, context));
    AffineMap indicesMap =
        AffineMap::get(resultType.getRank(), 0, indexExprs, context);
    Value data = adaptor.getData();
    Value result = buildGeneric(
        rewriter, op.getLoc(), resultType, adaptor.getIndices(), indicesMap,
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          Type i64 = b.getI64Type();
          Value index = args[0];
          if (index.getType() != i64)
            index = arith::ExtSIOp::create(b, l, i64, index);
          auto constant = [&](int64_t v) -> Value {
            return arith::ConstantOp::create(b, l, b.getI64IntegerAttr(v));
          };
          Value zero = constant(0);
          Value isNegative = arith::CmpIOp::create(
              b, l, arith::CmpIPredicate::slt, index, zero);
          index = arith::SelectOp::create(
              b, l, isNegative,
              arith::AddIOp::create(b, l, index, constant(size)), index);
          index = arith::MaxSIOp::create(b, l, index, zero);
          index = arith::MinSIOp::create(b, l, index, constant(size - 1));
          SmallVector<Value> position;
          for (int64_t d = 0; d < axis; ++d)
            position.push_back(linalg::IndexOp::create(b, l, d));
          position.push_back(
              arith::IndexCastOp::create(b, l, b.getIndexType(), index));
          for (int64_t d = axis + 1; d < dataType.getRank(); ++d)
            position.push_back(
                linalg::IndexOp::create(b, l, d - 1 + indicesRank));
          return tensor::ExtractOp::create(b, l, data, position);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void mlir::qnn::populateQNNShapeOpsToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<ConcatOpLowering, GatherOpLowering, PadOpLowering,
               ReshapeLikeLowering<FlattenOp>, ReshapeLikeLowering<ReshapeOp>,
               ReshapeLikeLowering<SqueezeOp>, ReshapeLikeLowering<UnsqueezeOp>,
               SliceOpLowering, TransposeOpLowering>(converter,
                                                     patterns.getContext());
}
