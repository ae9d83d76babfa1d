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

/// Emits the contraction of `p`, whose rhs and reduction are set, for the
/// matmul `op` (C [M, N]): rows m, columns n, lhs elements from `loadLhs`.
static void emitMatmul(RewriterBase &rewriter, linalg::LinalgOp op,
                       ContractionProblem &p,
                       llvm::function_ref<Value(OpBuilder &, Location,
                                                ValueRange, const RowOrigin &,
                                                ValueRange)>
                           loadLhs,
                       const ContractionTile &tile) {
  Value c = op.getDpsInits()[0];
  ArrayRef<int64_t> cShape = cast<MemRefType>(c.getType()).getShape();
  p.rows = cShape[0];
  p.columns = cShape[1];
  auto rowOrigin = [](OpBuilder &, Location, ValueRange,
                      Value row) -> RowOrigin { return {row}; };
  auto loadOut = [&](OpBuilder &b, Location l, ValueRange, const RowOrigin &o,
                     Value col) -> Value {
    return memref::LoadOp::create(b, l, c, ValueRange{o[0], col});
  };
  auto storeOut = [&](OpBuilder &b, Location l, Value v, ValueRange,
                      const RowOrigin &o, Value col) {
    memref::StoreOp::create(b, l, v, c, ValueRange{o[0], col});
  };
  auto loadOutVector = [&](OpBuilder &b, Location l, VectorType type,
                           ValueRange, const RowOrigin &o, Value col) -> Value {
    return vector::LoadOp::create(b, l, type, c, ValueRange{o[0], col});
  };
  auto storeOutVector = [&](OpBuilder &b, Location l, Value v, ValueRange,
                            const RowOrigin &o, Value col) {
    vector::StoreOp::create(b, l, v, c, ValueRange{o[0], col});
  };
  p.rowOrigin = rowOrigin;
  p.loadLhs = loadLhs;
  p.loadOut = loadOut;
  p.storeOut = storeOut;
  if (hasContiguousRows(c)) {
    p.loadOutVector = loadOutVector;
    p.storeOutVector = storeOutVector;
  }
  emitContraction(rewriter, op.getLoc(), p, tile);
  rewriter.eraseOp(op);
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
  Value c = op.getDpsInits()[0];
  ContractionFusion fusion =
      findContractionFusion(op, c, /*rowDims=*/{0});
  applyContractionFusion(fusion, p, c,
                         [](OpBuilder &, Location, ValueRange,
                            const RowOrigin &o, Value col) {
                           return SmallVector<Value>{o[0], col};
                         });
  // A[m, 4q .. 4q + 3].
  auto loadLhs = [&](OpBuilder &b, Location l, ValueRange, const RowOrigin &o,
                     ValueRange r) -> Value {
    Value first = arith::MulIOp::create(
        b, l, r[0], arith::ConstantIndexOp::create(b, l, 4));
    return loadDotGroup(b, l, a, ValueRange{o[0], first}, r[0], depth,
                        signedLhs);
  };
  emitMatmul(rewriter, op, p, loadLhs, tile);
  eraseFusedOps(rewriter, fusion);
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
