//===- ContractionKernel.cpp - register-tiled contractions ----------------===//
//
// The loops of one contraction:
//
//   scf.parallel (outer..., block, rowTile)     column blocks of T columns,
//                                               tiles of R rows (the last
//                                               one maybe fewer)
//       acc[R][V] = out[row][block * T + ...]   V vectors of W lanes
//       scf.for r0 iter_args(acc)               reduction, r0 outermost
//         (r1, ... unrolled)
//           w[v] = packed[block][r][v * W]      one vector load each
//           x    = broadcast lhs(row, r)        one scalar per row
//           acc[row][v] = acc[row][v] + w[v] * x
//       out[row][block * T + ...] = acc
//
// Every output element is one lane of one accumulator: it starts from out,
// adds its products in the order of r, and meets no other element, so the
// values are those of the scalar loops. The arithmetic is that of the
// packed element type: arith.mulf / addf on f32, arith.muli / addi on i32
// (wrapping, as the scalar loops do), an i16 rhs sign-extended to i32 as
// it is loaded.
//
//===----------------------------------------------------------------------===//

#include "ContractionKernel.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <cstring>
#include <limits>

using namespace mlir;
using namespace mlir::qnn;

ContractionTile ContractionTile::forVectorWidth(int64_t vectorWidth,
                                                bool isFloat) {
  // 32 registers, f32: 6 x 4 accumulators, 4 weight vectors, a broadcast
  // and room for the products (a multiply then an add). 6 x 2 ran the f32
  // convs of benchmarks/kernels at 0.73-0.85x oneDNN, 6 x 4 at 0.85-1.0x:
  // each broadcast feeds twice the columns.
  if (vectorWidth >= 16 && isFloat)
    return {vectorWidth, 4, 6};
  // Integers: 6 x 2 accumulators, 2 weight vectors (widened), a broadcast.
  if (vectorWidth >= 16)
    return {vectorWidth, 2, 6};
  // 16 registers: 4 x 2 accumulators, 2 weight vectors, a broadcast.
  return {vectorWidth, 2, 4};
}

/// Reduction steps unrolled at most: the innermost dimensions whose steps
/// fit (a 3x3 or 7x7 kernel row), the others loops. More unrolling made
/// LLVM take much longer for no measurable speed.
static constexpr int64_t kMaxUnrolledSteps = 8;

static Value indexConstant(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
}

static Value addIndex(OpBuilder &b, Location loc, Value base, int64_t offset) {
  if (offset == 0)
    return base;
  return arith::AddIOp::create(b, loc, base, indexConstant(b, loc, offset));
}

ContractionTile ContractionTile::forDotWidth(int64_t width, int64_t columns) {
  // As many accumulators as the register file holds beside one weight
  // vector per column vector and a broadcast (32 zmm, 16 ymm): 6 rows x 4
  // zmm (64 columns); fewer columns take more rows (up to 12), which
  // reuse each weight vector more and amortize the epilogue.
  int64_t registers = width >= 16 ? 32 : 16;
  int64_t maxVectors = width >= 16 ? 4 : 2;
  int64_t vectors =
      std::clamp<int64_t>(llvm::divideCeil(columns, width), 1, maxVectors);
  int64_t rows = std::min<int64_t>(12, (registers - 1 - vectors) / vectors);
  return {width, vectors, rows};
}

Value mlir::qnn::loadDotGroup(OpBuilder &b, Location loc, Value buffer,
                              ValueRange index, Value group, int64_t length,
                              bool flipSign) {
  auto bytesType = VectorType::get({4}, b.getI8Type());
  Value bytes;
  if (length % 4 == 0) {
    bytes = vector::LoadOp::create(b, loc, bytesType, buffer, index);
  } else {
    // min(length - 4 * group, 4) elements; constant unless group is a loop's.
    Value remaining = arith::SubIOp::create(
        b, loc, indexConstant(b, loc, length),
        arith::MulIOp::create(b, loc, group, indexConstant(b, loc, 4)));
    remaining =
        arith::MinSIOp::create(b, loc, remaining, indexConstant(b, loc, 4));
    Value mask = vector::CreateMaskOp::create(
        b, loc, VectorType::get({4}, b.getI1Type()), ValueRange{remaining});
    Value zero = arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(bytesType, b.getI8IntegerAttr(0)));
    bytes = vector::MaskedLoadOp::create(b, loc, bytesType, buffer, index,
                                         mask, zero);
  }
  Value word = vector::BitCastOp::create(
      b, loc, VectorType::get({1}, b.getI32Type()), bytes);
  word = vector::ExtractOp::create(b, loc, word, ArrayRef<int64_t>{0});
  if (flipSign)
    word = arith::XOrIOp::create(
        b, loc, word,
        arith::ConstantOp::create(
            b, loc, b.getI32IntegerAttr(static_cast<int32_t>(0x80808080u))));
  return word;
}

namespace {
/// Emits the tiles of one column block.
struct TileEmitter {
  const ContractionProblem &p;
  const ContractionTile &tile;
  ValueRange outer;
  Value block;
  /// Valid columns in this block and the vectors that hold them.
  int64_t columns;
  int64_t vectors;

  VectorType vectorType(OpBuilder &) const {
    return VectorType::get({tile.vectorWidth}, elementType());
  }
  /// The accumulators' element type: f32, or i32 for integers.
  Type elementType() const {
    Type packed = packedType();
    if (isa<FloatType>(packed))
      return packed;
    return IntegerType::get(packed.getContext(), 32);
  }
  Type packedType() const {
    return cast<MemRefType>(p.packedRhs.getType()).getElementType();
  }

  /// The first column of vector v.
  Value column(OpBuilder &b, Location loc, int64_t v) const {
    Value first = arith::MulIOp::create(b, loc, block,
                                        indexConstant(b, loc, tile.columns()));
    return addIndex(b, loc, first, v * tile.vectorWidth);
  }
  /// Valid lanes of vector v.
  int64_t lanes(int64_t v) const {
    return std::min(tile.vectorWidth, columns - v * tile.vectorWidth);
  }

  /// The accumulators of vector v of every row, read from the output one
  /// lane at a time (the output's columns are not contiguous): one short
  /// loop inserting `rows` elements per lane, rather than a scalar access
  /// per lane unrolled.
  SmallVector<Value> loadLanes(OpBuilder &b, Location loc,
                               ArrayRef<RowOrigin> origins, int64_t v) const {
    Value col = column(b, loc, v);
    Value zero = arith::ConstantOp::create(
        b, loc,
        DenseElementsAttr::get(vectorType(b), b.getZeroAttr(elementType())));
    SmallVector<Value> init(origins.size(), zero);
    auto loop = scf::ForOp::create(
        b, loc, indexConstant(b, loc, 0), indexConstant(b, loc, lanes(v)),
        indexConstant(b, loc, 1), init,
        [&](OpBuilder &lb, Location l, Value lane, ValueRange vectors) {
          Value c = arith::AddIOp::create(lb, l, col, lane);
          SmallVector<Value> next;
          for (auto [origin, vec] : llvm::zip(origins, vectors)) {
            Value x = memref::LoadOp::create(
                lb, l, p.out, p.outIndex(lb, l, outer, origin, c));
            next.push_back(
                vector::InsertOp::create(lb, l, x, vec, OpFoldResult(lane)));
          }
          scf::YieldOp::create(lb, l, next);
        });
    return SmallVector<Value>(loop.getResults());
  }

  /// Writes back vector v of every row, one lane at a time.
  void storeLanes(OpBuilder &b, Location loc, ArrayRef<RowOrigin> origins,
                  ArrayRef<Value> accumulators, int64_t v) const {
    Value col = column(b, loc, v);
    scf::ForOp::create(
        b, loc, indexConstant(b, loc, 0), indexConstant(b, loc, lanes(v)),
        indexConstant(b, loc, 1), ValueRange{},
        [&](OpBuilder &lb, Location l, Value lane, ValueRange) {
          Value c = arith::AddIOp::create(lb, l, col, lane);
          for (auto [origin, acc] : llvm::zip(origins, accumulators)) {
            Value x = vector::ExtractOp::create(lb, l, acc, OpFoldResult(lane));
            memref::StoreOp::create(lb, l, x, p.out,
                                    p.outIndex(lb, l, outer, origin, c));
          }
          scf::YieldOp::create(lb, l);
        });
  }

  /// The packed rhs's (or the column offsets') leading indices.
  SmallVector<Value> packedIndex() const {
    SmallVector<Value> index;
    for (unsigned d : p.packedOuter)
      index.push_back(outer[d]);
    index.push_back(block);
    return index;
  }

  /// One step of a dot-product kernel at indices r (the last a group of
  /// four): every accumulator lane adds its column's four u8 x s8
  /// products, as a vector.contract over vector<W x 4 x i8> operands
  /// extended to i32 (extui the lhs, extsi the rhs).
  void dotStep(OpBuilder &b, Location loc, ArrayRef<RowOrigin> origins,
               ValueRange r, SmallVectorImpl<Value> &acc) const {
    int64_t width = tile.vectorWidth;
    auto bytesType = VectorType::get({width, 4}, b.getI8Type());
    auto flatType = VectorType::get({width * 4}, b.getI8Type());
    auto wideType = VectorType::get({width, 4}, b.getI32Type());
    SmallVector<Value> index = packedIndex();
    llvm::append_range(index, r);
    index.push_back(Value());
    SmallVector<Value> weights;
    for (int64_t v = 0; v < vectors; ++v) {
      index.back() = indexConstant(b, loc, v * width * 4);
      Value w = vector::LoadOp::create(b, loc, flatType, p.packedRhs, index);
      w = vector::ShapeCastOp::create(b, loc, bytesType, w);
      weights.push_back(arith::ExtSIOp::create(b, loc, wideType, w));
    }
    MLIRContext *ctx = b.getContext();
    AffineExpr n, k;
    bindDims(ctx, n, k);
    AffineMap operandMap = AffineMap::get(2, 0, {n, k}, ctx);
    ArrayAttr maps = b.getAffineMapArrayAttr(
        {operandMap, operandMap, AffineMap::get(2, 0, {n}, ctx)});
    ArrayAttr iterators = b.getArrayAttr(
        {vector::IteratorTypeAttr::get(ctx, vector::IteratorType::parallel),
         vector::IteratorTypeAttr::get(ctx, vector::IteratorType::reduction)});
    for (auto [row, origin] : llvm::enumerate(origins)) {
      Value quad = p.loadLhs(b, loc, outer, origin, r);
      Value xs = vector::BroadcastOp::create(
          b, loc, VectorType::get({width}, b.getI32Type()), quad);
      xs = vector::BitCastOp::create(b, loc, flatType, xs);
      xs = vector::ShapeCastOp::create(b, loc, bytesType, xs);
      xs = arith::ExtUIOp::create(b, loc, wideType, xs);
      for (int64_t v = 0; v < vectors; ++v) {
        Value &a = acc[row * vectors + v];
        a = vector::ContractionOp::create(b, loc, xs, weights[v], a, maps,
                                          iterators);
      }
    }
  }

  /// One reduction step at indices r: every accumulator adds w * x.
  void step(OpBuilder &b, Location loc, ArrayRef<RowOrigin> origins,
            ValueRange r, SmallVectorImpl<Value> &acc) const {
    if (p.dotGroup == 4)
      return dotStep(b, loc, origins, r, acc);
    SmallVector<Value> index = packedIndex();
    llvm::append_range(index, r);
    index.push_back(Value());
    SmallVector<Value> weights;
    for (int64_t v = 0; v < vectors; ++v) {
      index.back() = indexConstant(b, loc, v * tile.vectorWidth);
      if (packedType() == elementType()) {
        weights.push_back(
            vector::LoadOp::create(b, loc, vectorType(b), p.packedRhs, index));
        continue;
      }
      Value narrow = vector::LoadOp::create(
          b, loc, VectorType::get({tile.vectorWidth}, packedType()),
          p.packedRhs, index);
      weights.push_back(arith::ExtSIOp::create(b, loc, vectorType(b), narrow));
    }
    bool isFloat = isa<FloatType>(elementType());
    for (auto [row, origin] : llvm::enumerate(origins)) {
      Value x = p.loadLhs(b, loc, outer, origin, r);
      Value xs = vector::BroadcastOp::create(b, loc, vectorType(b), x);
      for (int64_t v = 0; v < vectors; ++v) {
        Value &a = acc[row * vectors + v];
        if (isFloat) {
          Value product = arith::MulFOp::create(b, loc, weights[v], xs);
          a = arith::AddFOp::create(b, loc, a, product);
          continue;
        }
        Value product = arith::MulIOp::create(b, loc, weights[v], xs);
        a = arith::AddIOp::create(b, loc, a, product);
      }
    }
  }

  /// The reduction dimensions from `dim` on, loops for the outer ones and
  /// the innermost ones (up to kMaxUnrolledSteps steps) unrolled, in
  /// lexicographic order.
  void reduce(OpBuilder &b, Location loc, ArrayRef<RowOrigin> origins,
              SmallVectorImpl<Value> &r, unsigned dim,
              SmallVectorImpl<Value> &acc) const {
    if (dim == p.reduction.size())
      return step(b, loc, origins, r, acc);
    int64_t inner = 1;
    for (int64_t size : ArrayRef<int64_t>(p.reduction).drop_front(dim + 1))
      inner *= size;
    int64_t size = p.reduction[dim];
    if (size * inner <= kMaxUnrolledSteps) {
      for (int64_t i = 0; i < size; ++i) {
        r.push_back(indexConstant(b, loc, i));
        reduce(b, loc, origins, r, dim + 1, acc);
        r.pop_back();
      }
      return;
    }
    auto loop = scf::ForOp::create(
        b, loc, indexConstant(b, loc, 0), indexConstant(b, loc, size),
        indexConstant(b, loc, 1), acc,
        [&](OpBuilder &lb, Location l, Value iv, ValueRange iterArgs) {
          SmallVector<Value> carried(iterArgs);
          r.push_back(iv);
          reduce(lb, l, origins, r, dim + 1, carried);
          r.pop_back();
          scf::YieldOp::create(lb, l, carried);
        });
    acc.assign(loop.getResults().begin(), loop.getResults().end());
  }

  /// The tile of `rows` rows starting at `firstRow`: accumulator
  /// acc[row * vectors + v] holds columns [v * W, (v + 1) * W) of its row.
  void emitTile(OpBuilder &b, Location loc, Value firstRow,
                int64_t rows) const {
    SmallVector<RowOrigin> origins = getOrigins(b, loc, firstRow, rows);
    // Whole vectors of contiguous columns are read and written as vectors.
    bool vectorAccess =
        p.contiguousColumns && columns % tile.vectorWidth == 0;
    SmallVector<Value> acc(rows * vectors);
    for (int64_t v = 0; v < vectors; ++v) {
      if (p.initVector) {
        // The same initial values (a bias) for every row.
        Value init = p.initVector(b, loc, vectorType(b), outer, origins.front(),
                                  column(b, loc, v), lanes(v));
        for (int64_t row = 0; row < rows; ++row)
          acc[row * vectors + v] = init;
        continue;
      }
      if (vectorAccess) {
        for (auto [row, origin] : llvm::enumerate(origins))
          acc[row * vectors + v] = vector::LoadOp::create(
              b, loc, vectorType(b), p.out,
              p.outIndex(b, loc, outer, origin, column(b, loc, v)));
        continue;
      }
      for (auto [row, vec] : llvm::enumerate(loadLanes(b, loc, origins, v)))
        acc[row * vectors + v] = vec;
    }
    if (p.columnOffsets) {
      SmallVector<Value> index = packedIndex();
      index.push_back(Value());
      for (int64_t v = 0; v < vectors; ++v) {
        index.back() = indexConstant(b, loc, v * tile.vectorWidth);
        Value offsets = vector::LoadOp::create(b, loc, vectorType(b),
                                               p.columnOffsets, index);
        for (int64_t row = 0, e = origins.size(); row < e; ++row) {
          Value &a = acc[row * vectors + v];
          a = arith::AddIOp::create(b, loc, a, offsets);
        }
      }
    }
    SmallVector<Value> r;
    reduce(b, loc, origins, r, 0, acc);
    for (int64_t v = 0; v < vectors; ++v) {
      if (p.epilogue) {
        for (auto [row, origin] : llvm::enumerate(origins))
          p.epilogue(b, loc, acc[row * vectors + v], outer, origin,
                     column(b, loc, v), lanes(v));
        continue;
      }
      if (vectorAccess) {
        for (auto [row, origin] : llvm::enumerate(origins))
          vector::StoreOp::create(
              b, loc, acc[row * vectors + v], p.out,
              p.outIndex(b, loc, outer, origin, column(b, loc, v)));
        continue;
      }
      SmallVector<Value> column;
      for (int64_t row = 0; row < rows; ++row)
        column.push_back(acc[row * vectors + v]);
      storeLanes(b, loc, origins, column, v);
    }
  }

  SmallVector<RowOrigin> getOrigins(OpBuilder &b, Location loc, Value firstRow,
                                    int64_t rows) const {
    SmallVector<RowOrigin> origins;
    for (int64_t row = 0; row < rows; ++row)
      origins.push_back(
          p.rowOrigin(b, loc, outer, addIndex(b, loc, firstRow, row)));
    return origins;
  }

  /// Row tile `rowTile`: `tile.rows` rows, or the remaining rows for the
  /// last one when they are fewer (under an scf.if).
  void emitRowTile(OpBuilder &b, Location loc, Value rowTile) const {
    int64_t tiles = llvm::divideCeil(p.rows, tile.rows);
    int64_t tail = p.rows - (tiles - 1) * tile.rows;
    Value firstRow = arith::MulIOp::create(
        b, loc, rowTile, indexConstant(b, loc, tile.rows));
    if (tail == tile.rows)
      return emitTile(b, loc, firstRow, tile.rows);
    if (tiles == 1)
      return emitTile(b, loc, firstRow, tail);
    Value isFull = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult,
                                         rowTile,
                                         indexConstant(b, loc, tiles - 1));
    auto branch = scf::IfOp::create(b, loc, isFull, /*withElseRegion=*/true);
    OpBuilder thenBuilder = branch.getThenBodyBuilder();
    emitTile(thenBuilder, loc, firstRow, tile.rows);
    OpBuilder elseBuilder = branch.getElseBodyBuilder();
    emitTile(elseBuilder, loc, firstRow, tail);
  }
};
} // namespace

void mlir::qnn::emitContraction(OpBuilder &b, Location loc,
                                const ContractionProblem &p,
                                const ContractionTile &tile) {
  int64_t blockColumns = tile.columns();
  auto blocks = static_cast<int64_t>(llvm::divideCeil(p.columns, blockColumns));
  int64_t tailColumns = p.columns - (blocks - 1) * blockColumns;
  SmallVector<Value> lbs, ubs, steps;
  for (int64_t size : p.outer) {
    lbs.push_back(indexConstant(b, loc, 0));
    ubs.push_back(indexConstant(b, loc, size));
    steps.push_back(indexConstant(b, loc, 1));
  }
  for (int64_t size :
       {blocks, static_cast<int64_t>(llvm::divideCeil(p.rows, tile.rows))}) {
    lbs.push_back(indexConstant(b, loc, 0));
    ubs.push_back(indexConstant(b, loc, size));
    steps.push_back(indexConstant(b, loc, 1));
  }
  scf::ParallelOp::create(
      b, loc, lbs, ubs, steps, [&](OpBuilder &nb, Location l, ValueRange ivs) {
        Value block = ivs[ivs.size() - 2], rowTile = ivs.back();
        auto emitBlock = [&](OpBuilder &bb, int64_t columns) {
          TileEmitter emitter{p,
                              tile,
                              ivs.drop_back(2),
                              block,
                              columns,
                              static_cast<int64_t>(
                                  llvm::divideCeil(columns, tile.vectorWidth))};
          emitter.emitRowTile(bb, l, rowTile);
        };
        if (tailColumns == blockColumns || blocks == 1)
          return emitBlock(nb, tailColumns);
        // The last block holds fewer columns: its own tile, under an scf.if.
        Value isTail =
            arith::CmpIOp::create(nb, l, arith::CmpIPredicate::eq, block,
                                  indexConstant(nb, l, blocks - 1));
        auto branch = scf::IfOp::create(nb, l, isTail, /*withElseRegion=*/true);
        OpBuilder thenBuilder = branch.getThenBodyBuilder();
        emitBlock(thenBuilder, tailColumns);
        OpBuilder elseBuilder = branch.getElseBodyBuilder();
        emitBlock(elseBuilder, blockColumns);
      });
}

//===----------------------------------------------------------------------===//
// Packing
//===----------------------------------------------------------------------===//

Type RhsPacking::getElementType(Type source) const {
  MLIRContext *ctx = source.getContext();
  if (extension == IntegerExtension::None)
    return Float32Type::get(ctx);
  // The range of ext(w) - zw for a `width`-bit w.
  unsigned width = source.getIntOrFloatBitWidth();
  if (width >= 32)
    return IntegerType::get(ctx, 32);
  bool isSigned = extension == IntegerExtension::Signed;
  int64_t lo = isSigned ? -(int64_t(1) << (width - 1)) : 0;
  int64_t hi =
      isSigned ? (int64_t(1) << (width - 1)) - 1 : (int64_t(1) << width) - 1;
  lo -= zeroPoint;
  hi -= zeroPoint;
  bool fitsI16 = lo >= std::numeric_limits<int16_t>::min() &&
                 hi <= std::numeric_limits<int16_t>::max();
  return IntegerType::get(ctx, fitsI16 ? 16 : 32);
}

MemRefType RhsPacking::getPackedType(Type source) const {
  SmallVector<int64_t> shape(outer);
  shape.push_back(blocks());
  llvm::append_range(shape, reduction);
  shape.push_back(tileColumns);
  return MemRefType::get(shape, getElementType(source));
}

/// The initial value of the constant global `source` reads, seen through
/// reshapes (which keep the row-major order of the elements).
static Attribute getConstantInit(Value source, SymbolTable &symbols) {
  Operation *def = source.getDefiningOp();
  while (def && isa<memref::ExpandShapeOp, memref::CollapseShapeOp>(def))
    def = def->getOperand(0).getDefiningOp();
  auto getGlobal = dyn_cast_or_null<memref::GetGlobalOp>(def);
  if (!getGlobal)
    return {};
  auto global = symbols.lookup<memref::GlobalOp>(getGlobal.getName());
  if (!global || !global.getConstant())
    return {};
  return global.getConstantInitValue();
}

/// The f32 data of a constant: a dense attribute, or a resource blob (the
/// importer's weights).
static std::optional<SmallVector<float>> getConstantFloats(Attribute init) {
  if (auto dense = dyn_cast_or_null<DenseElementsAttr>(init))
    return SmallVector<float>(dense.getValues<float>());
  if (auto resource = dyn_cast_or_null<DenseF32ResourceElementsAttr>(init)) {
    std::optional<ArrayRef<float>> data = resource.tryGetAsArrayRef();
    if (data && static_cast<int64_t>(data->size()) ==
                    resource.getType().getNumElements())
      return SmallVector<float>(*data);
  }
  return std::nullopt;
}

/// The i32 elements `ext(w) - zeroPoint` of a constant integer weight,
/// wrapping modulo 2^32 as arith.subi does: from a dense attribute (any
/// width), or a resource blob of whole little-endian bytes (the lowering's
/// re-laid-out weights).
static std::optional<SmallVector<int32_t>>
getConstantInts(Attribute init, IntegerExtension extension, int64_t zeroPoint) {
  bool isSigned = extension == IntegerExtension::Signed;
  auto widen = [&](int64_t ext) {
    return static_cast<int32_t>(static_cast<uint32_t>(ext) -
                                static_cast<uint32_t>(zeroPoint));
  };
  auto elements = dyn_cast_or_null<ElementsAttr>(init);
  auto type = elements ? dyn_cast<IntegerType>(elements.getElementType())
                       : IntegerType();
  if (!type || type.getWidth() > 32)
    return std::nullopt;
  SmallVector<int32_t> result;
  if (auto dense = dyn_cast<DenseIntElementsAttr>(init)) {
    for (const APInt &v : dense.getValues<APInt>())
      result.push_back(widen(isSigned ? v.getSExtValue() : v.getZExtValue()));
    return result;
  }
  auto resource = dyn_cast<DenseResourceElementsAttr>(init);
  unsigned bytes = type.getWidth() / 8;
  if (!resource || type.getWidth() % 8)
    return std::nullopt;
  ArrayRef<char> data = resource.getData();
  int64_t count = resource.getType().getNumElements();
  if (static_cast<int64_t>(data.size()) != count * bytes)
    return std::nullopt;
  for (int64_t i = 0; i < count; ++i) {
    uint64_t bits = 0;
    std::memcpy(&bits, data.data() + i * bytes, bytes);
    APInt v(type.getWidth(), bits);
    result.push_back(widen(isSigned ? v.getSExtValue() : v.getZExtValue()));
  }
  return result;
}

std::optional<SmallVector<int32_t>>
mlir::qnn::getConstantWidenedInts(Value source, SymbolTable &symbols,
                                  IntegerExtension extension,
                                  int64_t zeroPoint) {
  return getConstantInts(getConstantInit(source, symbols), extension,
                         zeroPoint);
}

/// Row-major strides of `shape`.
static SmallVector<int64_t> getStrides(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t i = static_cast<int64_t>(shape.size()) - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * shape[i + 1];
  return strides;
}

/// The packed data, computed now.
template <typename T>
static DenseElementsAttr
packConstant(ArrayRef<T> values, ArrayRef<int64_t> sourceShape,
             const RhsPacking &packing, MemRefType packedType) {
  SmallVector<T> packed(packedType.getNumElements(), T(0));
  SmallVector<int64_t> packedStrides = getStrides(packedType.getShape());
  unsigned numOuter = packing.outer.size();
  SmallVector<int64_t> logical(numOuter + 1 + packing.reduction.size());
  SmallVector<int64_t> sourceStrides = getStrides(sourceShape);
  for (int64_t linear = 0, e = values.size(); linear < e; ++linear) {
    for (auto [dim, stride] : llvm::enumerate(sourceStrides))
      logical[packing.sourceDims[dim]] = (linear / stride) % sourceShape[dim];
    // packed[outer...][col / T][r...][col % T]
    int64_t col = logical[numOuter];
    int64_t offset = 0;
    for (unsigned d = 0; d < numOuter; ++d)
      offset += logical[d] * packedStrides[d];
    offset += (col / packing.tileColumns) * packedStrides[numOuter];
    for (unsigned d = 0, e = packing.reduction.size(); d < e; ++d)
      offset += logical[numOuter + 1 + d] * packedStrides[numOuter + 1 + d];
    offset += col % packing.tileColumns;
    packed[offset] = values[linear];
  }
  auto tensorType =
      RankedTensorType::get(packedType.getShape(), packedType.getElementType());
  return DenseElementsAttr::get(tensorType, ArrayRef<T>(packed));
}

/// The packed element of a source element: itself (f32), or ext(w) - zw
/// (computed in i32, then truncated to an i16 packed type it fits).
static Value widenElement(OpBuilder &b, Location loc, Value w,
                          const RhsPacking &packing, Type packedElement) {
  if (packing.extension == IntegerExtension::None)
    return w;
  Type i32 = b.getI32Type();
  if (w.getType() != i32) {
    if (packing.extension == IntegerExtension::Signed)
      w = arith::ExtSIOp::create(b, loc, i32, w);
    else
      w = arith::ExtUIOp::create(b, loc, i32, w);
  }
  if (packing.zeroPoint != 0) {
    Value zw = arith::ConstantOp::create(
        b, loc, b.getI32IntegerAttr(static_cast<int32_t>(packing.zeroPoint)));
    w = arith::SubIOp::create(b, loc, w, zw);
  }
  if (packedElement != i32)
    w = arith::TruncIOp::create(b, loc, packedElement, w);
  return w;
}

/// Emits loops filling `packed` from `source` at run time: every packed
/// element, zero past the last column.
static void emitPackingLoops(OpBuilder &b, Location loc, Value source,
                             Value packed, const RhsPacking &packing) {
  auto packedType = cast<MemRefType>(packed.getType());
  ArrayRef<int64_t> shape = packedType.getShape();
  SmallVector<Value> lbs, ubs, steps;
  for (int64_t size : shape) {
    lbs.push_back(indexConstant(b, loc, 0));
    ubs.push_back(indexConstant(b, loc, size));
    steps.push_back(indexConstant(b, loc, 1));
  }
  unsigned numOuter = packing.outer.size();
  scf::ParallelOp::create(
      b, loc, lbs, ubs, steps, [&](OpBuilder &nb, Location l, ValueRange ivs) {
        // col = block * T + lane, read at min(col, C - 1) and kept only when
        // col < C.
        Value col = arith::AddIOp::create(
            nb, l,
            arith::MulIOp::create(nb, l, ivs[numOuter],
                                  indexConstant(nb, l, packing.tileColumns)),
            ivs.back());
        Value last = indexConstant(nb, l, packing.columns - 1);
        Value clamped = arith::MinSIOp::create(nb, l, col, last);
        SmallVector<Value> logical(ivs.take_front(numOuter));
        logical.push_back(clamped);
        llvm::append_range(logical,
                           ivs.slice(numOuter + 1, packing.reduction.size()));
        SmallVector<Value> sourceIndex;
        for (unsigned dim : packing.sourceDims)
          sourceIndex.push_back(logical[dim]);
        Value value = widenElement(
            nb, l, memref::LoadOp::create(nb, l, source, sourceIndex), packing,
            packedType.getElementType());
        Value inside =
            arith::CmpIOp::create(nb, l, arith::CmpIPredicate::ule, col, last);
        Value zero = arith::ConstantOp::create(
            nb, l, nb.getZeroAttr(packedType.getElementType()));
        Value element = arith::SelectOp::create(nb, l, inside, value, zero);
        memref::StoreOp::create(nb, l, element, packed, ivs);
      });
}

/// A new constant global holding `data` (the elements of `type` in
/// row-major order), read as a buffer of `type`.
static Value createPackedGlobal(OpBuilder &b, Location loc,
                                SymbolTable &symbols, DenseElementsAttr data,
                                MemRefType type) {
  // A 1-D global, viewed with the packed shape: LLVM builds a nested array
  // constant one innermost row at a time, which took seconds per model for
  // rows this short.
  auto flatType =
      MemRefType::get({type.getNumElements()}, type.getElementType());
  OpBuilder detached(b.getContext());
  auto global = memref::GlobalOp::create(
      detached, loc, "__qnn_packed_rhs", b.getStringAttr("private"), flatType,
      data.reshape(RankedTensorType::get(flatType.getShape(),
                                         flatType.getElementType())),
      /*constant=*/true, b.getI64IntegerAttr(64));
  // Placed first in the module, renamed to be unique.
  symbols.insert(global, symbols.getOp()->getRegion(0).front().begin());
  Value flat =
      memref::GetGlobalOp::create(b, loc, flatType, global.getSymName());
  SmallVector<ReassociationIndices> all(1);
  for (int64_t d = 0; d < type.getRank(); ++d)
    all[0].push_back(d);
  return memref::ExpandShapeOp::create(b, loc, type.getShape(), flat, all);
}

FailureOr<DotRhs>
mlir::qnn::packDotRhs(OpBuilder &b, Location loc, SymbolTable &symbols,
                      ArrayRef<int32_t> values, ArrayRef<int64_t> outer,
                      int64_t columns, ArrayRef<int64_t> reduction,
                      int64_t tileColumns, int32_t lhsOffset) {
  if (llvm::any_of(values, [](int32_t v) { return v < -128 || v > 127; }))
    return failure();
  int64_t numOuter = 1;
  for (int64_t size : outer)
    numOuter *= size;
  // The reduction as (rows of it, elements of the last dimension).
  int64_t last = reduction.back();
  int64_t groups = llvm::divideCeil(last, 4);
  int64_t reductionRows = 1;
  for (int64_t size : reduction.drop_back())
    reductionRows *= size;
  int64_t blocks = llvm::divideCeil(columns, tileColumns);
  // packed[o][block][rr][q][4c + j] and offsets[o][block][c].
  SmallVector<int8_t> packed(numOuter * blocks * reductionRows * groups *
                                 tileColumns * 4,
                             0);
  SmallVector<int32_t> offsets(numOuter * blocks * tileColumns, 0);
  int64_t reductionSize = reductionRows * last;
  for (int64_t o = 0; o < numOuter; ++o) {
    for (int64_t col = 0; col < columns; ++col) {
      int64_t block = col / tileColumns, c = col % tileColumns;
      uint32_t sum = 0;
      for (int64_t rr = 0; rr < reductionRows; ++rr) {
        for (int64_t e = 0; e < last; ++e) {
          int32_t w = values[(o * columns + col) * reductionSize +
                             rr * last + e];
          sum += static_cast<uint32_t>(w);
          int64_t offset =
              ((((o * blocks + block) * reductionRows + rr) * groups + e / 4) *
                   tileColumns +
               c) *
                  4 +
              e % 4;
          packed[offset] = static_cast<int8_t>(w);
        }
      }
      offsets[(o * blocks + block) * tileColumns + c] = static_cast<int32_t>(
          0u - static_cast<uint32_t>(lhsOffset) * sum);
    }
  }
  SmallVector<int64_t> packedShape(outer);
  packedShape.push_back(blocks);
  llvm::append_range(packedShape, reduction.drop_back());
  packedShape.push_back(groups);
  packedShape.push_back(tileColumns * 4);
  auto packedType = MemRefType::get(packedShape, b.getI8Type());
  auto packedData = DenseElementsAttr::get(
      RankedTensorType::get(packedShape, b.getI8Type()),
      ArrayRef<int8_t>(packed));
  DotRhs result;
  result.packed =
      createPackedGlobal(b, loc, symbols, packedData, packedType);
  if (lhsOffset != 0) {
    SmallVector<int64_t> offsetShape(outer);
    offsetShape.push_back(blocks);
    offsetShape.push_back(tileColumns);
    auto offsetType = MemRefType::get(offsetShape, b.getI32Type());
    auto offsetData = DenseElementsAttr::get(
        RankedTensorType::get(offsetShape, b.getI32Type()),
        ArrayRef<int32_t>(offsets));
    result.offsets =
        createPackedGlobal(b, loc, symbols, offsetData, offsetType);
  }
  return result;
}

Value mlir::qnn::packRhs(OpBuilder &b, Location loc, SymbolTable &symbols,
                         Value source, const RhsPacking &packing) {
  auto sourceType = cast<MemRefType>(source.getType());
  MemRefType packedType = packing.getPackedType(sourceType.getElementType());
  DenseElementsAttr packed;
  Attribute init = getConstantInit(source, symbols);
  if (packing.extension == IntegerExtension::None) {
    if (std::optional<SmallVector<float>> data = getConstantFloats(init))
      packed = packConstant<float>(*data, sourceType.getShape(), packing,
                                   packedType);
  } else if (std::optional<SmallVector<int32_t>> data =
                 getConstantInts(init, packing.extension, packing.zeroPoint)) {
    if (packedType.getElementType().isInteger(16)) {
      SmallVector<int16_t> narrow(data->begin(), data->end());
      packed = packConstant<int16_t>(narrow, sourceType.getShape(), packing,
                                     packedType);
    } else {
      packed = packConstant<int32_t>(*data, sourceType.getShape(), packing,
                                     packedType);
    }
  }
  if (packed)
    return createPackedGlobal(b, loc, symbols, packed, packedType);
  auto alloc =
      memref::AllocOp::create(b, loc, packedType, b.getI64IntegerAttr(64));
  emitPackingLoops(b, loc, source, alloc, packing);
  return alloc;
}
