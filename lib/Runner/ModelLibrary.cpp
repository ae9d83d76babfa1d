//===- ModelLibrary.cpp - a compiled model .so, through its C ABI ---------===//

#include "qnn/Runner/ModelLibrary.h"

#include "llvm/ADT/Twine.h"

#include <dlfcn.h>

using namespace mlir;
using namespace mlir::qnn;

/// The functions of qnn_runtime.h, looked up in one library.
struct ModelLibrary::Api {
  decltype(&qnn_abi_version) abiVersion;
  decltype(&qnn_target) target;
  decltype(&qnn_cpu_features) cpuFeatures;
  decltype(&qnn_last_error) lastError;
  decltype(&qnn_model_create) create;
  decltype(&qnn_model_destroy) destroy;
  decltype(&qnn_model_num_inputs) numInputs;
  decltype(&qnn_model_num_outputs) numOutputs;
  decltype(&qnn_model_input_info) inputInfo;
  decltype(&qnn_model_output_info) outputInfo;
  decltype(&qnn_model_run) run;
};

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

ModelLibrary::~ModelLibrary() {
  if (model)
    api->destroy(model);
  if (handle)
    dlclose(handle);
}

llvm::Expected<std::unique_ptr<ModelLibrary>>
ModelLibrary::open(const std::string &path, uint32_t numThreads) {
  std::unique_ptr<ModelLibrary> library(new ModelLibrary());
  // A path, not a name for the library search path; RTLD_LOCAL: another
  // model's library keeps its own symbols.
  std::string file = path.find('/') == std::string::npos ? "./" + path : path;
  library->handle = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!library->handle)
    return makeError("cannot load the model library: " +
                     llvm::Twine(dlerror()));
  library->api = std::make_unique<Api>();
  Api &api = *library->api;
  std::string missing;
  auto lookup = [&](auto &function, const char *name) {
    function = reinterpret_cast<std::remove_reference_t<decltype(function)>>(
        dlsym(library->handle, name));
    if (!function)
      missing += (missing.empty() ? "" : ", ") + std::string(name);
  };
  lookup(api.abiVersion, "qnn_abi_version");
  lookup(api.target, "qnn_target");
  lookup(api.cpuFeatures, "qnn_cpu_features");
  lookup(api.lastError, "qnn_last_error");
  lookup(api.create, "qnn_model_create");
  lookup(api.destroy, "qnn_model_destroy");
  lookup(api.numInputs, "qnn_model_num_inputs");
  lookup(api.numOutputs, "qnn_model_num_outputs");
  lookup(api.inputInfo, "qnn_model_input_info");
  lookup(api.outputInfo, "qnn_model_output_info");
  lookup(api.run, "qnn_model_run");
  if (!missing.empty())
    return makeError(path + " is not a model library (no " + missing + ")");
  if (api.abiVersion() != QNN_ABI_VERSION)
    return makeError(path + " has ABI version " +
                     llvm::Twine(api.abiVersion()) + "; quant-run reads " +
                     llvm::Twine(QNN_ABI_VERSION));
  if (api.create(numThreads, 1, &library->model) != QNN_OK)
    return makeError(llvm::Twine(api.lastError()));
  library->inputs.resize(api.numInputs(library->model));
  library->outputs.resize(api.numOutputs(library->model));
  for (auto [i, info] : llvm::enumerate(library->inputs))
    (void)api.inputInfo(library->model, i, &info);
  for (auto [i, info] : llvm::enumerate(library->outputs))
    (void)api.outputInfo(library->model, i, &info);
  return library;
}

std::string ModelLibrary::describeTarget() const {
  std::string features = api->cpuFeatures();
  return std::string(api->target()) +
         (features.empty() ? "" : " (" + features + ")");
}

llvm::Expected<ElementKind>
ModelLibrary::getElementKind(qnn_element_type type) {
  switch (type) {
  case QNN_F32:
    return ElementKind::F32;
  case QNN_F64:
    return ElementKind::F64;
  case QNN_I8:
    return ElementKind::I8;
  case QNN_U8:
    return ElementKind::U8;
  case QNN_I16:
    return ElementKind::I16;
  case QNN_U16:
    return ElementKind::U16;
  case QNN_I32:
    return ElementKind::I32;
  case QNN_I64:
    return ElementKind::I64;
  case QNN_BOOL:
    break;
  }
  return makeError("quant-run has no .npy type for the model's element type " +
                   llvm::Twine(static_cast<int>(type)));
}

llvm::Error ModelLibrary::run(ArrayRef<const void *> inputData,
                              ArrayRef<void *> outputData) {
  SmallVector<size_t> inputBytes, outputBytes;
  for (const qnn_tensor_info &info : inputs)
    inputBytes.push_back(info.byte_size);
  for (const qnn_tensor_info &info : outputs)
    outputBytes.push_back(info.byte_size);
  if (inputData.size() != inputs.size() || outputData.size() != outputs.size())
    return makeError("internal error: wrong buffer count for the model");
  if (api->run(model, inputData.data(), inputBytes.data(), outputData.data(),
               outputBytes.data()) != QNN_OK)
    return makeError(llvm::Twine(api->lastError()));
  return llvm::Error::success();
}
