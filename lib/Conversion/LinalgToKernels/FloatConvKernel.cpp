//===- FloatConvKernel.cpp - f32 convolutions as contractions -------------===//
//
// A convolution as a contraction: rows are the output pixels p = oh * OW +
// ow of one image (and group), columns the output channels, the reduction
// (c, kh, kw) in that order, the order of linalg's loops and of the
// interpreter's im2col + GEMM. NCHW (conv_2d_nchw_fchw, conv_2d_ngchw_gfchw):
//
//   y[n, (g,) f, oh, ow] += w[(g,) f, c, kh, kw]
//                           * x[n, (g,) c, oh * sh + kh * dh, ow * sw + kw *
//                           dw]
//
// or NHWC, the generic of the lowering's dense float conv over (n, oh, ow,
// f, c, kh, kw) with the body out + x * w:
//
//   y[n, oh, ow, f] += x[n, oh * sh + kh * dh, ow * sw + kw * dw, c]
//                      * w[f, c, kh, kw]
//
// where a vector of output channels is contiguous in y. The input is
// already padded (the lowering pads it), so every read is inside it.
//
//===----------------------------------------------------------------------===//

#include "DepthwiseConvKernel.h"
#include "LinalgToKernels.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

using namespace mlir;
using namespace mlir::qnn;

namespace {
/// The operands of a conv on buffers with the group dimension optional
/// (NCHW), or NHWC activations without one.
struct ConvOperands {
  Value x, w, y;
  bool grouped = false;
  bool nhwc = false;
  int64_t strideH, strideW, dilationH, dilationW;
};
} // namespace

/// The NHWC generic of the lowering's dense float conv (file comment).
static FailureOr<ConvOperands> getNhwcConvOperands(linalg::GenericOp op) {
  if (!op.hasPureBufferSemantics() || op.getNumDpsInputs() != 2 ||
      op.getNumDpsInits() != 1 || op.getNumLoops() != 7)
    return failure();
  auto par = utils::IteratorType::parallel;
  auto red = utils::IteratorType::reduction;
  if (op.getIteratorTypesArray() !=
      SmallVector<utils::IteratorType>{par, par, par, par, red, red, red})
    return failure();
  ConvOperands c;
  c.x = op.getDpsInputs()[0];
  c.w = op.getDpsInputs()[1];
  c.y = op.getDpsInits()[0];
  c.nhwc = true;
  if (!isStaticF32(c.x) || !isStaticF32(c.w) || !isStaticF32(c.y))
    return failure();
  // (n, oh, ow, f, c, kh, kw) = d0 ... d6.
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  MLIRContext *ctx = op.getContext();
  AffineExpr n, oh, ow, f, ch, kh, kw;
  bindDims(ctx, n, oh, ow, f, ch, kh, kw);
  auto map = [&](ArrayRef<AffineExpr> exprs) {
    return AffineMap::get(7, 0, exprs, ctx);
  };
  if (maps[0].getNumResults() != 4)
    return failure();
  auto [sh, dh, sw, dw] = getWindow(maps[0], 1, 2, 1, 2, 5, 6);
  c.strideH = sh, c.dilationH = dh, c.strideW = sw, c.dilationW = dw;
  if (c.strideH < 1 || c.dilationH < 1 || c.strideW < 1 || c.dilationW < 1 ||
      maps[0] != map({n, oh * c.strideH + kh * c.dilationH,
                      ow * c.strideW + kw * c.dilationW, ch}) ||
      maps[1] != map({f, ch, kh, kw}) || maps[2] != map({n, oh, ow, f}))
    return failure();
  // out + x * w.
  Block &body = op.getRegion().front();
  auto add = body.getTerminator()->getOperand(0).getDefiningOp<arith::AddFOp>();
  auto mul = add ? add.getRhs().getDefiningOp<arith::MulFOp>() : nullptr;
  if (!add || add.getLhs() != body.getArgument(2) || !mul ||
      mul.getLhs() != body.getArgument(0) ||
      mul.getRhs() != body.getArgument(1))
    return failure();
  return c;
}

template <typename ConvOp>
static FailureOr<ConvOperands> getConvOperands(ConvOp op, bool grouped) {
  if (!op.hasPureBufferSemantics())
    return failure();
  ConvOperands c;
  c.x = op.getDpsInputs()[0];
  c.w = op.getDpsInputs()[1];
  c.y = op.getDpsInits()[0];
  if (!isStaticF32(c.x) || !isStaticF32(c.w) || !isStaticF32(c.y))
    return failure();
  c.grouped = grouped;
  auto strides = llvm::to_vector(op.getStrides().template getValues<int64_t>());
  auto dilations =
      llvm::to_vector(op.getDilations().template getValues<int64_t>());
  c.strideH = strides[0];
  c.strideW = strides[1];
  c.dilationH = dilations[0];
  c.dilationW = dilations[1];
  return c;
}

static LogicalResult rewriteConv(RewriterBase &rewriter, Operation *op,
                                 const ConvOperands &c, SymbolTable &symbols,
                                 const ContractionTile &tile) {
  Location loc = op->getLoc();
  // Without the group: x [N, C, Hp, Wp], w [F, C, KH, KW], y [N, F, OH, OW];
  // with it, G after N (x, y) or first (w).
  ArrayRef<int64_t> wShape = cast<MemRefType>(c.w.getType()).getShape();
  ArrayRef<int64_t> yShape = cast<MemRefType>(c.y.getType()).getShape();
  unsigned g = c.grouped ? 1 : 0;
  int64_t outH = c.nhwc ? yShape[1] : yShape[2 + g];
  int64_t outW = c.nhwc ? yShape[2] : yShape[3 + g];
  int64_t kh = wShape[2 + g], kw = wShape[3 + g];

  RhsPacking packing;
  if (c.grouped)
    packing.outer = {wShape[0]};
  packing.columns = wShape[g];
  packing.reduction = {wShape[1 + g], kh, kw};
  packing.sourceDims = c.grouped ? SmallVector<unsigned>{0, 1, 2, 3, 4}
                                 : SmallVector<unsigned>{0, 1, 2, 3};
  packing.tileColumns = tile.columns();

  rewriter.setInsertionPoint(op);
  ContractionProblem p;
  p.outer = {yShape[0]};
  if (c.grouped) {
    p.outer.push_back(yShape[1]);
    p.packedOuter = {1};
  }
  p.rows = outH * outW;
  p.columns = packing.columns;
  p.reduction = packing.reduction;
  p.packedRhs = packRhs(rewriter, loc, symbols, c.w, packing);

  auto cst = [](OpBuilder &b, Location l, int64_t v) -> Value {
    return arith::ConstantIndexOp::create(b, l, v);
  };
  auto mul = [&](OpBuilder &b, Location l, Value v, int64_t k) -> Value {
    return b.createOrFold<arith::MulIOp>(l, v, cst(b, l, k));
  };
  auto rowOrigin = [&](OpBuilder &b, Location l, ValueRange,
                       Value row) -> RowOrigin {
    return getConvRowOrigin(b, l, row, outW, c.strideH, c.strideW);
  };
  auto loadLhs = [&](OpBuilder &b, Location l, ValueRange outer,
                     const RowOrigin &o, ValueRange r) -> Value {
    Value ih =
        b.createOrFold<arith::AddIOp>(l, o[2], mul(b, l, r[1], c.dilationH));
    Value iw =
        b.createOrFold<arith::AddIOp>(l, o[3], mul(b, l, r[2], c.dilationW));
    SmallVector<Value> index(outer);
    if (c.nhwc)
      llvm::append_range(index, ValueRange{ih, iw, r[0]});
    else
      llvm::append_range(index, ValueRange{r[0], ih, iw});
    return memref::LoadOp::create(b, l, c.x, index);
  };
  p.rowOrigin = rowOrigin;
  p.loadLhs = loadLhs;
  // y[outer..., col, oh, ow] (NCHW: columns not contiguous) or y[n, oh, ow,
  // col] (NHWC).
  p.out = c.y;
  p.contiguousColumns = c.nhwc && hasContiguousRows(c.y);
  bool nhwc = c.nhwc;
  p.outIndex = [nhwc](OpBuilder &, Location, ValueRange outer,
                      const RowOrigin &o, Value col) {
    SmallVector<Value> index(outer);
    if (nhwc)
      llvm::append_range(index, ValueRange{o[0], o[1], col});
    else
      llvm::append_range(index, ValueRange{col, o[0], o[1]});
    return index;
  };
  // NHWC: the kernel starts from the bias and applies a fused activation
  // in registers (EpilogueFusion.cpp), lanes along the channels.
  ContractionFusion fusion;
  if (c.nhwc) {
    fusion = findContractionFusion(cast<linalg::LinalgOp>(op), c.y,
                                   /*rowDims=*/{1, 2});
    applyContractionFusion(fusion, p);
  }
  emitContraction(rewriter, loc, p, tile);
  rewriter.eraseOp(op);
  eraseFusedOps(rewriter, fusion);
  return success();
}

RowOrigin mlir::qnn::getConvRowOrigin(OpBuilder &b, Location loc, Value row,
                                      int64_t outW, int64_t strideH,
                                      int64_t strideW) {
  auto cst = [&](int64_t v) -> Value {
    return arith::ConstantIndexOp::create(b, loc, v);
  };
  Value oh = arith::DivUIOp::create(b, loc, row, cst(outW));
  Value ow = arith::RemUIOp::create(b, loc, row, cst(outW));
  return {oh, ow, b.createOrFold<arith::MulIOp>(loc, oh, cst(strideH)),
          b.createOrFold<arith::MulIOp>(loc, ow, cst(strideW))};
}

LogicalResult mlir::qnn::rewriteFloatConv(RewriterBase &rewriter,
                                          linalg::LinalgOp op,
                                          SymbolTable &symbols,
                                          const ContractionTile &tile) {
  FailureOr<ConvOperands> operands = failure();
  if (auto conv = dyn_cast<linalg::Conv2DNchwFchwOp>(op.getOperation()))
    operands = getConvOperands(conv, /*grouped=*/false);
  else if (auto conv = dyn_cast<linalg::Conv2DNgchwGfchwOp>(op.getOperation()))
    operands = getConvOperands(conv, /*grouped=*/true);
  else if (auto generic = dyn_cast<linalg::GenericOp>(op.getOperation()))
    operands = getNhwcConvOperands(generic);
  if (failed(operands))
    return failure();
  return rewriteConv(rewriter, op, *operands, symbols, tile);
}
