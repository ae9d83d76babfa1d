//===- MatmulKernel.cpp - 2-D linalg.matmul, f32 and integer --------------===//
//
// A 2-D matmul as a contraction: rows m, columns n, the reduction k
// ascending (the interpreter's GEMM order):
//
//   C[m, n] += A[m, k] * B[k, n]      (or B[n, k] for fully_connected)
//
// The output's columns are contiguous, so full accumulator vectors are read
// and written with one vector op. The f32 and the integer matmuls differ
// only in how the rhs is packed and how an lhs element is widened.
//
//===----------------------------------------------------------------------===//

#include "LinalgToKernels.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::qnn;

FailureOr<bool> mlir::qnn::matchMatmulMaps(linalg::LinalgOp op) {
  using utils::IteratorType;
  if (op.getIteratorTypesArray() !=
      SmallVector<IteratorType>{IteratorType::parallel, IteratorType::parallel,
                                IteratorType::reduction})
    return failure();
  MLIRContext *ctx = op.getContext();
  AffineExpr m, n, k;
  bindDims(ctx, m, n, k);
  auto map = [&](ArrayRef<AffineExpr> exprs) {
    return AffineMap::get(3, 0, exprs, ctx);
  };
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  if (maps[0] != map({m, k}) || maps[2] != map({m, n}))
    return failure();
  if (maps[1] == map({k, n}))
    return false;
  if (maps[1] == map({n, k}))
    return true;
  return failure();
}

FailureOr<linalg::LinalgOp>
mlir::qnn::collapseMatmulBatch(RewriterBase &rewriter, linalg::LinalgOp op) {
  unsigned loops = op.getNumLoops();
  if (loops < 4 || op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1 ||
      !op.hasPureBufferSemantics() || op.getNumReductionLoops() != 1 ||
      op.getIteratorTypesArray().back() != utils::IteratorType::reduction)
    return failure();
  unsigned batch = loops - 3;
  MLIRContext *ctx = op.getContext();
  auto dims = [&](ArrayRef<unsigned> positions) {
    SmallVector<AffineExpr> exprs;
    for (unsigned d : positions)
      exprs.push_back(getAffineDimExpr(d, ctx));
    return AffineMap::get(loops, 0, exprs, ctx);
  };
  SmallVector<unsigned> lhsDims, outDims;
  for (unsigned d = 0; d < batch; ++d) {
    lhsDims.push_back(d);
    outDims.push_back(d);
  }
  unsigned m = batch, n = batch + 1, k = batch + 2;
  lhsDims.append({m, k});
  outDims.append({m, n});
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  bool transposed = maps[1] == dims({n, k});
  if (maps[0] != dims(lhsDims) || maps[2] != dims(outDims) ||
      (!transposed && maps[1] != dims({k, n})))
    return failure();
  Value a = op.getDpsInputs()[0], w = op.getDpsInputs()[1],
      c = op.getDpsInits()[0];
  for (Value v : {a, c}) {
    auto type = dyn_cast<MemRefType>(v.getType());
    if (!type || !type.hasStaticShape() || !type.getLayout().isIdentity())
      return failure();
  }
  // [b..., m, x] as [b... * m, x].
  SmallVector<ReassociationIndices> rows(2);
  for (unsigned d = 0; d <= batch; ++d)
    rows[0].push_back(d);
  rows[1].push_back(batch + 1);
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  Value a2 = memref::CollapseShapeOp::create(rewriter, loc, a, rows);
  Value c2 = memref::CollapseShapeOp::create(rewriter, loc, c, rows);
  AffineExpr em, en, ek;
  bindDims(ctx, em, en, ek);
  auto map = [&](ArrayRef<AffineExpr> exprs) {
    return AffineMap::get(3, 0, exprs, ctx);
  };
  SmallVector<AffineMap> newMaps{map({em, ek}),
                                 transposed ? map({en, ek}) : map({ek, en}),
                                 map({em, en})};
  SmallVector<utils::IteratorType> iterators{utils::IteratorType::parallel,
                                             utils::IteratorType::parallel,
                                             utils::IteratorType::reduction};
  auto generic = linalg::GenericOp::create(rewriter, loc, TypeRange{},
                                           ValueRange{a2, w}, ValueRange{c2},
                                           newMaps, iterators);
  rewriter.inlineRegionBefore(op->getRegion(0), generic.getRegion(),
                              generic.getRegion().end());
  rewriter.eraseOp(op);
  return cast<linalg::LinalgOp>(generic.getOperation());
}

/// Emits the contraction of `p`, whose rhs and reduction are set, for the
/// matmul `op` (C [M, N]): rows m, columns n, lhs elements from `loadLhs`.
/// With `fuse`, the kernel absorbs C's bias broadcast and epilogue.
static void emitMatmul(RewriterBase &rewriter, linalg::LinalgOp op,
                       ContractionProblem &p,
                       llvm::function_ref<Value(OpBuilder &, Location,
                                                ValueRange, const RowOrigin &,
                                                ValueRange)>
                           loadLhs,
                       const ContractionTile &tile, bool fuse = false) {
  Value c = op.getDpsInits()[0];
  ArrayRef<int64_t> cShape = cast<MemRefType>(c.getType()).getShape();
  p.rows = cShape[0];
  p.columns = cShape[1];
  auto rowOrigin = [](OpBuilder &, Location, ValueRange,
                      Value row) -> RowOrigin { return {row}; };
  p.rowOrigin = rowOrigin;
  p.loadLhs = loadLhs;
  p.out = c;
  p.outIndex = [](OpBuilder &, Location, ValueRange, const RowOrigin &o,
                  Value col) { return SmallVector<Value>{o[0], col}; };
  p.contiguousColumns = hasContiguousRows(c);
  ContractionFusion fusion;
  if (fuse) {
    fusion = findContractionFusion(op, c, /*rowDims=*/{0});
    applyContractionFusion(fusion, p);
  }
  emitContraction(rewriter, op.getLoc(), p, tile);
  rewriter.eraseOp(op);
  eraseFusedOps(rewriter, fusion);
}

void mlir::qnn::emitMatmulKernel(RewriterBase &rewriter, linalg::LinalgOp op,
                                 bool transposed, RhsPacking packing,
                                 SymbolTable &symbols,
                                 const ContractionTile &tile,
                                 LhsConversion convertLhs) {
  Value a = op.getDpsInputs()[0], bm = op.getDpsInputs()[1],
        c = op.getDpsInits()[0];
  ArrayRef<int64_t> cShape = cast<MemRefType>(c.getType()).getShape();
  ArrayRef<int64_t> aShape = cast<MemRefType>(a.getType()).getShape();
  packing.columns = cShape[1];
  packing.reduction = {aShape[1]};
  packing.sourceDims =
      transposed ? SmallVector<unsigned>{0, 1} : SmallVector<unsigned>{1, 0};
  packing.tileColumns = tile.columns();

  rewriter.setInsertionPoint(op);
  ContractionProblem p;
  p.reduction = packing.reduction;
  p.packedRhs = packRhs(rewriter, op.getLoc(), symbols, bm, packing);
  auto loadLhs = [&](OpBuilder &b, Location l, ValueRange, const RowOrigin &o,
                     ValueRange r) -> Value {
    Value v = memref::LoadOp::create(b, l, a, ValueRange{o[0], r[0]});
    return convertLhs ? convertLhs(b, l, v) : v;
  };
  emitMatmul(rewriter, op, p, loadLhs, tile);
}

void mlir::qnn::emitDotMatmulKernel(RewriterBase &rewriter,
                                    linalg::LinalgOp op, const DotRhs &rhs,
                                    bool signedLhs,
                                    const ContractionTile &tile) {
  Value a = op.getDpsInputs()[0];
  int64_t depth = cast<MemRefType>(a.getType()).getShape()[1];
  rewriter.setInsertionPoint(op);
  ContractionProblem p;
  p.reduction = {static_cast<int64_t>(llvm::divideCeil(depth, 4))};
  p.packedRhs = rhs.packed;
  p.columnOffsets = rhs.offsets;
  p.dotGroup = 4;
  // A[m, 4q .. 4q + 3].
  auto loadLhs = [&](OpBuilder &b, Location l, ValueRange, const RowOrigin &o,
                     ValueRange r) -> Value {
    Value first = arith::MulIOp::create(
        b, l, r[0], arith::ConstantIndexOp::create(b, l, 4));
    return loadDotGroup(b, l, a, ValueRange{o[0], first}, r[0], depth,
                        signedLhs);
  };
  emitMatmul(rewriter, op, p, loadLhs, tile, /*fuse=*/true);
}

LogicalResult mlir::qnn::rewriteFloatMatmul(RewriterBase &rewriter,
                                            linalg::LinalgOp op,
                                            SymbolTable &symbols,
                                            const ContractionTile &tile) {
  auto matmul = dyn_cast<linalg::MatmulOp>(op.getOperation());
  if (!matmul || !matmul.hasPureBufferSemantics())
    return failure();
  Value a = matmul.getDpsInputs()[0], bm = matmul.getDpsInputs()[1],
        c = matmul.getDpsInits()[0];
  if (!isStaticF32(a) || !isStaticF32(bm) || !isStaticF32(c))
    return failure();
  FailureOr<bool> transposed = matchMatmulMaps(op);
  if (failed(transposed))
    return failure();
  emitMatmulKernel(rewriter, op, *transposed, RhsPacking(), symbols, tile,
                   /*convertLhs=*/nullptr);
  return success();
}
