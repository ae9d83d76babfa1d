//===- NNToLinalg.cpp - conv2d, fully_connected, matmul -------------------===//
//
// The weighted ops in the four forms the verifier accepts (QNNLegality.h),
// computing what the interpreter (EvalConv.cpp, EvalMatMul.cpp) computes:
//
//   float        y = b + sum x * w, then the fused activation (clampFloat);
//   weight-only  the same, the weight dequantized to f32 first;
//   static INT8  acc = b' + sum q_x * (q_w - z_w) in i32, where
//                b' = q_b - z_x * sum_k (q_w - z_w) is folded at compile time
//                when the weight is constant and computed otherwise (equal
//                to the interpreter's sum (q_x - z_x) * (q_w - z_w) + q_b
//                under i32 wrap-around); padding reads z_x, so the padded
//                positions cancel against the folded term;
//                q_y = requantize(acc, M[n], z_y, lo, hi) with
//                M[n] = computeMultiplier(s_x, s_w[n], s_y) and [lo, hi] the
//                activation's storage range;
//   dynamic      acc = -z_x * sum_k q_w + sum q_x * q_w with z_x known at run
//                time, y = dequantizeAccumulator(acc, s_x, s_w[n]) + b, then
//                the activation.
//
// Integer sums may run in any order (i32 wrap-around is associative); f32
// sums run in the interpreter's order, which each float builder states.
// Integer operands are widened as their types say: u8 zero-extended, s8
// sign-extended. Named linalg ops sign-extend both operands, so they take
// the i8 x i8 products (conv_2d_nhwgc_gfhwc, linalg.matmul) and u8 ones are
// linalg.generic with the same maps (linalg.mmt4d would be wrong too).
//
// Layout: qnn.conv2d is NCHW. The INT8 form runs in NHWC (channels
// innermost, as the dot-product kernels want) between linalg.transpose ops
// to and from NCHW, which qnn-sink-transposes cancels between layers; the
// weight is re-laid out to [G, F/G, KH, KW, C/G] (at compile time when
// constant). The
// float form stays NCHW, where the named convs sum in the interpreter's
// order.
//
//===----------------------------------------------------------------------===//

#include "WeightedOpLowering.h"
#include "qnn/Conversion/QNNToLinalg/QNNToLinalg.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/Utils/ConstantUtils.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::qnn;

//===----------------------------------------------------------------------===//
// conv2d
//===----------------------------------------------------------------------===//

namespace {
struct ConvGeometry {
  int64_t n, c, h, w, f, groups, groupIn, groupOut, kh, kw, oh, ow;
  int64_t strideH, strideW, dilationH, dilationW;
  int64_t padTop, padLeft, padBottom, padRight;

  explicit ConvGeometry(Conv2DOp op) {
    ArrayRef<int64_t> in = op.getInput().getType().getShape();
    ArrayRef<int64_t> wt = op.getWeight().getType().getShape();
    ArrayRef<int64_t> out = op.getOutput().getType().getShape();
    n = in[0], c = in[1], h = in[2], w = in[3];
    f = wt[0], groupIn = wt[1], kh = wt[2], kw = wt[3];
    groups = op.getGroups();
    groupOut = f / groups;
    oh = out[2], ow = out[3];
    strideH = op.getStrides()[0], strideW = op.getStrides()[1];
    dilationH = op.getDilations()[0], dilationW = op.getDilations()[1];
    padTop = op.getPadding()[0], padLeft = op.getPadding()[1];
    padBottom = op.getPadding()[2], padRight = op.getPadding()[3];
  }
  bool isPadded() const { return padTop || padLeft || padBottom || padRight; }
  int64_t paddedH() const { return h + padTop + padBottom; }
  int64_t paddedW() const { return w + padLeft + padRight; }
};
} // namespace

/// Float conv2d with one input channel per group (depthwise, or a single
/// input channel), the interpreter's kernels::depthwise: per output element
/// `y = b; for kh, kw: if the position is inside the input, y += w * x`.
/// Positions in the padding are skipped, not added as `w * 0` (which would
/// differ for an infinite weight and in the sign of a zero). Dimensions
/// (n, g, fg, oh, ow, c, kh, kw) with c of size 1, as conv_2d_ngchw_gfchw.
/// The body of a float depthwise generic: `acc + w * x`, kept at `acc`
/// where the window position lies in the padding (loop dimensions ohDim,
/// khDim for the rows, owDim, kwDim for the columns; x is args[0], w
/// args[1]).
static auto getFloatDepthwiseBody(const ConvGeometry &s, unsigned ohDim,
                                  unsigned owDim, unsigned khDim,
                                  unsigned kwDim) {
  bool padded = s.isPadded();
  return [=, &s](OpBuilder &nb, Location l, ValueRange args,
                 Value acc) -> Value {
    numerics::EmitArith a(nb, l);
    Value sum = a.addF(acc, a.mulF(args[1], args[0]));
    if (!padded)
      return sum;
    // Inside the input: padTop <= oh*sh + kh*dh < padTop + H, the same
    // along the width.
    auto index = [&](int64_t d) {
      return linalg::IndexOp::create(nb, l, d).getResult();
    };
    auto cst = [&](int64_t v) {
      return arith::ConstantIndexOp::create(nb, l, v).getResult();
    };
    auto position = [&](int64_t outDim, int64_t kDim, int64_t stride,
                        int64_t dilation) {
      Value o = arith::MulIOp::create(nb, l, index(outDim), cst(stride));
      Value k = arith::MulIOp::create(nb, l, index(kDim), cst(dilation));
      return arith::AddIOp::create(nb, l, o, k).getResult();
    };
    auto inside = [&](Value p, int64_t lo, int64_t size) {
      Value ge =
          arith::CmpIOp::create(nb, l, arith::CmpIPredicate::sge, p, cst(lo));
      Value lt = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::slt, p,
                                       cst(lo + size));
      return arith::AndIOp::create(nb, l, ge, lt).getResult();
    };
    Value inH =
        inside(position(ohDim, khDim, s.strideH, s.dilationH), s.padTop, s.h);
    Value inW =
        inside(position(owDim, kwDim, s.strideW, s.dilationW), s.padLeft, s.w);
    Value in = arith::AndIOp::create(nb, l, inH, inW);
    return arith::SelectOp::create(nb, l, in, sum, acc);
  };
}

static Value buildFloatDepthwise(OpBuilder &b, Location loc,
                                 const ConvGeometry &s, Value x, Value w,
                                 Value init) {
  MLIRContext *ctx = b.getContext();
  AffineExpr n, g, fg, oh, ow, c, kh, kw;
  bindDims(ctx, n, g, fg, oh, ow, c, kh, kw);
  auto map = [&](ArrayRef<AffineExpr> exprs) {
    return AffineMap::get(8, 0, exprs, ctx);
  };
  AffineExpr ih = oh * s.strideH + kh * s.dilationH;
  AffineExpr iw = ow * s.strideW + kw * s.dilationW;
  SmallVector<AffineMap> maps = {map({n, g, c, ih, iw}),
                                 map({g, fg, c, kh, kw})};
  AffineMap outMap = map({n, g, fg, oh, ow});
  auto par = utils::IteratorType::parallel;
  auto red = utils::IteratorType::reduction;
  SmallVector<utils::IteratorType> iterators = {par, par, par, par,
                                                par, red, red, red};
  auto body = getFloatDepthwiseBody(s, 3, 4, 6, 7);
  return buildReduction(b, loc, init, ValueRange{x, w}, maps, outMap, iterators,
                        body);
}

/// The f32 depthwise weight [G, 1, KH, KW] as [KH, KW, G], the channels
/// contiguous as the NHWC activations': permuted at compile time when it
/// is a constant, by a transpose otherwise.
static Value relayoutFloatDepthwiseWeight(OpBuilder &b, Location loc,
                                          const ConvGeometry &s, Value w) {
  auto resultType =
      RankedTensorType::get({s.kh, s.kw, s.groups}, b.getF32Type());
  DenseElementsAttr values;
  if (matchPattern(w, m_Constant(&values))) {
    SmallVector<APFloat> in(values.getValues<APFloat>());
    SmallVector<APFloat> out(in.size(), APFloat(0.0f));
    for (int64_t g = 0; g < s.groups; ++g)
      for (int64_t i = 0; i < s.kh * s.kw; ++i)
        out[i * s.groups + g] = in[g * s.kh * s.kw + i];
    return arith::ConstantOp::create(b, loc,
                                     DenseElementsAttr::get(resultType, out));
  }
  Value collapsed = buildCollapse(b, loc, w, {{0, 1}, {2}, {3}});
  return buildTranspose(b, loc, collapsed, {1, 2, 0});
}

/// Float depthwise conv2d (one input and one output channel per group) in
/// NHWC between two linalg.transpose ops (cancelled between layers by
/// qnn-sink-transposes): loops (n, oh, ow, g, kh, kw), each output summing
/// w * x over (kh, kw) in order from the bias and skipping the padding, as
/// buildFloatDepthwise does, with the channels contiguous in x, the
/// re-laid-out weight [KH, KW, G] and y.
static Value buildFloatDepthwiseNhwc(OpBuilder &b, Location loc,
                                     const ConvGeometry &s, Value input,
                                     Value w, Value bias) {
  Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f));
  Value x = buildPad(b, loc, buildTranspose(b, loc, input, {0, 2, 3, 1}),
                     {0, s.padTop, s.padLeft, 0},
                     {0, s.padBottom, s.padRight, 0}, zero);
  MLIRContext *ctx = b.getContext();
  auto outType = RankedTensorType::get({s.n, s.oh, s.ow, s.f}, b.getF32Type());
  AffineMap biasMap = AffineMap::get(4, 0, {getAffineDimExpr(3, ctx)}, ctx);
  Value init = buildAccumulatorInit(b, loc, bias, biasMap, outType);
  AffineExpr n, oh, ow, g, kh, kw;
  bindDims(ctx, n, oh, ow, g, kh, kw);
  auto map = [&](ArrayRef<AffineExpr> exprs) {
    return AffineMap::get(6, 0, exprs, ctx);
  };
  AffineExpr ih = oh * s.strideH + kh * s.dilationH;
  AffineExpr iw = ow * s.strideW + kw * s.dilationW;
  auto par = utils::IteratorType::parallel;
  auto red = utils::IteratorType::reduction;
  auto body = getFloatDepthwiseBody(s, 1, 2, 4, 5);
  Value y = buildReduction(
      b, loc, init, ValueRange{x, relayoutFloatDepthwiseWeight(b, loc, s, w)},
      {map({n, ih, iw, g}), map({kh, kw, g})}, map({n, oh, ow, g}),
      {par, par, par, par, red, red}, body);
  return buildTranspose(b, loc, y, {0, 3, 1, 2});
}

/// Dense float conv2d (one group) in NHWC between two linalg.transpose ops,
/// which qnn-sink-transposes cancels between layers as it does the INT8
/// convs': the loops (n, oh, ow, f, c, kh, kw), so that the reduction runs
/// in the interpreter's order c, kh, kw (as conv_2d_nchw_fchw's; no named
/// NHWC conv has it), reading x[n, ih, iw, c] and writing y[n, oh, ow, f],
/// whose channels are contiguous for the kernel's column vectors.
static Value buildFloatConvNhwc(OpBuilder &b, Location loc,
                                const ConvGeometry &s, Value input, Value w,
                                Value bias) {
  Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f));
  Value x = buildPad(b, loc, buildTranspose(b, loc, input, {0, 2, 3, 1}),
                     {0, s.padTop, s.padLeft, 0},
                     {0, s.padBottom, s.padRight, 0}, zero);
  MLIRContext *ctx = b.getContext();
  auto outType = RankedTensorType::get({s.n, s.oh, s.ow, s.f}, b.getF32Type());
  AffineMap biasMap = AffineMap::get(4, 0, {getAffineDimExpr(3, ctx)}, ctx);
  Value init = buildAccumulatorInit(b, loc, bias, biasMap, outType);
  AffineExpr n, oh, ow, f, c, kh, kw;
  bindDims(ctx, n, oh, ow, f, c, kh, kw);
  auto map = [&](ArrayRef<AffineExpr> exprs) {
    return AffineMap::get(7, 0, exprs, ctx);
  };
  AffineExpr ih = oh * s.strideH + kh * s.dilationH;
  AffineExpr iw = ow * s.strideW + kw * s.dilationW;
  auto par = utils::IteratorType::parallel;
  auto red = utils::IteratorType::reduction;
  Value y = buildReduction(
      b, loc, init, ValueRange{x, w},
      {map({n, ih, iw, c}), map({f, c, kh, kw})}, map({n, oh, ow, f}),
      {par, par, par, par, red, red, red},
      [](OpBuilder &nb, Location l, ValueRange args, Value acc) -> Value {
        // conv_2d_nchw_fchw's body: out + x * w.
        numerics::EmitArith a(nb, l);
        return a.addF(acc, a.mulF(args[0], args[1]));
      });
  return buildTranspose(b, loc, y, {0, 3, 1, 2});
}

/// Float and weight-only conv2d. The interpreter's order: the
/// output starts from the bias (or 0), then im2col + GEMM adds w[f, k] *
/// col[k] for k = (c * KH + kh) * KW + kw ascending, i.e. c outermost, then
/// kh, kw, padded positions adding w * 0. One group: buildFloatConvNhwc.
/// Several, in NCHW: conv_2d_ngchw_gfchw iterates (n, g, f, oh, ow, c, kh,
/// kw), the same order, which the NHWC named ops (kh, kw, c) would not
/// give. One input channel per group takes the depthwise kernels:
/// buildFloatDepthwiseNhwc with one output channel per group too,
/// buildFloatDepthwise (NCHW) with several. Known
/// difference: outside its pointwise path the interpreter reads x + 0.0
/// (its im2col offset), turning an input -0.0 into +0.0; this lowering reads
/// x, which can only change the sign of a zero result (a -0.0 bias and zero
/// products).
static Value lowerFloatConv(OpBuilder &b, Location loc, Conv2DOp op,
                            Value input, Value weight, Value bias) {
  ConvGeometry s(op);
  Type f32 = b.getF32Type();
  Value w = dequantizeWeight(b, loc, weight, op.getWeight().getType());
  Value result;
  if (s.groups == 1 && s.groupIn > 1) {
    result = buildFloatConvNhwc(b, loc, s, input, w, bias);
  } else if (s.groups > 1 && s.groupIn == 1 && s.groupOut == 1) {
    result = buildFloatDepthwiseNhwc(b, loc, s, input, w, bias);
  } else {
    Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f));
    Value x = buildPad(b, loc, input, {0, 0, s.padTop, s.padLeft},
                       {0, 0, s.padBottom, s.padRight}, zero);
    SmallVector<int64_t> groupedOut = {s.n, s.groups, s.groupOut, s.oh, s.ow};
    MLIRContext *ctx = b.getContext();
    auto strides = b.getI64TensorAttr({s.strideH, s.strideW});
    auto dilations = b.getI64TensorAttr({s.dilationH, s.dilationW});
    // Grouped: x [N, G, C/G, Hp, Wp], w [G, F/G, C/G, KH, KW].
    Value xg = buildExpand(b, loc, x,
                           {s.n, s.groups, s.groupIn, s.paddedH(), s.paddedW()},
                           {{0}, {1, 2}, {3}, {4}});
    Value wg =
        buildExpand(b, loc, w, {s.groups, s.groupOut, s.groupIn, s.kh, s.kw},
                    {{0, 1}, {2}, {3}, {4}});
    Value bg = bias
                   ? buildExpand(b, loc, bias, {s.groups, s.groupOut}, {{0, 1}})
                   : Value();
    AffineMap biasMap = AffineMap::get(
        5, 0, {getAffineDimExpr(1, ctx), getAffineDimExpr(2, ctx)}, ctx);
    Value init = buildAccumulatorInit(b, loc, bg, biasMap,
                                      RankedTensorType::get(groupedOut, f32));
    Value grouped = s.groupIn == 1
                        ? buildFloatDepthwise(b, loc, s, xg, wg, init)
                        : linalg::Conv2DNgchwGfchwOp::create(
                              b, loc, TypeRange{init.getType()},
                              ValueRange{xg, wg}, init, strides, dilations)
                              .getResult(0);
    result = buildCollapse(b, loc, grouped, {{0}, {1, 2}, {3}, {4}});
  }
  return buildFloatActivation(b, loc, result, op.getActivationAttr());
}

/// The static INT8 weight in the layout of conv_2d_nhwgc_gfhwc,
/// [G, F/G, KH, KW, C/G] (the channels innermost, as NHWC activations):
/// a compile-time re-layout of a constant, a transpose otherwise.
static Value relayoutIntWeight(OpBuilder &b, Location loc, Conv2DOp op,
                               const ConvGeometry &s, Value storage) {
  auto type = cast<RankedTensorType>(storage.getType());
  SmallVector<int64_t> shape = {s.groups, s.groupOut, s.kh, s.kw, s.groupIn};
  auto resultType = type.clone(shape);
  FailureOr<SmallVector<int64_t>> values = getConstantStorage(op.getWeight());
  if (failed(values)) {
    Value grouped = buildExpand(b, loc, storage,
                                {s.groups, s.groupOut, s.groupIn, s.kh, s.kw},
                                {{0, 1}, {2}, {3}, {4}});
    return buildTranspose(b, loc, grouped, {0, 1, 3, 4, 2});
  }
  // [F, C/G, KH, KW] -> [F, KH, KW, C/G]; F = (g, fg) is already in order.
  SmallVector<int64_t> out(values->size());
  for (int64_t f = 0; f < s.f; ++f)
    for (int64_t c = 0; c < s.groupIn; ++c)
      for (int64_t i = 0; i < s.kh; ++i)
        for (int64_t j = 0; j < s.kw; ++j)
          out[((f * s.kh + i) * s.kw + j) * s.groupIn + c] =
              (*values)[((f * s.groupIn + c) * s.kh + i) * s.kw + j];
  return arith::ConstantOp::create(
      b, loc,
      makeIntElements(resultType, out, getNameHint(op.getWeight().getLoc())));
}

/// Static INT8 conv2d, in NHWC between two linalg.transpose ops (which
/// qnn-sink-transposes cancels between layers): x transposed and padded
/// with z_x, the
/// contraction over (kh, kw, c) per group in the dimensions of
/// conv_2d_nhwgc_gfhwc (n, oh, ow, g, fg, kh, kw, c) (that named op for i8,
/// a generic with its maps that zero-extends u8), starting from the folded
/// bias b'[f]; requantized, then transposed back to NCHW.
static Value lowerStaticConv(OpBuilder &b, Location loc, Conv2DOp op,
                             Value input, Value weight, Value bias,
                             RankedTensorType resultType,
                             const StaticEpilogue &e) {
  ConvGeometry s(op);
  MLIRContext *ctx = b.getContext();
  Type i32 = b.getI32Type();
  Type xElement = op.getInput().getType().getElementType();
  Type wElement = op.getWeight().getType().getElementType();

  // x: [N, C, H, W] -> [N, Hp, Wp, G, C/G], padded with the zero point.
  Type storage = cast<RankedTensorType>(input.getType()).getElementType();
  Value padValue = arith::ConstantOp::create(
      b, loc,
      b.getIntegerAttr(storage, APInt(storage.getIntOrFloatBitWidth(),
                                      static_cast<uint64_t>(e.zIn),
                                      /*isSigned=*/true,
                                      /*implicitTrunc=*/true)));
  Value xt = buildTranspose(b, loc, input, {0, 2, 3, 1});
  Value xp = buildPad(b, loc, xt, {0, s.padTop, s.padLeft, 0},
                      {0, s.padBottom, s.padRight, 0}, padValue);
  Value xg = buildExpand(b, loc, xp,
                         {s.n, s.paddedH(), s.paddedW(), s.groups, s.groupIn},
                         {{0}, {1}, {2}, {3, 4}});
  Value wg = relayoutIntWeight(b, loc, op, s, weight);

  FoldedBias folded;
  folded.weight = op.getWeight();
  folded.wStorage = weight;
  folded.flatShape = {s.f, s.groupIn * s.kh * s.kw};
  folded.axis = 1;
  folded.reducedDims = {1, 2, 3};
  folded.bias = op.getBias();
  folded.biasStorage = bias;
  Value biasPrime = folded.build(b, loc, e.zIn);

  // acc: [N, OH, OW, G, F/G], starting from b'.
  auto accType =
      RankedTensorType::get({s.n, s.oh, s.ow, s.groups, s.groupOut}, i32);
  Value bg = biasPrime ? buildExpand(b, loc, biasPrime, {s.groups, s.groupOut},
                                     {{0, 1}})
                       : Value();
  Value init = buildAccumulatorInit(
      b, loc, bg,
      AffineMap::get(5, 0, {getAffineDimExpr(3, ctx), getAffineDimExpr(4, ctx)},
                     ctx),
      accType);
  Value acc;
  if (!isUnsignedStorage(xElement)) {
    // The named op sign-extends both operands: right for i8 activations.
    acc = linalg::Conv2DNhwgcGfhwcOp::create(
              b, loc, TypeRange{accType}, ValueRange{xg, wg}, init,
              b.getI64TensorAttr({s.strideH, s.strideW}),
              b.getI64TensorAttr({s.dilationH, s.dilationW}))
              .getResult(0);
  } else {
    AffineExpr n, oh, ow, g, fg, kh, kw, c;
    bindDims(ctx, n, oh, ow, g, fg, kh, kw, c);
    auto map = [&](ArrayRef<AffineExpr> exprs) {
      return AffineMap::get(8, 0, exprs, ctx);
    };
    AffineExpr ih = oh * s.strideH + kh * s.dilationH;
    AffineExpr iw = ow * s.strideW + kw * s.dilationW;
    auto par = utils::IteratorType::parallel;
    auto red = utils::IteratorType::reduction;
    acc = buildReduction(
        b, loc, init, ValueRange{xg, wg},
        {map({n, ih, iw, g, c}), map({g, fg, kh, kw, c})},
        map({n, oh, ow, g, fg}), {par, par, par, par, par, red, red, red},
        [&](OpBuilder &nb, Location l, ValueRange args, Value sum) {
          return buildIntMac(nb, l, args[0], xElement, args[1], wElement,
                             /*zw=*/0, sum);
        });
  }

  // Requantized in NHWC [N, OH, OW, F], then transposed to NCHW.
  Value flat = buildCollapse(b, loc, acc, {{0}, {1}, {2}, {3, 4}});
  auto nhwcType = resultType.clone({s.n, s.oh, s.ow, s.f});
  Value y =
      e.build(b, loc, flat, b.getMultiDimIdentityMap(4),
              AffineMap::get(4, 0, {getAffineDimExpr(3, ctx)}, ctx), nhwcType);
  return buildTranspose(b, loc, y, {0, 3, 1, 2});
}

namespace {
struct Conv2DOpLowering : OpConversionPattern<Conv2DOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(Conv2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    if (op.getInput().getType().getElementType().isF32()) {
      rewriter.replaceOp(
          op, lowerFloatConv(rewriter, loc, op, adaptor.getInput(),
                             adaptor.getWeight(), adaptor.getBias()));
      return success();
    }
    FailureOr<StaticEpilogue> e = StaticEpilogue::get(
        op.getInput().getType(), op.getWeight().getType(), op.getType(),
        op.getActivationAttr(), op.getWeight().getType().getDimSize(0));
    if (failed(e))
      return rewriter.notifyMatchFailure(op, "not a static INT8 conv2d");
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    rewriter.replaceOp(op,
                       lowerStaticConv(rewriter, loc, op, adaptor.getInput(),
                                       adaptor.getWeight(), adaptor.getBias(),
                                       resultType, *e));
    return success();
  }
};
} // namespace

//===----------------------------------------------------------------------===//
// fully_connected and matmul
//===----------------------------------------------------------------------===//

namespace {
/// A product `y[..., m, n] = sum_k lhs[..., m, k] * rhs[..., k, n]` (or
/// rhs[n, k] for fully_connected) as the loops (batch..., m, n, k) see it.
struct Contraction {
  /// Result shape [batch..., M, N].
  SmallVector<int64_t> outShape;
  /// Indexing maps of lhs and rhs over (batch..., m, n, k).
  AffineMap lhsMap, rhsMap;
  /// The rhs (weight) axis summed over, and its shape.
  int64_t rhsContractionAxis;
  SmallVector<int64_t> rhsShape;
  /// Maps (batch..., m, n) of the result to the per-channel values of the
  /// rhs (its shape without the contraction axis), and to the channel n.
  AffineMap rhsChannelMap, channelMap;

  int64_t rank() const { return outShape.size(); }

  /// y = init + sum_k ext(x) * (ext(w) - zw) in i32.
  Value buildInt(OpBuilder &b, Location loc, Value lhs, Type lhsElement,
                 Value rhs, Type rhsElement, int64_t zw, Value init) const {
    // linalg.matmul sign-extends both operands: it fits i8 x i8 without a
    // weight zero point.
    auto isSigned = [](Type element) {
      return isa<quant::QuantizedType>(element) && !isUnsignedStorage(element);
    };
    if (rank() == 2 && zw == 0 && isSigned(lhsElement) && isSigned(rhsElement))
      return buildNamedMatmul(b, loc, lhs, rhs, init);
    return buildReduction(
        b, loc, init, ValueRange{lhs, rhs}, {lhsMap, rhsMap}, outputMap(b),
        iterators(),
        [&](OpBuilder &nb, Location l, ValueRange args, Value acc) {
          return buildIntMac(nb, l, args[0], lhsElement, args[1], rhsElement,
                             zw, acc);
        });
  }

  /// y = init + x[k] * w[k] for k = 0, 1, ..., K-1 in f32: the order of
  /// the interpreter's GEMM (kernels::gemm adds A[i][k] * B[k][j] to C[i][j]
  /// for k ascending), which a linalg contraction with k innermost keeps.
  Value buildFloat(OpBuilder &b, Location loc, Value lhs, Value rhs,
                   Value init) const {
    if (rank() == 2)
      return buildNamedMatmul(b, loc, lhs, rhs, init);
    return buildReduction(
        b, loc, init, ValueRange{lhs, rhs}, {lhsMap, rhsMap}, outputMap(b),
        iterators(),
        [&](OpBuilder &nb, Location l, ValueRange args, Value acc) {
          numerics::EmitArith a(nb, l);
          return a.addF(acc, a.mulF(args[0], args[1]));
        });
  }

  /// linalg.matmul with this contraction's maps (rhs [K, N], or [N, K]
  /// for fully_connected through transposing maps); k is its innermost loop.
  Value buildNamedMatmul(OpBuilder &b, Location loc, Value lhs, Value rhs,
                         Value init) const {
    auto maps = b.getAffineMapArrayAttr({lhsMap, rhsMap, outputMap(b)});
    return linalg::MatmulOp::create(b, loc, TypeRange{init.getType()},
                                    ValueRange{lhs, rhs}, init,
                                    {b.getNamedAttr("indexing_maps", maps)})
        .getResult(0);
  }

  AffineMap outputMap(OpBuilder &b) const {
    return AffineMap::getMultiDimIdentityMap(rank() + 1, b.getContext())
        .getMajorSubMap(rank());
  }
  SmallVector<utils::IteratorType> iterators() const {
    SmallVector<utils::IteratorType> result(rank(),
                                            utils::IteratorType::parallel);
    result.push_back(utils::IteratorType::reduction);
    return result;
  }

  /// fully_connected: x [M, K], w [N, K].
  static Contraction fullyConnected(FullyConnectedOp op, MLIRContext *ctx) {
    ArrayRef<int64_t> w = op.getWeight().getType().getShape();
    int64_t m = cast<RankedTensorType>(op.getInput().getType()).getDimSize(0);
    AffineExpr dm, dn, dk;
    bindDims(ctx, dm, dn, dk);
    Contraction c;
    c.outShape = {m, w[0]};
    c.lhsMap = AffineMap::get(3, 0, {dm, dk}, ctx);
    c.rhsMap = AffineMap::get(3, 0, {dn, dk}, ctx);
    c.rhsContractionAxis = 1;
    c.rhsShape.assign(w.begin(), w.end());
    c.rhsChannelMap = AffineMap::get(2, 0, {getAffineDimExpr(1, ctx)}, ctx);
    c.channelMap = c.rhsChannelMap;
    return c;
  }

  /// matmul: lhs [..., M, K], rhs [..., K, N], batch dimensions broadcast
  /// as in NumPy (aligned on the right, size 1 read at 0).
  static Contraction matmul(MatMulOp op, MLIRContext *ctx) {
    ArrayRef<int64_t> lhs =
        cast<RankedTensorType>(op.getLhs().getType()).getShape();
    ArrayRef<int64_t> rhs = op.getRhs().getType().getShape();
    Contraction c;
    c.outShape.assign(op.getOutput().getType().getShape().begin(),
                      op.getOutput().getType().getShape().end());
    int64_t r = c.rank(), batch = r - 2;
    ArrayRef<int64_t> outBatch = ArrayRef(c.outShape).take_front(batch);
    // The batch dimensions come first, so the broadcast map's dimensions
    // are the loops' own.
    auto batchExprs = [&](ArrayRef<int64_t> operandBatch) {
      return llvm::to_vector(
          getBroadcastMap(operandBatch, outBatch, ctx).getResults());
    };
    AffineExpr dm = getAffineDimExpr(r - 2, ctx),
               dn = getAffineDimExpr(r - 1, ctx), dk = getAffineDimExpr(r, ctx);
    SmallVector<AffineExpr> l = batchExprs(lhs.drop_back(2));
    l.append({dm, dk});
    SmallVector<AffineExpr> rh = batchExprs(rhs.drop_back(2));
    SmallVector<AffineExpr> channel = rh;
    rh.append({dk, dn});
    c.lhsMap = AffineMap::get(r + 1, 0, l, ctx);
    c.rhsMap = AffineMap::get(r + 1, 0, rh, ctx);
    c.rhsContractionAxis = rhs.size() - 2;
    c.rhsShape.assign(rhs.begin(), rhs.end());
    channel.push_back(getAffineDimExpr(r - 1, ctx));
    c.rhsChannelMap = AffineMap::get(r, 0, channel, ctx);
    c.channelMap = AffineMap::get(r, 0, {getAffineDimExpr(r - 1, ctx)}, ctx);
    return c;
  }
};
} // namespace

/// The float and weight-only forms: y = b (or 0), then the contraction in
/// the interpreter's order, then the activation.
static Value lowerFloatContraction(OpBuilder &b, Location loc,
                                   const Contraction &c, Value lhs, Value rhs,
                                   RankedTensorType rhsType, Value bias,
                                   ActivationAttr activation) {
  Value w = dequantizeWeight(b, loc, rhs, rhsType);
  auto outType = RankedTensorType::get(c.outShape, b.getF32Type());
  Value init = buildAccumulatorInit(b, loc, bias, c.channelMap, outType);
  Value y = c.buildFloat(b, loc, lhs, w, init);
  return buildFloatActivation(b, loc, y, activation);
}

/// The static INT8 form: acc = b' + sum q_x * (q_w - z_w), requantized per
/// output channel.
static Value lowerStaticContraction(OpBuilder &b, Location loc,
                                    const Contraction &c, Value weight,
                                    Type lhsElement, Value lhs, Value rhs,
                                    Value bias, Value biasStorage,
                                    const StaticEpilogue &e,
                                    RankedTensorType resultType) {
  Type rhsElement = getElementTypeOrSelf(weight);
  FailureOr<QuantInfo> wInfo =
      getQuantInfo(cast<RankedTensorType>(weight.getType()));
  // A per-tensor rhs may have a zero point (a matmul of two activations);
  // per-channel weights have 0.
  int64_t zw = wInfo->isPerTensor() ? wInfo->zeroPoints[0] : 0;

  FoldedBias folded;
  folded.weight = weight;
  folded.wStorage = rhs;
  folded.flatShape = c.rhsShape;
  folded.axis = c.rhsContractionAxis;
  folded.reducedDims = {c.rhsContractionAxis};
  folded.zw = zw;
  folded.bias = bias;
  folded.biasStorage = biasStorage;
  Value biasPrime = folded.build(b, loc, e.zIn);
  // Without a bias the per-channel term has the rhs's batch dimensions;
  // the bias (fully_connected only) has the channel's.
  auto accType = RankedTensorType::get(c.outShape, b.getI32Type());
  Value init =
      buildAccumulatorInit(b, loc, biasPrime, c.rhsChannelMap, accType);
  Value acc = c.buildInt(b, loc, lhs, lhsElement, rhs, rhsElement, zw, init);
  return e.build(b, loc, acc, b.getMultiDimIdentityMap(c.rank()), c.channelMap,
                 resultType);
}

/// The dynamic form: acc = -z_x * sum_k q_w + sum_k q_x * q_w (z_x a run-time
/// value), y = dequantizeAccumulator(acc, s_x, s_w[n]) + b, then the
/// activation, as the interpreter's dynamicProduct.
static Value lowerDynamicContraction(OpBuilder &b, Location loc,
                                     const Contraction &c, Value weight,
                                     Value lhs, Value rhs, Value scale,
                                     Value zeroPoint, Value bias,
                                     ActivationAttr activation) {
  Type i32 = b.getI32Type();
  numerics::EmitArith a(b, loc);
  Value negZx = a.subI(a.constI32(0), extractScalar(b, loc, zeroPoint));
  Value sx = extractScalar(b, loc, scale);
  auto wType = cast<RankedTensorType>(weight.getType());

  // The per-channel term -z_x * sum_k q_w over the rhs without its
  // contraction axis: the sum folded at compile time for a constant weight.
  SmallVector<int64_t> keptShape(c.rhsShape);
  keptShape.erase(keptShape.begin() + c.rhsContractionAxis);
  auto keptType = RankedTensorType::get(keptShape, i32);
  Value term;
  FailureOr<SmallVector<int64_t>> values = getConstantStorage(weight);
  if (succeeded(values)) {
    SmallVector<int32_t> sums = scaledSumAlongAxis(
        *values, c.rhsShape, c.rhsContractionAxis, /*zero=*/0, /*factor=*/1);
    Value constant = arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(keptType, ArrayRef(sums)));
    term = buildGeneric(
        b, loc, keptType, constant,
        b.getMultiDimIdentityMap(keptType.getRank()),
        [&](OpBuilder &nb, Location l, ValueRange args) {
          return arith::MulIOp::create(nb, l, negZx, args[0]).getResult();
        });
  } else {
    term = buildWeightSumTerm(b, loc, rhs, wType.getElementType(),
                              {c.rhsContractionAxis}, /*zw=*/0, negZx,
                              buildZeros(b, loc, keptShape, i32));
  }
  auto accType = RankedTensorType::get(c.outShape, i32);
  Value init = buildBroadcast(b, loc, term, c.rhsChannelMap, accType);
  // The input is the u8 storage of dynamic_quantize: zero-extended.
  Value acc = c.buildInt(b, loc, lhs, b.getIntegerType(8), rhs,
                         wType.getElementType(), /*zw=*/0, init);

  // Epilogue: the weight scale per channel (per tensor or along the
  // channel axis; dynamic weights are not blocked).
  FailureOr<QuantInfo> wInfo = getQuantInfo(wType);
  SmallVector<Value> inputs = {acc};
  SmallVector<AffineMap> maps = {b.getMultiDimIdentityMap(c.rank())};
  bool perTensor = wInfo->isPerTensor();
  if (!perTensor) {
    auto type = RankedTensorType::get(
        {static_cast<int64_t>(wInfo->scales.size())}, b.getF32Type());
    inputs.push_back(arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(type, ArrayRef(wInfo->scales))));
    maps.push_back(c.channelMap);
  }
  if (bias) {
    inputs.push_back(bias);
    maps.push_back(c.channelMap);
  }
  auto outType = RankedTensorType::get(c.outShape, b.getF32Type());
  Value y = buildGeneric(
      b, loc, outType, inputs, maps,
      [&](OpBuilder &nb, Location l, ValueRange args) {
        numerics::EmitArith na(nb, l);
        Value sw = perTensor ? na.constF32(wInfo->scales[0]) : args[1];
        Value v = numerics::dequantizeAccumulator(na, args[0], sx, sw);
        if (bias)
          v = na.addF(v, args.back());
        return v;
      });
  return buildFloatActivation(b, loc, y, activation);
}

namespace {
struct FullyConnectedOpLowering : OpConversionPattern<FullyConnectedOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(FullyConnectedOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Contraction c = Contraction::fullyConnected(op, getContext());
    Type inputElement = getElementTypeOrSelf(op.getInput());
    Value result;
    if (op.getInputScale()) {
      result = lowerDynamicContraction(
          rewriter, loc, c, op.getWeight(), adaptor.getInput(),
          adaptor.getWeight(), adaptor.getInputScale(),
          adaptor.getInputZeroPoint(), adaptor.getBias(),
          op.getActivationAttr());
    } else if (inputElement.isF32()) {
      result = lowerFloatContraction(
          rewriter, loc, c, adaptor.getInput(), adaptor.getWeight(),
          op.getWeight().getType(), adaptor.getBias(), op.getActivationAttr());
    } else {
      FailureOr<StaticEpilogue> e = StaticEpilogue::get(
          op.getInput().getType(), op.getWeight().getType(), op.getType(),
          op.getActivationAttr(), c.outShape.back());
      if (failed(e))
        return rewriter.notifyMatchFailure(op,
                                           "not a static INT8 fully_connected");
      auto resultType =
          cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
      result = lowerStaticContraction(
          rewriter, loc, c, op.getWeight(), inputElement, adaptor.getInput(),
          adaptor.getWeight(), op.getBias(), adaptor.getBias(), *e, resultType);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct MatMulOpLowering : OpConversionPattern<MatMulOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(MatMulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Contraction c = Contraction::matmul(op, getContext());
    Type lhsElement = getElementTypeOrSelf(op.getLhs());
    Value result;
    if (op.getLhsScale()) {
      result = lowerDynamicContraction(
          rewriter, loc, c, op.getRhs(), adaptor.getLhs(), adaptor.getRhs(),
          adaptor.getLhsScale(), adaptor.getLhsZeroPoint(), Value(),
          op.getActivationAttr());
    } else if (lhsElement.isF32()) {
      result = lowerFloatContraction(rewriter, loc, c, adaptor.getLhs(),
                                     adaptor.getRhs(), op.getRhs().getType(),
                                     Value(), op.getActivationAttr());
    } else {
      FailureOr<StaticEpilogue> e = StaticEpilogue::get(
          op.getLhs().getType(), op.getRhs().getType(), op.getType(),
          op.getActivationAttr(), c.outShape.back());
      if (failed(e))
        return rewriter.notifyMatchFailure(op, "not a static INT8 matmul");
      auto resultType =
          cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
      result = lowerStaticContraction(rewriter, loc, c, op.getRhs(), lhsElement,
                                      adaptor.getLhs(), adaptor.getRhs(),
                                      Value(), Value(), *e, resultType);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};
} // namespace

void mlir::qnn::populateQNNNNToLinalgPatterns(const TypeConverter &converter,
                                              RewritePatternSet &patterns) {
  patterns.add<Conv2DOpLowering, FullyConnectedOpLowering, MatMulOpLowering>(
      converter, patterns.getContext());
}
