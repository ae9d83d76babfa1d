//===- OneDnnKernel.h - the oneDNN baseline of one shape ------------------===//
//
// The same op as our module, as a oneDNN primitive: u8 x s8 -> u8 with the
// per-channel output scales M[c] (our requantization multipliers), the input
// and output zero points and the s32 bias; or f32. oneDNN picks the layout
// of weights (and of conv activations: `format_tag::any`); reorders into
// and out of it happen at construction and in output*, never in run().
//
//===----------------------------------------------------------------------===//

#ifndef QNN_BENCHMARKS_KERNELS_ONEDNNKERNEL_H
#define QNN_BENCHMARKS_KERNELS_ONEDNNKERNEL_H

#include "BenchCase.h"

#include "oneapi/dnnl/dnnl.hpp"

#include <string>
#include <unordered_map>
#include <vector>

namespace qnn::bench {

class OneDnnKernel {
public:
  enum class Precision { Int8, Fp32 };

  OneDnnKernel(const BenchCase &bc, Precision precision,
               const dnnl::engine &engine);

  /// One execution, waited for.
  void run();
  /// The oneDNN implementation chosen ("brg:avx512_core_vnni", ...).
  std::string implementation() const { return impl; }
  /// The last run's result in the plain row-major (NCHW) layout.
  std::vector<uint8_t> outputU8();
  std::vector<float> outputF32();

private:
  dnnl::memory toPlain();

  dnnl::engine engine;
  dnnl::stream stream;
  dnnl::primitive primitive;
  std::unordered_map<int, dnnl::memory> args;
  dnnl::memory::desc plainDst;
  std::string impl;
};

} // namespace qnn::bench

#endif // QNN_BENCHMARKS_KERNELS_ONEDNNKERNEL_H
