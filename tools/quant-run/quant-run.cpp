//===- quant-run.cpp - run a qnn model on .npy inputs ---------------------===//
//
//   quant-run --interpret model.mlir [--entry f] --input x.npy [--input ...]
//             [--output y.npy ...] [--samples] [--time] [--repeats N]
//             [--dump-intermediates DIR]
//   quant-run --run model.mlir [--target host|generic] [--threads N] (the
//             same flags, the model compiled to native code just in time)
//   quant-run --run model.so (a library from quant-compile, run through its
//             C ABI; the same flags but --entry, --target, --dump-...)
//   quant-run --calibrate observed.mlir --data calib.npy [-o calibrated.mlir]
//             [--compiled] [--threads N] [--time]
//   quant-run --compare float.mlir quant.mlir --input x.npy [--samples]
//             [--report-dir DIR]
//
// A thin main, as upstream's mlir-runner over JitRunner: flags, then the mode
// in qnn/Runner/QuantRun.h. Every error is one line `error: ...` on stderr
// and exit code 1.
//
//===----------------------------------------------------------------------===//

#include "qnn/InitAllQNN.h"
#include "qnn/Runner/Diagnostics.h"
#include "qnn/Runner/QuantRun.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"

using namespace mlir;
using namespace mlir::qnn;
namespace cl = llvm::cl;

static cl::OptionCategory category("quant-run options");

static cl::opt<std::string> modelFile(cl::Positional, cl::desc("<model>"),
                                      cl::cat(category));
static cl::opt<std::string> quantizedModelFile(cl::Positional,
                                               cl::desc("[<quantized model>]"),
                                               cl::cat(category));

// Modes (one per run).
static cl::opt<bool> interpretMode(
    "interpret", cl::desc("Run the .mlir model with the reference interpreter"),
    cl::cat(category));
static cl::opt<bool> runMode(
    "run",
    cl::desc("Compile the .mlir model to native code (qnn-lower-to-llvm, "
             "just in time) and run it; or run a model .so from "
             "quant-compile through its C ABI"),
    cl::cat(category));
static cl::opt<std::string>
    targetName("target",
               cl::desc("--run: code generation target, host (default), "
                        "generic, x86-avx512vnni or x86-avxvnni"),
               cl::value_desc("name"), cl::init("host"), cl::cat(category));
/// --threads: registered in main, after the hidden `threads` option some
/// LLVM library registers is taken off the command line.
static unsigned threads = 0;
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
                      "the median in ms; --calibrate: print on stderr the "
                      "median per sample and the compile time"),
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

static cl::list<std::string> dataFiles(
    "data",
    cl::desc("--calibrate: a .npy per model input, samples stacked on axis 0"),
    cl::value_desc("file"), cl::cat(category));
static cl::opt<bool> compiledCalibration(
    "compiled",
    cl::desc("--calibrate: run the samples through native code (observers "
             "lowered to calls of the statistics collector)"),
    cl::cat(category));
static cl::opt<std::string> outputModel("o",
                                        cl::desc("--calibrate: the calibrated "
                                                 ".mlir to write"),
                                        cl::value_desc("file"), cl::init("-"),
                                        cl::cat(category));

static cl::opt<std::string>
    reportDir("report-dir",
              cl::desc("--compare: also write DIR/report.md and the per-layer "
                       "SQNR plot DIR/sqnr.svg"),
              cl::value_desc("DIR"), cl::cat(category));

/// The mode the flags ask for, or failure (reported).
static LogicalResult checkMode(MLIRContext &context) {
  if (modelFile.empty())
    return emitRunnerError(&context,
                           "no model given (usage: quant-run --interpret "
                           "model.mlir --input x.npy --output y.npy)");
  if (interpretMode + runMode + calibrateMode + compareMode != 1)
    return emitRunnerError(&context,
                           "give exactly one mode: --interpret, --run, "
                           "--calibrate or --compare");
  if (!quantizedModelFile.empty() && !compareMode)
    return emitRunnerError(&context,
                           "a second model is only read by --compare");
  return success();
}

static LogicalResult run(MLIRContext &context) {
  if (failed(checkMode(context)))
    return failure();
  if (interpretMode || runMode) {
    InterpretConfig config;
    config.modelFile = modelFile;
    config.entry = entryName;
    config.inputFiles = inputFiles;
    config.outputFiles = outputFiles;
    config.samples = samplesMode;
    config.time = timeMode;
    config.warmups = warmups;
    config.repeats = repeats;
    config.dumpDir = dumpDir;
    config.compiled = runMode;
    config.target = targetName;
    config.threads = threads;
    return runInterpret(context, config, llvm::outs());
  }
  if (calibrateMode) {
    CalibrateConfig config;
    config.modelFile = modelFile;
    config.entry = entryName;
    config.dataFiles = dataFiles;
    config.outputFile = outputModel;
    config.compiled = compiledCalibration;
    config.threads = threads;
    config.time = timeMode;
    return runCalibrate(context, config);
  }
  CompareConfig config;
  config.floatModelFile = modelFile;
  config.quantModelFile = quantizedModelFile;
  config.entry = entryName;
  config.inputFiles = inputFiles;
  config.samples = samplesMode;
  config.reportDir = reportDir;
  return runCompare(context, config, llvm::outs());
}

int main(int argc, char **argv) {
  llvm::InitLLVM y(argc, argv);
  if (cl::Option *llvmThreads = cl::getRegisteredOptions().lookup("threads"))
    llvmThreads->removeArgument();
  static cl::opt<unsigned, /*ExternalStorage=*/true> threadsOption(
      "threads",
      cl::desc("--run, --calibrate --compiled: threads the compiled code "
               "may use (default: --run 1 for a .mlir model, the library's "
               "own default for a .so; --calibrate one per core)"),
      cl::location(threads), cl::init(0), cl::cat(category));
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(argc, argv,
                              "quant-run: run a qnn model on .npy inputs\n");

  DialectRegistry registry;
  registerAllQNNDialects(registry);
  MLIRContext context(registry, MLIRContext::Threading::DISABLED);
  context.loadAllAvailableDialects();
  // One line per error: no dump of the failing op.
  context.printOpOnDiagnostic(false);
  OneLineDiagnosticHandler handler(&context);
  return failed(run(context)) ? 1 : 0;
}
