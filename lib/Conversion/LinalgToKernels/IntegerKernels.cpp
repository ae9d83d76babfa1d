//===- IntegerKernels.cpp - INT8 convolutions and matmuls -----------------===//
//
// The integer contractions of the INT8 lowering (NNToLinalg.cpp) as
// contractions on i32 lanes. Their body, whether a named op's (which
// sign-extends both operands) or a linalg.generic's (buildIntMac), is
//
//   acc = acc + ext(x) * (ext(w) - zw)        (zw = 0: no subtraction)
//
// in i32, each ext a sign or zero extension. The rhs is packed once as the
// i32 values ext(w) - zw, so the kernel adds ext(x) * packed: the same i32
// products and the same sums modulo 2^32 (integer addition is associative,
// so the order of the reduction does not change them).
//
// Convolutions, conv_2d_nhwgc_gfhwc's loops (n, oh, ow, g, fg, kh, kw, c):
//
//   y[n, oh, ow, g, fg] += x[n, oh * sh + kh * dh, ow * sw + kw * dw, g, c]
//                          * w[g, fg, kh, kw, c]
//
// rows are the output pixels oh * OW + ow of one (n, g), columns fg, the
// reduction (kh, kw, c) with c innermost (contiguous in x and w). Matmuls,
// loops (m, n, k): C[m, n] += A[m, k] * B[k, n] (or B[n, k]).
//
// Fewer than 4 columns (a depthwise convolution, fg = 1, or a grouped one
// with 2 or 3 channels per group) would leave most lanes idle: those ops
// stay loops (or go to a kernel of their own). From 4 columns on, even a
// vector of 16 lanes a quarter full beats the scalar loops.
//
//===----------------------------------------------------------------------===//

#include "LinalgToKernels.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::qnn;

namespace {
/// The multiply-accumulate of an integer contraction's body.
struct IntMac {
  IntegerExtension lhs, rhs;
  int64_t zeroPoint = 0;
};
} // namespace

/// The extension of block argument `arg` to i32 that `v` is.
static std::optional<IntegerExtension> getExtension(Value v, Value arg) {
  if (auto ext = v.getDefiningOp<arith::ExtSIOp>();
      ext && ext.getIn() == arg && ext.getType().isInteger(32))
    return IntegerExtension::Signed;
  if (auto ext = v.getDefiningOp<arith::ExtUIOp>();
      ext && ext.getIn() == arg && ext.getType().isInteger(32))
    return IntegerExtension::Unsigned;
  return std::nullopt;
}

/// `ext(w)` or `ext(w) - zw` with zw a constant: the widened rhs.
static std::optional<IntMac> matchRhs(Value v, Value arg) {
  IntMac mac;
  if (std::optional<IntegerExtension> ext = getExtension(v, arg)) {
    mac.rhs = *ext;
    return mac;
  }
  auto sub = v.getDefiningOp<arith::SubIOp>();
  APInt zw;
  if (!sub || !matchPattern(sub.getRhs(), m_ConstantInt(&zw)))
    return std::nullopt;
  std::optional<IntegerExtension> ext = getExtension(sub.getLhs(), arg);
  if (!ext)
    return std::nullopt;
  mac.rhs = *ext;
  mac.zeroPoint = zw.getSExtValue();
  return mac;
}

/// Matches the body `yield acc + ext(x) * (ext(w) - zw)` (operands of the
/// addition and the product in either order) of an op on buffers with
/// inputs (x, w) of integers narrower than 32 bits and an i32 output.
static FailureOr<IntMac> matchIntMac(linalg::LinalgOp op) {
  if (!op.hasPureBufferSemantics() || op.getNumDpsInputs() != 2 ||
      op.getNumDpsInits() != 1)
    return failure();
  Block *body = op.getBlock();
  auto yield = cast<linalg::YieldOp>(body->getTerminator());
  Value x = body->getArgument(0), w = body->getArgument(1),
        acc = body->getArgument(2);
  if (!acc.getType().isInteger(32) || yield.getNumOperands() != 1)
    return failure();
  for (Value arg : {x, w}) {
    auto type = dyn_cast<IntegerType>(arg.getType());
    if (!type || type.getWidth() >= 32)
      return failure();
  }
  auto add = yield.getOperand(0).getDefiningOp<arith::AddIOp>();
  if (!add)
    return failure();
  Value product = add.getLhs() == acc ? add.getRhs() : add.getLhs();
  if (add.getLhs() != acc && add.getRhs() != acc)
    return failure();
  auto mul = product.getDefiningOp<arith::MulIOp>();
  if (!mul)
    return failure();
  for (auto [xSide, wSide] : {std::pair(mul.getLhs(), mul.getRhs()),
                              std::pair(mul.getRhs(), mul.getLhs())}) {
    std::optional<IntegerExtension> lhs = getExtension(xSide, x);
    std::optional<IntMac> mac = matchRhs(wSide, w);
    if (lhs && mac) {
      mac->lhs = *lhs;
      return *mac;
    }
  }
  return failure();
}

static bool isStaticBuffer(Value v) {
  auto type = dyn_cast<MemRefType>(v.getType());
  return type && type.hasStaticShape();
}

/// ext(lhs element) in i32.
static Value extendLhs(OpBuilder &b, Location loc, Value x,
                       IntegerExtension ext) {
  if (ext == IntegerExtension::Signed)
    return arith::ExtSIOp::create(b, loc, b.getI32Type(), x);
  return arith::ExtUIOp::create(b, loc, b.getI32Type(), x);
}

/// Whether `columns` are enough for vectors (see the file comment).
static bool enoughColumns(int64_t columns) { return columns >= 4; }

/// The dot-product kernel's rhs (packDotRhs) for a contraction whose lhs
/// `x` has 8-bit elements and whose rhs `w` is a constant with every value
/// ext(w) - zw in i8: `w` holds w(outer..., col, r...) in row-major order
/// (columnsFirst), or, for a matmul's [K, N] rhs, w(r, col). Fails,
/// creating nothing, otherwise.
static FailureOr<DotRhs>
packDotWeights(OpBuilder &b, Location loc, SymbolTable &symbols, Value x,
               Value w, const IntMac &mac, ArrayRef<int64_t> outer,
               int64_t columns, ArrayRef<int64_t> reduction,
               const ContractionTile &tile, bool columnsFirst = true) {
  auto xType = cast<MemRefType>(x.getType());
  if (!xType.getElementType().isInteger(8) || !xType.getLayout().isIdentity())
    return failure();
  std::optional<SmallVector<int32_t>> values =
      getConstantWidenedInts(w, symbols, mac.rhs, mac.zeroPoint);
  if (!values)
    return failure();
  if (!columnsFirst) {
    // [K, N] to [N, K].
    int64_t depth = reduction[0];
    SmallVector<int32_t> transposed(values->size());
    for (int64_t k = 0; k < depth; ++k)
      for (int64_t col = 0; col < columns; ++col)
        transposed[col * depth + k] = (*values)[k * columns + col];
    *values = std::move(transposed);
  }
  // An i8 lhs is read as the u8 x + 128 (loadDotGroup flips its sign bit).
  int32_t lhsOffset = mac.lhs == IntegerExtension::Signed ? 128 : 0;
  return packDotRhs(b, loc, symbols, *values, outer, columns, reduction,
                    tile.columns(), lhsOffset);
}

//===----------------------------------------------------------------------===//
// Convolution
//===----------------------------------------------------------------------===//

namespace {
struct ConvStrides {
  int64_t strideH, strideW, dilationH, dilationW;
};
} // namespace

/// The strides and dilations of an op whose maps are those of
/// conv_2d_nhwgc_gfhwc over (n, oh, ow, g, fg, kh, kw, c):
///   x (n, oh * sh + kh * dh, ow * sw + kw * dw, g, c),
///   w (g, fg, kh, kw, c), y (n, oh, ow, g, fg);
/// read off x's map at unit points, then checked by rebuilding the maps.
static FailureOr<ConvStrides> matchConvMaps(linalg::LinalgOp op) {
  using utils::IteratorType;
  SmallVector<IteratorType> iterators = op.getIteratorTypesArray();
  SmallVector<IteratorType> expected(5, IteratorType::parallel);
  expected.append(3, IteratorType::reduction);
  if (iterators != expected)
    return failure();
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  if (maps[0].getNumResults() != 5)
    return failure();
  auto at = [&](int64_t dim, unsigned result) {
    SmallVector<int64_t> point(8, 0);
    point[dim] = 1;
    return maps[0].compose(point)[result];
  };
  ConvStrides s{at(1, 1), at(2, 2), at(5, 1), at(6, 2)};
  MLIRContext *ctx = op.getContext();
  AffineExpr n, oh, ow, g, fg, kh, kw, c;
  bindDims(ctx, n, oh, ow, g, fg, kh, kw, c);
  auto map = [&](ArrayRef<AffineExpr> exprs) {
    return AffineMap::get(8, 0, exprs, ctx);
  };
  if (maps[0] != map({n, oh * s.strideH + kh * s.dilationH,
                      ow * s.strideW + kw * s.dilationW, g, c}) ||
      maps[1] != map({g, fg, kh, kw, c}) || maps[2] != map({n, oh, ow, g, fg}))
    return failure();
  return s;
}

static LogicalResult rewriteIntegerConv(RewriterBase &rewriter,
                                        linalg::LinalgOp op, const IntMac &mac,
                                        SymbolTable &symbols,
                                        const ContractionTile &tile,
                                        int64_t dotWidth) {
  FailureOr<ConvStrides> s = matchConvMaps(op);
  if (failed(s))
    return failure();
  // x [N, Hp, Wp, G, C], w [G, F, KH, KW, C], y [N, OH, OW, G, F].
  Value x = op.getDpsInputs()[0], w = op.getDpsInputs()[1],
        y = op.getDpsInits()[0];
  if (!isStaticBuffer(x) || !isStaticBuffer(w) || !isStaticBuffer(y))
    return failure();
  ArrayRef<int64_t> wShape = cast<MemRefType>(w.getType()).getShape();
  ArrayRef<int64_t> yShape = cast<MemRefType>(y.getType()).getShape();
  if (!enoughColumns(wShape[1]))
    return failure();
  int64_t outW = yShape[2];
  int64_t groups = wShape[0], channels = wShape[4];
  std::optional<ContractionTile> dotTileStorage;
  if (dotWidth)
    dotTileStorage = ContractionTile::forDotWidth(dotWidth, wShape[1]);
  const ContractionTile *dotTile =
      dotTileStorage ? &*dotTileStorage : nullptr;

  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  ContractionProblem p;
  p.outer = {yShape[0], yShape[3]};
  p.packedOuter = {1};
  p.rows = yShape[1] * outW;
  p.columns = wShape[1];

  auto cst = [](OpBuilder &b, Location l, int64_t v) -> Value {
    return arith::ConstantIndexOp::create(b, l, v);
  };
  auto mul = [&](OpBuilder &b, Location l, Value v, int64_t k) -> Value {
    return b.createOrFold<arith::MulIOp>(l, v, cst(b, l, k));
  };
  auto add = [&](OpBuilder &b, Location l, Value u, Value v) -> Value {
    return b.createOrFold<arith::AddIOp>(l, u, v);
  };
  auto rowOrigin = [&](OpBuilder &b, Location l, ValueRange,
                       Value row) -> RowOrigin {
    return getConvRowOrigin(b, l, row, outW, s->strideH, s->strideW);
  };
  // ext(x[n, ih, iw, g, c]) for r = (kh, kw, c).
  auto loadLhs = [&](OpBuilder &b, Location l, ValueRange outer,
                     const RowOrigin &o, ValueRange r) -> Value {
    Value ih = add(b, l, o[2], mul(b, l, r[0], s->dilationH));
    Value iw = add(b, l, o[3], mul(b, l, r[1], s->dilationW));
    Value v = memref::LoadOp::create(
        b, l, x, ValueRange{outer[0], ih, iw, outer[1], r[2]});
    return extendLhs(b, l, v, mac.lhs);
  };

  // The dot-product kernel: with one group and no dilation along W, the
  // window row (kw, c) is KW * C contiguous bytes of x viewed as [N, Hp,
  // Wp * C], reduced as one dimension; otherwise (kh, kw, c) on x viewed
  // as [N, Hp, Wp, G * C].
  bool flatRows = groups == 1 && s->dilationW == 1;
  SmallVector<int64_t> dotReduction =
      flatRows ? SmallVector<int64_t>{wShape[2], wShape[3] * channels}
               : SmallVector<int64_t>{wShape[2], wShape[3], channels};
  FailureOr<DotRhs> dot =
      dotTile ? packDotWeights(rewriter, loc, symbols, x, w, mac,
                               {groups}, wShape[1], dotReduction, *dotTile)
              : FailureOr<DotRhs>(failure());
  Value xView;
  if (succeeded(dot)) {
    SmallVector<ReassociationIndices> reassociation =
        flatRows ? SmallVector<ReassociationIndices>{{0}, {1}, {2, 3, 4}}
                 : SmallVector<ReassociationIndices>{{0}, {1}, {2}, {3, 4}};
    xView = memref::CollapseShapeOp::create(rewriter, loc, x, reassociation);
    p.packedRhs = dot->packed;
    p.columnOffsets = dot->offsets;
    p.dotGroup = 4;
    p.reduction = dotReduction;
    p.reduction.back() = llvm::divideCeil(dotReduction.back(), 4);
  } else {
    RhsPacking packing;
    packing.outer = {groups};
    packing.columns = wShape[1];
    packing.reduction = {wShape[2], wShape[3], channels};
    packing.sourceDims = {0, 1, 2, 3, 4};
    packing.tileColumns = tile.columns();
    packing.extension = mac.rhs;
    packing.zeroPoint = mac.zeroPoint;
    p.reduction = packing.reduction;
    p.packedRhs = packRhs(rewriter, loc, symbols, w, packing);
  }
  // The four bytes of group r.back() of the window row at (kh[, kw]).
  auto loadLhsGroup = [&](OpBuilder &b, Location l, ValueRange outer,
                          const RowOrigin &o, ValueRange r) -> Value {
    Value ih = add(b, l, o[2], mul(b, l, r[0], s->dilationH));
    Value first = mul(b, l, r.back(), 4);
    SmallVector<Value> index{outer[0], ih};
    if (flatRows) {
      index.push_back(add(b, l, mul(b, l, o[3], channels), first));
    } else {
      index.push_back(add(b, l, o[3], mul(b, l, r[1], s->dilationW)));
      index.push_back(add(b, l, mul(b, l, outer[1], channels), first));
    }
    return loadDotGroup(b, l, xView, index, r.back(), dotReduction.back(),
                        mac.lhs == IntegerExtension::Signed);
  };
  p.rowOrigin = rowOrigin;
  if (p.dotGroup == 4)
    p.loadLhs = loadLhsGroup;
  else
    p.loadLhs = loadLhs;
  // y[n, oh, ow, g, col].
  p.out = y;
  p.outIndex = [](OpBuilder &, Location, ValueRange outer, const RowOrigin &o,
                  Value col) {
    return SmallVector<Value>{outer[0], o[0], o[1], outer[1], col};
  };
  p.contiguousColumns = hasContiguousRows(y);
  // The dot kernel starts from the bias and requantizes in registers.
  ContractionFusion fusion;
  if (p.dotGroup == 4) {
    fusion = findContractionFusion(op, y, /*rowDims=*/{1, 2});
    applyContractionFusion(fusion, p);
  }
  emitContraction(rewriter, loc, p, p.dotGroup == 4 ? *dotTile : tile);
  rewriter.eraseOp(op);
  eraseFusedOps(rewriter, fusion);
  return success();
}

//===----------------------------------------------------------------------===//
// Matmul
//===----------------------------------------------------------------------===//

static LogicalResult rewriteIntegerMatmul(RewriterBase &rewriter,
                                          linalg::LinalgOp op,
                                          const IntMac &mac,
                                          SymbolTable &symbols,
                                          const ContractionTile &tile,
                                          int64_t dotWidth) {
  FailureOr<bool> transposed = matchMatmulMaps(op);
  if (failed(transposed))
    return failure();
  Value a = op.getDpsInputs()[0], bm = op.getDpsInputs()[1],
        c = op.getDpsInits()[0];
  if (!isStaticBuffer(a) || !isStaticBuffer(bm) || !isStaticBuffer(c))
    return failure();
  ArrayRef<int64_t> cShape = cast<MemRefType>(c.getType()).getShape();
  if (!enoughColumns(cShape[1]))
    return failure();

  if (dotWidth && hasContiguousRows(a)) {
    ContractionTile dotTileStorage =
        ContractionTile::forDotWidth(dotWidth, cShape[1]);
    const ContractionTile *dotTile = &dotTileStorage;
    rewriter.setInsertionPoint(op);
    int64_t depth = cast<MemRefType>(a.getType()).getShape()[1];
    FailureOr<DotRhs> dot =
        packDotWeights(rewriter, op.getLoc(), symbols, a, bm, mac, {},
                       cShape[1], {depth}, *dotTile,
                       /*columnsFirst=*/*transposed);
    if (succeeded(dot)) {
      emitDotMatmulKernel(rewriter, op, *dot,
                          mac.lhs == IntegerExtension::Signed, *dotTile);
      return success();
    }
  }

  RhsPacking packing;
  packing.extension = mac.rhs;
  packing.zeroPoint = mac.zeroPoint;
  emitMatmulKernel(rewriter, op, *transposed, packing, symbols, tile,
                   [&](OpBuilder &b, Location l, Value v) {
                     return extendLhs(b, l, v, mac.lhs);
                   });
  return success();
}

LogicalResult mlir::qnn::rewriteIntegerContraction(
    RewriterBase &rewriter, linalg::LinalgOp op, SymbolTable &symbols,
    const ContractionTile &tile, int64_t int8DotWidth) {
  FailureOr<IntMac> mac = matchIntMac(op);
  if (failed(mac))
    return failure();
  if (succeeded(rewriteIntegerConv(rewriter, op, *mac, symbols, tile,
                                   int8DotWidth)))
    return success();
  // A matmul of a batched activation by a weight, as a 2-D one.
  if (FailureOr<linalg::LinalgOp> collapsed = collapseMatmulBatch(rewriter, op);
      succeeded(collapsed))
    op = *collapsed;
  return rewriteIntegerMatmul(rewriter, op, *mac, symbols, tile, int8DotWidth);
}
