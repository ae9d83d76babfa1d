//===- Npy.h - NumPy .npy files ---------------------------------*- C++ -*-===//
//
// Reading and writing .npy files (versions 1 to 3, little endian; Fortran
// order is read too): f32 and f64 (read as f32), i64 / i32 / i16 / i8 /
// u16 / u8 (read as integers, whose values must fit in 32 bits).
//
//===----------------------------------------------------------------------===//

#ifndef QNN_SUPPORT_NPY_H
#define QNN_SUPPORT_NPY_H

#include "qnn/Interpreter/HostTensor.h"
#include "llvm/Support/Error.h"
#include <memory>

namespace mlir::qnn {

/// Reads a .npy file into a host tensor. f64 data becomes f32, integer data
/// keeps its width in the element type (i64, i32, i16, i8, ui16, ui8).
/// Errors name the file and what is wrong; a malformed or truncated file is
/// an error, never an overread.
llvm::Expected<HostTensor> readNpy(MLIRContext *context, llvm::StringRef path);

/// Writes a host tensor as .npy: f32 as '<f4'; integer and quantized
/// storage with its storage width ('|u1', '|i1', '<u2', '<i2', '<i4', '<i8';
/// sub-byte storage such as i4 widens to one byte).
llvm::Error writeNpy(const HostTensor &tensor, llvm::StringRef path);

/// Reads the samples of a .npy file stacked on axis 0 one at a time, with
/// positioned reads into one reused buffer: memory stays one sample
/// whatever the number of samples (calibration streams through it).
class NpySampleReader {
public:
  /// Opens `path` and checks its header and size; errors name the file.
  static llvm::Expected<NpySampleReader> open(MLIRContext *context,
                                              llvm::StringRef path);
  ~NpySampleReader();
  NpySampleReader(NpySampleReader &&);

  int64_t getNumSamples() const;
  /// The shape without the leading sample axis, and the element type.
  RankedTensorType getSampleType() const;
  /// Sample `index` in [0, getNumSamples()).
  llvm::Expected<HostTensor> readSample(int64_t index);

private:
  struct Impl;
  explicit NpySampleReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl;
};

} // namespace mlir::qnn

#endif // QNN_SUPPORT_NPY_H
