//===- Kernels.cpp - dense loops of the reference interpreter -------------===//
//
// Compiled with -O3 -ffp-contract=off -fwrapv (see CMakeLists.txt).
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include <algorithm>
#include <cstring>

using namespace mlir::qnn;
using namespace mlir::qnn::kernels;

// One copy of each GEMM per ISA level, picked by the loader (ifunc), so the
// tools are fast on this machine and still run on any x86-64.
#if defined(__x86_64__) && defined(__linux__) && defined(__clang__)
#define QNN_MULTIVERSION                                                       \
  __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define QNN_MULTIVERSION
#endif
// The loops are inlined into every clone, so each is compiled for its ISA.
#define QNN_INLINE inline __attribute__((always_inline))

//===----------------------------------------------------------------------===//
// GEMM
//===----------------------------------------------------------------------===//

// Blocking: a K-slice of B (kKBlock x kNBlock) stays in L2 while every
// group of four rows of A streams over it; the four C rows being updated
// (4 x kNBlock) stay in L1. The inner loop runs over contiguous columns j of
// B and C and is what the vectorizer turns into SIMD code.
static constexpr int64_t kNBlock = 512;
static constexpr int64_t kKBlock = 128;

namespace {
template <typename T> struct Gemm {
  static QNN_INLINE void rows4(int64_t n, int64_t k0, int64_t k1, const T *a,
                               int64_t lda, const T *b, int64_t ldb, T *c,
                               int64_t ldc) {
    T *__restrict c0 = c;
    T *__restrict c1 = c + ldc;
    T *__restrict c2 = c + 2 * ldc;
    T *__restrict c3 = c + 3 * ldc;
    for (int64_t k = k0; k < k1; ++k) {
      const T a0 = a[k], a1 = a[lda + k], a2 = a[2 * lda + k],
              a3 = a[3 * lda + k];
      const T *__restrict bk = b + k * ldb;
      for (int64_t j = 0; j < n; ++j) {
        T bj = bk[j];
        c0[j] += a0 * bj;
        c1[j] += a1 * bj;
        c2[j] += a2 * bj;
        c3[j] += a3 * bj;
      }
    }
  }

  static QNN_INLINE void rows1(int64_t n, int64_t k0, int64_t k1, const T *a,
                               const T *b, int64_t ldb, T *c) {
    T *__restrict c0 = c;
    for (int64_t k = k0; k < k1; ++k) {
      const T a0 = a[k];
      const T *__restrict bk = b + k * ldb;
      for (int64_t j = 0; j < n; ++j)
        c0[j] += a0 * bk[j];
    }
  }

  static QNN_INLINE void run(int64_t m, int64_t n, int64_t k, const T *a,
                             int64_t lda, const T *b, int64_t ldb, T *c,
                             int64_t ldc) {
    for (int64_t j0 = 0; j0 < n; j0 += kNBlock) {
      int64_t nb = std::min(kNBlock, n - j0);
      for (int64_t k0 = 0; k0 < k; k0 += kKBlock) {
        int64_t k1 = std::min(k, k0 + kKBlock);
        int64_t i = 0;
        for (; i + 4 <= m; i += 4)
          rows4(nb, k0, k1, a + i * lda, lda, b + j0, ldb, c + i * ldc + j0,
                ldc);
        for (; i < m; ++i)
          rows1(nb, k0, k1, a + i * lda, b + j0, ldb, c + i * ldc + j0);
      }
    }
  }
};
} // namespace

QNN_MULTIVERSION
static void gemmF32(int64_t m, int64_t n, int64_t k, const float *a,
                    int64_t lda, const float *b, int64_t ldb, float *c,
                    int64_t ldc) {
  Gemm<float>::run(m, n, k, a, lda, b, ldb, c, ldc);
}

QNN_MULTIVERSION
static void gemmI32(int64_t m, int64_t n, int64_t k, const int32_t *a,
                    int64_t lda, const int32_t *b, int64_t ldb, int32_t *c,
                    int64_t ldc) {
  Gemm<int32_t>::run(m, n, k, a, lda, b, ldb, c, ldc);
}

void kernels::gemm(int64_t m, int64_t n, int64_t k, const float *a, int64_t lda,
                   const float *b, int64_t ldb, float *c, int64_t ldc) {
  if (m > 0 && n > 0 && k > 0)
    gemmF32(m, n, k, a, lda, b, ldb, c, ldc);
}

void kernels::gemm(int64_t m, int64_t n, int64_t k, const int32_t *a,
                   int64_t lda, const int32_t *b, int64_t ldb, int32_t *c,
                   int64_t ldc) {
  if (m > 0 && n > 0 && k > 0)
    gemmI32(m, n, k, a, lda, b, ldb, c, ldc);
}

//===----------------------------------------------------------------------===//
// Windows: im2col and depthwise
//===----------------------------------------------------------------------===//

/// floor(a / b) and ceil(a / b) for b > 0 and any sign of a.
static int64_t floorDiv(int64_t a, int64_t b) {
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}
static int64_t ceilDiv(int64_t a, int64_t b) { return -floorDiv(-a, b); }

void Window::validColumns(int64_t kw, int64_t &lo, int64_t &hi) const {
  int64_t shift = kw * dilationW - padLeft;
  lo = std::max<int64_t>(0, ceilDiv(-shift, strideW));
  hi = std::min<int64_t>(outW, floorDiv(width - 1 - shift, strideW) + 1);
  if (hi < lo)
    hi = lo;
}

template <typename T>
static void im2colImpl(const Window &w, const T *x, T offset, T pad,
                       int64_t ohBegin, int64_t ohEnd, T *col) {
  int64_t rowLength = (ohEnd - ohBegin) * w.outW;
  for (int64_t c = 0; c < w.channels; ++c) {
    const T *plane = x + c * w.height * w.width;
    for (int64_t kh = 0; kh < w.kernelH; ++kh) {
      for (int64_t kw = 0; kw < w.kernelW; ++kw) {
        T *row = col + ((c * w.kernelH + kh) * w.kernelW + kw) * rowLength;
        int64_t lo, hi;
        w.validColumns(kw, lo, hi);
        int64_t shiftW = kw * w.dilationW - w.padLeft;
        for (int64_t oh = ohBegin; oh < ohEnd; ++oh) {
          T *out = row + (oh - ohBegin) * w.outW;
          int64_t ih = oh * w.strideH + kh * w.dilationH - w.padTop;
          if (ih < 0 || ih >= w.height) {
            std::fill(out, out + w.outW, pad);
            continue;
          }
          const T *in = plane + ih * w.width + shiftW;
          std::fill(out, out + lo, pad);
          if (w.strideW == 1) {
            for (int64_t ow = lo; ow < hi; ++ow)
              out[ow] = in[ow] + offset;
          } else {
            for (int64_t ow = lo; ow < hi; ++ow)
              out[ow] = in[ow * w.strideW] + offset;
          }
          std::fill(out + hi, out + w.outW, pad);
        }
      }
    }
  }
}

void kernels::im2col(const Window &w, const float *x, float offset, float pad,
                     int64_t ohBegin, int64_t ohEnd, float *col) {
  im2colImpl(w, x, offset, pad, ohBegin, ohEnd, col);
}
void kernels::im2col(const Window &w, const int32_t *x, int32_t offset,
                     int32_t pad, int64_t ohBegin, int64_t ohEnd,
                     int32_t *col) {
  im2colImpl(w, x, offset, pad, ohBegin, ohEnd, col);
}

template <typename T>
static void depthwiseImpl(const Window &w, const T *x, T offset,
                          const T *weights, T *out) {
  for (int64_t kh = 0; kh < w.kernelH; ++kh) {
    for (int64_t kw = 0; kw < w.kernelW; ++kw) {
      const T wt = weights[kh * w.kernelW + kw];
      int64_t lo, hi;
      w.validColumns(kw, lo, hi);
      int64_t shiftW = kw * w.dilationW - w.padLeft;
      for (int64_t oh = 0; oh < w.outH; ++oh) {
        int64_t ih = oh * w.strideH + kh * w.dilationH - w.padTop;
        if (ih < 0 || ih >= w.height)
          continue;
        const T *__restrict in = x + ih * w.width + shiftW;
        T *__restrict o = out + oh * w.outW;
        if (w.strideW == 1) {
          for (int64_t ow = lo; ow < hi; ++ow)
            o[ow] += wt * (in[ow] + offset);
        } else {
          for (int64_t ow = lo; ow < hi; ++ow)
            o[ow] += wt * (in[ow * w.strideW] + offset);
        }
      }
    }
  }
}

void kernels::depthwise(const Window &w, const float *x, float offset,
                        const float *weights, float *out) {
  depthwiseImpl(w, x, offset, weights, out);
}
void kernels::depthwise(const Window &w, const int32_t *x, int32_t offset,
                        const int32_t *weights, int32_t *out) {
  depthwiseImpl(w, x, offset, weights, out);
}

//===----------------------------------------------------------------------===//
// Transpose
//===----------------------------------------------------------------------===//

template <typename T>
static void transposeImpl(int64_t rows, int64_t cols, const T *in, T *out) {
  constexpr int64_t kTile = 32;
  for (int64_t i0 = 0; i0 < rows; i0 += kTile)
    for (int64_t j0 = 0; j0 < cols; j0 += kTile)
      for (int64_t i = i0; i < std::min(rows, i0 + kTile); ++i)
        for (int64_t j = j0; j < std::min(cols, j0 + kTile); ++j)
          out[j * rows + i] = in[i * cols + j];
}

void kernels::transpose(int64_t rows, int64_t cols, const float *in,
                        float *out) {
  transposeImpl(rows, cols, in, out);
}
void kernels::transpose(int64_t rows, int64_t cols, const int32_t *in,
                        int32_t *out) {
  transposeImpl(rows, cols, in, out);
}
