//===- QnnModel.h - a compiled qnn model loaded through its C ABI ---------===//
//
// One model library (`quant-compile -o model.so`) opened with dlopen and
// created with a given thread count, as a deployer's program would use it
// (include/qnn/Runtime/qnn_runtime.h).
//
//===----------------------------------------------------------------------===//

#ifndef QNN_BENCHMARKS_KERNELS_QNNMODEL_H
#define QNN_BENCHMARKS_KERNELS_QNNMODEL_H

#include "qnn/Runtime/qnn_runtime.h"

#include <string>

namespace qnn::bench {

/// A single-input, single-output model library. Exits with a message on any
/// failure: a benchmark has nothing to recover.
class QnnModel {
public:
  QnnModel(const std::string &path, unsigned numThreads);
  ~QnnModel();
  QnnModel(const QnnModel &) = delete;
  QnnModel &operator=(const QnnModel &) = delete;

  size_t inputBytes() const { return inputInfo.byte_size; }
  size_t outputBytes() const { return outputInfo.byte_size; }
  /// Whether the image input / output is NHWC (`quant-compile --io-layout
  /// nhwc`) rather than NCHW.
  bool inputIsNhwc() const { return inputInfo.layout == QNN_LAYOUT_NHWC; }
  bool outputIsNhwc() const { return outputInfo.layout == QNN_LAYOUT_NHWC; }
  /// One qnn_model_run.
  void run(const void *input, void *output);

private:
  std::string path;
  void *handle = nullptr;
  qnn_model *model = nullptr;
  qnn_tensor_info inputInfo{}, outputInfo{};
  const char *(*lastError)(void) = nullptr;
  void (*destroy)(qnn_model *) = nullptr;
  qnn_status (*runFn)(qnn_model *, const void *const[], const size_t[],
                      void *const[], const size_t[]) = nullptr;
};

} // namespace qnn::bench

#endif // QNN_BENCHMARKS_KERNELS_QNNMODEL_H
