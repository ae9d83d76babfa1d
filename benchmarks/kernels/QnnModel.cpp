//===- QnnModel.cpp - a compiled qnn model loaded through its C ABI -------===//

#include "QnnModel.h"

#include <cstdio>
#include <cstdlib>
#include <dlfcn.h>

using namespace qnn::bench;

[[noreturn]] static void fail(const std::string &path,
                              const std::string &what) {
  std::fprintf(stderr, "%s: %s\n", path.c_str(), what.c_str());
  std::exit(1);
}

template <typename Fn>
static Fn lookup(void *handle, const std::string &path, const char *name) {
  void *symbol = dlsym(handle, name);
  if (!symbol)
    fail(path, std::string("exports no ") + name);
  return reinterpret_cast<Fn>(symbol);
}

QnnModel::QnnModel(const std::string &path, unsigned numThreads) : path(path) {
  // RTLD_LOCAL: every model library exports the same names.
  handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle)
    fail(path, dlerror());
  auto abiVersion = lookup<uint32_t (*)(void)>(handle, path, "qnn_abi_version");
  if (abiVersion() != QNN_ABI_VERSION)
    fail(path, "ABI version " + std::to_string(abiVersion()) + ", expected " +
                   std::to_string(QNN_ABI_VERSION));
  lastError = lookup<const char *(*)(void)>(handle, path, "qnn_last_error");
  destroy = lookup<void (*)(qnn_model *)>(handle, path, "qnn_model_destroy");
  runFn = lookup<decltype(runFn)>(handle, path, "qnn_model_run");
  auto create = lookup<qnn_status (*)(uint32_t, uint32_t, qnn_model **)>(
      handle, path, "qnn_model_create");
  if (create(numThreads, 1, &model) != QNN_OK)
    fail(path, std::string("qnn_model_create: ") + lastError());

  using InfoFn = qnn_status (*)(const qnn_model *, size_t, qnn_tensor_info *);
  using CountFn = size_t (*)(const qnn_model *);
  if (lookup<CountFn>(handle, path, "qnn_model_num_inputs")(model) != 1 ||
      lookup<CountFn>(handle, path, "qnn_model_num_outputs")(model) != 1)
    fail(path, "expected one input and one output");
  if (lookup<InfoFn>(handle, path,
                     "qnn_model_input_info")(model, 0, &inputInfo) != QNN_OK ||
      lookup<InfoFn>(handle, path,
                     "qnn_model_output_info")(model, 0, &outputInfo) != QNN_OK)
    fail(path, lastError());
}

QnnModel::~QnnModel() {
  destroy(model);
  dlclose(handle);
}

void QnnModel::run(const void *input, void *output) {
  const void *inputs[] = {input};
  void *outputs[] = {output};
  size_t inputBytes[] = {inputInfo.byte_size};
  size_t outputBytes[] = {outputInfo.byte_size};
  if (runFn(model, inputs, inputBytes, outputs, outputBytes) != QNN_OK)
    fail(path, std::string("qnn_model_run: ") + lastError());
}
