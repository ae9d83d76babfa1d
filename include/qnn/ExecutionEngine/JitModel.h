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

#include <atomic>
#include <memory>

namespace qnn::runtime {
struct ThreadPool;
} // namespace qnn::runtime

namespace mlir {
class ExecutionEngine;

namespace qnn {

class JitModel {
public:
  ~JitModel();

  /// Lowers a copy of `func`'s module to LLVM for `target` and compiles it,
  /// with every intermediate buffer in one arena (qnn-allocate-arena, as
  /// the model library): run() allocates only its inputs and outputs.
  /// Failures are reported as diagnostics (the lowering names the op it
  /// could not lower).
  /// With `lowerObservers`, every qnn.observe of the module becomes a call
  /// into the observer given to run() (compiled calibration).
  /// The large parallel loops are outlined and run through the runtime's
  /// qnn_rt_parallel_for (as in the model library): with `numThreads` > 1
  /// on a pool of that many threads (the caller of run() and
  /// numThreads - 1 workers, started here), with 1 inline on the caller.
  /// The results are the same.
  static FailureOr<std::unique_ptr<JitModel>>
  compile(func::FuncOp func, CodegenTarget target, bool lowerObservers = false,
          unsigned numThreads = 1);

  /// How long compile() took: the MLIR lowering (qnn-lower-to-llvm) and
  /// the rest (translation to LLVM IR, LLVM's -O3 and code generation).
  struct CompileTimes {
    double loweringMs = 0, llvmMs = 0;
  };
  const CompileTimes &getCompileTimes() const { return compileTimes; }

  /// The qnn.observe ops of the module in the order of their ids (walk
  /// order), when compiled with `lowerObservers`.
  ArrayRef<Operation *> getObservers() const { return observers; }

  /// Called by compiled code at observer `id` with the observed f32 values
  /// (row-major), in program order.
  using Observer = llvm::function_ref<void(int64_t id, ArrayRef<float>)>;

  /// The model's argument and result types, as in the qnn function (f32,
  /// integer or !quant.uniform tensors).
  ArrayRef<RankedTensorType> getInputTypes() const { return inputTypes; }
  ArrayRef<RankedTensorType> getOutputTypes() const { return outputTypes; }

  /// Runs the compiled function on `inputs` (one per argument, of the
  /// argument's type), on the pool's threads. Concurrent calls are safe;
  /// one at a time uses the pool and the model's arena, the others run on
  /// their own thread with an arena of their own. Quantized
  /// values travel as their storage integers (u8 / i8 bytes, i32 words),
  /// exactly as the interpreter holds them.
  llvm::Expected<SmallVector<HostTensor>> run(ArrayRef<HostTensor> inputs,
                                              Observer observer = nullptr);

private:
  JitModel() = default;

  std::unique_ptr<ExecutionEngine> engine;
  std::string symbol;
  /// The packed wrapper of `_mlir_ciface_<symbol>`.
  void (*entryPoint)(void **) = nullptr;
  /// The threads run() splits parallel loops over; null for one.
  ::qnn::runtime::ThreadPool *pool = nullptr;
  SmallVector<RankedTensorType> inputTypes, outputTypes;
  SmallVector<Operation *> observers;
  CompileTimes compileTimes;
  /// The entry's trailing argument: `arenaSize` bytes, 64-byte aligned,
  /// allocated by the first run and kept; `arenaBusy` while a run uses it.
  struct Arena;
  int64_t arenaSize = 0;
  std::unique_ptr<Arena> arena;
  std::atomic<bool> arenaBusy{false};
};

} // namespace qnn
} // namespace mlir

#endif // QNN_EXECUTIONENGINE_JITMODEL_H
