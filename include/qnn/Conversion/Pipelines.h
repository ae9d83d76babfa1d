//===- Pipelines.h - named pipelines from quantized qnn to LLVM -*- C++ -*-===//

#ifndef QNN_CONVERSION_PIPELINES_H
#define QNN_CONVERSION_PIPELINES_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>

namespace mlir {
class ModuleOp;
class OpPassManager;
namespace func {
class FuncOp;
} // namespace func

namespace qnn {

/// The code generation targets: `generic` (baseline x86-64 or AArch64, no
/// optional ISA extension), `host` (every feature of the CPU compiling),
/// and the x86 INT8 targets, whatever the compiling CPU:
/// `x86-avx512vnni` (AVX-512 with VNNI: `vpdpbusd` on zmm) and
/// `x86-avxvnni` (AVX2 with AVX-VNNI: the VEX `vpdpbusd` on ymm).
enum class CodegenTarget { Generic, Host, X86Avx512Vnni, X86AvxVnni };

/// What `qnn-lower-to-llvm` is asked for.
struct LowerToLLVMConfig {
  CodegenTarget target = CodegenTarget::Host;
  /// Lower qnn.observe to calls of the runtime statistics collector
  /// (compiled calibration) instead of rejecting it.
  bool lowerObservers = false;
  /// Run qnn-allocate-arena after bufferization: each public function takes
  /// one more, trailing argument `memref<N x i8>` (after the out-parameters),
  /// the arena holding every intermediate buffer, and carries
  /// `qnn.arena_size = N`; a caller passes N bytes, 64-byte aligned, and the
  /// function allocates nothing. The model library (quant-compile) lowers
  /// with it.
  bool allocateArena = false;
  /// Lower linalg ops to scf.parallel loops (reductions stay scf.for
  /// inside, in index order) and run the large outermost ones on the
  /// runtime's thread pool (qnn-parallelize-loops): the code then calls
  /// qnn_rt_parallel_for, which the model runtime and the JIT provide.
  /// Without it the loops are sequential and call nothing.
  bool parallel = false;
};

/// Adds the passes of `qnn-lower-to-llvm`: qnn-lower-to-linalg, one-shot
/// bufferization with the model's results turned into out-parameters
/// (destination-passing), loops (parallel ones on the thread pool with
/// `parallel`), and the conversions to the LLVM dialect.
/// Floating-point ops keep their order and get no fastmath flags.
void buildQNNLowerToLLVMPipeline(OpPassManager &pm,
                                 const LowerToLLVMConfig &config);
inline void buildQNNLowerToLLVMPipeline(OpPassManager &pm,
                                        CodegenTarget target) {
  LowerToLLVMConfig config;
  config.target = target;
  buildQNNLowerToLLVMPipeline(pm, config);
}

/// The f32 lanes of the target's vectors: 4 for `generic` (SSE2, NEON),
/// 16 for `x86-avx512vnni`, 8 for `x86-avxvnni`; for `host` 16 with
/// AVX-512, 8 with AVX2, 4 otherwise.
int64_t getVectorWidth(CodegenTarget target);

/// The i32 lanes of the target's 4-way u8 x s8 dot product (`vpdpbusd`):
/// 16 (AVX512-VNNI), 8 (AVX-VNNI), or 0 when it has none. `host` has the
/// compiling CPU's.
int64_t getInt8DotWidth(CodegenTarget target);

/// The CPU features (LLVM's names) an x86 INT8 target's code uses beyond
/// the x86-64 baseline; empty for `generic` and `host`.
llvm::ArrayRef<llvm::StringRef> getTargetCpuFeatures(CodegenTarget target);

/// The target's name, as `target=` spells it.
llvm::StringRef getCodegenTargetName(CodegenTarget target);

/// Prepares a module holding `entry` for lowering it alone: `entry` stays
/// public, the functions it calls become private helpers, the others are
/// erased (qnn-allocate-arena gives every public function an arena
/// argument, and a module may hold several models).
void keepOnlyEntry(ModuleOp module, func::FuncOp entry);

/// Parses a `target=` value; false when it names no target.
bool parseCodegenTarget(llvm::StringRef name, CodegenTarget &target);

/// Registers `qnn-lower-to-llvm{target=generic|host|x86-avx512vnni|
/// x86-avxvnni}`.
void registerQNNConversionPipelines();

} // namespace qnn
} // namespace mlir

#endif // QNN_CONVERSION_PIPELINES_H
