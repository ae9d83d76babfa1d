//===- IntDepthwiseKernel.cpp - INT8 depthwise convolutions ---------------===//
//
// Convolutions with one input channel per group, INT8, as vector kernels.
//
// INT8, NHWC: linalg.conv_2d_nhwgc_gfhwc, or the generic with its maps that
// zero-extends u8, with fg = c = 1,
//
//   y[n, oh, ow, g] = y[n, oh, ow, g] + ext(x[n, ih, iw, g]) * ext(w[g, kh,
//   kw])
//
// The channels g are vectorized (vector<W x i32>, the input read as
// vector<W x i8> and extended as the body extends it). The input is padded
// with the zero point, so nothing is skipped, and i32 sums wrap, so their
// order is free. The weight is packed as [kh][kw][g] i32, extended and
// zero-filled past the last channel: at compile time into a constant global
// when it is constant, by a loop otherwise.
//
// With a dot width (the x86 VNNI targets) each product is a 2-way i16 dot
// product, vpdpwssd after qnn-lower-x86-vnni: the extended x lane, seen as
// the i16 pair (x, x >> 16), times the weight lane packed as (w, 0), plus
// the accumulator: x * w exactly (x and w are 8-bit values, exact in i16),
// one instruction instead of a multiply and an add.
//
//===----------------------------------------------------------------------===//

#include "DepthwiseConvKernel.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::qnn;

//===----------------------------------------------------------------------===//
// INT8: matching
//===----------------------------------------------------------------------===//

namespace {
/// An INT8 depthwise conv: x [N, Hp, Wp, G, 1] i8, w [G, 1, KH, KW, 1] i8,
/// y [N, OH, OW, G, 1] i32.
struct IntDepthwise {
  Value x, w, y;
  int64_t strideH, dilationH, strideW, dilationW;
  /// How the body extends x and w to i32.
  bool xSigned, wSigned;
};
} // namespace

/// `v` as ext(block argument `arg`): whether the extension is signed.
static std::optional<bool> matchExtension(Value v, Value arg) {
  if (auto ext = v.getDefiningOp<arith::ExtSIOp>())
    if (ext.getIn() == arg)
      return true;
  if (auto ext = v.getDefiningOp<arith::ExtUIOp>())
    if (ext.getIn() == arg)
      return false;
  return std::nullopt;
}

/// Matches conv_2d_nhwgc_gfhwc or a generic with its maps, fg = c = 1, the
/// body `acc + ext(x) * ext(w)` (in either operand order).
static FailureOr<IntDepthwise> matchIntDepthwise(linalg::LinalgOp op) {
  if (!isa<linalg::Conv2DNhwgcGfhwcOp, linalg::GenericOp>(op.getOperation()) ||
      !op.hasPureBufferSemantics() || op.getNumDpsInputs() != 2 ||
      op.getNumDpsInits() != 1 || op.getNumLoops() != 8 ||
      !hasDepthwiseIterators(op))
    return failure();
  IntDepthwise d;
  d.x = op.getDpsInputs()[0];
  d.w = op.getDpsInputs()[1];
  d.y = op.getDpsInits()[0];
  Builder b(op.getContext());
  if (!isUnitStrideBuffer(d.x, b.getI8Type()) ||
      !isUnitStrideBuffer(d.w, b.getI8Type()) ||
      !isUnitStrideBuffer(d.y, b.getI32Type()))
    return failure();
  auto type = [](Value v) { return cast<MemRefType>(v.getType()); };
  if (type(d.x).getRank() != 5 || type(d.w).getRank() != 5 ||
      type(d.y).getRank() != 5 || !type(d.x).getLayout().isIdentity() ||
      !type(d.y).getLayout().isIdentity())
    return failure();

  // (n, oh, ow, g, fg, kh, kw, c) = d0 ... d7.
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  auto [sh, dh, sw, dw] = getWindow(maps[0], 1, 2, 1, 2, 5, 6);
  if (sh < 1 || dh < 1 || sw < 1 || dw < 1)
    return failure();
  MLIRContext *ctx = op.getContext();
  AffineExpr n, oh, ow, g, fg, kh, kw, c;
  bindDims(ctx, n, oh, ow, g, fg, kh, kw, c);
  auto map = [&](ArrayRef<AffineExpr> exprs) {
    return AffineMap::get(8, 0, exprs, ctx);
  };
  if (maps[0] != map({n, oh * sh + kh * dh, ow * sw + kw * dw, g, c}) ||
      maps[1] != map({g, fg, kh, kw, c}) || maps[2] != map({n, oh, ow, g, fg}))
    return failure();
  d.strideH = sh, d.dilationH = dh, d.strideW = sw, d.dilationW = dw;

  // fg = c = 1: the depthwise case; denser groups are the dense kernels'.
  ArrayRef<int64_t> xs = type(d.x).getShape(), ws = type(d.w).getShape(),
                    ys = type(d.y).getShape();
  if (xs[4] != 1 || ws[1] != 1 || ws[4] != 1 || ys[4] != 1 || xs[0] != ys[0] ||
      xs[3] != ys[3] || ws[0] != ys[3] ||
      (ys[1] - 1) * sh + (ws[2] - 1) * dh >= xs[1] ||
      (ys[2] - 1) * sw + (ws[3] - 1) * dw >= xs[2])
    return failure();

  Block &body = op->getRegion(0).front();
  Value acc = body.getArgument(2);
  auto add = body.getTerminator()->getOperand(0).getDefiningOp<arith::AddIOp>();
  if (!add)
    return failure();
  Value product = add.getLhs() == acc   ? add.getRhs()
                  : add.getRhs() == acc ? add.getLhs()
                                        : Value();
  auto mul = product ? product.getDefiningOp<arith::MulIOp>() : nullptr;
  if (!mul || !mul.getType().isInteger(32))
    return failure();
  for (auto [xv, wv] : {std::make_pair(mul.getLhs(), mul.getRhs()),
                        std::make_pair(mul.getRhs(), mul.getLhs())}) {
    std::optional<bool> xSigned = matchExtension(xv, body.getArgument(0));
    std::optional<bool> wSigned = matchExtension(wv, body.getArgument(1));
    if (xSigned && wSigned) {
      d.xSigned = *xSigned;
      d.wSigned = *wSigned;
      return d;
    }
  }
  return failure();
}

//===----------------------------------------------------------------------===//
// INT8: the packed weight
//===----------------------------------------------------------------------===//

/// w [G, 1, KH, KW, 1] as a flat [KH][KW][Gp] i32 buffer, Gp = G rounded up
/// to whole vectors: a constant global or a buffer filled by a loop.
static Value packWeight(OpBuilder &b, Location loc, SymbolTable &symbols,
                        const IntDepthwise &d, int64_t paddedGroups,
                        bool wordDot) {
  ArrayRef<int64_t> ws = cast<MemRefType>(d.w.getType()).getShape();
  int64_t groups = ws[0], kh = ws[2], kw = ws[3];
  auto packedType = MemRefType::get({kh * kw * paddedGroups}, b.getI32Type());
  if (std::optional<SmallVector<int32_t>> values = getConstantWidenedInts(
          d.w, symbols,
          d.wSigned ? IntegerExtension::Signed : IntegerExtension::Unsigned)) {
    SmallVector<int32_t> packed(packedType.getNumElements(), 0);
    for (int64_t g = 0; g < groups; ++g)
      for (int64_t i = 0; i < kh * kw; ++i)
        packed[i * paddedGroups + g] = wordDot
                                           ? (*values)[g * kh * kw + i] & 0xFFFF
                                           : (*values)[g * kh * kw + i];
    auto tensorType = RankedTensorType::get(packedType.getShape(),
                                            packedType.getElementType());
    OpBuilder detached(b.getContext());
    auto global = memref::GlobalOp::create(
        detached, loc, "__qnn_packed_depthwise", b.getStringAttr("private"),
        packedType,
        DenseElementsAttr::get(tensorType, ArrayRef<int32_t>(packed)),
        /*constant=*/true, b.getI64IntegerAttr(64));
    symbols.insert(global, symbols.getOp()->getRegion(0).front().begin());
    return memref::GetGlobalOp::create(b, loc, packedType, global.getSymName());
  }
  // packed[(kh * KW + kw) * Gp + g] = ext(w[min(g, G - 1), 0, kh, kw, 0]),
  // 0 for g >= G.
  Value packed =
      memref::AllocOp::create(b, loc, packedType, b.getI64IntegerAttr(64));
  Value zero = indexConstant(b, loc, 0);
  scf::ParallelOp::create(
      b, loc, ValueRange{zero, zero, zero},
      ValueRange{indexConstant(b, loc, kh), indexConstant(b, loc, kw),
                 indexConstant(b, loc, paddedGroups)},
      ValueRange{indexConstant(b, loc, 1), indexConstant(b, loc, 1),
                 indexConstant(b, loc, 1)},
      [&](OpBuilder &nb, Location l, ValueRange ivs) {
        Value last = indexConstant(nb, l, groups - 1);
        Value g = arith::MinSIOp::create(nb, l, ivs[2], last);
        Value c0 = indexConstant(nb, l, 0);
        Value v = memref::LoadOp::create(nb, l, d.w,
                                         ValueRange{g, c0, ivs[0], ivs[1], c0});
        Value wide =
            d.wSigned
                ? arith::ExtSIOp::create(nb, l, nb.getI32Type(), v).getResult()
                : arith::ExtUIOp::create(nb, l, nb.getI32Type(), v).getResult();
        Value inside = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::ule,
                                             ivs[2], last);
        Value zeroI32 =
            arith::ConstantOp::create(nb, l, nb.getI32IntegerAttr(0));
        Value element = arith::SelectOp::create(nb, l, inside, wide, zeroI32);
        if (wordDot)
          element = arith::AndIOp::create(
              nb, l, element,
              arith::ConstantOp::create(nb, l, nb.getI32IntegerAttr(0xFFFF)));
        Value tap = affineIndex(nb, l, ivs[0], kw, 0);
        tap = nb.createOrFold<arith::AddIOp>(l, tap, ivs[1]);
        Value index = affineIndex(nb, l, tap, paddedGroups, 0);
        index = nb.createOrFold<arith::AddIOp>(l, index, ivs[2]);
        memref::StoreOp::create(nb, l, element, packed, index);
      });
  return packed;
}

//===----------------------------------------------------------------------===//
// INT8: the kernel
//===----------------------------------------------------------------------===//

namespace {
/// Emits the tiles of one output row: x and y seen as [N, Hp, Wp, G] and
/// [N, OH, OW, G].
struct IntDepthwiseEmitter {
  const IntDepthwise &d;
  int64_t width;
  Value x, y, packed;
  int64_t groups, paddedGroups, kernelH, kernelW;
  Value n, oh;
  /// The bias and requantization the kernel absorbs (EpilogueFusion.cpp),
  /// or null.
  const ContractionProblem *fused;
  /// Products as 2-way i16 dot products (the weights packed as (w, 0)).
  bool wordDot;

  /// acc + xi * w, xi and w vector<W x i32>.
  Value multiplyAdd(OpBuilder &b, Location loc, Value acc, Value xi,
                    Value w) const {
    if (!wordDot)
      return arith::AddIOp::create(b, loc, acc,
                                   arith::MulIOp::create(b, loc, xi, w));
    auto words = [&](Value v) {
      Value flat = vector::BitCastOp::create(
          b, loc, VectorType::get({2 * width}, b.getI16Type()), v);
      Value pairs = vector::ShapeCastOp::create(
          b, loc, VectorType::get({width, 2}, b.getI16Type()), flat);
      return arith::ExtSIOp::create(
          b, loc, VectorType::get({width, 2}, b.getI32Type()), pairs);
    };
    MLIRContext *ctx = b.getContext();
    AffineExpr lane, k;
    bindDims(ctx, lane, k);
    auto operandMap = AffineMap::get(2, 0, {lane, k}, ctx);
    auto accMap = AffineMap::get(2, 0, {lane}, ctx);
    return vector::ContractionOp::create(
        b, loc, words(xi), words(w), acc,
        b.getAffineMapArrayAttr({operandMap, operandMap, accMap}),
        b.getArrayAttr(
            {vector::IteratorTypeAttr::get(ctx, vector::IteratorType::parallel),
             vector::IteratorTypeAttr::get(ctx,
                                           vector::IteratorType::reduction)}));
  }

  VectorType accType(OpBuilder &b) const {
    return VectorType::get({width}, b.getI32Type());
  }

  Value laneMask(OpBuilder &b, Location loc, int64_t lanes) const {
    return vector::ConstantMaskOp::create(
        b, loc, VectorType::get({width}, b.getI1Type()),
        b.getDenseI64ArrayAttr({lanes}));
  }

  /// `pixels` output pixels from `ow` of the channel vector at `g`, of
  /// which `lanes` are valid: acc += ext(x) * w for each tap, the weight
  /// vectors `weights` (kh * KW + kw).
  void emitTile(OpBuilder &b, Location loc, Value ow, int64_t pixels, Value g,
                int64_t lanes, ArrayRef<Value> weights) const {
    VectorType i32 = accType(b);
    VectorType i8 = VectorType::get({width}, b.getI8Type());
    Value mask = lanes < width ? laneMask(b, loc, lanes) : Value();
    auto load = [&](Value base, VectorType type, ValueRange index) -> Value {
      if (!mask)
        return vector::LoadOp::create(b, loc, type, base, index);
      Value zero = arith::ConstantOp::create(
          b, loc,
          DenseElementsAttr::get(type, b.getZeroAttr(type.getElementType())));
      return vector::MaskedLoadOp::create(b, loc, type, base, index, mask,
                                          zero);
    };
    SmallVector<Value> owAt, acc;
    for (int64_t p = 0; p < pixels; ++p) {
      owAt.push_back(affineIndex(b, loc, ow, 1, p));
      if (fused && fused->initVector) {
        acc.push_back(fused->initVector(b, loc, i32, n, RowOrigin{oh, owAt[p]},
                                        g, lanes));
        continue;
      }
      acc.push_back(load(y, i32, ValueRange{n, oh, owAt[p], g}));
    }
    for (int64_t kh = 0; kh < kernelH; ++kh) {
      Value ih = affineIndex(b, loc, oh, d.strideH, kh * d.dilationH);
      for (int64_t kw = 0; kw < kernelW; ++kw) {
        Value w = weights[kh * kernelW + kw];
        for (int64_t p = 0; p < pixels; ++p) {
          Value iw = affineIndex(b, loc, owAt[p], d.strideW, kw * d.dilationW);
          Value xv = load(x, i8, ValueRange{n, ih, iw, g});
          Value xi = d.xSigned
                         ? arith::ExtSIOp::create(b, loc, i32, xv).getResult()
                         : arith::ExtUIOp::create(b, loc, i32, xv).getResult();
          acc[p] = multiplyAdd(b, loc, acc[p], xi, w);
        }
      }
    }
    for (int64_t p = 0; p < pixels; ++p) {
      if (fused && fused->epilogue) {
        fused->epilogue(b, loc, acc[p], n, RowOrigin{oh, owAt[p]}, g, lanes);
        continue;
      }
      if (mask)
        vector::MaskedStoreOp::create(b, loc, y, ValueRange{n, oh, owAt[p], g},
                                      mask, acc[p]);
      else
        vector::StoreOp::create(b, loc, acc[p], y,
                                ValueRange{n, oh, owAt[p], g});
    }
  }

  /// The row for the channel vector at `g`: its weights loaded once, the
  /// pixels in tiles of kTilePixels, then the rest.
  void emitChannels(OpBuilder &b, Location loc, Value g, int64_t lanes) const {
    SmallVector<Value> weights;
    for (int64_t tap = 0; tap < kernelH * kernelW; ++tap) {
      Value index =
          affineIndex(b, loc, indexConstant(b, loc, tap), paddedGroups, 0);
      index = b.createOrFold<arith::AddIOp>(loc, index, g);
      weights.push_back(
          vector::LoadOp::create(b, loc, accType(b), packed, index));
    }
    int64_t outW = cast<MemRefType>(y.getType()).getShape()[2];
    int64_t tiles = outW / kTilePixels;
    if (tiles > 0) {
      scf::ForOp::create(b, loc, indexConstant(b, loc, 0),
                         indexConstant(b, loc, tiles * kTilePixels),
                         indexConstant(b, loc, kTilePixels), ValueRange{},
                         [&](OpBuilder &lb, Location l, Value ow, ValueRange) {
                           emitTile(lb, l, ow, kTilePixels, g, lanes, weights);
                           scf::YieldOp::create(lb, l);
                         });
    }
    if (outW % kTilePixels)
      emitTile(b, loc, indexConstant(b, loc, tiles * kTilePixels),
               outW % kTilePixels, g, lanes, weights);
  }

  /// Whole channel vectors in a loop, then the last partial one masked.
  void emitRow(OpBuilder &b, Location loc) const {
    int64_t full = groups / width;
    if (full > 0) {
      scf::ForOp::create(b, loc, indexConstant(b, loc, 0),
                         indexConstant(b, loc, full * width),
                         indexConstant(b, loc, width), ValueRange{},
                         [&](OpBuilder &lb, Location l, Value g, ValueRange) {
                           emitChannels(lb, l, g, width);
                           scf::YieldOp::create(lb, l);
                         });
    }
    if (groups % width)
      emitChannels(b, loc, indexConstant(b, loc, full * width), groups % width);
  }
};
} // namespace

static Value collapseUnitChannel(OpBuilder &b, Location loc, Value v) {
  SmallVector<ReassociationIndices> groups = {{0}, {1}, {2}, {3, 4}};
  return memref::CollapseShapeOp::create(b, loc, v, groups);
}

static void emitIntDepthwise(OpBuilder &b, Location loc, SymbolTable &symbols,
                             const IntDepthwise &d, int64_t width, bool wordDot,
                             const ContractionProblem *fused) {
  ArrayRef<int64_t> ws = cast<MemRefType>(d.w.getType()).getShape();
  ArrayRef<int64_t> ys = cast<MemRefType>(d.y.getType()).getShape();
  int64_t groups = ws[0];
  int64_t paddedGroups = llvm::divideCeil(groups, width) * width;
  Value packed = packWeight(b, loc, symbols, d, paddedGroups, wordDot);
  Value x = collapseUnitChannel(b, loc, d.x);
  Value y = collapseUnitChannel(b, loc, d.y);
  Value zero = indexConstant(b, loc, 0);
  Value one = indexConstant(b, loc, 1);
  scf::ParallelOp::create(
      b, loc, ValueRange{zero, zero},
      ValueRange{indexConstant(b, loc, ys[0]), indexConstant(b, loc, ys[1])},
      ValueRange{one, one}, [&](OpBuilder &nb, Location l, ValueRange ivs) {
        IntDepthwiseEmitter e{d,      width,        x,      y,     packed,
                              groups, paddedGroups, ws[2],  ws[3], ivs[0],
                              ivs[1], fused,        wordDot};
        e.emitRow(nb, l);
      });
}

LogicalResult mlir::qnn::rewriteIntDepthwise(RewriterBase &rewriter,
                                             linalg::LinalgOp op,
                                             SymbolTable &symbols,
                                             int64_t vectorWidth,
                                             int64_t int8DotWidth) {
  FailureOr<IntDepthwise> d = matchIntDepthwise(op);
  if (failed(d))
    return failure();
  // The bias broadcast and the requantization around it, when y is a
  // buffer of its own: lanes run along the channels (y's dimension 3).
  ContractionFusion fusion =
      findContractionFusion(op, d->y, /*rowDims=*/{1, 2}, /*laneDim=*/3);
  ContractionProblem fused;
  fused.out = d->y;
  fused.outIndex = [](OpBuilder &b, Location l, ValueRange outer,
                      const RowOrigin &o, Value g) {
    Value zero = arith::ConstantIndexOp::create(b, l, 0);
    return SmallVector<Value>{outer[0], o[0], o[1], g, zero};
  };
  applyContractionFusion(fusion, fused);
  rewriter.setInsertionPoint(op);
  bool wordDot = int8DotWidth != 0;
  emitIntDepthwise(rewriter, op.getLoc(), symbols, *d,
                   wordDot ? int8DotWidth : vectorWidth, wordDot, &fused);
  rewriter.eraseOp(op);
  eraseFusedOps(rewriter, fusion);
  return success();
}
