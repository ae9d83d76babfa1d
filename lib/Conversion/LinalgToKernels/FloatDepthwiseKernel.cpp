//===- FloatDepthwiseKernel.cpp - f32 depthwise convolutions --------------===//
//
// Convolutions with one input channel per group, f32, as vector kernels.
// NHWC with one output channel per group (buildFloatDepthwiseNhwc): the
// channels are vectorized (NhwcFloatDepthwiseEmitter, at the end). NCHW,
// any channel multiplier:
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
/// constants, addi, subi, muli, andi, maxsi, minsi and cmpi; nullopt for
/// anything else.
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
      .Case([&](arith::MaxSIOp) { return std::max(*lhs, *rhs); })
      .Case([&](arith::MinSIOp) { return std::min(*lhs, *rhs); })
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
/// The window of an f32 depthwise generic: positions inside the input are
/// [rowLo, rowHi) x [colLo, colHi) of the padded input.
struct DepthwiseWindow {
  int64_t strideH, dilationH, strideW, dilationW;
  int64_t rowLo, rowHi, colLo, colHi;
  /// The body multiplies w * x (else x * w).
  bool weightFirst;

  bool rowInside(int64_t oh, int64_t kh) const {
    int64_t p = oh * strideH + kh * dilationH;
    return rowLo <= p && p < rowHi;
  }
  bool columnInside(int64_t ow, int64_t kw) const {
    int64_t p = ow * strideW + kw * dilationW;
    return colLo <= p && p < colHi;
  }
};

/// An f32 depthwise generic: x [N, G, 1, Hp, Wp], w [G, FG, 1, KH, KW],
/// y [N, G, FG, OH, OW].
struct FloatDepthwise : DepthwiseWindow {
  Value x, w, y;

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
};
} // namespace

/// The body `[select(inside, ] acc + w * x [, acc)]` (x input 0, w input
/// 1) of an f32 depthwise generic whose loops ohDim, khDim walk the rows
/// and owDim, kwDim the columns of an output of outH x outW with a kernel
/// of kernelH x kernelW: sets `d.weightFirst` and the inside intervals
/// (`d`'s strides and dilations already set).
static LogicalResult matchDepthwiseBody(linalg::GenericOp op, unsigned ohDim,
                                        unsigned owDim, unsigned khDim,
                                        unsigned kwDim, int64_t outH,
                                        int64_t outW, int64_t kernelH,
                                        int64_t kernelW, DepthwiseWindow &d) {
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
    if (llvm::all_of(dims,
                     [&](unsigned d) { return d == ohDim || d == khDim; }))
      rowTerms.push_back(term);
    else if (llvm::all_of(dims,
                          [&](unsigned d) { return d == owDim || d == kwDim; }))
      columnTerms.push_back(term);
    else
      return failure();
  }
  auto rows = getInsideInterval(rowTerms, ohDim, khDim, outH, kernelH,
                                d.strideH, d.dilationH);
  auto columns = getInsideInterval(columnTerms, owDim, kwDim, outW, kernelW,
                                   d.strideW, d.dilationW);
  if (!rows || !columns)
    return failure();
  std::tie(d.rowLo, d.rowHi) = *rows;
  std::tie(d.colLo, d.colHi) = *columns;
  return success();
}

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

  if (failed(matchDepthwiseBody(op, 3, 4, 6, 7, ys[3], ys[4], ws[3], ws[4], d)))
    return failure();
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

//===----------------------------------------------------------------------===//
// f32, NHWC: matching
//===----------------------------------------------------------------------===//

namespace {
/// The NHWC f32 depthwise generic of buildFloatDepthwiseNhwc: x [N, Hp, Wp,
/// G], w [KH, KW, G], y [N, OH, OW, G], loops (n, oh, ow, g, kh, kw).
struct NhwcFloatDepthwise : DepthwiseWindow {
  Value x, w, y;
  /// When the padding is absorbed: the unpadded input [N, H, W, G] that
  /// the kernel reads instead of x, at (ih - rowLo, iw - colLo), and the
  /// generic that padded it.
  Value source;
  linalg::GenericOp pad;
};
} // namespace

/// The generic writing `d.x` as buildPad's copy of an unpadded source
/// with d's padding: no inputs, its body one memref.load of a [N, H, W,
/// G] buffer at (n, ih - rowLo, iw - colLo, g) wherever (ih, iw) is inside
/// (checked at the inside corners) and the depthwise conv its only other
/// user. Sets `d.source` and `d.pad`.
static void findAbsorbablePad(linalg::LinalgOp op, NhwcFloatDepthwise &d) {
  auto x = d.x.getDefiningOp<memref::AllocOp>();
  if (!x)
    return;
  linalg::GenericOp pad;
  for (Operation *user : d.x.getUsers()) {
    if (user == op.getOperation())
      continue;
    auto generic = dyn_cast<linalg::GenericOp>(user);
    if (pad || !generic || generic.getNumDpsInputs() != 0 ||
        generic.getNumDpsInits() != 1 || generic.getDpsInits()[0] != d.x ||
        !generic.hasPureBufferSemantics() ||
        generic->getBlock() != op->getBlock() ||
        !generic->isBeforeInBlock(op) ||
        !generic.getIndexingMapsArray()[0].isIdentity())
      return;
    pad = generic;
  }
  if (!pad)
    return;
  memref::LoadOp load;
  for (Operation &inner : pad.getBlock()->without_terminator()) {
    if (auto l = dyn_cast<memref::LoadOp>(inner)) {
      if (load)
        return;
      load = l;
    } else if (!isPure(&inner)) {
      return;
    }
  }
  ArrayRef<int64_t> xs = cast<MemRefType>(d.x.getType()).getShape();
  auto sourceType =
      dyn_cast<MemRefType>(load ? load.getMemRef().getType() : Type());
  if (!load || !sourceType || !sourceType.getLayout().isIdentity() ||
      sourceType.getShape() != ArrayRef<int64_t>{xs[0], d.rowHi - d.rowLo,
                                                 d.colHi - d.colLo, xs[3]} ||
      load.getMemRef().getParentBlock() == pad.getBlock())
    return;
  // The yielded value is the load where inside (a select of it, or it),
  // at the source position of each inside position (checked at the
  // corners of the inside region).
  Value yielded = pad.getBlock()->getTerminator()->getOperand(0);
  if (auto select = yielded.getDefiningOp<arith::SelectOp>())
    yielded = select.getTrueValue();
  if (yielded != load.getResult())
    return;
  for (auto [ih, iw] : {std::make_pair(d.rowLo, d.colLo),
                        std::make_pair(d.rowHi - 1, d.colHi - 1)}) {
    SmallVector<int64_t> at = {xs[0] - 1, ih, iw, xs[3] - 1};
    SmallVector<int64_t> expected = {xs[0] - 1, ih - d.rowLo, iw - d.colLo,
                                     xs[3] - 1};
    for (auto [index, value] : llvm::zip(load.getIndices(), expected)) {
      std::optional<int64_t> got = evaluate(index, at);
      if (!got || *got != value)
        return;
    }
  }
  d.source = load.getMemRef();
  d.pad = pad;
}

static FailureOr<NhwcFloatDepthwise>
matchNhwcFloatDepthwise(linalg::GenericOp op) {
  auto par = utils::IteratorType::parallel;
  auto red = utils::IteratorType::reduction;
  if (!op.hasPureBufferSemantics() || op.getNumDpsInputs() != 2 ||
      op.getNumDpsInits() != 1 || op.getNumLoops() != 6 ||
      op.getIteratorTypesArray() !=
          SmallVector<utils::IteratorType>{par, par, par, par, red, red})
    return failure();
  NhwcFloatDepthwise d;
  d.x = op.getDpsInputs()[0];
  d.w = op.getDpsInputs()[1];
  d.y = op.getDpsInits()[0];
  Type f32 = Float32Type::get(op.getContext());
  if (!isUnitStrideBuffer(d.x, f32) || !isUnitStrideBuffer(d.w, f32) ||
      !isUnitStrideBuffer(d.y, f32))
    return failure();
  auto type = [](Value v) { return cast<MemRefType>(v.getType()); };
  if (type(d.x).getRank() != 4 || type(d.w).getRank() != 3 ||
      type(d.y).getRank() != 4 || !type(d.x).getLayout().isIdentity() ||
      !type(d.w).getLayout().isIdentity() ||
      !type(d.y).getLayout().isIdentity())
    return failure();

  // (n, oh, ow, g, kh, kw) = d0 ... d5.
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  auto [sh, dh, sw, dw] = getWindow(maps[0], 1, 2, 1, 2, 4, 5);
  if (sh < 1 || dh < 1 || sw < 1 || dw < 1)
    return failure();
  MLIRContext *ctx = op.getContext();
  AffineExpr n, oh, ow, g, kh, kw;
  bindDims(ctx, n, oh, ow, g, kh, kw);
  auto map = [&](ArrayRef<AffineExpr> exprs) {
    return AffineMap::get(6, 0, exprs, ctx);
  };
  if (maps[0] != map({n, oh * sh + kh * dh, ow * sw + kw * dw, g}) ||
      maps[1] != map({kh, kw, g}) || maps[2] != map({n, oh, ow, g}))
    return failure();
  d.strideH = sh, d.dilationH = dh, d.strideW = sw, d.dilationW = dw;
  ArrayRef<int64_t> xs = type(d.x).getShape(), ws = type(d.w).getShape(),
                    ys = type(d.y).getShape();
  if (xs[0] != ys[0] || xs[3] != ys[3] || ws[2] != ys[3] ||
      (ys[1] - 1) * sh + (ws[0] - 1) * dh >= xs[1] ||
      (ys[2] - 1) * sw + (ws[1] - 1) * dw >= xs[2])
    return failure();
  if (failed(matchDepthwiseBody(op, 1, 2, 4, 5, ys[1], ys[2], ws[0], ws[1], d)))
    return failure();
  return d;
}

//===----------------------------------------------------------------------===//
// f32, NHWC: the kernel
//===----------------------------------------------------------------------===//

namespace {
/// Emits one output row (n, oh) of an NHWC f32 depthwise conv: the
/// channels vectorized, `width` per vector, each lane adding w * x over
/// (kh, kw) in order. The padding is skipped as the generic skips it:
/// border rows select on a run-time row test, border columns (emitted one
/// pixel at a time at constant positions) leave their outside taps out.
struct NhwcFloatDepthwiseEmitter {
  const NhwcFloatDepthwise &d;
  int64_t width;
  Value n, oh;
  /// The bias and activation the kernel absorbs, or null.
  const ContractionProblem *fused;

  ArrayRef<int64_t> yShape() const {
    return cast<MemRefType>(d.y.getType()).getShape();
  }
  int64_t groups() const { return yShape()[3]; }
  int64_t kernelH() const {
    return cast<MemRefType>(d.w.getType()).getShape()[0];
  }
  int64_t kernelW() const {
    return cast<MemRefType>(d.w.getType()).getShape()[1];
  }
  VectorType vectorType(OpBuilder &b) const {
    return VectorType::get({width}, b.getF32Type());
  }

  /// `lanes` elements of `buffer` at `index` (zero-filled past them).
  Value load(OpBuilder &b, Location loc, Value buffer, ValueRange index,
             int64_t lanes) const {
    if (lanes == width)
      return vector::LoadOp::create(b, loc, vectorType(b), buffer, index);
    Value mask = vector::ConstantMaskOp::create(
        b, loc, VectorType::get({width}, b.getI1Type()),
        b.getDenseI64ArrayAttr({lanes}));
    Value zero = arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(vectorType(b), b.getF32FloatAttr(0)));
    return vector::MaskedLoadOp::create(b, loc, vectorType(b), buffer, index,
                                        mask, zero);
  }

  /// x at (ih, ow * sw + kw * dw) of the padded input; from the unpadded
  /// source when the padding is absorbed, a border row (`rowIn` set)
  /// clamped into it (the value read is then dropped where outside).
  Value loadInput(OpBuilder &b, Location loc, Value ih, Value rowIn, Value ow,
                  int64_t kw, Value g, int64_t lanes) const {
    Value iw = affineIndex(b, loc, ow, d.strideW, kw * d.dilationW);
    if (!d.source)
      return load(b, loc, d.x, ValueRange{n, ih, iw, g}, lanes);
    Value row = affineIndex(b, loc, ih, 1, -d.rowLo);
    if (rowIn) {
      row = arith::MaxSIOp::create(b, loc, row, indexConstant(b, loc, 0));
      row = arith::MinSIOp::create(
          b, loc, row, indexConstant(b, loc, d.rowHi - d.rowLo - 1));
    }
    Value column = affineIndex(b, loc, iw, 1, -d.colLo);
    return load(b, loc, d.source, ValueRange{n, row, column, g}, lanes);
  }

  /// Output pixels `ow` (their constant positions in `staticOw`, when
  /// known) of the channel vector at `g`, `lanes` of it valid.
  void emitPixels(OpBuilder &b, Location loc, ArrayRef<Value> ow,
                  ArrayRef<std::optional<int64_t>> staticOw, Value g,
                  int64_t lanes, ArrayRef<Value> weights, bool checkRow) const {
    SmallVector<Value> acc;
    for (Value o : ow) {
      if (fused && fused->initVector)
        acc.push_back(fused->initVector(b, loc, vectorType(b), n,
                                        RowOrigin{oh, o}, g, lanes));
      else
        acc.push_back(load(b, loc, d.y, ValueRange{n, oh, o, g}, lanes));
    }
    for (int64_t kh = 0, eh = kernelH(); kh < eh; ++kh) {
      Value ih = affineIndex(b, loc, oh, d.strideH, kh * d.dilationH);
      Value rowIn;
      if (checkRow) {
        Value ge = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, ih,
                                         indexConstant(b, loc, d.rowLo));
        Value lt = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, ih,
                                         indexConstant(b, loc, d.rowHi));
        rowIn = arith::AndIOp::create(b, loc, ge, lt);
      }
      for (int64_t kw = 0, ew = kernelW(); kw < ew; ++kw) {
        Value weight = weights[kh * ew + kw];
        for (auto [p, o] : llvm::enumerate(ow)) {
          if (staticOw[p] && !d.columnInside(*staticOw[p], kw))
            continue;
          Value x = loadInput(b, loc, ih, rowIn, o, kw, g, lanes);
          Value product = d.weightFirst
                              ? arith::MulFOp::create(b, loc, weight, x)
                              : arith::MulFOp::create(b, loc, x, weight);
          Value sum = arith::AddFOp::create(b, loc, acc[p], product);
          acc[p] = rowIn ? arith::SelectOp::create(b, loc, rowIn, sum, acc[p])
                               .getResult()
                         : sum;
        }
      }
    }
    for (auto [p, o] : llvm::enumerate(ow)) {
      if (fused && fused->epilogue) {
        fused->epilogue(b, loc, acc[p], n, RowOrigin{oh, o}, g, lanes);
        continue;
      }
      if (lanes == width) {
        vector::StoreOp::create(b, loc, acc[p], d.y, ValueRange{n, oh, o, g});
        continue;
      }
      Value mask = vector::ConstantMaskOp::create(
          b, loc, VectorType::get({width}, b.getI1Type()),
          b.getDenseI64ArrayAttr({lanes}));
      vector::MaskedStoreOp::create(b, loc, d.y, ValueRange{n, oh, o, g}, mask,
                                    acc[p]);
    }
  }

  /// Whether every tap of output column ow is inside the input.
  bool isInteriorColumn(int64_t ow) const {
    for (int64_t kw = 0, e = kernelW(); kw < e; ++kw)
      if (!d.columnInside(ow, kw))
        return false;
    return true;
  }

  /// The row for the channel vector at `g`: its weights loaded once; the
  /// border pixels one by one at constant positions, the interior ones in
  /// tiles of kTilePixels in a loop, then the rest.
  void emitChannels(OpBuilder &b, Location loc, Value g, int64_t lanes,
                    bool checkRow) const {
    SmallVector<Value> weights;
    for (int64_t kh = 0; kh < kernelH(); ++kh)
      for (int64_t kw = 0; kw < kernelW(); ++kw)
        weights.push_back(load(
            b, loc, d.w,
            ValueRange{indexConstant(b, loc, kh), indexConstant(b, loc, kw), g},
            lanes));
    int64_t outW = yShape()[2];
    int64_t lo = 0;
    while (lo < outW && !isInteriorColumn(lo))
      ++lo;
    int64_t hi = lo;
    while (hi < outW && isInteriorColumn(hi))
      ++hi;
    auto emitStatic = [&](int64_t first, int64_t last, bool border) {
      SmallVector<Value> ow;
      SmallVector<std::optional<int64_t>> staticOw;
      for (int64_t o = first; o < last; ++o) {
        ow.push_back(indexConstant(b, loc, o));
        staticOw.push_back(border ? std::optional<int64_t>(o) : std::nullopt);
      }
      if (!ow.empty())
        emitPixels(b, loc, ow, staticOw, g, lanes, weights, checkRow);
    };
    for (int64_t o = 0; o < lo; ++o)
      emitStatic(o, o + 1, /*border=*/true);
    int64_t tiles = (hi - lo) / kTilePixels;
    if (tiles > 0) {
      scf::ForOp::create(
          b, loc, indexConstant(b, loc, lo),
          indexConstant(b, loc, lo + tiles * kTilePixels),
          indexConstant(b, loc, kTilePixels), ValueRange{},
          [&](OpBuilder &lb, Location l, Value start, ValueRange) {
            SmallVector<Value> ow;
            for (int64_t p = 0; p < kTilePixels; ++p)
              ow.push_back(affineIndex(lb, l, start, 1, p));
            SmallVector<std::optional<int64_t>> staticOw(kTilePixels);
            emitPixels(lb, l, ow, staticOw, g, lanes, weights, checkRow);
            scf::YieldOp::create(lb, l);
          });
    }
    emitStatic(lo + tiles * kTilePixels, hi, /*border=*/false);
    for (int64_t o = hi; o < outW; ++o)
      emitStatic(o, o + 1, /*border=*/true);
  }

  /// Whole channel vectors in a loop, then the last partial one masked.
  void emitRow(OpBuilder &b, Location loc, bool checkRow) const {
    int64_t full = groups() / width;
    if (full > 0) {
      scf::ForOp::create(b, loc, indexConstant(b, loc, 0),
                         indexConstant(b, loc, full * width),
                         indexConstant(b, loc, width), ValueRange{},
                         [&](OpBuilder &lb, Location l, Value g, ValueRange) {
                           emitChannels(lb, l, g, width, checkRow);
                           scf::YieldOp::create(lb, l);
                         });
    }
    if (groups() % width)
      emitChannels(b, loc, indexConstant(b, loc, full * width),
                   groups() % width, checkRow);
  }
};
} // namespace

/// An scf.parallel over the rows (n, oh): the interior rows (every kh
/// inside) without row tests, the border rows with them.
static void emitNhwcFloatDepthwise(OpBuilder &b, Location loc,
                                   const NhwcFloatDepthwise &d, int64_t width,
                                   const ContractionProblem *fused) {
  ArrayRef<int64_t> ys = cast<MemRefType>(d.y.getType()).getShape();
  int64_t kernelH = cast<MemRefType>(d.w.getType()).getShape()[0];
  auto interior = [&](int64_t oh) {
    for (int64_t kh = 0; kh < kernelH; ++kh)
      if (!d.rowInside(oh, kh))
        return false;
    return true;
  };
  int64_t lo = 0;
  while (lo < ys[1] && !interior(lo))
    ++lo;
  int64_t hi = lo;
  while (hi < ys[1] && interior(hi))
    ++hi;
  Value zero = indexConstant(b, loc, 0);
  Value one = indexConstant(b, loc, 1);
  scf::ParallelOp::create(
      b, loc, ValueRange{zero, zero},
      ValueRange{indexConstant(b, loc, ys[0]), indexConstant(b, loc, ys[1])},
      ValueRange{one, one}, [&](OpBuilder &nb, Location l, ValueRange ivs) {
        NhwcFloatDepthwiseEmitter e{d, width, ivs[0], ivs[1], fused};
        if (lo == hi) {
          e.emitRow(nb, l, /*checkRow=*/true);
          return;
        }
        Value ge = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::sge,
                                         ivs[1], indexConstant(nb, l, lo));
        Value lt = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::slt,
                                         ivs[1], indexConstant(nb, l, hi));
        Value isInterior = arith::AndIOp::create(nb, l, ge, lt);
        scf::IfOp::create(
            nb, l, isInterior,
            [&](OpBuilder &tb, Location tl) {
              e.emitRow(tb, tl, /*checkRow=*/false);
              scf::YieldOp::create(tb, tl);
            },
            [&](OpBuilder &eb, Location el) {
              e.emitRow(eb, el, /*checkRow=*/true);
              scf::YieldOp::create(eb, el);
            });
      });
}

LogicalResult mlir::qnn::rewriteFloatDepthwise(RewriterBase &rewriter,
                                               linalg::LinalgOp op,
                                               int64_t vectorWidth) {
  auto generic = dyn_cast<linalg::GenericOp>(op.getOperation());
  if (!generic)
    return failure();
  if (FailureOr<FloatDepthwise> d = matchFloatDepthwise(generic);
      succeeded(d)) {
    rewriter.setInsertionPoint(op);
    emitFloatDepthwise(rewriter, op.getLoc(), *d, vectorWidth);
    rewriter.eraseOp(op);
    return success();
  }
  FailureOr<NhwcFloatDepthwise> d = matchNhwcFloatDepthwise(generic);
  if (failed(d))
    return failure();
  findAbsorbablePad(op, *d);
  // The bias broadcast and a fused activation, lanes along the channels.
  ContractionFusion fusion =
      findContractionFusion(op, d->y, /*rowDims=*/{1, 2}, /*laneDim=*/3);
  ContractionProblem fused;
  fused.out = d->y;
  fused.outIndex = [](OpBuilder &, Location, ValueRange outer,
                      const RowOrigin &o, Value g) {
    return SmallVector<Value>{outer[0], o[0], o[1], g};
  };
  applyContractionFusion(fusion, fused);
  rewriter.setInsertionPoint(op);
  emitNhwcFloatDepthwise(rewriter, op.getLoc(), *d, vectorWidth, &fused);
  rewriter.eraseOp(op);
  eraseFusedOps(rewriter, fusion);
  if (d->pad)
    rewriter.eraseOp(d->pad);
  return success();
}
