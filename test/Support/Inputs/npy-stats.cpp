//===- npy-stats.cpp - a program on the support libraries alone -----------===//
//
//   npy-stats in.npy out.npy
//
// Reads a float .npy (f4 or f8), prints the min and max TensorStatistics
// accumulates over it, and writes the data back as f32. Built by
// aarch64-cross-build.test with the AArch64 cross compiler from the
// library sources, as the model runtime's build will.
//
//===----------------------------------------------------------------------===//

#include "qnn/Calibration/TensorStatistics.h"
#include "qnn/Support/Npy.h"
#include <cstdio>

using namespace mlir::qnn;

int main(int argc, char **argv) {
  if (argc != 3)
    return 2;
  Result<Buffer> in = readNpy(argv[1]);
  if (!in) {
    std::fprintf(stderr, "%s\n", in.getError().c_str());
    return 1;
  }
  Result<Buffer> f = convertElements(*in, ElementKind::F32);
  if (!f) {
    std::fprintf(stderr, "%s\n", f.getError().c_str());
    return 1;
  }
  TensorStatistics stats;
  stats.update(f->getData<float>(), f->getNumElements());
  std::printf("min %g max %g\n", stats.getMin(), stats.getMax());
  return writeNpy(*f, argv[2]) ? 0 : 1;
}
