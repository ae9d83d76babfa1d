//===- LowerToLLVM.cpp - qnn-lower-to-llvm --------------------------------===//

#include "qnn/Conversion/Passes.h"
#include "qnn/Conversion/Pipelines.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/TargetParser/Host.h"

using namespace mlir;
using namespace mlir::qnn;

bool mlir::qnn::parseCodegenTarget(llvm::StringRef name,
                                   CodegenTarget &target) {
  if (name == "generic")
    target = CodegenTarget::Generic;
  else if (name == "host")
    target = CodegenTarget::Host;
  else
    return false;
  return true;
}

void mlir::qnn::keepOnlyEntry(ModuleOp module, func::FuncOp entry) {
  for (auto other : llvm::make_early_inc_range(module.getOps<func::FuncOp>())) {
    if (other == entry)
      continue;
    if (SymbolTable::symbolKnownUseEmpty(other, module))
      other.erase();
    else
      other.setPrivate();
  }
}

int64_t mlir::qnn::getVectorWidth(CodegenTarget target) {
  if (target == CodegenTarget::Generic)
    return 4; // SSE2, NEON
  llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
  if (features.lookup("avx512f"))
    return 16;
  if (features.lookup("avx2"))
    return 8;
  return 4;
}

void mlir::qnn::buildQNNLowerToLLVMPipeline(OpPassManager &pm,
                                            const LowerToLLVMConfig &config) {
  // The target changes only the machine code (CPU features chosen when the
  // LLVM module is compiled) until target kernels arrive as patterns.
  QNNLowerToLinalgOptions lowering;
  lowering.lowerObservers = config.lowerObservers;
  pm.addPass(createQNNLowerToLinalg(lowering));
  pm.addPass(createCanonicalizerPass());
  // Activations NHWC inside the model: the transposes around conv and pool
  // cancel between layers.
  pm.addPass(createQNNSinkTransposes());
  pm.addPass(createCanonicalizerPass());

  // Tensors to buffers. The model's results become out-parameters
  // (destination-passing): a public function returning a fresh buffer kept
  // a bufferization.clone that the LLVM lowering did not remove.
  pm.addPass(bufferization::createEmptyTensorEliminationPass());
  pm.addPass(bufferization::createEmptyTensorToAllocTensorPass());
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  bufferization::BufferResultsToOutParamsPassOptions outParams;
  outParams.modifyPublicFunctions = true;
  outParams.hoistStaticAllocs = true;
  pm.addPass(bufferization::createBufferResultsToOutParamsPass(outParams));
  pm.addPass(createCanonicalizerPass());
  // f32 convolutions and matmuls become register-tiled vector kernels (their
  // packed weights, when not constant, take a buffer the arena places).
  QNNLinalgToKernelsOptions kernels;
  kernels.vectorWidth = getVectorWidth(config.target);
  pm.addPass(createQNNLinalgToKernels(kernels));
  // The weights they no longer read.
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createSymbolDCEPass());
  // Every intermediate buffer into one arena argument, before the
  // deallocation pipeline: views of an argument own nothing, so it then
  // has nothing to free.
  if (config.allocateArena)
    pm.addPass(createQNNAllocateArena());
  bufferization::buildBufferDeallocationPipeline(pm);

  // Loops, then the LLVM dialect. Float ops keep their order and flags:
  // math ops with an LLVM intrinsic (roundeven, sqrt, exp, ...) become the
  // intrinsic, which the backend turns into the instruction or the libm
  // call the interpreter makes; the others become libm calls directly.
  if (config.parallel) {
    // Parallel iterators become scf.parallel, reductions scf.for inside
    // them (a float sum still adds in index order, in one thread).
    pm.addNestedPass<func::FuncOp>(createConvertLinalgToParallelLoopsPass());
    pm.addPass(createQNNParallelizeLoops());
  } else {
    pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  }
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createConvertVectorToLLVMPass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

namespace {
struct QNNLowerToLLVMPipelineOptions
    : PassPipelineOptions<QNNLowerToLLVMPipelineOptions> {
  Option<CodegenTarget> target{
      *this, "target", llvm::cl::desc("Code generation target"),
      llvm::cl::init(CodegenTarget::Host),
      llvm::cl::values(
          clEnumValN(CodegenTarget::Generic, "generic",
                     "the baseline of the architecture (x86-64, AArch64)"),
          clEnumValN(CodegenTarget::Host, "host",
                     "every feature of the compiling CPU"))};
  Option<bool> lowerObservers{
      *this, "lower-observers",
      llvm::cl::desc("Lower qnn.observe to calls of the runtime statistics "
                     "collector (compiled calibration)"),
      llvm::cl::init(false)};
  Option<bool> arena{
      *this, "arena",
      llvm::cl::desc("Place the entry's intermediate buffers in one trailing "
                     "arena argument (qnn-allocate-arena), as the model "
                     "library does"),
      llvm::cl::init(false)};
  Option<bool> parallel{
      *this, "parallel",
      llvm::cl::desc("Run the large parallel loops on the runtime's thread "
                     "pool (qnn-parallelize-loops; the code calls "
                     "qnn_rt_parallel_for)"),
      llvm::cl::init(false)};
};
} // namespace

void mlir::qnn::registerQNNConversionPipelines() {
  PassPipelineRegistration<QNNLowerToLLVMPipelineOptions>(
      "qnn-lower-to-llvm",
      "Lower a quantized (or float) qnn module to the LLVM dialect: "
      "qnn-lower-to-linalg, bufferization with out-parameter results, "
      "optionally the arena, loops (optionally on the thread pool), LLVM",
      [](OpPassManager &pm, const QNNLowerToLLVMPipelineOptions &options) {
        LowerToLLVMConfig config;
        config.target = options.target;
        config.lowerObservers = options.lowerObservers;
        config.allocateArena = options.arena;
        config.parallel = options.parallel;
        buildQNNLowerToLLVMPipeline(pm, config);
      });
}
