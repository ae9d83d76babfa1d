//===- TensorFiles.h - host tensors in .npy files ---------------*- C++ -*-===//
//
// The MLIR side of qnn/Support/Npy.h: .npy files read as and written from
// the interpreter's HostTensor (through HostTensor::fromBuffer / toBuffer),
// with errors as llvm::Error naming the file.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_RUNNER_TENSORFILES_H
#define QNN_RUNNER_TENSORFILES_H

#include "qnn/Interpreter/HostTensor.h"
#include "qnn/Support/Npy.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"

namespace mlir::qnn {

/// Reads a .npy file: f64 data becomes f32, integer data keeps its width in
/// the element type (i64, i32, i16, i8, ui16, ui8) and must fit in 32 bits.
llvm::Expected<HostTensor> readTensorFile(MLIRContext *context,
                                          llvm::StringRef path);

/// Writes a tensor as .npy: f32 as '<f4'; integer and quantized storage
/// with its storage width ('|u1', '|i1', '<u2', '<i2', '<i4', '<i8'; sub-byte
/// storage such as i4 widens to one byte).
llvm::Error writeTensorFile(const HostTensor &tensor, llvm::StringRef path);

/// Sample `index` of an opened NpySampleReader as a HostTensor.
llvm::Expected<HostTensor> readSampleTensor(MLIRContext *context,
                                            const NpySampleReader &reader,
                                            int64_t index);

/// Writes each tensor of `tensors` to `dir`/<name>.npy (creating `dir`),
/// characters of the name other than letters, digits and "_-.%#" replaced
/// by '_'.
llvm::Error writeTensorDirectory(const llvm::StringMap<HostTensor> &tensors,
                                 llvm::StringRef dir);

} // namespace mlir::qnn

#endif // QNN_RUNNER_TENSORFILES_H
