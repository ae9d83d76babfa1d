//===- LinkModel.cpp - the object and the runtime into one .so ------------===//
//
// The system linker driver (QNN_LINKER_DRIVER, found at configure time)
// links the model's object with the runtime archive (QNN_RUNTIME_ARCHIVE)
// under the runtime's version script (QNN_RUNTIME_VERSION_SCRIPT), which
// exports the C ABI and nothing else. Reproducible: no build-id from a
// random source or a time, no path of a temporary file in the output.
//
//===----------------------------------------------------------------------===//

#include "ModelCompilerImpl.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

using namespace mlir;
using namespace mlir::qnn;

LogicalResult mlir::qnn::linkModelLibrary(MLIRContext *context,
                                          StringRef objectPath,
                                          StringRef outputPath) {
  Location loc = UnknownLoc::get(context);
  llvm::ErrorOr<std::string> driver =
      llvm::sys::findProgramByName(QNN_LINKER_DRIVER);
  if (!driver)
    return emitError(loc) << "cannot find the linker driver '"
                          << QNN_LINKER_DRIVER << "'";
  // The soname (also the name of the version definition's base entry) is
  // the file name, not its directory: the same model compiled into two
  // directories gives the same bytes.
  std::string soname =
      ("-Wl,-soname," + llvm::sys::path::filename(outputPath)).str();
  std::string versionScript =
      std::string("-Wl,--version-script=") + QNN_RUNTIME_VERSION_SCRIPT;
  // Only the C library, libm and libpthread: a C driver adds no C++ library,
  // --no-undefined fails on anything else, and --as-needed drops what is
  // not used. -Bsymbolic binds the library's calls to itself, so that two
  // models in one process never call into each other.
  SmallVector<StringRef> args = {
      *driver, "-shared", "-o", outputPath, objectPath,
      // Every ABI function, referenced or not.
      "-Wl,--whole-archive", QNN_RUNTIME_ARCHIVE, "-Wl,--no-whole-archive",
      versionScript, soname, "-Wl,--no-undefined", "-Wl,-Bsymbolic",
      "-Wl,--build-id=sha1", "-Wl,-z,noexecstack", "-Wl,-z,relro,-z,now",
      "-Wl,--as-needed", "-lm", "-lpthread"};

  SmallString<128> errorPath;
  if (std::error_code ec =
          llvm::sys::fs::createTemporaryFile("qnn-link", "txt", errorPath))
    return emitError(loc) << "cannot create a temporary file: " << ec.message();
  std::optional<StringRef> redirects[] = {std::nullopt, errorPath.str(),
                                          errorPath.str()};
  std::string error;
  int status = llvm::sys::ExecuteAndWait(*driver, args, std::nullopt, redirects,
                                         0, 0, &error);
  std::string output;
  if (auto buffer = llvm::MemoryBuffer::getFile(errorPath))
    output = (*buffer)->getBuffer().trim().str();
  llvm::sys::fs::remove(errorPath);
  if (status != 0)
    return emitError(loc) << "linking " << outputPath << " failed"
                          << (error.empty() ? "" : ": ") << error
                          << (output.empty() ? "" : "\n") << output;
  return success();
}
