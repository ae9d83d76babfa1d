//===- TensorFiles.cpp - host tensors in .npy files -----------------------===//

#include "qnn/Runner/TensorFiles.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

using namespace mlir;
using namespace mlir::qnn;

/// `error` with the file named the way Npy.cpp names it.
static llvm::Error fileError(llvm::StringRef path, llvm::Error error) {
  return llvm::createStringError("'" + path +
                                 "': " + llvm::toString(std::move(error)));
}

llvm::Expected<HostTensor> mlir::qnn::readTensorFile(MLIRContext *context,
                                                     llvm::StringRef path) {
  Result<Buffer> buffer = readNpy(path.str());
  if (!buffer)
    return llvm::createStringError(buffer.getError());
  llvm::Expected<HostTensor> tensor =
      HostTensor::fromBuffer(context, std::move(*buffer));
  if (!tensor)
    return fileError(path, tensor.takeError());
  return tensor;
}

llvm::Error mlir::qnn::writeTensorFile(const HostTensor &tensor,
                                       llvm::StringRef path) {
  llvm::Expected<Buffer> buffer = tensor.toBuffer();
  if (!buffer)
    return fileError(path, buffer.takeError());
  Status written = writeNpy(*buffer, path.str());
  if (!written)
    return llvm::createStringError(written.getError());
  return llvm::Error::success();
}

llvm::Expected<HostTensor>
mlir::qnn::readSampleTensor(MLIRContext *context, const NpySampleReader &reader,
                            int64_t index) {
  Result<Buffer> buffer = reader.readSample(index);
  if (!buffer)
    return llvm::createStringError(buffer.getError());
  llvm::Expected<HostTensor> tensor =
      HostTensor::fromBuffer(context, std::move(*buffer));
  if (!tensor)
    return llvm::createStringError("'" + reader.getPath() + "': sample " +
                                   std::to_string(index) + ": " +
                                   llvm::toString(tensor.takeError()));
  return tensor;
}

llvm::Error
mlir::qnn::writeTensorDirectory(const llvm::StringMap<HostTensor> &tensors,
                                llvm::StringRef dir) {
  if (std::error_code ec = llvm::sys::fs::create_directories(dir))
    return llvm::createStringError("cannot create directory '" + dir +
                                   "': " + ec.message());
  for (const auto &entry : tensors) {
    std::string name = entry.getKey().str();
    for (char &c : name)
      if (!llvm::isAlnum(c) && !llvm::StringRef("_-.%#").contains(c))
        c = '_';
    llvm::SmallString<128> path(dir);
    llvm::sys::path::append(path, name + ".npy");
    if (llvm::Error error = writeTensorFile(entry.getValue(), path))
      return error;
  }
  return llvm::Error::success();
}
