//===- Kernels.h - dense loops of the reference interpreter -----*- C++ -*-===//
//
// The few loops that carry the work of a CNN: a cache-blocked GEMM (f32 and
// i32), im2col and a depthwise convolution. Inner loops are contiguous and
// vectorize; the GEMM is compiled for AVX-512, AVX2 and baseline x86 and
// picked at load time. No fused multiply-add anywhere (-ffp-contract=off):
// every product is rounded before it is added, on every target.
//
// Summation order, which fixes the f32 results: C[i][j] starts from its
// initial value and adds A[i][k] * B[k][j] for k = 0, 1, ..., K-1.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_LIB_INTERPRETER_KERNELS_H
#define QNN_LIB_INTERPRETER_KERNELS_H

#include <cstdint>

namespace mlir::qnn::kernels {

/// C[M x N] += A[M x K] * B[K x N]; row-major, leading dimensions lda, ldb,
/// ldc.
void gemm(int64_t m, int64_t n, int64_t k, const float *a, int64_t lda,
          const float *b, int64_t ldb, float *c, int64_t ldc);
/// The same in i32 with wrap-around (two's complement) arithmetic.
void gemm(int64_t m, int64_t n, int64_t k, const int32_t *a, int64_t lda,
          const int32_t *b, int64_t ldb, int32_t *c, int64_t ldc);

/// The geometry of one 2-D window op on one image and one group.
struct Window {
  int64_t channels, height, width; // input plane(s)
  int64_t kernelH, kernelW;
  int64_t strideH, strideW;
  int64_t dilationH, dilationW;
  int64_t padTop, padLeft;
  int64_t outH, outW;

  /// The output columns [lo, hi) whose input column `ow * strideW + kw *
  /// dilationW - padLeft` lies inside the input, for kernel column kw.
  void validColumns(int64_t kw, int64_t &lo, int64_t &hi) const;
};

/// im2col for output rows [ohBegin, ohEnd):
/// col[(c * KH + kh) * KW + kw][(oh - ohBegin) * OW + ow] =
///   x[c][oh * sh + kh * dh - pt][ow * sw + kw * dw - pl] + offset,
/// or `pad` outside the input. Each column row holds
/// (ohEnd - ohBegin) * OW entries.
void im2col(const Window &w, const float *x, float offset, float pad,
            int64_t ohBegin, int64_t ohEnd, float *col);
void im2col(const Window &w, const int32_t *x, int32_t offset, int32_t pad,
            int64_t ohBegin, int64_t ohEnd, int32_t *col);

/// Depthwise step: out[oh][ow] += wt[kh][kw] * (x[ih][iw] + offset) over the
/// window, positions outside the input skipped (they read the zero point,
/// i.e. add 0). `w.channels` is ignored (one plane). Accumulates kernel
/// positions in (kh, kw) order, as the GEMM path does.
void depthwise(const Window &w, const float *x, float offset,
               const float *weights, float *out);
void depthwise(const Window &w, const int32_t *x, int32_t offset,
               const int32_t *weights, int32_t *out);

/// out[j][i] = in[i][j] for an R x C row-major matrix.
void transpose(int64_t rows, int64_t cols, const float *in, float *out);
void transpose(int64_t rows, int64_t cols, const int32_t *in, int32_t *out);

} // namespace mlir::qnn::kernels

#endif // QNN_LIB_INTERPRETER_KERNELS_H
