//===- BenchCase.h - one shape of benchmarks/kernels and its data ---------===//
//
// benchmarks/kernels.py writes each shape into a directory: `case.txt`
// (`key value` lines: name, kind, dimensions, zero points), the compiled
// modules `int8.so` and `fp32.so`, and raw little-endian arrays: the input
// (`x_u8.bin`, and `x_f32.bin` its dequantized value), the weights
// (`w_s8.bin`, `w_f32.bin`: OIHW for a conv, [K, N] for a matmul), the
// bias (`bias_s32.bin`, `bias_f32.bin`; conv only), the per-channel
// requantization multipliers `multiplier_f32.bin` and the interpreter's
// INT8 output `expect_u8.bin`.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_BENCHMARKS_KERNELS_BENCHCASE_H
#define QNN_BENCHMARKS_KERNELS_BENCHCASE_H

#include <cstdint>
#include <string>
#include <vector>

namespace qnn::bench {

struct BenchCase {
  std::string dir, name;
  bool isMatmul = false;
  // matmul: [m, k] x [k, n].
  int64_t m = 0, n = 0, k = 0;
  // conv, batch 1, NCHW: c x h x w -> f x oh x ow, square kernel padding
  // and stride.
  int64_t c = 0, h = 0, w = 0, f = 0, kh = 0, kw = 0, stride = 1, pad = 0,
          groups = 1, oh = 0, ow = 0;
  int32_t xZeroPoint = 0, yZeroPoint = 0;
  bool hasBias = false;
  /// Whether to time our INT8 model on 2 threads too.
  bool twoThreads = false;

  std::vector<uint8_t> xU8, expectU8;
  std::vector<float> xF32, wF32, biasF32, multiplier;
  std::vector<int8_t> wS8;
  std::vector<int32_t> biasS32;

  std::string path(const std::string &file) const { return dir + "/" + file; }
  int64_t outputChannels() const { return isMatmul ? n : f; }
  int64_t inputElements() const { return isMatmul ? m * k : c * h * w; }
  int64_t outputElements() const { return isMatmul ? m * n : f * oh * ow; }
  int64_t weightElements() const {
    return isMatmul ? k * n : f * (c / groups) * kh * kw;
  }
};

/// Reads the case in `dir`; exits with a message when a file is missing or
/// has the wrong size.
BenchCase loadBenchCase(const std::string &dir);

} // namespace qnn::bench

#endif // QNN_BENCHMARKS_KERNELS_BENCHCASE_H
