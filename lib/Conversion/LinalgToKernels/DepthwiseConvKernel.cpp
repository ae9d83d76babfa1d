//===- DepthwiseConvKernel.cpp - f32 and INT8 depthwise convolutions ------===//
//
// Convolutions with one input channel per group, as vector kernels: the
// f32 NCHW generic vectorizes its output columns (FloatDepthwiseKernel.cpp),
// the INT8 NHWC op its channels (IntDepthwiseKernel.cpp).
//
//===----------------------------------------------------------------------===//

#include "DepthwiseConvKernel.h"

using namespace mlir;
using namespace mlir::qnn;

LogicalResult mlir::qnn::rewriteDepthwiseConv(RewriterBase &rewriter,
                                              linalg::LinalgOp op,
                                              SymbolTable &symbols,
                                              int64_t vectorWidth,
                                              int64_t int8DotWidth) {
  if (succeeded(rewriteFloatDepthwise(rewriter, op, vectorWidth)))
    return success();
  return rewriteIntDepthwise(rewriter, op, symbols, vectorWidth, int8DotWidth);
}
