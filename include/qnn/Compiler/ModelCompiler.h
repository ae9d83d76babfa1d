//===- ModelCompiler.h - a qnn module to a model shared library -*- C++ -*-===//
//
// What quant-compile does, as a library (the tool is a thin main): a
// quantized (or float) qnn module is lowered with qnn-lower-to-llvm{arena},
// translated to LLVM IR, given the model descriptor and entry point the
// runtime reads (qnn/Runtime/ModelDescriptor.h), compiled to an object for
// the target, and linked with the runtime archive into one .so exporting
// only the C ABI of qnn/Runtime/qnn_runtime.h. Every error is a diagnostic
// on the module's context and the function returns failure.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_COMPILER_MODELCOMPILER_H
#define QNN_COMPILER_MODELCOMPILER_H

#include "qnn/Conversion/Pipelines.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LLVM.h"

#include <string>
#include <vector>

namespace mlir::qnn {

/// What to write.
enum class CompileOutput {
  /// The model .so.
  SharedLibrary,
  /// The object file the .so is linked from.
  Object,
  /// The LLVM IR (text) of the object, descriptor included.
  LLVMIR,
  /// The object's assembly (text).
  Assembly,
};

struct CompileOptions {
  /// The function to compile; empty: `main`, else the only public one.
  std::string entry;
  CodegenTarget target = CodegenTarget::Generic;
  /// With the generic target: CPU features (CpuFeatures.def names) the
  /// kernels may use beyond the baseline, for a deployment machine other
  /// than this one; create checks them as it checks host's.
  std::vector<std::string> cpuFeatures;
  /// The thread count create uses when given 0.
  unsigned defaultThreads = 1;
  CompileOutput output = CompileOutput::SharedLibrary;
  /// Rank-4 inputs and outputs as NHWC (qnn-nhwc-interface) rather than
  /// the model's NCHW.
  bool nhwcInterface = false;
};

/// Compiles `module` (consumed: lowered in place) and writes `outputPath`.
/// The passes must be registered (registerAllQNNPasses): the pipeline names
/// upstream passes by their registered names.
/// The same module and options give a byte-identical file.
LogicalResult compileModel(ModuleOp module, const CompileOptions &options,
                           StringRef outputPath);

} // namespace mlir::qnn

#endif // QNN_COMPILER_MODELCOMPILER_H
