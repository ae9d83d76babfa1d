//===- JitModel.h - a qnn model compiled just in time -----------*- C++ -*-===//
//
// A model function lowered with `qnn-lower-to-llvm` and compiled in process
// by MLIR's ExecutionEngine, run on HostTensors (the interpreter's values),
// so that quant-run and the Python bindings can run the same inputs through
// the interpreter and through native code and compare them bit for bit.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_EXECUTIONENGINE_JITMODEL_H
#define QNN_EXECUTIONENGINE_JITMODEL_H

#include "qnn/Conversion/Pipelines.h"
#include "qnn/Interpreter/HostTensor.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinTypes.h"

#include <memory>

namespace mlir {
class ExecutionEngine;

namespace qnn {

class JitModel {
public:
  ~JitModel();

  /// Lowers a copy of `func`'s module to LLVM for `target` and compiles it.
  /// Failures are reported as diagnostics (the lowering names the op it
  /// could not lower).
  static FailureOr<std::unique_ptr<JitModel>> compile(func::FuncOp func,
                                                      CodegenTarget target);

  /// The model's argument and result types, as in the qnn function (f32,
  /// integer or !quant.uniform tensors).
  ArrayRef<RankedTensorType> getInputTypes() const { return inputTypes; }
  ArrayRef<RankedTensorType> getOutputTypes() const { return outputTypes; }

  /// Runs the compiled function on `inputs` (one per argument, of the
  /// argument's type). Quantized values travel as their storage integers
  /// (u8 / i8 bytes, i32 words), exactly as the interpreter holds them.
  llvm::Expected<SmallVector<HostTensor>> run(ArrayRef<HostTensor> inputs);

private:
  JitModel() = default;

  std::unique_ptr<ExecutionEngine> engine;
  std::string symbol;
  SmallVector<RankedTensorType> inputTypes, outputTypes;
};

} // namespace qnn
} // namespace mlir

#endif // QNN_EXECUTIONENGINE_JITMODEL_H
