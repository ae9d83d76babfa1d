//===- QuantRun.cpp - what quant-run does, as a library -------------------===//

#include "qnn/Runner/QuantRun.h"
#include "qnn/Calibration/Calibrator.h"
#include "qnn/ExecutionEngine/JitModel.h"
#include "qnn/Interpreter/Interpreter.h"
#include "qnn/Runner/Compare.h"
#include "qnn/Runner/CompareReport.h"
#include "qnn/Runner/Diagnostics.h"
#include "qnn/Runner/Samples.h"
#include "qnn/Runner/TensorFiles.h"
#include "qnn/Runtime/qnn_runtime.h"
#include "qnn/Support/Timing.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OperationSupport.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <thread>

using namespace mlir;
using namespace mlir::qnn;

namespace {
/// A parsed model and the function quant-run runs in it.
struct LoadedModel {
  OwningOpRef<ModuleOp> module;
  func::FuncOp func;
};
} // namespace

/// Parses `path` and finds the function to run: `entry`, else `main` or the
/// only public function.
static FailureOr<LoadedModel> loadModel(MLIRContext &context, StringRef path,
                                        StringRef entry) {
  LoadedModel model;
  model.module = parseSourceFile<ModuleOp>(path, &context);
  if (!model.module)
    return failure();
  if (entry.empty()) {
    FailureOr<func::FuncOp> func = getEntryFunction(*model.module);
    if (failed(func))
      return failure();
    model.func = *func;
    return model;
  }
  model.func = model.module->lookupSymbol<func::FuncOp>(entry);
  if (!model.func || model.func.isExternal())
    return emitRunnerError(&context, "the model has no function '" + entry +
                                         "' with a body");
  return model;
}

/// "x, y": the names of the function's arguments.
static std::string describeArguments(func::FuncOp func) {
  std::string names;
  for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i)
    names += (i ? ", " : "") + getArgumentName(func, i);
  return names;
}

/// "the model has 2 inputs (x, y), got 1 --input".
static LogicalResult emitInputCountError(func::FuncOp func, size_t got,
                                         StringRef flag) {
  unsigned numArgs = func.getNumArguments();
  return emitRunnerError(func.getContext(),
                         "the model has " + llvm::Twine(numArgs) + " input" +
                             (numArgs == 1 ? "" : "s") + " (" +
                             describeArguments(func) + "), got " +
                             llvm::Twine(got) + " " + flag);
}

/// Reads one .npy file per argument of `func`.
static FailureOr<SmallVector<HostTensor>>
readInputs(func::FuncOp func, ArrayRef<std::string> files) {
  if (files.size() != func.getNumArguments())
    return emitInputCountError(func, files.size(), "--input");
  SmallVector<HostTensor> inputs;
  for (auto [i, path] : llvm::enumerate(files)) {
    llvm::Expected<HostTensor> tensor = readTensorFile(func.getContext(), path);
    if (!tensor)
      return emitRunnerError(func.getContext(), tensor.takeError(),
                             "cannot read input '" + getArgumentName(func, i) +
                                 "': ");
    inputs.push_back(std::move(*tensor));
  }
  return inputs;
}

/// The inputs as samples: split along the leading axis with `samples`, else
/// the one sample.
static FailureOr<SmallVector<SmallVector<HostTensor>>>
getSamples(func::FuncOp func, SmallVector<HostTensor> inputs, bool samples) {
  if (!samples) {
    SmallVector<SmallVector<HostTensor>> one;
    one.push_back(std::move(inputs));
    return one;
  }
  llvm::Expected<SmallVector<SmallVector<HostTensor>>> split =
      splitSamples(func, inputs);
  if (!split)
    return emitRunnerError(func.getContext(), split.takeError());
  return std::move(*split);
}

//===----------------------------------------------------------------------===//
// --interpret
//===----------------------------------------------------------------------===//

LogicalResult mlir::qnn::runInterpret(MLIRContext &context,
                                      const InterpretConfig &config,
                                      llvm::raw_ostream &os) {
  if (config.compiled && StringRef(config.modelFile).ends_with(".so"))
    return runModelLibrary(context, config, os);
  FailureOr<LoadedModel> model =
      loadModel(context, config.modelFile, config.entry);
  if (failed(model))
    return failure();
  func::FuncOp func = model->func;
  // One sample through the interpreter or the compiled code.
  std::function<FailureOr<SmallVector<HostTensor>>(ArrayRef<HostTensor>,
                                                   InterpreterOptions)>
      runSample;
  std::unique_ptr<Interpreter> interpreter;
  std::unique_ptr<JitModel> jit;
  double compileMs = 0;
  if (config.compiled) {
    CodegenTarget target;
    if (!parseCodegenTarget(config.target, target))
      return emitRunnerError(&context, "unknown --target '" + config.target +
                                           "' (generic, host, x86-avx512vnni or x86-avxvnni)");
    if (!config.dumpDir.empty())
      return emitRunnerError(
          &context, "--dump-intermediates needs --interpret (compiled code "
                    "keeps no intermediate tensors)");
    if (config.threads > QNN_MAX_THREADS)
      return emitRunnerError(&context, "--threads must be at most " +
                                           llvm::Twine(QNN_MAX_THREADS));
    auto start = std::chrono::steady_clock::now();
    FailureOr<std::unique_ptr<JitModel>> compiled = JitModel::compile(
        func, target, /*lowerObservers=*/false, std::max(config.threads, 1u));
    if (failed(compiled))
      return failure();
    compileMs = std::chrono::duration<double, std::milli>(
                    std::chrono::steady_clock::now() - start)
                    .count();
    jit = std::move(*compiled);
    runSample = [&](ArrayRef<HostTensor> inputs,
                    InterpreterOptions) -> FailureOr<SmallVector<HostTensor>> {
      FailureOr<SmallVector<HostTensor>> checked =
          checkModelInputs(func, inputs);
      if (failed(checked))
        return failure();
      llvm::Expected<SmallVector<HostTensor>> results = jit->run(*checked);
      if (!results)
        return emitRunnerError(&context, results.takeError());
      return std::move(*results);
    };
  } else {
    FailureOr<std::unique_ptr<Interpreter>> created = Interpreter::create(func);
    if (failed(created))
      return failure();
    interpreter = std::move(*created);
    runSample = [&](ArrayRef<HostTensor> inputs, InterpreterOptions options) {
      return interpreter->run(inputs, options);
    };
  }
  unsigned numResults = func.getNumResults();
  if (!config.outputFiles.empty() && config.outputFiles.size() != numResults)
    return emitRunnerError(
        &context, "the model has " + llvm::Twine(numResults) + " output" +
                      (numResults == 1 ? "" : "s") + ", got " +
                      llvm::Twine(config.outputFiles.size()) + " --output");
  FailureOr<SmallVector<HostTensor>> inputs =
      readInputs(func, config.inputFiles);
  if (failed(inputs))
    return failure();
  FailureOr<SmallVector<SmallVector<HostTensor>>> samples =
      getSamples(func, std::move(*inputs), config.samples);
  if (failed(samples))
    return failure();

  // Run every sample; outputs[r] collects result r of each.
  SmallVector<SmallVector<HostTensor>> outputs(numResults);
  for (auto [s, sample] : llvm::enumerate(*samples)) {
    std::optional<DiagnosticNoteScope> inSample;
    if (config.samples)
      inSample.emplace(&context, "in sample " + std::to_string(s));
    llvm::StringMap<HostTensor> intermediates;
    InterpreterOptions options;
    if (!config.dumpDir.empty())
      options.intermediates = &intermediates;
    FailureOr<SmallVector<HostTensor>> results = runSample(sample, options);
    if (failed(results))
      return failure();
    for (auto [r, result] : llvm::enumerate(*results))
      outputs[r].push_back(std::move(result));
    if (!config.dumpDir.empty()) {
      SmallString<128> dir(config.dumpDir);
      if (config.samples)
        llvm::sys::path::append(dir, std::to_string(s));
      if (llvm::Error error = writeTensorDirectory(intermediates, dir))
        return emitRunnerError(&context, std::move(error));
    }
  }

  for (auto [r, path] : llvm::enumerate(config.outputFiles)) {
    HostTensor result = config.samples ? stackSamples(outputs[r])
                                       : std::move(outputs[r].front());
    if (llvm::Error error = writeTensorFile(result, path))
      return emitRunnerError(&context, std::move(error),
                             "cannot write output '" + getResultName(func, r) +
                                 "': ");
  }

  if (!config.time)
    return success();
  std::optional<TimingSummary> timing =
      timeRuns([&] { return succeeded(runSample(samples->front(), {})); },
               config.warmups, config.repeats);
  if (!timing)
    return failure();
  os << formatTiming(*timing) << "\n";
  if (config.compiled)
    os << llvm::format("compile: %.1f ms (lowering and JIT, target %s)\n",
                       compileMs, config.target.c_str());
  return success();
}

//===----------------------------------------------------------------------===//
// --calibrate
//===----------------------------------------------------------------------===//

/// Streams the samples (one at a time from each data file) through the
/// interpreter and writes the module with statistics.
LogicalResult mlir::qnn::runCalibrate(MLIRContext &context,
                                      const CalibrateConfig &config) {
  FailureOr<LoadedModel> model =
      loadModel(context, config.modelFile, config.entry);
  if (failed(model))
    return failure();
  func::FuncOp func = model->func;
  if (config.dataFiles.size() != func.getNumArguments())
    return emitInputCountError(func, config.dataFiles.size(), "--data");
  std::vector<NpySampleReader> readers;
  for (auto [i, path] : llvm::enumerate(config.dataFiles)) {
    std::string input =
        "calibration data for input '" + getArgumentName(func, i) + "'";
    Result<NpySampleReader> reader = NpySampleReader::open(path);
    if (!reader)
      return emitRunnerError(&context, input + ": " + reader.getError());
    if (!readers.empty() &&
        reader->getNumSamples() != readers.front().getNumSamples())
      return emitRunnerError(
          &context, input + " holds " + llvm::Twine(reader->getNumSamples()) +
                        " samples, the first input's " +
                        llvm::Twine(readers.front().getNumSamples()));
    readers.push_back(std::move(*reader));
  }
  int64_t numSamples = readers.empty() ? 0 : readers.front().getNumSamples();
  if (numSamples == 0)
    return emitRunnerError(
        &context, "the calibration set is empty: no samples in '" +
                      (config.dataFiles.empty() ? std::string("<none>")
                                                : config.dataFiles[0]) +
                      "'");
  if (config.threads > QNN_MAX_THREADS)
    return emitRunnerError(&context, "--threads must be at most " +
                                         llvm::Twine(QNN_MAX_THREADS));
  // One thread per core by default: the statistics do not depend on it.
  unsigned threads = config.threads;
  if (threads == 0)
    threads =
        std::clamp(std::thread::hardware_concurrency(), 1u, QNN_MAX_THREADS);
  using Clock = std::chrono::steady_clock;
  auto elapsedMs = [](Clock::time_point since) {
    return std::chrono::duration<double, std::milli>(Clock::now() - since)
        .count();
  };
  Clock::time_point start = Clock::now();
  FailureOr<std::unique_ptr<Calibrator>> calibrator =
      Calibrator::create(func, config.compiled, threads);
  if (failed(calibrator))
    return failure();
  double createMs = elapsedMs(start);
  std::vector<double> sampleMs;
  for (int64_t s = 0; s < numSamples; ++s) {
    SmallVector<HostTensor> sample;
    for (const NpySampleReader &reader : readers) {
      llvm::Expected<HostTensor> tensor = readSampleTensor(&context, reader, s);
      if (!tensor)
        return emitRunnerError(&context, tensor.takeError());
      sample.push_back(std::move(*tensor));
    }
    start = Clock::now();
    if (failed((*calibrator)->addSample(sample, s)))
      return failure();
    sampleMs.push_back(elapsedMs(start));
  }
  if (config.time) {
    // On stderr: stdout may hold the calibrated module.
    double totalMs = 0;
    for (double ms : sampleMs)
      totalMs += ms;
    TimingSummary summary = summarizeTimes(sampleMs);
    llvm::errs() << llvm::format(
        "calibration: median %.3f ms per sample over %zu samples (min %.3f "
        "ms, max %.3f ms), %.1f ms in all\n",
        summary.medianMs, summary.runs, summary.minMs, summary.maxMs, totalMs);
    if (const JitModel *jit = (*calibrator)->getJitModel())
      llvm::errs() << llvm::format(
          "compile: %.1f ms (lowering %.1f ms, LLVM %.1f ms), %u thread%s\n",
          createMs, jit->getCompileTimes().loweringMs,
          jit->getCompileTimes().llvmMs, threads, threads == 1 ? "" : "s");
  }
  if (failed((*calibrator)->writeStatistics()))
    return failure();
  std::string error;
  std::unique_ptr<llvm::ToolOutputFile> output =
      openOutputFile(config.outputFile, &error);
  if (!output)
    return emitRunnerError(&context, error);
  // Locations name the ONNX tensors: keep them.
  model->module->print(output->os(), OpPrintingFlags().enableDebugInfo());
  output->keep();
  return success();
}

//===----------------------------------------------------------------------===//
// --compare
//===----------------------------------------------------------------------===//

/// Both models on the same samples, every tensor of the quantized model that
/// has a namesake in the float model compared.
LogicalResult mlir::qnn::runCompare(MLIRContext &context,
                                    const CompareConfig &config,
                                    llvm::raw_ostream &os) {
  if (config.quantModelFile.empty())
    return emitRunnerError(&context,
                           "--compare needs two models: quant-run --compare "
                           "float.mlir quant.mlir --input x.npy");
  FailureOr<LoadedModel> floatModel =
      loadModel(context, config.floatModelFile, config.entry);
  if (failed(floatModel))
    return failure();
  FailureOr<LoadedModel> quantModel =
      loadModel(context, config.quantModelFile, config.entry);
  if (failed(quantModel))
    return failure();
  FailureOr<std::unique_ptr<Interpreter>> floatRun =
      Interpreter::create(floatModel->func);
  FailureOr<std::unique_ptr<Interpreter>> quantRun =
      Interpreter::create(quantModel->func);
  if (failed(floatRun) || failed(quantRun))
    return failure();
  FailureOr<SmallVector<HostTensor>> inputs =
      readInputs(floatModel->func, config.inputFiles);
  if (failed(inputs))
    return failure();
  FailureOr<SmallVector<SmallVector<HostTensor>>> samples =
      getSamples(floatModel->func, std::move(*inputs), config.samples);
  if (failed(samples))
    return failure();

  ModelComparison comparison(quantModel->func);
  for (auto [s, sample] : llvm::enumerate(*samples)) {
    std::optional<DiagnosticNoteScope> inSample;
    if (config.samples)
      inSample.emplace(&context, "in sample " + std::to_string(s));
    llvm::StringMap<HostTensor> floatValues, quantValues;
    InterpreterOptions floatOptions, quantOptions;
    floatOptions.intermediates = &floatValues;
    quantOptions.intermediates = &quantValues;
    if (failed((*floatRun)->run(sample, floatOptions)) ||
        failed((*quantRun)->run(sample, quantOptions)))
      return failure();
    comparison.addSample(floatValues, quantValues);
  }
  const std::vector<TensorError> &errors = comparison.getErrors();
  if (errors.empty())
    return emitRunnerError(&context,
                           "no quantized tensor of '" + config.quantModelFile +
                               "' has a namesake in '" + config.floatModelFile +
                               "' (compare models from the same "
                               "import)");
  printComparison(os, errors);
  if (config.reportDir.empty())
    return success();
  if (llvm::Error error =
          writeCompareReport(config.reportDir, config.floatModelFile,
                             config.quantModelFile, errors))
    return emitRunnerError(&context, std::move(error));
  SmallString<128> md(config.reportDir), svg(config.reportDir);
  llvm::sys::path::append(md, "report.md");
  llvm::sys::path::append(svg, "sqnr.svg");
  os << "wrote " << md << " and " << svg << "\n";
  return success();
}
