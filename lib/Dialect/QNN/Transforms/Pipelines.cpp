//===- Pipelines.cpp - named qnn pass pipelines ---------------------------===//

#include "qnn/Dialect/QNN/Transforms/Pipelines.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace {
enum class Scheme { Static, Dynamic, WeightOnlyInt4 };

struct QuantizePipelineOptions
    : public PassPipelineOptions<QuantizePipelineOptions> {
  Option<Scheme> scheme{
      *this, "scheme", llvm::cl::desc("Quantization scheme"),
      llvm::cl::init(Scheme::Static),
      llvm::cl::values(
          clEnumValN(Scheme::Static, "static",
                     "INT8 activations and weights from calibration "
                     "statistics (or from the fake-quant ops of a QAT model)"),
          clEnumValN(Scheme::Dynamic, "dynamic",
                     "INT8 weights, activations quantized at run time"),
          clEnumValN(Scheme::WeightOnlyInt4, "weight-only-int4",
                     "blocked INT4 weights, float activations"))};
  Option<std::string> method{
      *this, "method",
      llvm::cl::desc("static: minmax, percentile, entropy or mse"),
      llvm::cl::init("minmax")};
  Option<double> percentile{*this, "percentile",
                            llvm::cl::desc("static, method=percentile"),
                            llvm::cl::init(99.99)};
  Option<bool> perChannel{*this, "per-channel",
                          llvm::cl::desc("Per-channel INT8 weights"),
                          llvm::cl::init(true)};
  ListOption<std::string> keepFloat{
      *this, "keep-float", llvm::cl::desc("static: ops that stay float")};
  Option<bool> equalizeConcat{
      *this, "equalize-concat",
      llvm::cl::desc("static: give concat branches equal ranges first "
                     "(qnn-equalize-concat-ranges)"),
      llvm::cl::init(true)};
  Option<bool> dynamicLSTM{
      *this, "dynamic-lstm",
      llvm::cl::desc("static: then quantize LSTMs dynamically "
                     "(qnn-quantize-dynamic{only-lstm}); static quantization "
                     "leaves them float"),
      llvm::cl::init(false)};
  Option<int64_t> blockSize{*this, "block-size",
                            llvm::cl::desc("weight-only-int4: 32, 64 or 128"),
                            llvm::cl::init(64)};
};

/// `text` as one pass-option value: quoted, so that spaces and commas in an
/// ONNX node name survive the option parser.
static std::string quoted(StringRef text) { return ("\"" + text + "\"").str(); }

/// The textual pipeline for `options`: every stage is a registered pass, so
/// the pipeline is exactly what one would type to quant-opt by hand.
std::string buildPipeline(const QuantizePipelineOptions &options) {
  std::string pipeline = "qnn-fold-batchnorm,qnn-fuse-activations,";
  llvm::raw_string_ostream os(pipeline);
  switch (options.scheme) {
  case Scheme::Static:
    os << "qnn-convert-fake-quant,";
    if (options.equalizeConcat)
      os << "qnn-equalize-concat-ranges,";
    os << "qnn-quantize-static{method=" << quoted(options.method)
       << " percentile=" << llvm::format("%.17g", double(options.percentile))
       << " per-channel=" << (options.perChannel ? "true" : "false");
    if (!options.keepFloat.empty()) {
      SmallVector<std::string> names;
      for (const std::string &name : options.keepFloat)
        names.push_back(quoted(name));
      os << " keep-float={" << llvm::join(names, ",") << "}";
    }
    os << "},qnn-propagate-scales";
    if (options.dynamicLSTM)
      os << ",qnn-quantize-dynamic{per-channel="
         << (options.perChannel ? "true" : "false") << " only-lstm=true}";
    break;
  case Scheme::Dynamic:
    os << "qnn-quantize-dynamic{per-channel="
       << (options.perChannel ? "true" : "false") << "}";
    break;
  case Scheme::WeightOnlyInt4:
    os << "qnn-quantize-weights-int4{block-size=" << options.blockSize << "}";
    break;
  }
  os << ",canonicalize";
  return pipeline;
}
} // namespace

void mlir::qnn::registerQNNPipelines() {
  registerPassPipeline(
      "qnn-quantize-pipeline",
      "Quantize a float qnn module: fold batch norm, fuse activations, "
      "quantize with the chosen scheme, clean up",
      [](OpPassManager &pm, StringRef text,
         function_ref<LogicalResult(const Twine &)> errorHandler) {
        QuantizePipelineOptions options;
        if (failed(options.parseFromString(text)))
          return failure();
        std::string error;
        llvm::raw_string_ostream os(error);
        if (failed(parsePassPipeline(buildPipeline(options), pm, os)))
          return errorHandler("qnn-quantize-pipeline: " + error);
        return success();
      },
      [](function_ref<void(const detail::PassOptions &)> optionHandler) {
        optionHandler(QuantizePipelineOptions());
      });
}
