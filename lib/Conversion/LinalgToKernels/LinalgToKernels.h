//===- LinalgToKernels.h - the kernels of qnn-linalg-to-kernels -*- C++ -*-===//

#ifndef QNN_LIB_CONVERSION_LINALGTOKERNELS_LINALGTOKERNELS_H
#define QNN_LIB_CONVERSION_LINALGTOKERNELS_LINALGTOKERNELS_H

#include "ContractionKernel.h"

#include "mlir/Dialect/Linalg/IR/LinalgInterfaces.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::qnn {

/// Whether `v` is a buffer of f32 with a static shape, the operands the
/// kernels take.
inline bool isStaticF32(Value v) {
  auto type = dyn_cast<MemRefType>(v.getType());
  return type && type.hasStaticShape() && type.getElementType().isF32();
}

/// f32 linalg.conv_2d_nchw_fchw and conv_2d_ngchw_gfchw on static buffers
/// (FloatConvKernel.cpp). Fails, changing nothing, on any other op.
LogicalResult rewriteFloatConv(RewriterBase &rewriter, linalg::LinalgOp op,
                               SymbolTable &symbols,
                               const ContractionTile &tile);

/// Depthwise convolutions on static buffers (DepthwiseConvKernel.cpp): the
/// f32 generic of buildFloatDepthwise (NCHW, padded positions skipped) and
/// INT8 linalg.conv_2d_nhwgc_gfhwc or its u8 generic with one channel per
/// group (NHWC). Fails, changing nothing, on any other op.
LogicalResult rewriteDepthwiseConv(RewriterBase &rewriter, linalg::LinalgOp op,
                                   SymbolTable &symbols, int64_t vectorWidth);

/// f32 2-D linalg.matmul on static buffers, the rhs [K, N] or [N, K]
/// (FloatMatmulKernel.cpp). Fails, changing nothing, on any other op.
LogicalResult rewriteFloatMatmul(RewriterBase &rewriter, linalg::LinalgOp op,
                                 SymbolTable &symbols,
                                 const ContractionTile &tile);

} // namespace mlir::qnn

#endif // QNN_LIB_CONVERSION_LINALGTOKERNELS_LINALGTOKERNELS_H
