//===- Interpreter.h - the reference interpreter ----------------*- C++ -*-===//
//
// Evaluates a func.func of qnn ops (plus arith.constant, quant.scast and
// func.return) on host tensors, following the numerics of DESIGN.md exactly:
// round half to even, saturation, i32 accumulation, per-channel scales,
// zero-point compensation, padding with the zero point and the f32
// requantize rule without FMA. It is the oracle generated code must match
// bit for bit.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_INTERPRETER_INTERPRETER_H
#define QNN_INTERPRETER_INTERPRETER_H

#include "qnn/Interpreter/HostTensor.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringMap.h"
#include <functional>
#include <memory>

namespace mlir::qnn {
class ObserveOp;

struct InterpreterOptions {
  /// Called at every qnn.observe with the tensor it observes (calibration).
  std::function<void(ObserveOp, const HostTensor &)> onObserve;
  /// When set, receives every intermediate tensor keyed by the name of the
  /// value (the NameLoc of its defining op; "%<n>" when unnamed).
  llvm::StringMap<HostTensor> *intermediates = nullptr;
};

/// Checks `inputs` against `func`'s arguments as every way of running a
/// model does (count, shape, element type or its storage integer type,
/// finite floats, storage range) and returns them with the arguments' types.
/// Errors are emitted at the function.
FailureOr<SmallVector<HostTensor>>
checkModelInputs(func::FuncOp func, ArrayRef<HostTensor> inputs);

/// Runs `func` on `inputs`. Checks input count, shapes and element types and
/// rejects NaN/Inf inputs; every error is a diagnostic at the offending op
/// (or the function) and the result is failure.
FailureOr<SmallVector<HostTensor>>
interpret(func::FuncOp func, ArrayRef<HostTensor> inputs,
          const InterpreterOptions &options = {});

/// `func` prepared for many runs (samples, timing, calibration): its ops are
/// checked once and its constant subgraph (arith.constant, quant.scast and
/// every other op computed from constants only, except qnn.observe) is
/// evaluated once. interpret() is create() followed by one run().
class Interpreter {
public:
  /// Fails, with a diagnostic, on an op the interpreter does not support or
  /// a constant it cannot read.
  static FailureOr<std::unique_ptr<Interpreter>> create(func::FuncOp func);
  ~Interpreter();

  func::FuncOp getFunction() const;

  /// Runs the function on `inputs`, as interpret() does. An integer input
  /// whose element type is the storage type of a quantized argument (for
  /// sub-byte storage such as i4, an 8-bit integer) is accepted as that
  /// argument's stored values, range-checked. run() keeps no state between
  /// calls: concurrent calls on one Interpreter are safe.
  FailureOr<SmallVector<HostTensor>>
  run(ArrayRef<HostTensor> inputs,
      const InterpreterOptions &options = {}) const;

private:
  struct Impl;
  explicit Interpreter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl;
};

/// The function the tools run: `main` if present, else the only public
/// func.func of the module; failure (with a diagnostic) otherwise.
FailureOr<func::FuncOp> getEntryFunction(ModuleOp module);

/// The name of a function argument or result (the `qnn.name` arg/result
/// attribute the ONNX importer sets), or "input<i>" / "output<i>".
std::string getArgumentName(func::FuncOp func, unsigned index);
std::string getResultName(func::FuncOp func, unsigned index);

} // namespace mlir::qnn

#endif // QNN_INTERPRETER_INTERPRETER_H
