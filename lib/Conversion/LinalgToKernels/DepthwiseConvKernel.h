//===- DepthwiseConvKernel.h - depthwise kernels, shared -------*- C++ -*-===//
//
// What the f32 (FloatDepthwiseKernel.cpp) and INT8 (IntDepthwiseKernel.cpp)
// depthwise kernels share: tile sizes, index arithmetic and the window of
// a convolution's input map.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_LIB_CONVERSION_LINALGTOKERNELS_DEPTHWISECONVKERNEL_H
#define QNN_LIB_CONVERSION_LINALGTOKERNELS_DEPTHWISECONVKERNEL_H

#include "LinalgToKernels.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"

#include <array>

namespace mlir::qnn {

/// Output vectors per tile of the f32 kernel, output pixels per tile of the
/// INT8 kernel: accumulators that share the weights already in registers.
inline constexpr int64_t kTileVectors = 4;
inline constexpr int64_t kTilePixels = 4;

inline Value indexConstant(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
}

/// base * scale + offset, folded when constant.
inline Value affineIndex(OpBuilder &b, Location loc, Value base, int64_t scale,
                         int64_t offset) {
  Value scaled =
      b.createOrFold<arith::MulIOp>(loc, base, indexConstant(b, loc, scale));
  return b.createOrFold<arith::AddIOp>(loc, scaled,
                                       indexConstant(b, loc, offset));
}

/// The coefficient of dimension `dim` in the linear expression `e`.
inline int64_t getCoefficient(AffineExpr e, unsigned numDims, unsigned dim) {
  SmallVector<int64_t> unit(numDims, 0);
  unit[dim] = 1;
  SmallVector<int64_t> zero(numDims, 0);
  AffineMap map = AffineMap::get(numDims, 0, e);
  return map.compose(unit)[0] - map.compose(zero)[0];
}

/// Strides and dilations of a map whose results `ih`, `iw` are
/// oh * sh + kh * dh and ow * sw + kw * dw: {sh, dh, sw, dw}.
inline std::array<int64_t, 4> getWindow(AffineMap map, unsigned ih, unsigned iw,
                                        unsigned oh, unsigned ow, unsigned kh,
                                        unsigned kw) {
  unsigned n = map.getNumDims();
  return {getCoefficient(map.getResult(ih), n, oh),
          getCoefficient(map.getResult(ih), n, kh),
          getCoefficient(map.getResult(iw), n, ow),
          getCoefficient(map.getResult(iw), n, kw)};
}

/// Whether `v` is a buffer whose innermost dimension is contiguous.
inline bool isUnitStrideBuffer(Value v, Type element) {
  auto type = dyn_cast<MemRefType>(v.getType());
  return type && type.hasStaticShape() && type.getElementType() == element &&
         type.isLastDimUnitStride();
}

/// Whether the loops are five parallel then three reduction dimensions.
inline bool hasDepthwiseIterators(linalg::LinalgOp op) {
  auto par = utils::IteratorType::parallel;
  auto red = utils::IteratorType::reduction;
  return op.getIteratorTypesArray() ==
         SmallVector<utils::IteratorType>{par, par, par, par,
                                          par, red, red, red};
}

/// The f32 depthwise generic of buildFloatDepthwise
/// (FloatDepthwiseKernel.cpp). Fails, changing nothing, on any other op.
LogicalResult rewriteFloatDepthwise(RewriterBase &rewriter, linalg::LinalgOp op,
                                    int64_t vectorWidth);

/// INT8 conv_2d_nhwgc_gfhwc or its u8 generic with one channel per group
/// (IntDepthwiseKernel.cpp). With `int8DotWidth` (8 or 16; 0: none) the
/// products are 2-way i16 dot products of that many lanes
/// (`vpdpwssd` after qnn-lower-x86-vnni). Fails, changing nothing, on any
/// other op.
LogicalResult rewriteIntDepthwise(RewriterBase &rewriter, linalg::LinalgOp op,
                                  SymbolTable &symbols, int64_t vectorWidth,
                                  int64_t int8DotWidth);

} // namespace mlir::qnn

#endif // QNN_LIB_CONVERSION_LINALGTOKERNELS_DEPTHWISECONVKERNEL_H
