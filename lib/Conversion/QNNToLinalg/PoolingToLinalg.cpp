//===- PoolingToLinalg.cpp - pools and reduce_mean ------------------------===//
//
// f32 pools stay NCHW: a linalg.generic over (n, c, oh, ow, kh, kw) reads
// the input, padded (buildPad) with a value that contributes nothing, at
// (oh * s_h + kh * d_h, ow * s_w + kw * d_w) and reduces over the window in
// (kh, kw) order, the interpreter's order. Quantized pools compute the same
// in NHWC, over (n, oh, ow, c, kh, kw), between linalg.transpose ops to and
// from NCHW, as the INT8 conv: qnn-sink-transposes then cancels the pairs
// between layers.
//
//   max:      acc = x > acc ? x : acc from the lowest value; padding with
//             that value never wins (f32 -Inf, u8 0, i8 -128).
//   average:  f32 sum from +0 (padding +0 leaves every partial sum as it
//             is), or i32 sum of q - z_in (padding z_in adds 0), then
//             sum / f32(count), or requantize(sum, M) with
//             M = computeAveragingMultiplier(s_in, s_out, count).
//
// `count` is the interpreter's per-window count, computed here at compile
// time; when it varies at the borders, the divisors or multipliers are a
// constant [OH, OW] tensor. reduce_mean and global_avg_pool2d are one
// reduction over the reduced dimensions in row-major order.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "WeightedOpLowering.h"
#include "qnn/Conversion/QNNToLinalg/QNNToLinalg.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "llvm/ADT/SmallBitVector.h"

#include <limits>

using namespace mlir;
using namespace mlir::qnn;

namespace {

/// The window of a pool along H (index 0) and W (index 1), in the
/// interpreter's terms.
struct PoolGeometry {
  int64_t size[2], kernel[2], stride[2], dilation[2];
  int64_t padBegin[2], padEnd[2], out[2];

  PoolGeometry(RankedTensorType input, RankedTensorType output,
               ArrayRef<int64_t> kernels, ArrayRef<int64_t> strides,
               ArrayRef<int64_t> padding, ArrayRef<int64_t> dilations) {
    for (int d = 0; d < 2; ++d) {
      size[d] = input.getDimSize(2 + d);
      out[d] = output.getDimSize(2 + d);
      kernel[d] = kernels[d];
      stride[d] = strides[d];
      dilation[d] = dilations[d];
      padBegin[d] = padding[d];
      padEnd[d] = padding[2 + d];
    }
  }

  /// Input position of the first window element of output `o` along `d`.
  int64_t start(int d, int64_t o) const { return o * stride[d] - padBegin[d]; }

  /// Positions past the input's end that the windows read along `d` (the
  /// declared end padding, or more when a ceil_mode window hangs over it;
  /// fewer when the last windows stop short of the input's end).
  int64_t readPastEnd(int d) const {
    int64_t last = start(d, out[d] - 1) + (kernel[d] - 1) * dilation[d];
    return std::max<int64_t>(0, last + 1 - size[d]);
  }

  /// Whether window `o` along `d` has a position inside the input.
  bool touchesInput(int d, int64_t o) const {
    for (int64_t k = 0; k < kernel[d]; ++k) {
      int64_t i = start(d, o) + k * dilation[d];
      if (i >= 0 && i < size[d])
        return true;
    }
    return false;
  }
};

} // namespace

/// The dimension of H in NHWC (1) or NCHW (2); W follows it.
static int64_t heightDim(bool nhwc) { return nhwc ? 1 : 2; }

/// `nchw` as [N, OH, OW, C] when `nhwc`, else itself.
static RankedTensorType poolLayoutType(RankedTensorType nchw, bool nhwc) {
  if (!nhwc)
    return nchw;
  ArrayRef<int64_t> s = nchw.getShape();
  return nchw.clone({s[0], s[2], s[3], s[1]});
}

/// The NCHW `input` of a pool, transposed to NHWC when `nhwc`.
static Value toPoolLayout(OpBuilder &b, Location loc, Value input, bool nhwc) {
  return nhwc ? buildTranspose(b, loc, input, {0, 2, 3, 1}) : input;
}

/// The result of a pool computed in NHWC when `nhwc`, transposed to NCHW.
static Value fromPoolLayout(OpBuilder &b, Location loc, Value result,
                            bool nhwc) {
  return nhwc ? buildTranspose(b, loc, result, {0, 3, 1, 2}) : result;
}

/// The NCHW or NHWC `input` padded with `value` on H and W so that every
/// window position of `g` reads inside it.
static Value padForWindows(OpBuilder &b, Location loc, Value input,
                           const PoolGeometry &g, Value value, bool nhwc) {
  int64_t h = heightDim(nhwc);
  SmallVector<int64_t> low(4, 0), high(4, 0);
  low[h] = g.padBegin[0];
  low[h + 1] = g.padBegin[1];
  high[h] = g.readPastEnd(0);
  high[h + 1] = g.readPastEnd(1);
  if (llvm::all_of(llvm::concat<int64_t>(low, high),
                   [](int64_t p) { return p == 0; }))
    return input;
  return buildPad(b, loc, input, low, high, ValueRange{}, {},
                  [&](OpBuilder &, Location, ValueRange) { return value; });
}

using CombineFn =
    llvm::function_ref<Value(OpBuilder &, Location, Value acc, Value x)>;

/// acc[n, c, oh, ow] = combine(acc, padded[n, c, oh * s_h + kh * d_h,
/// ow * s_w + kw * d_w]) for (kh, kw) in row-major order, starting from
/// `init` (acc[n, oh, ow, c] and padded[n, ih, iw, c] when `nhwc`). The
/// window loops get their bounds from an unread [KH, KW] tensor, as
/// upstream's pooling ops do.
static Value buildWindowReduction(OpBuilder &b, Location loc, Value padded,
                                  Value init, const PoolGeometry &g,
                                  CombineFn combine, bool nhwc) {
  MLIRContext *context = b.getContext();
  AffineExpr n, c, oh, ow, kh, kw;
  if (nhwc)
    bindDims(context, n, oh, ow, c, kh, kw);
  else
    bindDims(context, n, c, oh, ow, kh, kw);
  auto map = [&](ArrayRef<AffineExpr> exprs) {
    return AffineMap::get(6, 0, exprs, context);
  };
  AffineExpr ih = oh * g.stride[0] + kh * g.dilation[0];
  AffineExpr iw = ow * g.stride[1] + kw * g.dilation[1];
  SmallVector<AffineMap> maps = {
      nhwc ? map({n, ih, iw, c}) : map({n, c, ih, iw}), map({kh, kw}),
      nhwc ? map({n, oh, ow, c}) : map({n, c, oh, ow})};
  Value window = tensor::EmptyOp::create(
      b, loc, ArrayRef<int64_t>{g.kernel[0], g.kernel[1]}, b.getI8Type());
  using utils::IteratorType;
  SmallVector<IteratorType> iterators(4, IteratorType::parallel);
  iterators.append(2, IteratorType::reduction);
  auto generic = linalg::GenericOp::create(
      b, loc, init.getType(), ValueRange{padded, window}, init, maps, iterators,
      [&](OpBuilder &nested, Location l, ValueRange args) {
        linalg::YieldOp::create(nested, l,
                                combine(nested, l, args[2], args[0]));
      });
  return generic.getResult(0);
}

/// A signless integer constant of type `type` holding the low bits of
/// `value` (a zero point or bound in an i8 container).
static Value buildIntConstant(OpBuilder &b, Location loc, Type type,
                              int64_t value) {
  APInt bits(type.getIntOrFloatBitWidth(), value, /*isSigned=*/true,
             /*implicitTrunc=*/true);
  return arith::ConstantOp::create(b, loc, b.getIntegerAttr(type, bits));
}

namespace {
/// A compile-time f32 per output position (oh, ow) of a pool: one scalar
/// constant when all are equal, else a constant [OH, OW] tensor that the
/// generic over [N, C, OH, OW] (or [N, OH, OW, C]) reads at (oh, ow).
class PerWindowConstant {
public:
  PerWindowConstant(SmallVector<float> values, int64_t outH, int64_t outW,
                    bool nhwc)
      : values(std::move(values)), outH(outH), outW(outW), nhwc(nhwc) {}

  bool isUniform() const { return llvm::all_equal(values); }
  /// Appends the constant tensor and its map (none when uniform).
  void appendInput(OpBuilder &b, Location loc, SmallVectorImpl<Value> &inputs,
                   SmallVectorImpl<AffineMap> &maps) const {
    if (isUniform())
      return;
    auto type = RankedTensorType::get({outH, outW}, b.getF32Type());
    inputs.push_back(arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(type, ArrayRef(values))));
    MLIRContext *context = b.getContext();
    int64_t h = heightDim(nhwc);
    maps.push_back(AffineMap::get(
        4, 0, {getAffineDimExpr(h, context), getAffineDimExpr(h + 1, context)},
        context));
  }
  /// The value inside the body; `arg` is the block argument of the input
  /// appendInput added (ignored when uniform).
  Value get(numerics::EmitArith &a, Value arg) const {
    return isUniform() ? a.constF32(values.front()) : arg;
  }

private:
  SmallVector<float> values;
  int64_t outH, outW;
  bool nhwc;
};
} // namespace

/// The float sum of `x` over the window and dimensions, or the i32 sum of
/// `x - z_in` for a quantized `x` (`quantElement` its element type).
static Value accumulate(OpBuilder &b, Location loc, Value acc, Value x,
                        Type quantElement, int32_t zIn) {
  numerics::EmitArith a(b, loc);
  if (!quantElement)
    return a.addF(acc, x);
  return a.addI(acc,
                a.subI(extendToI32(b, loc, x, quantElement), a.constI32(zIn)));
}

/// The initial value of a quantized max pool where some window has no
/// position inside the input: such a window keeps its initial value, which
/// the interpreter makes qmin, while the others start from `lowest`. Null
/// when a fill with `lowest` is the same (no such window, or qmin is the
/// lowest storage value, as for every range but a narrow one). The result
/// is NHWC.
static Value buildEmptyWindowInit(OpBuilder &b, Location loc,
                                  RankedTensorType resultType,
                                  const PoolGeometry &g, int32_t qmin,
                                  int32_t lowest) {
  Type element = resultType.getElementType();
  unsigned width = element.getIntOrFloatBitWidth();
  SmallVector<APInt> values;
  bool anyEmpty = false;
  for (int64_t oh = 0; oh < g.out[0]; ++oh) {
    for (int64_t ow = 0; ow < g.out[1]; ++ow) {
      bool empty = !g.touchesInput(0, oh) || !g.touchesInput(1, ow);
      anyEmpty |= empty;
      values.push_back(APInt(width, empty ? qmin : lowest, /*isSigned=*/true,
                             /*implicitTrunc=*/true));
    }
  }
  if (!anyEmpty || qmin == lowest)
    return Value();
  auto type = RankedTensorType::get({g.out[0], g.out[1]}, element);
  Value perWindow =
      arith::ConstantOp::create(b, loc, DenseElementsAttr::get(type, values));
  MLIRContext *context = b.getContext();
  AffineMap map = AffineMap::get(
      4, 0, {getAffineDimExpr(1, context), getAffineDimExpr(2, context)},
      context);
  return buildGeneric(
      b, loc, resultType, perWindow, map,
      [](OpBuilder &, Location, ValueRange args) { return args[0]; });
}

namespace {

/// y = max over the window positions inside the input; a window with none
/// yields -Inf (f32) or qmin (quantized), as the interpreter.
struct MaxPool2DOpLowering : OpConversionPattern<MaxPool2DOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(MaxPool2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType inputType = op.getInput().getType();
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    Location loc = op.getLoc();
    PoolGeometry g(inputType, resultType, op.getKernel(), op.getStrides(),
                   op.getPadding(), op.getDilations());
    Type element = resultType.getElementType();
    Type quantElement = inputType.getElementType();
    bool isFloat = element.isF32();
    bool isUnsigned = isUnsignedStorage(quantElement);
    // Quantized pools compute in NHWC, as the INT8 conv.
    bool nhwc = !isFloat;
    RankedTensorType computeType = poolLayoutType(resultType, nhwc);

    // The lowest value of the storage: it never wins a comparison, so it
    // pads and starts every window.
    int32_t lowestValue = 0;
    Value lowestConst;
    if (isFloat) {
      lowestConst = arith::ConstantOp::create(
          rewriter, loc,
          rewriter.getF32FloatAttr(-std::numeric_limits<float>::infinity()));
    } else {
      unsigned width = element.getIntOrFloatBitWidth();
      lowestValue = isUnsigned ? 0 : -(int32_t(1) << (width - 1));
      lowestConst = buildIntConstant(rewriter, loc, element, lowestValue);
    }
    Value padded = padForWindows(
        rewriter, loc, toPoolLayout(rewriter, loc, adaptor.getInput(), nhwc), g,
        lowestConst, nhwc);
    Value init;
    if (!isFloat) {
      FailureOr<QuantInfo> info = getQuantInfo(inputType);
      if (failed(info))
        return rewriter.notifyMatchFailure(op, "neither f32 nor quantized");
      init = buildEmptyWindowInit(rewriter, loc, computeType, g, info->qmin,
                                  lowestValue);
    }
    if (!init)
      init =
          buildFilledTensor(rewriter, loc, computeType.getShape(), lowestConst);

    Value result = buildWindowReduction(
        rewriter, loc, padded, init, g,
        [&](OpBuilder &b, Location l, Value acc, Value x) -> Value {
          if (isFloat) {
            // x > acc ? x : acc: a NaN never wins (unlike arith.maximumf).
            numerics::EmitArith a(b, l);
            return a.selectF(a.cmpOGt(x, acc), x, acc);
          }
          if (isUnsigned)
            return arith::MaxUIOp::create(b, l, acc, x);
          return arith::MaxSIOp::create(b, l, acc, x);
        },
        nhwc);
    rewriter.replaceOp(op, fromPoolLayout(rewriter, loc, result, nhwc));
    return success();
  }
};

/// y = sum / count over the window (count_include_pad: the positions inside
/// the padded input, clipped to its end for ceil_mode windows; else the
/// positions inside the input). A window with count 0 yields 0 (f32) or
/// z_out (quantized): its sum is +0 / 0, divided by 1 / multiplied by 0.
struct AvgPool2DOpLowering : OpConversionPattern<AvgPool2DOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(AvgPool2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType inputType = op.getInput().getType();
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    Location loc = op.getLoc();
    SmallVector<int64_t> noDilation = {1, 1};
    PoolGeometry g(inputType, resultType, op.getKernel(), op.getStrides(),
                   op.getPadding(), noDilation);
    bool isFloat = resultType.getElementType().isF32();
    FailureOr<QuantInfo> in = failure(), out = failure();
    if (!isFloat) {
      in = getQuantInfo(inputType);
      out = getQuantInfo(op.getType());
      if (failed(in) || failed(out))
        return rewriter.notifyMatchFailure(op, "neither f32 nor quantized");
    }
    // Quantized pools compute in NHWC, as the INT8 conv.
    bool nhwc = !isFloat;
    RankedTensorType computeType = poolLayoutType(resultType, nhwc);

    // The interpreter's count per window, and from it the divisor (f32) or
    // the multiplier (quantized).
    bool includePad = op.getCountIncludePad();
    SmallVector<float> perWindow;
    for (int64_t oh = 0; oh < g.out[0]; ++oh) {
      int64_t h0 = g.start(0, oh);
      int64_t hIn =
          std::min(h0 + g.kernel[0], g.size[0]) - std::max<int64_t>(h0, 0);
      int64_t hPad = std::min(h0 + g.kernel[0], g.size[0] + g.padEnd[0]) - h0;
      for (int64_t ow = 0; ow < g.out[1]; ++ow) {
        int64_t w0 = g.start(1, ow);
        int64_t wIn =
            std::min(w0 + g.kernel[1], g.size[1]) - std::max<int64_t>(w0, 0);
        int64_t wPad = std::min(w0 + g.kernel[1], g.size[1] + g.padEnd[1]) - w0;
        int64_t count =
            includePad ? hPad * wPad
                       : std::max<int64_t>(0, hIn) * std::max<int64_t>(0, wIn);
        if (isFloat)
          perWindow.push_back(count ? static_cast<float>(count) : 1.0f);
        else
          perWindow.push_back(count ? numerics::computeAveragingMultiplier(
                                          in->scales[0], out->scales[0], count)
                                    : 0.0f);
      }
    }
    PerWindowConstant divisorOrMultiplier(std::move(perWindow), g.out[0],
                                          g.out[1], nhwc);

    Type quantElement = isFloat ? Type() : inputType.getElementType();
    int32_t zIn = isFloat ? 0 : in->zeroPoints[0];
    Type accType =
        isFloat ? Type(rewriter.getF32Type()) : rewriter.getI32Type();
    Value zero =
        arith::ConstantOp::create(rewriter, loc, rewriter.getZeroAttr(accType));
    // Padding adds nothing: +0 to an f32 sum that is never -0 (it starts at
    // +0), z_in to a sum of q - z_in.
    Type storage = resultType.getElementType();
    Value padValue =
        isFloat ? zero
                : buildIntConstant(
                      rewriter, loc,
                      getElementTypeOrSelf(adaptor.getInput().getType()), zIn);
    Value padded = padForWindows(
        rewriter, loc, toPoolLayout(rewriter, loc, adaptor.getInput(), nhwc), g,
        padValue, nhwc);
    Value init = buildFilledTensor(rewriter, loc, computeType.getShape(), zero);
    Value sum = buildWindowReduction(
        rewriter, loc, padded, init, g,
        [&](OpBuilder &b, Location l, Value acc, Value x) {
          return accumulate(b, l, acc, x, quantElement, zIn);
        },
        nhwc);

    SmallVector<Value> inputs = {sum};
    SmallVector<AffineMap> maps = {rewriter.getMultiDimIdentityMap(4)};
    divisorOrMultiplier.appendInput(rewriter, loc, inputs, maps);
    Value result = buildGeneric(
        rewriter, loc, computeType, inputs, maps,
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          numerics::EmitArith a(b, l);
          Value perWindow =
              divisorOrMultiplier.get(a, args.size() > 1 ? args[1] : Value());
          if (isFloat)
            return a.divF(args[0], perWindow);
          Value q = numerics::requantize(a, args[0], perWindow,
                                         a.constI32(out->zeroPoints[0]),
                                         out->qmin, out->qmax);
          return truncateToStorage(b, l, q, storage);
        });
    rewriter.replaceOp(op, fromPoolLayout(rewriter, loc, result, nhwc));
    return success();
  }
};

} // namespace

/// The mean of `input` over the dimensions `reduced`, as the interpreter's
/// reduce_mean: an f32 (or i32 of q - z_in) sum from 0 in row-major order,
/// then sum / f32(count) (or requantize with
/// M = computeAveragingMultiplier(s_in, s_out, count)), reshaped to
/// `resultType` (the reduced dimensions kept as 1 or dropped). `input` is
/// the op's converted input or a transpose of it; `reduced` indexes it.
static FailureOr<Value> buildMean(ConversionPatternRewriter &rewriter,
                                  Operation *op, Value input,
                                  const llvm::SmallBitVector &reduced,
                                  const TypeConverter &converter) {
  auto inputType = cast<RankedTensorType>(op->getOperand(0).getType());
  auto qnnResultType = cast<RankedTensorType>(op->getResult(0).getType());
  auto resultType =
      cast<RankedTensorType>(converter.convertType(qnnResultType));
  Location loc = op->getLoc();
  bool isFloat = resultType.getElementType().isF32();
  FailureOr<QuantInfo> in = failure(), out = failure();
  if (!isFloat) {
    in = getQuantInfo(inputType);
    out = getQuantInfo(qnnResultType);
    if (failed(in) || failed(out))
      return rewriter.notifyMatchFailure(op, "neither f32 nor quantized");
  }

  ArrayRef<int64_t> shape = cast<RankedTensorType>(input.getType()).getShape();
  int64_t rank = shape.size(), count = 1;
  SmallVector<int64_t> kept;
  SmallVector<AffineExpr> keptExprs;
  SmallVector<utils::IteratorType> iterators;
  for (int64_t d = 0; d < rank; ++d) {
    if (reduced.test(d)) {
      count *= shape[d];
      iterators.push_back(utils::IteratorType::reduction);
      continue;
    }
    kept.push_back(shape[d]);
    keptExprs.push_back(rewriter.getAffineDimExpr(d));
    iterators.push_back(utils::IteratorType::parallel);
  }

  Type accType = isFloat ? Type(rewriter.getF32Type()) : rewriter.getI32Type();
  Value zero =
      arith::ConstantOp::create(rewriter, loc, rewriter.getZeroAttr(accType));
  auto sumType = RankedTensorType::get(kept, accType);
  Value init = buildFilledTensor(rewriter, loc, kept, zero);
  Type quantElement = isFloat ? Type() : inputType.getElementType();
  int32_t zIn = isFloat ? 0 : in->zeroPoints[0];
  SmallVector<AffineMap> maps = {
      rewriter.getMultiDimIdentityMap(rank),
      AffineMap::get(rank, 0, keptExprs, rewriter.getContext())};
  Value sum =
      linalg::GenericOp::create(
          rewriter, loc, sumType, input, init, maps, iterators,
          [&](OpBuilder &b, Location l, ValueRange args) {
            linalg::YieldOp::create(
                b, l, accumulate(b, l, args[1], args[0], quantElement, zIn));
          })
          .getResult(0);

  // An empty reduction leaves the sum at 0; the interpreter's result is 0
  // (f32) or z_out, which dividing by 1 or multiplying by 0 gives.
  auto keptType = RankedTensorType::get(kept, resultType.getElementType());
  Type storage = resultType.getElementType();
  Value mean = buildBroadcastGeneric(
      rewriter, loc, keptType, sum,
      [&](OpBuilder &b, Location l, ValueRange args) -> Value {
        numerics::EmitArith a(b, l);
        if (isFloat)
          return a.divF(args[0],
                        a.constF32(count ? static_cast<float>(count) : 1.0f));
        float m = count ? numerics::computeAveragingMultiplier(
                              in->scales[0], out->scales[0], count)
                        : 0.0f;
        Value q = numerics::requantize(a, args[0], a.constF32(m),
                                       a.constI32(out->zeroPoints[0]),
                                       out->qmin, out->qmax);
        return truncateToStorage(b, l, q, storage);
      });
  return buildReshape(rewriter, loc, mean, resultType);
}

namespace {

/// y[n, c, 0, 0] = mean over h, w; quantized, over the NHWC transpose of
/// the input (the [N, C] means need no transpose back).
struct GlobalAvgPool2DOpLowering : OpConversionPattern<GlobalAvgPool2DOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(GlobalAvgPool2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    bool nhwc = !op.getInput().getType().getElementType().isF32();
    int64_t h = heightDim(nhwc);
    llvm::SmallBitVector reduced(4);
    reduced.set(h, h + 2);
    Value input = toPoolLayout(rewriter, op.getLoc(), adaptor.getInput(), nhwc);
    FailureOr<Value> result =
        buildMean(rewriter, op, input, reduced, *getTypeConverter());
    if (failed(result))
      return failure();
    rewriter.replaceOp(op, *result);
    return success();
  }
};

/// y = mean over `axes` (every axis when empty).
struct ReduceMeanOpLowering : OpConversionPattern<ReduceMeanOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ReduceMeanOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    int64_t rank = op.getInput().getType().getRank();
    llvm::SmallBitVector reduced(rank, op.getAxes().empty());
    for (int64_t axis : op.getAxes())
      reduced.set(axis < 0 ? axis + rank : axis);
    FailureOr<Value> result = buildMean(rewriter, op, adaptor.getInput(),
                                        reduced, *getTypeConverter());
    if (failed(result))
      return failure();
    rewriter.replaceOp(op, *result);
    return success();
  }
};

} // namespace

void mlir::qnn::populateQNNPoolingToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<AvgPool2DOpLowering, GlobalAvgPool2DOpLowering,
               MaxPool2DOpLowering, ReduceMeanOpLowering>(
      converter, patterns.getContext());
}
