//===- QuantRun.h - what quant-run does, as a library -----------*- C++ -*-===//
//
// quant-run's modes as functions, after upstream's JitRunner: the tool's
// main (tools/quant-run) only parses flags into one of these configs and
// calls the mode. Every error is reported as a diagnostic on the context
// (OneLineDiagnosticHandler prints them one line each) and the mode returns
// failure.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_RUNNER_QUANTRUN_H
#define QNN_RUNNER_QUANTRUN_H

#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/LLVM.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace mlir::qnn {

/// --interpret: run a model with the reference interpreter; --run: the
/// same with the model compiled to native code.
struct InterpretConfig {
  std::string modelFile;
  /// The function to run; empty: `main`, else the only public function.
  std::string entry;
  /// A .npy file per model input, and optionally per output, in order.
  std::vector<std::string> inputFiles, outputFiles;
  /// Inputs hold samples stacked on a new leading axis; each runs on its
  /// own and the outputs are stacked likewise.
  bool samples = false;
  /// Time the first sample (warm-ups, then `repeats` runs) and print the
  /// median.
  bool time = false;
  unsigned warmups = 1, repeats = 10;
  /// When set, every intermediate tensor is written to DIR/<name>.npy
  /// (with samples, DIR/<sample>/<name>.npy). Interpreter only.
  std::string dumpDir;
  /// --run: compile the model just in time (qnn-lower-to-llvm for `target`)
  /// and run the native code instead of the interpreter.
  bool compiled = false;
  std::string target = "host";
  /// --run: the threads the compiled code may use; 0: one just in time, a
  /// model library's compile-time default (quant-compile --threads).
  unsigned threads = 0;
};

/// --calibrate: stream calibration samples through an observed model and
/// write it back with #qnn.stats on every qnn.observe.
struct CalibrateConfig {
  std::string modelFile;
  std::string entry;
  /// A .npy file per model input, samples stacked on axis 0.
  std::vector<std::string> dataFiles;
  /// The calibrated .mlir ("-": stdout).
  std::string outputFile = "-";
  /// --compiled: run the samples through native code (observers lowered to
  /// calls of the statistics collector) instead of the interpreter.
  bool compiled = false;
  /// --compiled: the threads the compiled code may use; 0: one per core
  /// (std::thread::hardware_concurrency). The statistics do not depend on
  /// it.
  unsigned threads = 0;
  /// Print on stderr the compile time (--compiled) and the median time of
  /// one sample (its run and statistics, not reading it).
  bool time = false;
};

/// --compare: per quantized tensor, SQNR and max abs error of a quantized
/// model against its float model.
struct CompareConfig {
  std::string floatModelFile, quantModelFile;
  std::string entry;
  std::vector<std::string> inputFiles;
  bool samples = false;
  /// When set, also DIR/report.md and DIR/sqnr.svg.
  std::string reportDir;
};

/// The modes. Results (tables, timings) go to `os`, output files where the
/// config says.
LogicalResult runInterpret(MLIRContext &context, const InterpretConfig &config,
                           llvm::raw_ostream &os);
LogicalResult runCalibrate(MLIRContext &context, const CalibrateConfig &config);
/// --run on a model library (`.so`, quant-compile's output): the model run
/// through its C ABI (runInterpret dispatches here for a .so with
/// `compiled`). `entry` and `target` are fixed in the library.
LogicalResult runModelLibrary(MLIRContext &context,
                              const InterpretConfig &config,
                              llvm::raw_ostream &os);
LogicalResult runCompare(MLIRContext &context, const CompareConfig &config,
                         llvm::raw_ostream &os);

} // namespace mlir::qnn

#endif // QNN_RUNNER_QUANTRUN_H
