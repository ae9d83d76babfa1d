//===- quant-run.cpp - run a qnn model on .npy inputs ---------------------===//
//
//   quant-run --interpret model.mlir [--entry f] --input x.npy [--input ...]
//             [--output y.npy ...] [--samples] [--time] [--repeats N]
//             [--dump-intermediates DIR]
//
// A thin main: options, then one function per mode. Every error is one line
// `error: ...` on stderr and exit code 1.
//
//===----------------------------------------------------------------------===//

#include "qnn/Calibration/Calibrator.h"
#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/InitAllQNN.h"
#include "qnn/Interpreter/Interpreter.h"
#include "qnn/Support/Npy.h"

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <chrono>
#include <cstring>

using namespace mlir;
using namespace mlir::qnn;
namespace cl = llvm::cl;

static cl::OptionCategory category("quant-run options");

static cl::opt<std::string> modelFile(cl::Positional, cl::desc("<model>"),
                                      cl::cat(category));

// Modes (one per run). --compare will join them.
static cl::opt<bool> interpretMode(
    "interpret", cl::desc("Run the .mlir model with the reference interpreter"),
    cl::cat(category));
static cl::opt<bool> calibrateMode(
    "calibrate",
    cl::desc("Run the observed .mlir model over calibration samples and write "
             "it back with #qnn.stats on every qnn.observe"),
    cl::cat(category));
static cl::opt<bool> compareMode(
    "compare",
    cl::desc("Run a float and a quantized .mlir model on the same inputs and "
             "report, per quantized tensor, SQNR and max abs error"),
    cl::cat(category));
static cl::opt<std::string> quantizedModelFile(cl::Positional,
                                               cl::desc("[<quantized model>]"),
                                               cl::cat(category));
static cl::opt<std::string>
    reportDir("report-dir",
              cl::desc("--compare: also write DIR/report.md and the per-layer "
                       "SQNR plot DIR/sqnr.png"),
              cl::value_desc("DIR"), cl::cat(category));
static cl::list<std::string> dataFiles(
    "data",
    cl::desc("--calibrate: a .npy per model input, samples stacked on axis 0"),
    cl::value_desc("file"), cl::cat(category));
static cl::opt<std::string> outputModel("o",
                                        cl::desc("--calibrate: the calibrated "
                                                 ".mlir to write"),
                                        cl::value_desc("file"),
                                        cl::init("-"), cl::cat(category));

static cl::opt<std::string>
    entryName("entry",
              cl::desc("The function to run (default: main, else the only "
                       "public function)"),
              cl::value_desc("name"), cl::cat(category));
static cl::list<std::string>
    inputFiles("input", cl::desc("A .npy file per model input, in order"),
               cl::value_desc("file"), cl::cat(category));
static cl::list<std::string>
    outputFiles("output", cl::desc("A .npy file per model output, in order"),
                cl::value_desc("file"), cl::cat(category));
static cl::opt<bool> samplesMode(
    "samples",
    cl::desc("Each input holds N samples stacked on a new leading axis; run "
             "each and stack the outputs the same way"),
    cl::cat(category));
static cl::opt<bool>
    timeMode("time",
             cl::desc("Time the run (warm-up, then --repeats runs) and print "
                      "the median in ms"),
             cl::cat(category));
static cl::opt<unsigned> repeats("repeats", cl::desc("Timed runs for --time"),
                                 cl::init(10), cl::cat(category));
static cl::opt<unsigned> warmups("warmup",
                                 cl::desc("Untimed runs before --time"),
                                 cl::init(1), cl::cat(category));
static cl::opt<std::string>
    dumpDir("dump-intermediates",
            cl::desc("Write every intermediate tensor to DIR/<name>.npy (with "
                     "--samples, DIR/<sample>/<name>.npy)"),
            cl::value_desc("DIR"), cl::cat(category));

//===----------------------------------------------------------------------===//
// Errors: one line each
//===----------------------------------------------------------------------===//

/// What the current step is doing ("sample 3"), prefixed to diagnostics.
static std::string errorContext;

static int fail(const llvm::Twine &message) {
  llvm::errs() << "error: ";
  if (!errorContext.empty())
    llvm::errs() << errorContext << ": ";
  llvm::errs() << message << "\n";
  return 1;
}

static int fail(llvm::Error error) {
  std::string message = llvm::toString(std::move(error));
  return fail(message);
}

/// The file:line:col inside a location, if any.
static std::optional<FileLineColLoc> findFileLoc(Location loc) {
  if (auto file = dyn_cast<FileLineColLoc>(loc))
    return file;
  if (auto name = dyn_cast<NameLoc>(loc))
    return findFileLoc(name.getChildLoc());
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location inner : fused.getLocations())
      if (auto file = findFileLoc(inner))
        return file;
  if (auto callSite = dyn_cast<CallSiteLoc>(loc))
    return findFileLoc(callSite.getCallee());
  return std::nullopt;
}

/// Prints each diagnostic as one line: `error: [context: ]file:line:col:
/// message`. Notes are folded into the line.
static LogicalResult printDiagnostic(Diagnostic &diag) {
  llvm::raw_ostream &os = llvm::errs();
  switch (diag.getSeverity()) {
  case DiagnosticSeverity::Error:
    os << "error: ";
    break;
  case DiagnosticSeverity::Warning:
    os << "warning: ";
    break;
  default:
    os << "note: ";
    break;
  }
  if (!errorContext.empty())
    os << errorContext << ": ";
  if (std::optional<FileLineColLoc> file = findFileLoc(diag.getLocation())) {
    os << file->getFilename().getValue();
    // Line 0 is the file as a whole (e.g. the implicit module).
    if (file->getLine())
      os << ":" << file->getLine() << ":" << file->getColumn();
    os << ": ";
  }
  std::string message = diag.str();
  std::replace(message.begin(), message.end(), '\n', ' ');
  os << message;
  for (Diagnostic &note : diag.getNotes()) {
    std::string text = note.str();
    std::replace(text.begin(), text.end(), '\n', ' ');
    os << " (" << text << ")";
  }
  os << "\n";
  return success();
}

//===----------------------------------------------------------------------===//
// Samples
//===----------------------------------------------------------------------===//

/// Sample `i` of a tensor stacked on a leading axis, with type `type`.
static HostTensor takeSample(const HostTensor &stacked, int64_t i,
                             RankedTensorType type) {
  HostTensor sample(type);
  int64_t size = sample.getNumElements();
  if (stacked.isFloat())
    std::copy_n(stacked.getFloats().data() + i * size, size,
                sample.getFloats().data());
  else
    std::copy_n(stacked.getInts().data() + i * size, size,
                sample.getInts().data());
  return sample;
}

/// Stacks equally shaped tensors on a new leading axis.
static HostTensor stack(ArrayRef<HostTensor> tensors) {
  RankedTensorType type = tensors.front().getType();
  SmallVector<int64_t> shape = {static_cast<int64_t>(tensors.size())};
  llvm::append_range(shape, type.getShape());
  HostTensor result(type.clone(shape));
  int64_t size = type.getNumElements();
  for (auto [i, t] : llvm::enumerate(tensors)) {
    if (t.isFloat())
      std::copy_n(t.getFloats().data(), size,
                  result.getFloats().data() + i * size);
    else
      std::copy_n(t.getInts().data(), size, result.getInts().data() + i * size);
  }
  return result;
}

//===----------------------------------------------------------------------===//
// --interpret
//===----------------------------------------------------------------------===//

static std::string describeArguments(func::FuncOp func) {
  std::string names;
  for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i)
    names += (i ? ", " : "") + getArgumentName(func, i);
  return names;
}

/// Writes the intermediates of one run to `dir`.
static int dumpIntermediates(const llvm::StringMap<HostTensor> &values,
                             StringRef dir) {
  if (std::error_code ec = llvm::sys::fs::create_directories(dir))
    return fail("cannot create directory '" + dir + "': " + ec.message());
  for (const auto &entry : values) {
    std::string name = entry.getKey().str();
    for (char &c : name)
      if (!llvm::isAlnum(c) && !StringRef("_-.%#").contains(c))
        c = '_';
    SmallString<128> path(dir);
    llvm::sys::path::append(path, name + ".npy");
    if (llvm::Error error = writeNpy(entry.getValue(), path))
      return fail(std::move(error));
  }
  return 0;
}

/// Runs `interpreter` `warmups` + `repeats` times and prints the median.
static int timeRuns(const Interpreter &interpreter,
                    ArrayRef<HostTensor> inputs) {
  for (unsigned i = 0; i < warmups; ++i)
    if (failed(interpreter.run(inputs)))
      return 1;
  std::vector<double> times;
  for (unsigned i = 0; i < std::max(1u, repeats.getValue()); ++i) {
    auto start = std::chrono::steady_clock::now();
    if (failed(interpreter.run(inputs)))
      return 1;
    auto end = std::chrono::steady_clock::now();
    times.push_back(
        std::chrono::duration<double, std::milli>(end - start).count());
  }
  std::sort(times.begin(), times.end());
  size_t n = times.size();
  double median =
      n % 2 ? times[n / 2] : (times[n / 2 - 1] + times[n / 2]) / 2.0;
  llvm::outs() << llvm::format("time: median %.3f ms over %zu runs (min "
                               "%.3f ms, max %.3f ms)\n",
                               median, n, times.front(), times.back());
  return 0;
}

/// The function to run: --entry, else main or the only public function.
static FailureOr<func::FuncOp> getFunctionToRun(ModuleOp module) {
  if (entryName.empty())
    return getEntryFunction(module);
  auto func = module.lookupSymbol<func::FuncOp>(entryName);
  if (!func || func.isExternal()) {
    fail("the model has no function '" + entryName + "' with a body");
    return failure();
  }
  return func;
}

/// Reads one .npy file per --input; the count must match the function.
static FailureOr<SmallVector<HostTensor>> readInputs(MLIRContext &context,
                                                     func::FuncOp func) {
  unsigned numArgs = func.getNumArguments();
  if (inputFiles.size() != numArgs) {
    fail("the model has " + llvm::Twine(numArgs) + " input" +
         (numArgs == 1 ? "" : "s") + " (" + describeArguments(func) +
         "), got " + llvm::Twine(inputFiles.size()) + " --input");
    return failure();
  }
  SmallVector<HostTensor> inputs;
  for (auto [i, path] : llvm::enumerate(inputFiles)) {
    llvm::Expected<HostTensor> tensor = readNpy(&context, path);
    if (!tensor) {
      fail("cannot read input '" + getArgumentName(func, i) +
           "': " + llvm::toString(tensor.takeError()));
      return failure();
    }
    inputs.push_back(std::move(*tensor));
  }
  return inputs;
}

/// With --samples, cuts every input along its leading axis into the
/// function's argument shapes; otherwise the inputs are the one sample.
static FailureOr<SmallVector<SmallVector<HostTensor>>>
splitSamples(func::FuncOp func, SmallVector<HostTensor> inputs) {
  SmallVector<SmallVector<HostTensor>> samples;
  if (!samplesMode) {
    samples.push_back(std::move(inputs));
    return samples;
  }
  int64_t numSamples = 1;
  for (auto [i, input] : llvm::enumerate(inputs)) {
    auto type = cast<RankedTensorType>(func.getArgument(i).getType());
    ArrayRef<int64_t> shape = input.getShape();
    std::string name = getArgumentName(func, i);
    if (shape.empty() || shape.drop_front() != type.getShape()) {
      std::string expected = "[N";
      for (int64_t d : type.getShape())
        expected += ", " + std::to_string(d);
      fail("input '" + name + "' must hold samples of shape " + expected +
           "] with --samples");
      return failure();
    }
    if (shape[0] == 0) {
      fail("input '" + name + "' holds no samples");
      return failure();
    }
    if (i == 0) {
      numSamples = shape[0];
    } else if (shape[0] != numSamples) {
      fail("input '" + name + "' holds " + llvm::Twine(shape[0]) +
           " samples, input '" + getArgumentName(func, 0) + "' holds " +
           llvm::Twine(numSamples));
      return failure();
    }
  }
  for (int64_t s = 0; s < numSamples; ++s) {
    SmallVector<HostTensor> sample;
    for (auto [i, input] : llvm::enumerate(inputs)) {
      auto argType = cast<RankedTensorType>(func.getArgument(i).getType());
      sample.push_back(takeSample(
          input, s,
          RankedTensorType::get(argType.getShape(), input.getElementType())));
    }
    samples.push_back(std::move(sample));
  }
  return samples;
}

/// A parsed model and the function quant-run runs in it.
struct LoadedModel {
  OwningOpRef<ModuleOp> module;
  func::FuncOp func;
};

/// Parses `path` and finds its entry function (diagnostics already printed
/// on failure).
static FailureOr<LoadedModel> loadModel(MLIRContext &context, StringRef path) {
  LoadedModel model;
  model.module = parseSourceFile<ModuleOp>(path, &context);
  if (!model.module)
    return failure();
  FailureOr<func::FuncOp> func = getFunctionToRun(*model.module);
  if (failed(func))
    return failure();
  model.func = *func;
  return model;
}

static int runInterpret(MLIRContext &context) {
  FailureOr<LoadedModel> model = loadModel(context, modelFile);
  if (failed(model))
    return 1;
  func::FuncOp func = model->func;
  FailureOr<std::unique_ptr<Interpreter>> interpreter =
      Interpreter::create(func);
  if (failed(interpreter))
    return 1;
  unsigned numResults = func.getNumResults();
  if (!outputFiles.empty() && outputFiles.size() != numResults)
    return fail("the model has " + llvm::Twine(numResults) + " output" +
                (numResults == 1 ? "" : "s") + ", got " +
                llvm::Twine(outputFiles.size()) + " --output");
  FailureOr<SmallVector<HostTensor>> inputs = readInputs(context, func);
  if (failed(inputs))
    return 1;
  FailureOr<SmallVector<SmallVector<HostTensor>>> samples =
      splitSamples(func, std::move(*inputs));
  if (failed(samples))
    return 1;

  // Run every sample; outputs[r] collects result r of each.
  SmallVector<SmallVector<HostTensor>> outputs(numResults);
  for (auto [s, sample] : llvm::enumerate(*samples)) {
    if (samplesMode)
      errorContext = "sample " + std::to_string(s);
    llvm::StringMap<HostTensor> intermediates;
    InterpreterOptions options;
    if (!dumpDir.empty())
      options.intermediates = &intermediates;
    FailureOr<SmallVector<HostTensor>> results =
        (*interpreter)->run(sample, options);
    if (failed(results))
      return 1;
    for (auto [r, result] : llvm::enumerate(*results))
      outputs[r].push_back(std::move(result));
    if (!dumpDir.empty()) {
      SmallString<128> dir(dumpDir);
      if (samplesMode)
        llvm::sys::path::append(dir, std::to_string(s));
      if (int rc = dumpIntermediates(intermediates, dir))
        return rc;
    }
  }
  errorContext.clear();

  for (auto [r, path] : llvm::enumerate(outputFiles)) {
    HostTensor result =
        samplesMode ? stack(outputs[r]) : std::move(outputs[r].front());
    if (llvm::Error error = writeNpy(result, path))
      return fail("cannot write output '" + getResultName(func, r) +
                  "': " + llvm::toString(std::move(error)));
  }

  if (timeMode)
    return timeRuns(**interpreter, samples->front());
  return 0;
}

/// --calibrate: streams the samples (one at a time from each --data file)
/// through the interpreter and writes the module with statistics.
static int runCalibrate(MLIRContext &context) {
  FailureOr<LoadedModel> model = loadModel(context, modelFile);
  if (failed(model))
    return 1;
  func::FuncOp func = model->func;
  OwningOpRef<ModuleOp> &module = model->module;
  unsigned numArgs = func.getNumArguments();
  if (dataFiles.size() != numArgs)
    return fail("the model has " + llvm::Twine(numArgs) + " input" +
                (numArgs == 1 ? "" : "s") + " (" + describeArguments(func) +
                "), got " + llvm::Twine(dataFiles.size()) + " --data");
  std::vector<NpySampleReader> readers;
  for (auto [i, path] : llvm::enumerate(dataFiles)) {
    llvm::Expected<NpySampleReader> reader =
        NpySampleReader::open(&context, path);
    if (!reader)
      return fail("calibration data for input '" + getArgumentName(func, i) +
                  "': " + llvm::toString(reader.takeError()));
    if (!readers.empty() &&
        reader->getNumSamples() != readers.front().getNumSamples())
      return fail("calibration data for input '" + getArgumentName(func, i) +
                  "' holds " + llvm::Twine(reader->getNumSamples()) +
                  " samples, the first input's " +
                  llvm::Twine(readers.front().getNumSamples()));
    readers.push_back(std::move(*reader));
  }
  int64_t numSamples = readers.empty() ? 0 : readers.front().getNumSamples();
  if (numSamples == 0)
    return fail("the calibration set is empty: no samples in '" +
                (dataFiles.empty() ? std::string("<none>") : dataFiles[0]) +
                "'");
  FailureOr<std::unique_ptr<Calibrator>> calibrator = Calibrator::create(func);
  if (failed(calibrator))
    return 1;
  for (int64_t s = 0; s < numSamples; ++s) {
    SmallVector<HostTensor> sample;
    for (auto [i, reader] : llvm::enumerate(readers)) {
      llvm::Expected<HostTensor> tensor = reader.readSample(s);
      if (!tensor)
        return fail(tensor.takeError());
      sample.push_back(std::move(*tensor));
    }
    if (failed((*calibrator)->addSample(sample, s)))
      return 1;
  }
  if (failed((*calibrator)->writeStatistics()))
    return 1;
  std::string error;
  std::unique_ptr<llvm::ToolOutputFile> output =
      openOutputFile(outputModel, &error);
  if (!output)
    return fail(error);
  // Locations name the ONNX tensors: keep them.
  module->print(output->os(), OpPrintingFlags().enableDebugInfo());
  output->keep();
  return 0;
}

//===----------------------------------------------------------------------===//
// --compare
//===----------------------------------------------------------------------===//

namespace {
/// Error of one tensor of the quantized model against the float model,
/// accumulated over the samples.
struct TensorError {
  std::string name; // the tensor (first NameLoc of the producer)
  std::string node; // the ONNX node that produces it (the nested NameLoc)
  std::string type; // "scale 0.0123, zero point 128", or "per-axis"
  double signal = 0, noise = 0, maxAbs = 0;

  double sqnr() const {
    if (noise == 0)
      return std::numeric_limits<double>::infinity();
    return 10.0 * std::log10(signal / noise);
  }
};
} // namespace

/// The real values a tensor of the quantized model stands for.
static std::vector<double> realValues(const HostTensor &tensor) {
  std::vector<double> values(tensor.getNumElements());
  if (tensor.isFloat()) {
    llvm::copy(tensor.getFloats(), values.begin());
    return values;
  }
  Type element = tensor.getElementType();
  ArrayRef<int32_t> q = tensor.getInts();
  if (auto perTensor = dyn_cast<quant::UniformQuantizedType>(element)) {
    for (size_t i = 0; i < values.size(); ++i)
      values[i] = (q[i] - perTensor.getZeroPoint()) * perTensor.getScale();
    return values;
  }
  if (auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(element)) {
    ArrayRef<int64_t> shape = tensor.getShape();
    int64_t axis = perAxis.getQuantizedDimension(), inner = 1;
    for (int64_t d = axis + 1, e = shape.size(); d < e; ++d)
      inner *= shape[d];
    for (size_t i = 0; i < values.size(); ++i) {
      int64_t c = (i / inner) % shape[axis];
      values[i] = (q[i] - perAxis.getZeroPoints()[c]) * perAxis.getScales()[c];
    }
    return values;
  }
  return {};
}

static std::string describeType(Type element) {
  std::string text;
  llvm::raw_string_ostream os(text);
  if (auto perTensor = dyn_cast<quant::UniformQuantizedType>(element))
    os << "scale " << llvm::format("%.6g", perTensor.getScale())
       << ", zero point " << perTensor.getZeroPoint();
  else if (isa<quant::UniformQuantizedPerAxisType>(element))
    os << "per-axis";
  else
    os << element;
  return text;
}

/// Writes DIR/report.md and draws DIR/sqnr.png with matplotlib.
static int writeReport(ArrayRef<TensorError> errors) {
  if (std::error_code ec = llvm::sys::fs::create_directories(reportDir))
    return fail("cannot create '" + reportDir + "': " + ec.message());
  SmallString<128> md(reportDir), csv(reportDir), png(reportDir),
      script(reportDir);
  llvm::sys::path::append(md, "report.md");
  llvm::sys::path::append(csv, "sqnr.csv");
  llvm::sys::path::append(png, "sqnr.png");
  llvm::sys::path::append(script, "plot_sqnr.py");
  std::error_code ec;
  llvm::raw_fd_ostream report(md, ec);
  llvm::raw_fd_ostream table(csv, ec);
  llvm::raw_fd_ostream plot(script, ec);
  if (ec)
    return fail("cannot write the report in '" + reportDir + "': " +
                ec.message());
  report << "# Quantization report\n\nFloat model: `" << modelFile
         << "`, quantized model: `" << quantizedModelFile
         << "`.\n\nPer tensor of the quantized model, in program order: "
            "signal-to-quantization-noise ratio against the float model "
            "(higher is better) and the largest absolute error.\n\n"
            "![per-layer SQNR](sqnr.png)\n\n"
            "| node | tensor | quantization | SQNR (dB) | max abs error |\n"
            "|---|---|---|---|---|\n";
  table << "tensor,sqnr\n";
  for (const TensorError &e : errors) {
    report << "| `" << e.node << "` | `" << e.name << "` | " << e.type << " | "
           << llvm::format("%.2f", e.sqnr()) << " | "
           << llvm::format("%.6g", e.maxAbs) << " |\n";
    table << e.name << "," << llvm::format("%.4f", std::min(e.sqnr(), 200.0))
          << "\n";
  }
  plot << R"py(import csv, sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
rows = list(csv.DictReader(open(sys.argv[1])))
names = [r["tensor"] for r in rows]
values = [float(r["sqnr"]) for r in rows]
fig, ax = plt.subplots(figsize=(max(6, 0.35 * len(rows)), 4))
ax.bar(range(len(rows)), values, color="tab:blue")
ax.set_xticks(range(len(rows)))
ax.set_xticklabels(names, rotation=90, fontsize=7)
ax.set_ylabel("SQNR (dB)")
ax.set_title("Per-layer SQNR, quantized vs float")
fig.tight_layout()
fig.savefig(sys.argv[2], dpi=120)
)py";
  report.close();
  table.close();
  plot.close();
  std::string python = "/usr/bin/python3";
  SmallVector<StringRef> args = {python, script, csv, png};
  std::string message;
  int rc = llvm::sys::ExecuteAndWait(python, args, std::nullopt, {}, 0, 0,
                                     &message);
  if (rc != 0)
    return fail("cannot draw " + std::string(png) + " (python3 with "
                "matplotlib): " + (message.empty() ? "exit code " +
                std::to_string(rc) : message));
  llvm::outs() << "wrote " << md << " and " << png << "\n";
  return 0;
}

/// Divides out the factors qnn-equalize-concat-ranges multiplied `op`'s
/// result by, so that it compares with the float model's tensor. True when
/// there were any.
static bool undoEqualization(Operation *op, ArrayRef<int64_t> shape,
                             std::vector<double> &values) {
  auto factors = op->getAttrOfType<DenseF64ArrayAttr>(qnn::kEqualizedByAttr);
  if (!factors || factors.empty())
    return false;
  if (factors.size() == 1) {
    for (double &v : values)
      v /= factors[0];
    return true;
  }
  auto axisAttr = op->getAttrOfType<IntegerAttr>(qnn::kEqualizedAxisAttr);
  int64_t axis = axisAttr ? axisAttr.getInt() : -1;
  if (axis < 0 || axis >= static_cast<int64_t>(shape.size()) ||
      shape[axis] != factors.size())
    return false;
  int64_t inner = 1;
  for (int64_t d = axis + 1, e = shape.size(); d < e; ++d)
    inner *= shape[d];
  for (size_t i = 0; i < values.size(); ++i)
    values[i] /= factors[(i / inner) % shape[axis]];
  return true;
}

/// --compare: both models on the same samples, every tensor of the
/// quantized model that has a namesake in the float model compared.
static int runCompare(MLIRContext &context) {
  if (quantizedModelFile.empty())
    return fail("--compare needs two models: quant-run --compare float.mlir "
                "quant.mlir --input x.npy");
  FailureOr<LoadedModel> floatModel = loadModel(context, modelFile);
  if (failed(floatModel))
    return 1;
  FailureOr<LoadedModel> quantModel = loadModel(context, quantizedModelFile);
  if (failed(quantModel))
    return 1;
  func::FuncOp floatFunc = floatModel->func;
  func::FuncOp quantFunc = quantModel->func;
  FailureOr<std::unique_ptr<Interpreter>> floatRun =
      Interpreter::create(floatFunc);
  FailureOr<std::unique_ptr<Interpreter>> quantRun =
      Interpreter::create(quantFunc);
  if (failed(floatRun) || failed(quantRun))
    return 1;
  FailureOr<SmallVector<HostTensor>> inputs = readInputs(context, floatFunc);
  if (failed(inputs))
    return 1;
  FailureOr<SmallVector<SmallVector<HostTensor>>> samples =
      splitSamples(floatFunc, std::move(*inputs));
  if (failed(samples))
    return 1;

  std::vector<TensorError> errors;
  llvm::StringMap<size_t> index;
  for (auto [s, sample] : llvm::enumerate(*samples)) {
    if (samplesMode)
      errorContext = "sample " + std::to_string(s);
    llvm::StringMap<HostTensor> floatValues, quantValues;
    InterpreterOptions floatOptions, quantOptions;
    floatOptions.intermediates = &floatValues;
    quantOptions.intermediates = &quantValues;
    if (failed((*floatRun)->run(sample, floatOptions)) ||
        failed((*quantRun)->run(sample, quantOptions)))
      return 1;
    // Program order of the quantized model.
    for (Operation &op : quantFunc.getBody().front()) {
      for (OpResult result : op.getResults()) {
        // The importer names results NameLoc(tensor, NameLoc(node)).
        SmallVector<StringRef, 2> names;
        op.getLoc()->walk([&](Location loc) {
          if (auto named = dyn_cast<NameLoc>(loc))
            names.push_back(named.getName().strref());
          return WalkResult::advance();
        });
        if (names.empty() || op.getNumResults() != 1)
          continue;
        std::optional<StringRef> name = names.front();
        auto quant = quantValues.find(*name);
        auto real = floatValues.find(*name);
        if (quant == quantValues.end() || real == floatValues.end() ||
            !isa<quant::QuantizedType>(getElementTypeOrSelf(result.getType())) ||
            quant->second.getShape() != real->second.getShape() ||
            !real->second.isFloat())
          continue;
        std::vector<double> approx = realValues(quant->second);
        if (approx.empty())
          continue;
        bool equalized = undoEqualization(&op, quant->second.getShape(), approx);
        auto [it, inserted] = index.try_emplace(*name, errors.size());
        if (inserted)
          errors.push_back(
              {name->str(), names.size() > 1 ? names[1].str() : "",
               describeType(getElementTypeOrSelf(result.getType())) +
                   (equalized ? " (equalized)" : "")});
        TensorError &e = errors[it->second];
        ArrayRef<float> exact = real->second.getFloats();
        for (size_t i = 0; i < approx.size(); ++i) {
          double d = approx[i] - exact[i];
          e.signal += double(exact[i]) * exact[i];
          e.noise += d * d;
          e.maxAbs = std::max(e.maxAbs, std::fabs(d));
        }
      }
    }
  }
  errorContext.clear();
  if (errors.empty())
    return fail("no quantized tensor of '" + quantizedModelFile +
                "' has a namesake in '" + modelFile +
                "' (compare models from the same import)");
  size_t width = 6, nodeWidth = 4;
  for (const TensorError &e : errors) {
    width = std::max(width, e.name.size());
    nodeWidth = std::max(nodeWidth, e.node.size());
  }
  llvm::outs() << llvm::format("%-*s  %-*s  %-44s %10s %14s\n", int(nodeWidth),
                               "node", int(width), "tensor", "quantization",
                               "SQNR (dB)", "max abs err");
  for (const TensorError &e : errors)
    llvm::outs() << llvm::format("%-*s  %-*s  %-44s %10.2f %14.6g\n",
                                 int(nodeWidth), e.node.c_str(), int(width),
                                 e.name.c_str(), e.type.c_str(), e.sqnr(),
                                 e.maxAbs);
  if (!reportDir.empty())
    return writeReport(errors);
  return 0;
}

int main(int argc, char **argv) {
  llvm::InitLLVM y(argc, argv);
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(argc, argv,
                              "quant-run: run a qnn model on .npy inputs\n");

  if (modelFile.empty())
    return fail("no model given (usage: quant-run --interpret model.mlir "
                "--input x.npy --output y.npy)");
  if (interpretMode + calibrateMode + compareMode != 1)
    return fail("give exactly one mode: --interpret, --calibrate or "
                "--compare (running compiled models is not implemented yet)");
  if (!quantizedModelFile.empty() && !compareMode)
    return fail("a second model is only read by --compare");

  DialectRegistry registry;
  registerAllQNNDialects(registry);
  MLIRContext context(registry, MLIRContext::Threading::DISABLED);
  context.loadAllAvailableDialects();
  // One line per error: no dump of the failing op.
  context.printOpOnDiagnostic(false);
  ScopedDiagnosticHandler handler(&context, printDiagnostic);

  if (compareMode)
    return runCompare(context);
  return calibrateMode ? runCalibrate(context) : runInterpret(context);
}
