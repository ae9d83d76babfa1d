//===- Npy.h - NumPy .npy files ---------------------------------*- C++ -*-===//
//
// Reading and writing .npy files (versions 1 to 3, little endian; Fortran
// order is read too) as Buffers: the dtypes f4, f8, i1, i2, i4, i8, u1 and
// u2, each read as its own ElementKind (no widening, no narrowing). Plain
// C++17 and POSIX file I/O, no MLIR or LLVM. Errors name the file and what
// is wrong; a malformed or truncated file is an error, never an overread.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_SUPPORT_NPY_H
#define QNN_SUPPORT_NPY_H

#include "qnn/Support/Buffer.h"
#include "qnn/Support/Result.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace mlir::qnn {

/// Reads a whole .npy file, rearranged into C order when it is in Fortran
/// order. Arrays of more than 2^31 - 1 elements are refused.
Result<Buffer> readNpy(const std::string &path);

/// Writes `buffer` as a version 1 .npy file (version 2 when the header
/// needs it) in C order, with the dtype of its kind ('<f4', '|u1', ...).
Status writeNpy(const Buffer &buffer, const std::string &path);

/// Reads the samples of a .npy file stacked on axis 0 one at a time, with
/// positioned reads: memory stays one sample whatever the number of samples
/// (calibration streams through it).
class NpySampleReader {
public:
  /// Opens `path` and checks its header and size; errors name the file.
  static Result<NpySampleReader> open(const std::string &path);
  ~NpySampleReader();
  NpySampleReader(NpySampleReader &&other) noexcept;
  NpySampleReader &operator=(NpySampleReader &&other) noexcept;

  const std::string &getPath() const;
  int64_t getNumSamples() const;
  /// The shape without the leading sample axis.
  const std::vector<int64_t> &getSampleShape() const;
  ElementKind getElementKind() const;
  /// Sample `index` in [0, getNumSamples()).
  Result<Buffer> readSample(int64_t index) const;

private:
  struct Impl;
  explicit NpySampleReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl;
};

} // namespace mlir::qnn

#endif // QNN_SUPPORT_NPY_H
