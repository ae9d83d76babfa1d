//===- NormalizationToLinalg.cpp - softmax, layer_norm, batch_norm --------===//
//
// Float ops that may feed a quantize, so they compute what the interpreter
// (EvalNormalization.cpp) computes, bit for bit: every sum is an f32
// linalg reduction starting from 0 that takes the elements in index order
// (as the interpreter's loops), each statistic is computed once per group
// by the same f32 operations, and divisions stay divisions.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "qnn/Conversion/QNNToLinalg/QNNToLinalg.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/QNNTypeUtils.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"

#include <limits>

using namespace mlir;
using namespace mlir::qnn;

/// `shape` without the dimensions in `dims`.
static SmallVector<int64_t> dropDims(ArrayRef<int64_t> shape,
                                     ArrayRef<int64_t> dims) {
  SmallVector<int64_t> result;
  for (auto [d, size] : llvm::enumerate(shape))
    if (!llvm::is_contained(dims, static_cast<int64_t>(d)))
      result.push_back(size);
  return result;
}

/// The f32 sum over `dims` of `fn(x)` for the elements `x` of `input`
/// (`fn` also sees the extra `inputs`, read through `maps`), from 0 in
/// index order.
static Value
buildSum(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> dims,
         ValueRange extraInputs, ArrayRef<AffineMap> extraMaps,
         llvm::function_ref<Value(numerics::EmitArith &, ValueRange)> fn) {
  auto type = cast<RankedTensorType>(input.getType());
  int64_t rank = type.getRank();
  numerics::EmitArith outer(b, loc);
  Value init = buildFilledTensor(b, loc, dropDims(type.getShape(), dims),
                                 outer.constF32(0.0f));
  SmallVector<Value> inputs = {input};
  inputs.append(extraInputs.begin(), extraInputs.end());
  SmallVector<AffineMap> maps = {b.getMultiDimIdentityMap(rank)};
  maps.append(extraMaps.begin(), extraMaps.end());
  return buildReductionOverDims(b, loc, rank, inputs, maps, init, dims,
                                [&](OpBuilder &nb, Location l, ValueRange args,
                                    ValueRange acc) -> SmallVector<Value> {
                                  numerics::EmitArith a(nb, l);
                                  return {a.addF(acc[0], fn(a, args))};
                                })[0];
}

namespace {

/// y = exp(x - m) / s along the axis, with
///   m = fold(x_j > m ? x_j : m) from -Inf (a NaN never wins; all -Inf
///       gives m = -Inf and NaN results, as in the interpreter),
///   e_j = exp(x_j - m) (libm expf),
///   s = sum_j e_j from 0 in index order,
/// and y_j = e_j / s one f32 division.
struct SoftmaxOpLowering : OpConversionPattern<SoftmaxOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(SoftmaxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    int64_t rank = type.getRank();
    std::optional<int64_t> axis = normalizeAxis(op.getAxis(), rank);
    if (!axis)
      return rewriter.notifyMatchFailure(op, "axis out of range");
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    Value x = adaptor.getInput();
    AffineMap id = rewriter.getMultiDimIdentityMap(rank);
    AffineMap stat = getDroppingMap(rank, *axis, context);
    numerics::EmitArith top(rewriter, loc);

    Value maxInit = buildFilledTensor(
        rewriter, loc, dropDims(type.getShape(), *axis),
        top.constF32(-std::numeric_limits<float>::infinity()));
    Value maxValue = buildReductionOverDims(
        rewriter, loc, rank, x, id, maxInit, *axis,
        [](OpBuilder &b, Location l, ValueRange args,
           ValueRange acc) -> SmallVector<Value> {
          numerics::EmitArith a(b, l);
          return {a.selectF(a.cmpOGt(args[0], acc[0]), args[0], acc[0])};
        })[0];
    Value exps = buildGeneric(
        rewriter, loc, type, ValueRange{x, maxValue}, {id, stat},
        [](OpBuilder &b, Location l, ValueRange args) -> Value {
          numerics::EmitArith a(b, l);
          return math::ExpOp::create(b, l, a.subF(args[0], args[1]));
        });
    Value sum = buildSum(
        rewriter, loc, exps, *axis, {}, {},
        [](numerics::EmitArith &, ValueRange args) { return args[0]; });
    Value result =
        buildGeneric(rewriter, loc, type, ValueRange{exps, sum}, {id, stat},
                     [](OpBuilder &b, Location l, ValueRange args) {
                       numerics::EmitArith a(b, l);
                       return a.divF(args[0], args[1]);
                     });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Over the dimensions [axis, rank), n elements per group:
///   mean = (sum_i x_i) / f32(n),
///   sd = sqrt((sum_i (x_i - mean) * (x_i - mean)) / f32(n) + eps),
///   y_i = (x_i - mean) / sd * scale_i (+ bias_i),
/// both sums from 0 in row-major order.
struct LayerNormOpLowering : OpConversionPattern<LayerNormOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(LayerNormOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    int64_t rank = type.getRank();
    std::optional<int64_t> axis = normalizeAxis(op.getAxis(), rank);
    if (!axis)
      return rewriter.notifyMatchFailure(op, "axis out of range");
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    SmallVector<int64_t> dims =
        llvm::to_vector(llvm::seq<int64_t>(*axis, rank));
    int64_t count = 1;
    for (int64_t d : dims)
      count *= type.getDimSize(d);
    float n = static_cast<float>(count);
    float eps = op.getEpsilon().convertToFloat();
    Value x = adaptor.getInput();
    AffineMap id = rewriter.getMultiDimIdentityMap(rank);
    AffineMap stat = getDroppingMap(rank, dims, context);
    AffineMap param = AffineMap::getMultiDimIdentityMap(rank, context)
                          .getSliceMap(*axis, rank - *axis);
    auto statType = RankedTensorType::get(dropDims(type.getShape(), dims),
                                          rewriter.getF32Type());
    AffineMap statId = rewriter.getMultiDimIdentityMap(statType.getRank());

    Value sum = buildSum(
        rewriter, loc, x, dims, {}, {},
        [](numerics::EmitArith &, ValueRange args) { return args[0]; });
    Value mean = buildGeneric(rewriter, loc, statType, sum, statId,
                              [&](OpBuilder &b, Location l, ValueRange args) {
                                numerics::EmitArith a(b, l);
                                return a.divF(args[0], a.constF32(n));
                              });
    Value squares = buildSum(rewriter, loc, x, dims, mean, stat,
                             [](numerics::EmitArith &a, ValueRange args) {
                               Value d = a.subF(args[0], args[1]);
                               return a.mulF(d, d);
                             });
    Value stddev = buildGeneric(
        rewriter, loc, statType, squares, statId,
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          numerics::EmitArith a(b, l);
          Value var = a.divF(args[0], a.constF32(n));
          return math::SqrtOp::create(b, l, a.addF(var, a.constF32(eps)));
        });
    SmallVector<Value> inputs = {x, mean, stddev, adaptor.getScale()};
    SmallVector<AffineMap> maps = {id, stat, stat, param};
    bool hasBias = static_cast<bool>(adaptor.getBias());
    if (hasBias) {
      inputs.push_back(adaptor.getBias());
      maps.push_back(param);
    }
    Value result = buildGeneric(
        rewriter, loc, type, inputs, maps,
        [&](OpBuilder &b, Location l, ValueRange args) {
          numerics::EmitArith a(b, l);
          Value v = a.mulF(a.divF(a.subF(args[0], args[1]), args[2]), args[3]);
          return hasBias ? a.addF(v, args[4]) : v;
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Per channel c (axis 1): sd_c = sqrt(var_c + eps) once, then
/// y = (x - mean_c) / sd_c * scale_c + bias_c.
struct BatchNormOpLowering : OpConversionPattern<BatchNormOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(BatchNormOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    int64_t rank = type.getRank();
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    float eps = op.getEpsilon().convertToFloat();
    auto channelType = cast<RankedTensorType>(adaptor.getVariance().getType());
    Value stddev = buildGeneric(
        rewriter, loc, channelType, adaptor.getVariance(),
        rewriter.getMultiDimIdentityMap(1),
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          numerics::EmitArith a(b, l);
          return math::SqrtOp::create(b, l, a.addF(args[0], a.constF32(eps)));
        });
    AffineMap id = rewriter.getMultiDimIdentityMap(rank);
    AffineMap channel = AffineMap::get(rank, 0, getAffineDimExpr(1, context));
    Value result =
        buildGeneric(rewriter, loc, type,
                     ValueRange{adaptor.getInput(), adaptor.getMean(), stddev,
                                adaptor.getScale(), adaptor.getBias()},
                     {id, channel, channel, channel, channel},
                     [](OpBuilder &b, Location l, ValueRange args) {
                       numerics::EmitArith a(b, l);
                       Value normalized =
                           a.divF(a.subF(args[0], args[1]), args[2]);
                       return a.addF(a.mulF(normalized, args[3]), args[4]);
                     });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void mlir::qnn::populateQNNNormalizationToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<BatchNormOpLowering, LayerNormOpLowering, SoftmaxOpLowering>(
      converter, patterns.getContext());
}
