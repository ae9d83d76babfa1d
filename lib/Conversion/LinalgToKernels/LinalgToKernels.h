//===- LinalgToKernels.h - the kernels of qnn-linalg-to-kernels -*- C++ -*-===//

#ifndef QNN_LIB_CONVERSION_LINALGTOKERNELS_LINALGTOKERNELS_H
#define QNN_LIB_CONVERSION_LINALGTOKERNELS_LINALGTOKERNELS_H

#include "ContractionKernel.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/IR/LinalgInterfaces.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::qnn {

/// Whether `v` is a buffer of f32 with a static shape, the operands the
/// kernels take.
inline bool isStaticF32(Value v) {
  auto type = dyn_cast<MemRefType>(v.getType());
  return type && type.hasStaticShape() && type.getElementType().isF32();
}


/// A convolution row's origin: the output pixel `row` = oh * outW + ow as
/// {oh, ow, oh * strideH, ow * strideW} (the window's corner in the padded
/// input).
RowOrigin getConvRowOrigin(OpBuilder &b, Location loc, Value row, int64_t outW,
                           int64_t strideH, int64_t strideW);

/// f32 linalg.conv_2d_nchw_fchw and conv_2d_ngchw_gfchw on static buffers
/// (FloatConvKernel.cpp). Fails, changing nothing, on any other op.
LogicalResult rewriteFloatConv(RewriterBase &rewriter, linalg::LinalgOp op,
                               SymbolTable &symbols,
                               const ContractionTile &tile);

/// Depthwise convolutions on static buffers (DepthwiseConvKernel.cpp): the
/// f32 generic of buildFloatDepthwise (NCHW, padded positions skipped) and
/// INT8 linalg.conv_2d_nhwgc_gfhwc or its u8 generic with one channel per
/// group (NHWC), whose products are i16 dot products of `int8DotWidth`
/// lanes when it is not 0. Fails, changing nothing, on any other op.
LogicalResult rewriteDepthwiseConv(RewriterBase &rewriter, linalg::LinalgOp op,
                                   SymbolTable &symbols, int64_t vectorWidth,
                                   int64_t int8DotWidth);

/// The elementwise ops around an INT8 contraction writing `y` that its
/// kernel absorbs (EpilogueFusion.cpp): `init`, a broadcast copy into y
/// before it (the bias), and `epilogue`, the generic reading `view` (y or
/// a reshape of it) as input `viewInput` after it (the requantization).
struct ContractionFusion {
  linalg::GenericOp init, epilogue;
  Value view;
  unsigned viewInput = 0;
  /// The dimension of y along which a kernel's vector lanes run.
  unsigned laneDim = 0;
};

/// The ops `op` (writing `y`, whose dimensions `rowDims` index the
/// kernel's rows and whose dimension `laneDim` (default: the last) its
/// vector lanes) can absorb; null members for none. Moves operand-free
/// definitions the fused code needs (allocs, globals, constants) before
/// `op`.
ContractionFusion
findContractionFusion(linalg::LinalgOp op, Value y, ArrayRef<unsigned> rowDims,
                      std::optional<unsigned> laneDim = std::nullopt);

/// Sets `p.initVector` and `p.epilogue` from `fusion`; y is `p.out`, its
/// indices `p.outIndex`.
void applyContractionFusion(const ContractionFusion &fusion,
                            ContractionProblem &p);

/// Erases the absorbed ops, once the kernel is emitted.
void eraseFusedOps(RewriterBase &rewriter, const ContractionFusion &fusion);

/// Whether a matmul's loops are (m, n, k) with A (m, k), C (m, n) and B
/// (k, n) (false), or B (n, k) (true: fully_connected's weight).
FailureOr<bool> matchMatmulMaps(linalg::LinalgOp op);

/// A matmul with leading batch loops that only the lhs and the output
/// have (an activation [B..., M, K] times a weight [K, N] or [N, K]) as a
/// 2-D linalg.generic on collapsed views [B... * M, K] and [B... * M, N],
/// the same body: the same products and sums per output element. Fails,
/// changing nothing, on any other op.
FailureOr<linalg::LinalgOp> collapseMatmulBatch(RewriterBase &rewriter,
                                                linalg::LinalgOp op);

/// Widens an lhs element, as loaded, to the accumulator's type.
using LhsConversion = llvm::function_ref<Value(OpBuilder &, Location, Value)>;

/// Replaces the 2-D matmul `op` (A [M, K], B, C [M, N], static buffers,
/// maps as matchMatmulMaps says) by the contraction kernel (MatmulKernel.cpp).
/// `packing` carries the rhs element handling (extension, zero point); its
/// sizes are filled in here. `convertLhs`, if any, widens each A element.
void emitMatmulKernel(RewriterBase &rewriter, linalg::LinalgOp op,
                      bool transposed, RhsPacking packing, SymbolTable &symbols,
                      const ContractionTile &tile, LhsConversion convertLhs);

/// Replaces the 2-D matmul `op` (A [M, K] of 8-bit elements, contiguous
/// rows) by the dot-product kernel on `rhs` (packDotRhs of its constant
/// rhs); `signedLhs`: A holds i8, read as the u8 A + 128 (rhs.offsets
/// subtract it back).
void emitDotMatmulKernel(RewriterBase &rewriter, linalg::LinalgOp op,
                         const DotRhs &rhs, bool signedLhs,
                         const ContractionTile &tile);

/// f32 2-D linalg.matmul on static buffers, the rhs [K, N] or [N, K]
/// (MatmulKernel.cpp). Fails, changing nothing, on any other op.
LogicalResult rewriteFloatMatmul(RewriterBase &rewriter, linalg::LinalgOp op,
                                 SymbolTable &symbols,
                                 const ContractionTile &tile);

/// The INT8 contractions on static buffers, bodies `acc + ext(x) *
/// (ext(w) - zw)` in i32: conv_2d_nhwgc_gfhwc and linalg.generic with its
/// maps, linalg.matmul and 2-D generics with its maps (IntegerKernels.cpp).
/// Fails, changing nothing, on any other op and on fewer than 4 output
/// channels (columns). With `int8DotWidth` (the i32 lanes of the target's
/// u8 x s8 dot product, 0 for none), those with 8-bit activations and
/// constant 8-bit weights take the dot-product kernel.
LogicalResult rewriteIntegerContraction(RewriterBase &rewriter,
                                        linalg::LinalgOp op,
                                        SymbolTable &symbols,
                                        const ContractionTile &tile,
                                        int64_t int8DotWidth);

} // namespace mlir::qnn

#endif // QNN_LIB_CONVERSION_LINALGTOKERNELS_LINALGTOKERNELS_H
