//===- ModelCompilerImpl.h - the steps of compileModel ----------*- C++ -*-===//
//
// Private to lib/Compiler: one function per step of ModelCompiler.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_LIB_COMPILER_MODELCOMPILERIMPL_H
#define QNN_LIB_COMPILER_MODELCOMPILERIMPL_H

#include "qnn/Compiler/ModelCompiler.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/Target/TargetMachine.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace llvm {
class Module;
} // namespace llvm

namespace mlir::qnn {

/// One input or output as the C ABI describes it (qnn_tensor_descriptor).
struct TensorInterface {
  std::string name;
  uint32_t elementType = 0; // qnn_element_type
  uint32_t layout = 0;      // qnn_layout
  std::vector<int64_t> shape;
  uint64_t byteSize = 0;
};

/// The entry's inputs and outputs, from its qnn-level signature.
struct ModelInterface {
  std::string entry;
  std::vector<TensorInterface> inputs, outputs;
};

/// Reads the interface of `func`: every argument and result a ranked tensor
/// of static shape with an element type of the ABI (else an error).
FailureOr<ModelInterface> describeModelInterface(func::FuncOp func);

/// The machine code target: an LLVM TargetMachine plus what the model
/// descriptor records about it.
struct ModelTarget {
  std::unique_ptr<llvm::TargetMachine> machine;
  /// "generic" or "host:<cpu name>".
  std::string name;
  /// Comma-separated CPU features beyond the baseline (CpuFeatures.def
  /// names), each of which create checks.
  std::string features;
};

/// The TargetMachine for `target`: baseline x86-64 for generic, plus
/// `extraFeatures`; for host, the host's features that CpuFeatures.def lists
/// (others are left off, since the runtime could not check them). Never FP
/// contraction.
FailureOr<ModelTarget>
createModelTarget(MLIRContext *context, CodegenTarget target,
                  ArrayRef<std::string> extraFeatures = {});

/// Adds to `module` the hidden constant `__qnn_model_descriptor` and the
/// entry point it names, `__qnn_model_invoke(void *const *descriptors)`,
/// which calls `_mlir_ciface_<entry>` with the inputs', outputs' and arena's
/// memref descriptors.
LogicalResult emitModelDescriptor(MLIRContext *context, llvm::Module &module,
                                  const ModelInterface &interface,
                                  uint64_t arenaBytes,
                                  const ModelTarget &target,
                                  unsigned defaultThreads);

/// Links `objectPath` and the runtime archive into the shared library
/// `outputPath` with the system linker driver found at configure time.
LogicalResult linkModelLibrary(MLIRContext *context, StringRef objectPath,
                               StringRef outputPath);

} // namespace mlir::qnn

#endif // QNN_LIB_COMPILER_MODELCOMPILERIMPL_H
