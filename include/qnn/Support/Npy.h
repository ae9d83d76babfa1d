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

} // namespace mlir::qnn

#endif // QNN_SUPPORT_NPY_H
