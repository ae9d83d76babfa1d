//===- FloatDepthwiseKernel.cpp - f32 depthwise convolutions --------------===//
//
// Convolutions with one input channel per group, f32, as vector kernels.
//
// f32, NCHW: the linalg.generic of buildFloatDepthwise over
// (n, g, fg, oh, ow, c, kh, kw), c of size 1,
//
//   y[n, g, fg, oh, ow] = y[n, g, fg, oh, ow] + w[g, fg, 0, kh, kw]
//                                                * x[n, g, 0, ih, iw]
//   for (kh, kw) in lexicographic order, ih = oh * sh + kh * dh and
//   iw = ow * sw + kw * dw, skipped when (ih, iw) lies in the padding.
//
// The output columns ow are vectorized: one vector holds W consecutive
// columns of one output row, each lane adding its products in the loops'
// order, one mulf then one addf. The input is already padded, so every read
// is in bounds; a product that falls in the padding is computed and dropped
// by a select keeping the accumulator, as the loops' body does (adding
// w * 0 instead would differ for an infinite or NaN weight and for the sign
// of a zero sum). Rows and vectors are split at compile time: interior rows
// (every kh inside) need no row test and interior vectors (every lane inside
// for every kw) no lane mask; border rows test ih at run time, border
// vectors select with a constant lane mask. A strided row is read as sw * W
// consecutive elements of which every sw-th is kept (one shuffle).
//
//===----------------------------------------------------------------------===//

#include "DepthwiseConvKernel.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/TypeSwitch.h"

#include <map>

using namespace mlir;
using namespace mlir::qnn;

//===----------------------------------------------------------------------===//
// f32: matching the generic and its padding test
//===----------------------------------------------------------------------===//

/// The value of an i1 or index computed from linalg.index values by
/// constants, addi, subi, muli, andi and cmpi; nullopt for anything else.
static std::optional<int64_t> evaluate(Value v, ArrayRef<int64_t> indices) {
  if (auto index = v.getDefiningOp<linalg::IndexOp>())
    return indices[index.getDim()];
  APInt constant;
  if (matchPattern(v, m_ConstantInt(&constant)))
    return constant.getBitWidth() == 1 ? constant.getZExtValue()
                                       : constant.getSExtValue();
  Operation *op = v.getDefiningOp();
  if (!op || op->getNumOperands() != 2)
    return std::nullopt;
  std::optional<int64_t> lhs = evaluate(op->getOperand(0), indices);
  std::optional<int64_t> rhs = evaluate(op->getOperand(1), indices);
  if (!lhs || !rhs)
    return std::nullopt;
  return llvm::TypeSwitch<Operation *, std::optional<int64_t>>(op)
      .Case([&](arith::AddIOp) { return *lhs + *rhs; })
      .Case([&](arith::SubIOp) { return *lhs - *rhs; })
      .Case([&](arith::MulIOp) { return *lhs * *rhs; })
      .Case([&](arith::AndIOp) { return *lhs & *rhs; })
      .Case([&](arith::CmpIOp cmp) -> std::optional<int64_t> {
        return arith::applyCmpPredicate(cmp.getPredicate(), APInt(64, *lhs),
                                        APInt(64, *rhs));
      })
      .Default([](Operation *) { return std::nullopt; });
}

/// Adds the loop dimensions `v` reads through linalg.index to `dims`.
static void collectIndexDims(Value v, llvm::SmallSetVector<unsigned, 4> &dims) {
  if (auto index = v.getDefiningOp<linalg::IndexOp>()) {
    dims.insert(index.getDim());
    return;
  }
  if (Operation *op = v.getDefiningOp())
    for (Value operand : op->getOperands())
      collectIndexDims(operand, dims);
}

static void flattenAnd(Value v, SmallVectorImpl<Value> &terms) {
  if (auto andOp = v.getDefiningOp<arith::AndIOp>()) {
    flattenAnd(andOp.getLhs(), terms);
    flattenAnd(andOp.getRhs(), terms);
    return;
  }
  terms.push_back(v);
}

/// The padded positions p = o * stride + k * dilation (o < outSize,
/// k < kSize) where every test of `terms` holds, in loop dimensions
/// (oDim, kDim), when they form an interval [lo, hi) of the positions the
/// window reaches: the input's extent inside its padding.
static std::optional<std::pair<int64_t, int64_t>>
getInsideInterval(ArrayRef<Value> terms, unsigned oDim, unsigned kDim,
                  int64_t outSize, int64_t kSize, int64_t stride,
                  int64_t dilation) {
  SmallVector<int64_t> indices(8, 0);
  std::map<int64_t, bool> inside;
  for (int64_t o = 0; o < outSize; ++o) {
    for (int64_t k = 0; k < kSize; ++k) {
      indices[oDim] = o;
      indices[kDim] = k;
      bool all = true;
      for (Value term : terms) {
        std::optional<int64_t> value = evaluate(term, indices);
        if (!value)
          return std::nullopt;
        all = all && *value != 0;
      }
      auto [it, inserted] = inside.try_emplace(o * stride + k * dilation, all);
      if (!inserted && it->second != all)
        return std::nullopt;
    }
  }
  int64_t lo = std::numeric_limits<int64_t>::max();
  int64_t hi = std::numeric_limits<int64_t>::min();
  for (auto [p, in] : inside) {
    if (in) {
      lo = std::min(lo, p);
      hi = std::max(hi, p + 1);
    }
  }
  if (lo >= hi)
    return std::nullopt;
  for (auto [p, in] : inside)
    if (in != (lo <= p && p < hi))
      return std::nullopt;
  return std::make_pair(lo, hi);
}

namespace {
/// An f32 depthwise generic: x [N, G, 1, Hp, Wp], w [G, FG, 1, KH, KW],
/// y [N, G, FG, OH, OW]; positions inside the input are
/// [rowLo, rowHi) x [colLo, colHi) of the padded input.
struct FloatDepthwise {
  Value x, w, y;
  int64_t strideH, dilationH, strideW, dilationW;
  int64_t rowLo, rowHi, colLo, colHi;
  /// The body multiplies w * x (else x * w).
  bool weightFirst;

  ArrayRef<int64_t> xShape() const {
    return cast<MemRefType>(x.getType()).getShape();
  }
  ArrayRef<int64_t> yShape() const {
    return cast<MemRefType>(y.getType()).getShape();
  }
  int64_t kernelH() const {
    return cast<MemRefType>(w.getType()).getShape()[3];
  }
  int64_t kernelW() const {
    return cast<MemRefType>(w.getType()).getShape()[4];
  }
  bool rowInside(int64_t oh, int64_t kh) const {
    int64_t p = oh * strideH + kh * dilationH;
    return rowLo <= p && p < rowHi;
  }
  bool columnInside(int64_t ow, int64_t kw) const {
    int64_t p = ow * strideW + kw * dilationW;
    return colLo <= p && p < colHi;
  }
};
} // namespace

/// Matches buildFloatDepthwise's generic: maps (n, g, c, ih, iw),
/// (g, fg, c, kh, kw) -> (n, g, fg, oh, ow), body `acc + w * x`, under
/// `select(inside, sum, acc)` when padded.
static FailureOr<FloatDepthwise> matchFloatDepthwise(linalg::GenericOp op) {
  if (!op.hasPureBufferSemantics() || op.getNumDpsInputs() != 2 ||
      op.getNumDpsInits() != 1 || op.getNumLoops() != 8 ||
      !hasDepthwiseIterators(op))
    return failure();
  FloatDepthwise d;
  d.x = op.getDpsInputs()[0];
  d.w = op.getDpsInputs()[1];
  d.y = op.getDpsInits()[0];
  Type f32 = Float32Type::get(op.getContext());
  if (!isUnitStrideBuffer(d.x, f32) || !isUnitStrideBuffer(d.w, f32) ||
      !isUnitStrideBuffer(d.y, f32))
    return failure();
  auto type = [](Value v) { return cast<MemRefType>(v.getType()); };
  if (type(d.x).getRank() != 5 || type(d.w).getRank() != 5 ||
      type(d.y).getRank() != 5)
    return failure();

  // (n, g, fg, oh, ow, c, kh, kw) = d0 ... d7.
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  auto [sh, dh, sw, dw] = getWindow(maps[0], 3, 4, 3, 4, 6, 7);
  if (sh < 1 || dh < 1 || sw < 1 || dw < 1)
    return failure();
  MLIRContext *ctx = op.getContext();
  AffineExpr n, g, fg, oh, ow, c, kh, kw;
  bindDims(ctx, n, g, fg, oh, ow, c, kh, kw);
  auto map = [&](ArrayRef<AffineExpr> exprs) {
    return AffineMap::get(8, 0, exprs, ctx);
  };
  if (maps[0] != map({n, g, c, oh * sh + kh * dh, ow * sw + kw * dw}) ||
      maps[1] != map({g, fg, c, kh, kw}) || maps[2] != map({n, g, fg, oh, ow}))
    return failure();
  d.strideH = sh, d.dilationH = dh, d.strideW = sw, d.dilationW = dw;

  ArrayRef<int64_t> xs = d.xShape(), ws = type(d.w).getShape(), ys = d.yShape();
  if (xs[0] != ys[0] || xs[1] != ys[1] || ws[0] != ys[1] || ws[1] != ys[2] ||
      xs[2] != 1 || ws[2] != 1 ||
      (ys[3] - 1) * sh + (ws[3] - 1) * dh >= xs[3] ||
      (ys[4] - 1) * sw + (ws[4] - 1) * dw >= xs[4])
    return failure();

  // The body: [select(inside, ] acc + w * x [, acc)].
  Block &body = op.getRegion().front();
  Value acc = body.getArgument(2);
  Value result = body.getTerminator()->getOperand(0);
  Value inside;
  if (auto select = result.getDefiningOp<arith::SelectOp>()) {
    if (select.getFalseValue() != acc)
      return failure();
    inside = select.getCondition();
    result = select.getTrueValue();
  }
  auto add = result.getDefiningOp<arith::AddFOp>();
  if (!add || add.getLhs() != acc ||
      add.getFastmath() != arith::FastMathFlags::none)
    return failure();
  auto mul = add.getRhs().getDefiningOp<arith::MulFOp>();
  if (!mul || mul.getFastmath() != arith::FastMathFlags::none)
    return failure();
  if (mul.getLhs() == body.getArgument(1) &&
      mul.getRhs() == body.getArgument(0))
    d.weightFirst = true;
  else if (mul.getLhs() == body.getArgument(0) &&
           mul.getRhs() == body.getArgument(1))
    d.weightFirst = false;
  else
    return failure();

  // The padding test: each term reads (oh, kh) or (ow, kw), never both.
  SmallVector<Value> terms, rowTerms, columnTerms;
  if (inside)
    flattenAnd(inside, terms);
  for (Value term : terms) {
    llvm::SmallSetVector<unsigned, 4> dims;
    collectIndexDims(term, dims);
    if (llvm::all_of(dims, [](unsigned d) { return d == 3 || d == 6; }))
      rowTerms.push_back(term);
    else if (llvm::all_of(dims, [](unsigned d) { return d == 4 || d == 7; }))
      columnTerms.push_back(term);
    else
      return failure();
  }
  auto rows = getInsideInterval(rowTerms, 3, 6, ys[3], ws[3], sh, dh);
  auto columns = getInsideInterval(columnTerms, 4, 7, ys[4], ws[4], sw, dw);
  if (!rows || !columns)
    return failure();
  std::tie(d.rowLo, d.rowHi) = *rows;
  std::tie(d.colLo, d.colHi) = *columns;
  return d;
}

//===----------------------------------------------------------------------===//
// f32: the kernel
//===----------------------------------------------------------------------===//

namespace {
/// The first output column of one vector: a run-time value in the interior
/// loop, a constant for the vectors emitted once (which may need masks).
struct ColumnVector {
  Value start;
  std::optional<int64_t> staticStart;
};

/// Emits the rows of one (n, g, fg) output plane.
struct FloatDepthwiseEmitter {
  const FloatDepthwise &d;
  int64_t width;
  Value n, g, fg;
  /// The broadcast weights, kh * KW + kw.
  SmallVector<Value> weights;

  VectorType vectorType(OpBuilder &b) const {
    return VectorType::get({width}, b.getF32Type());
  }
  int64_t outW() const { return d.yShape()[4]; }

  /// Valid lanes of a vector starting at `start` (all when not constant).
  int64_t validLanes(const ColumnVector &col) const {
    if (!col.staticStart)
      return width;
    return std::min(width, outW() - *col.staticStart);
  }

  SmallVector<Value> outIndex(Value oh, Value start) const {
    return {n, g, fg, oh, start};
  }

  Value loadOut(OpBuilder &b, Location loc, Value oh,
                const ColumnVector &col) const {
    int64_t lanes = validLanes(col);
    if (lanes == width)
      return vector::LoadOp::create(b, loc, vectorType(b), d.y,
                                    outIndex(oh, col.start));
    Value mask = prefixMask(b, loc, width, lanes);
    Value zero = arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(vectorType(b), b.getF32FloatAttr(0)));
    return vector::MaskedLoadOp::create(b, loc, vectorType(b), d.y,
                                        outIndex(oh, col.start), mask, zero);
  }

  void storeOut(OpBuilder &b, Location loc, Value value, Value oh,
                const ColumnVector &col) const {
    int64_t lanes = validLanes(col);
    if (lanes == width) {
      vector::StoreOp::create(b, loc, value, d.y, outIndex(oh, col.start));
      return;
    }
    vector::MaskedStoreOp::create(b, loc, d.y, outIndex(oh, col.start),
                                  prefixMask(b, loc, width, lanes), value);
  }

  static Value prefixMask(OpBuilder &b, Location loc, int64_t size,
                          int64_t lanes) {
    auto type = VectorType::get({size}, b.getI1Type());
    return vector::ConstantMaskOp::create(b, loc, type,
                                          b.getDenseI64ArrayAttr({lanes}));
  }

  /// x[n, g, 0, ih, (start + lane) * sw + kw * dw] for every lane: sw * W
  /// consecutive elements, every sw-th kept. Constant starts read only the
  /// elements inside the buffer.
  Value loadInput(OpBuilder &b, Location loc, Value ih, const ColumnVector &col,
                  int64_t kw) const {
    int64_t span = d.strideW * width;
    auto spanType = VectorType::get({span}, b.getF32Type());
    Value iw = affineIndex(b, loc, col.start, d.strideW, kw * d.dilationW);
    SmallVector<Value> index = {n, g, indexConstant(b, loc, 0), ih, iw};
    int64_t inputW = d.xShape()[4];
    Value wide;
    if (col.staticStart &&
        *col.staticStart * d.strideW + kw * d.dilationW + span > inputW) {
      int64_t readable =
          inputW - (*col.staticStart * d.strideW + kw * d.dilationW);
      Value zero = arith::ConstantOp::create(
          b, loc, DenseElementsAttr::get(spanType, b.getF32FloatAttr(0)));
      wide = vector::MaskedLoadOp::create(b, loc, spanType, d.x, index,
                                          prefixMask(b, loc, span, readable),
                                          zero);
    } else {
      wide = vector::LoadOp::create(b, loc, spanType, d.x, index);
    }
    if (d.strideW == 1)
      return wide;
    SmallVector<int64_t> every;
    for (int64_t lane = 0; lane < width; ++lane)
      every.push_back(lane * d.strideW);
    return vector::ShuffleOp::create(b, loc, wide, wide,
                                     b.getDenseI64ArrayAttr(every));
  }

  /// The lanes of a constant-start vector inside the input for tap kw, or
  /// null when all valid lanes are.
  Value laneMask(OpBuilder &b, Location loc, const ColumnVector &col,
                 int64_t kw) const {
    if (!col.staticStart)
      return Value();
    SmallVector<bool> lanes;
    bool all = true;
    for (int64_t lane = 0; lane < width; ++lane) {
      int64_t ow = *col.staticStart + lane;
      bool in = ow >= outW() || d.columnInside(ow, kw);
      all = all && in;
      lanes.push_back(in);
    }
    if (all)
      return Value();
    auto type = VectorType::get({width}, b.getI1Type());
    return arith::ConstantOp::create(b, loc,
                                     DenseElementsAttr::get(type, lanes));
  }

  /// One row's vectors `cols`, the taps in (kh, kw) order; `checkRow`
  /// tests ih at run time.
  void emitTile(OpBuilder &b, Location loc, Value oh,
                ArrayRef<ColumnVector> cols, bool checkRow) const {
    SmallVector<Value> acc;
    for (const ColumnVector &col : cols)
      acc.push_back(loadOut(b, loc, oh, col));
    for (int64_t kh = 0, eh = d.kernelH(); kh < eh; ++kh) {
      Value ih = affineIndex(b, loc, oh, d.strideH, kh * d.dilationH);
      Value rowIn;
      if (checkRow) {
        // rowLo <= ih < rowHi
        Value ge = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, ih,
                                         indexConstant(b, loc, d.rowLo));
        Value lt = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, ih,
                                         indexConstant(b, loc, d.rowHi));
        rowIn = arith::AndIOp::create(b, loc, ge, lt);
      }
      for (int64_t kw = 0, ew = d.kernelW(); kw < ew; ++kw) {
        Value weight = weights[kh * ew + kw];
        for (auto [i, col] : llvm::enumerate(cols)) {
          Value x = loadInput(b, loc, ih, col, kw);
          Value product = d.weightFirst
                              ? arith::MulFOp::create(b, loc, weight, x)
                              : arith::MulFOp::create(b, loc, x, weight);
          Value sum = arith::AddFOp::create(b, loc, acc[i], product);
          Value keep = laneMask(b, loc, col, kw);
          if (keep && rowIn) {
            Value row = vector::BroadcastOp::create(
                b, loc, VectorType::get({width}, b.getI1Type()), rowIn);
            keep = arith::AndIOp::create(b, loc, keep, row);
          } else if (!keep) {
            keep = rowIn;
          }
          acc[i] = keep ? arith::SelectOp::create(b, loc, keep, sum, acc[i])
                              .getResult()
                        : sum;
        }
      }
    }
    for (auto [i, col] : llvm::enumerate(cols))
      storeOut(b, loc, acc[i], oh, col);
  }

  /// Whether vector j needs no mask: its lanes are output columns whose
  /// every tap is inside the input, and its strided read stays in the row.
  bool isInteriorVector(int64_t j) const {
    int64_t start = j * width;
    if (start + width > outW())
      return false;
    for (int64_t kw = 0, e = d.kernelW(); kw < e; ++kw) {
      if (start * d.strideW + kw * d.dilationW + d.strideW * width >
          d.xShape()[4])
        return false;
      for (int64_t lane = 0; lane < width; ++lane)
        if (!d.columnInside(start + lane, kw))
          return false;
    }
    return true;
  }

  /// One output row: the border vectors with constant starts, the interior
  /// ones in tiles of kTileVectors in a loop, then the remaining ones.
  void emitRow(OpBuilder &b, Location loc, Value oh, bool checkRow) const {
    int64_t vectors = llvm::divideCeil(outW(), width);
    int64_t first = 0, last = 0;
    while (first < vectors && !isInteriorVector(first))
      ++first;
    last = first;
    while (last < vectors && isInteriorVector(last))
      ++last;
    auto emitStatic = [&](int64_t j) {
      ColumnVector col{indexConstant(b, loc, j * width), j * width};
      emitTile(b, loc, oh, col, checkRow);
    };
    for (int64_t j = 0; j < first; ++j)
      emitStatic(j);
    int64_t tiles = (last - first) / kTileVectors;
    if (tiles > 0) {
      scf::ForOp::create(
          b, loc, indexConstant(b, loc, first * width),
          indexConstant(b, loc, (first + tiles * kTileVectors) * width),
          indexConstant(b, loc, kTileVectors * width), ValueRange{},
          [&](OpBuilder &lb, Location l, Value start, ValueRange) {
            SmallVector<ColumnVector> cols;
            for (int64_t t = 0; t < kTileVectors; ++t)
              cols.push_back({affineIndex(lb, l, start, 1, t * width), {}});
            emitTile(lb, l, oh, cols, checkRow);
            scf::YieldOp::create(lb, l);
          });
    }
    // The remaining interior vectors share one tile, unmasked.
    SmallVector<ColumnVector> rest;
    for (int64_t j = first + tiles * kTileVectors; j < last; ++j)
      rest.push_back({indexConstant(b, loc, j * width), {}});
    if (!rest.empty())
      emitTile(b, loc, oh, rest, checkRow);
    for (int64_t j = last; j < vectors; ++j)
      emitStatic(j);
  }

  /// The plane: the interior rows (every kh inside) untested in one loop,
  /// the border rows, above and below them, tested in another (one copy of
  /// the row's code for both borders).
  void emitPlane(OpBuilder &b, Location loc) const {
    int64_t outH = d.yShape()[3];
    auto interior = [&](int64_t oh) {
      for (int64_t kh = 0, e = d.kernelH(); kh < e; ++kh)
        if (!d.rowInside(oh, kh))
          return false;
      return true;
    };
    int64_t lo = 0;
    while (lo < outH && !interior(lo))
      ++lo;
    int64_t hi = lo;
    while (hi < outH && interior(hi))
      ++hi;
    auto loop = [&](int64_t count, bool checkRow,
                    function_ref<Value(OpBuilder &, Location, Value)> row) {
      if (count == 0)
        return;
      scf::ForOp::create(b, loc, indexConstant(b, loc, 0),
                         indexConstant(b, loc, count), indexConstant(b, loc, 1),
                         ValueRange{},
                         [&](OpBuilder &lb, Location l, Value i, ValueRange) {
                           emitRow(lb, l, row(lb, l, i), checkRow);
                           scf::YieldOp::create(lb, l);
                         });
    };
    loop(hi - lo, /*checkRow=*/false, [&](OpBuilder &lb, Location l, Value i) {
      return affineIndex(lb, l, i, 1, lo);
    });
    // Border row i: oh = i below lo, i + (hi - lo) from there.
    loop(outH - (hi - lo), /*checkRow=*/true,
         [&](OpBuilder &lb, Location l, Value i) -> Value {
           if (lo == 0 || hi == outH || lo == hi)
             return affineIndex(lb, l, i, 1, lo == 0 ? hi - lo : 0);
           Value above = arith::CmpIOp::create(lb, l, arith::CmpIPredicate::ult,
                                               i, indexConstant(lb, l, lo));
           return arith::SelectOp::create(lb, l, above, i,
                                          affineIndex(lb, l, i, 1, hi - lo));
         });
  }
};
} // namespace

static void emitFloatDepthwise(OpBuilder &b, Location loc,
                               const FloatDepthwise &d, int64_t width) {
  ArrayRef<int64_t> ys = d.yShape();
  SmallVector<Value> lbs(3, indexConstant(b, loc, 0));
  SmallVector<Value> steps(3, indexConstant(b, loc, 1));
  SmallVector<Value> ubs = {indexConstant(b, loc, ys[0]),
                            indexConstant(b, loc, ys[1]),
                            indexConstant(b, loc, ys[2])};
  scf::ParallelOp::create(
      b, loc, lbs, ubs, steps, [&](OpBuilder &nb, Location l, ValueRange ivs) {
        FloatDepthwiseEmitter e{d, width, ivs[0], ivs[1], ivs[2], {}};
        // The plane's weights, loaded and broadcast once.
        Value zero = indexConstant(nb, l, 0);
        for (int64_t kh = 0; kh < d.kernelH(); ++kh) {
          for (int64_t kw = 0; kw < d.kernelW(); ++kw) {
            Value w = memref::LoadOp::create(
                nb, l, d.w,
                ValueRange{ivs[1], ivs[2], zero, indexConstant(nb, l, kh),
                           indexConstant(nb, l, kw)});
            e.weights.push_back(
                vector::BroadcastOp::create(nb, l, e.vectorType(nb), w));
          }
        }
        e.emitPlane(nb, l);
      });
}

LogicalResult mlir::qnn::rewriteFloatDepthwise(RewriterBase &rewriter,
                                               linalg::LinalgOp op,
                                               int64_t vectorWidth) {
  auto generic = dyn_cast<linalg::GenericOp>(op.getOperation());
  if (!generic)
    return failure();
  FailureOr<FloatDepthwise> d = matchFloatDepthwise(generic);
  if (failed(d))
    return failure();
  rewriter.setInsertionPoint(op);
  emitFloatDepthwise(rewriter, op.getLoc(), *d, vectorWidth);
  rewriter.eraseOp(op);
  return success();
}
