//===- ModelLibrary.h - a compiled model .so, through its C ABI -*- C++ -*-===//
//
// What a deployer's program does with a model library (quant-compile's
// output), wrapped for quant-run: dlopen, look up the C ABI of
// qnn/Runtime/qnn_runtime.h, create the model, run it on Buffers. Several
// libraries may be open at once (each in its own dlopen handle).
//
//===----------------------------------------------------------------------===//

#ifndef QNN_RUNNER_MODELLIBRARY_H
#define QNN_RUNNER_MODELLIBRARY_H

#include "qnn/Runtime/qnn_runtime.h"
#include "qnn/Support/Buffer.h"

#include "mlir/Support/LLVM.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <string>
#include <vector>

namespace mlir::qnn {

class ModelLibrary {
public:
  ~ModelLibrary();

  /// Opens `path`, checks its ABI version and creates the model with
  /// `numThreads` (0: the library's default) and one context.
  static llvm::Expected<std::unique_ptr<ModelLibrary>>
  open(const std::string &path, uint32_t numThreads = 0);

  const std::vector<qnn_tensor_info> &getInputs() const { return inputs; }
  const std::vector<qnn_tensor_info> &getOutputs() const { return outputs; }
  /// "host:znver4 (avx2,...)" for messages.
  std::string describeTarget() const;

  /// The ElementKind of an ABI element type; an error for bool.
  static llvm::Expected<ElementKind> getElementKind(qnn_element_type type);

  /// Runs on raw buffers (each of its tensor's byte size); the library's
  /// status and message become the error.
  llvm::Error run(ArrayRef<const void *> inputData,
                  ArrayRef<void *> outputData);

private:
  ModelLibrary() = default;
  struct Api;
  std::unique_ptr<Api> api;
  void *handle = nullptr;
  qnn_model *model = nullptr;
  std::vector<qnn_tensor_info> inputs, outputs;
};

} // namespace mlir::qnn

#endif // QNN_RUNNER_MODELLIBRARY_H
