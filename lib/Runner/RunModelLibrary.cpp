//===- RunModelLibrary.cpp - quant-run --run model.so ---------------------===//
//
// --run on a compiled model library: the same flags as --interpret, the
// model run through its C ABI (ModelLibrary). The inputs are .npy files read
// as Buffers and converted to the model's element types where every value
// fits (as the interpreter accepts them); with --samples each sample is a
// slice of the stacked buffer, passed to `run` in place.
//
//===----------------------------------------------------------------------===//

#include "qnn/Runner/Diagnostics.h"
#include "qnn/Runner/ModelLibrary.h"
#include "qnn/Runner/QuantRun.h"
#include "qnn/Support/Npy.h"
#include "qnn/Support/Timing.h"

#include <cmath>

using namespace mlir;
using namespace mlir::qnn;

/// "1x3x8x8".
static std::string formatShape(ArrayRef<int64_t> shape) {
  std::string text;
  for (auto [i, dim] : llvm::enumerate(shape))
    text += (i ? "x" : "") + std::to_string(dim);
  return text.empty() ? "scalar" : text;
}

/// Reads input `index` and checks it against the model: the tensor's
/// shape, or with `samples` any count of them stacked on a new axis 0.
static FailureOr<Buffer> readInput(MLIRContext *context,
                                   const qnn_tensor_info &info,
                                   const std::string &path, bool samples) {
  std::string what = "input '" + std::string(info.name) + "'";
  Result<Buffer> read = readNpy(path);
  if (!read)
    return emitRunnerError(context,
                           "cannot read " + what + ": " + read.getError());
  llvm::Expected<ElementKind> kind =
      ModelLibrary::getElementKind(info.element_type);
  if (!kind)
    return emitRunnerError(context, kind.takeError());
  Result<Buffer> converted = convertElements(*read, *kind);
  if (!converted)
    return emitRunnerError(context, what + ": " + converted.getError());
  ArrayRef<int64_t> expected(info.shape, info.rank);
  ArrayRef<int64_t> shape = converted->getShape();
  if (samples ? (shape.empty() || shape.drop_front() != expected)
              : shape != expected)
    return emitRunnerError(
        context,
        what + " has shape " + formatShape(expected) + ", " + path + " holds " +
            formatShape(shape) +
            (samples ? " (with --samples: N x the input's shape)" : ""));
  // As --interpret and the JIT: input files holding NaN or Inf are refused
  // (the models make them where a test wants them).
  if (*kind == ElementKind::F32) {
    const float *values = converted->getData<float>();
    for (int64_t i = 0, e = converted->getNumElements(); i < e; ++i) {
      if (std::isfinite(values[i]))
        continue;
      std::string index;
      int64_t rest = i;
      for (size_t d = shape.size(); d-- > 0;) {
        index = std::to_string(rest % shape[d]) + (index.empty() ? "" : ", ") +
                index;
        rest /= shape[d];
      }
      return emitRunnerError(context,
                             what + " contains " +
                                 (std::isnan(values[i]) ? "NaN" : "Inf") +
                                 " at [" + index + "]");
    }
  }
  return std::move(*converted);
}

LogicalResult mlir::qnn::runModelLibrary(MLIRContext &context,
                                         const InterpretConfig &config,
                                         llvm::raw_ostream &os) {
  if (!config.entry.empty())
    return emitRunnerError(&context, "--entry: a model library has one entry, "
                                     "chosen by quant-compile --entry");
  if (!config.dumpDir.empty())
    return emitRunnerError(&context, "--dump-intermediates needs --interpret "
                                     "(compiled code keeps no intermediate "
                                     "tensors)");
  llvm::Expected<std::unique_ptr<ModelLibrary>> opened =
      ModelLibrary::open(config.modelFile, config.threads);
  if (!opened)
    return emitRunnerError(&context, opened.takeError(),
                           config.modelFile + ": ");
  ModelLibrary &library = **opened;
  const std::vector<qnn_tensor_info> &inputs = library.getInputs();
  const std::vector<qnn_tensor_info> &outputs = library.getOutputs();
  if (config.inputFiles.size() != inputs.size()) {
    std::string names;
    for (const qnn_tensor_info &info : inputs)
      names += (names.empty() ? "" : ", ") + std::string(info.name);
    return emitRunnerError(
        &context, "the model has " + llvm::Twine(inputs.size()) + " inputs (" +
                      names + "), got " +
                      llvm::Twine(config.inputFiles.size()) + " --input");
  }
  if (!config.outputFiles.empty() &&
      config.outputFiles.size() != outputs.size())
    return emitRunnerError(
        &context, "the model has " + llvm::Twine(outputs.size()) +
                      " outputs, got " +
                      llvm::Twine(config.outputFiles.size()) + " --output");

  std::vector<Buffer> inputData;
  int64_t numSamples = 1;
  for (auto [i, info] : llvm::enumerate(inputs)) {
    FailureOr<Buffer> data =
        readInput(&context, info, config.inputFiles[i], config.samples);
    if (failed(data))
      return failure();
    if (config.samples) {
      int64_t count = data->getShape().front();
      if (i && count != numSamples)
        return emitRunnerError(&context, "--samples: the inputs hold " +
                                             llvm::Twine(numSamples) + " and " +
                                             llvm::Twine(count) + " samples");
      numSamples = count;
    }
    inputData.push_back(std::move(*data));
  }
  std::vector<Buffer> outputData;
  for (const qnn_tensor_info &info : outputs) {
    llvm::Expected<ElementKind> kind =
        ModelLibrary::getElementKind(info.element_type);
    if (!kind)
      return emitRunnerError(&context, kind.takeError());
    std::vector<int64_t> shape(info.shape, info.shape + info.rank);
    if (config.samples)
      shape.insert(shape.begin(), numSamples);
    Result<Buffer> buffer = Buffer::allocate(*kind, shape);
    if (!buffer)
      return emitRunnerError(&context, buffer.getError());
    outputData.push_back(std::move(*buffer));
  }

  // Sample s of every tensor is the slice at s times its byte size.
  auto runSample = [&](int64_t sample) -> llvm::Error {
    SmallVector<const void *> in;
    SmallVector<void *> out;
    for (auto [i, info] : llvm::enumerate(inputs))
      in.push_back(static_cast<const char *>(inputData[i].getRawData()) +
                   sample * info.byte_size);
    for (auto [o, info] : llvm::enumerate(outputs))
      out.push_back(static_cast<char *>(outputData[o].getRawData()) +
                    sample * info.byte_size);
    return library.run(in, out);
  };
  for (int64_t s = 0; s < numSamples; ++s)
    if (llvm::Error error = runSample(s))
      return emitRunnerError(&context, std::move(error));
  for (auto [o, path] : llvm::enumerate(config.outputFiles)) {
    Status written = writeNpy(outputData[o], path);
    if (!written)
      return emitRunnerError(&context, "cannot write output '" +
                                           std::string(outputs[o].name) +
                                           "': " + written.getError());
  }

  if (!config.time)
    return success();
  std::optional<TimingSummary> timing = timeRuns(
      [&] {
        llvm::Error error = runSample(0);
        bool ok = !error;
        llvm::consumeError(std::move(error));
        return ok;
      },
      config.warmups, config.repeats);
  if (!timing)
    return failure();
  os << formatTiming(*timing) << "\n";
  return success();
}
