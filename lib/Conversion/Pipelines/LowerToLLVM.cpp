//===- LowerToLLVM.cpp - qnn-lower-to-llvm --------------------------------===//

#include "qnn/Conversion/Passes.h"
#include "qnn/Conversion/Pipelines.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
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
  else if (name == "x86-avx512vnni")
    target = CodegenTarget::X86Avx512Vnni;
  else if (name == "x86-avxvnni")
    target = CodegenTarget::X86AvxVnni;
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

llvm::StringRef mlir::qnn::getCodegenTargetName(CodegenTarget target) {
  switch (target) {
  case CodegenTarget::Generic:
    return "generic";
  case CodegenTarget::Host:
    return "host";
  case CodegenTarget::X86Avx512Vnni:
    return "x86-avx512vnni";
  case CodegenTarget::X86AvxVnni:
    return "x86-avxvnni";
  }
  llvm_unreachable("unknown target");
}

llvm::ArrayRef<llvm::StringRef>
mlir::qnn::getTargetCpuFeatures(CodegenTarget target) {
  // Those of the CPUs with the instruction (Ice Lake and Zen 4 on; Alder
  // Lake for AVX-VNNI) that LLVM's cost model and the kernels use.
  static const llvm::StringRef avx512vnni[] = {
      "avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512cd", "avx512vnni",
      "avx2",    "fma",      "f16c",     "bmi",      "bmi2",     "popcnt"};
  static const llvm::StringRef avxvnni[] = {"avx2", "fma",    "f16c",   "bmi",
                                            "bmi2", "popcnt", "avxvnni"};
  if (target == CodegenTarget::X86Avx512Vnni)
    return avx512vnni;
  if (target == CodegenTarget::X86AvxVnni)
    return avxvnni;
  return {};
}

int64_t mlir::qnn::getInt8DotWidth(CodegenTarget target) {
  switch (target) {
  case CodegenTarget::Generic:
    return 0;
  case CodegenTarget::X86Avx512Vnni:
    return 16;
  case CodegenTarget::X86AvxVnni:
    return 8;
  case CodegenTarget::Host: {
    llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
    if (features.lookup("avx512vnni") && features.lookup("avx512bw"))
      return 16;
    if (features.lookup("avxvnni"))
      return 8;
    return 0;
  }
  }
  llvm_unreachable("unknown target");
}

int64_t mlir::qnn::getVectorWidth(CodegenTarget target) {
  if (target == CodegenTarget::Generic)
    return 4; // SSE2, NEON
  if (target == CodegenTarget::X86Avx512Vnni)
    return 16;
  if (target == CodegenTarget::X86AvxVnni)
    return 8;
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
  // The elementwise ops between the kernels (requantize, activations,
  // residual adds, pads) as vector code in scf.forall loops.
  int64_t int8DotWidth = getInt8DotWidth(config.target);
  QNNVectorizeElementwiseOptions vectorize;
  vectorize.leaveContractionNeighbors = int8DotWidth != 0;
  vectorize.leaveFloatConvNeighbors = true;
  pm.addNestedPass<func::FuncOp>(createQNNVectorizeElementwise(vectorize));
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
  // INT8 ones take the target's u8 x s8 dot product when it has one (a
  // vector.contract that qnn-lower-x86-vnni turns into vpdpbusd).
  QNNLinalgToKernelsOptions kernels;
  kernels.vectorWidth = getVectorWidth(config.target);
  kernels.int8DotWidth = int8DotWidth;
  pm.addPass(createQNNLinalgToKernels(kernels));
  // What the kernels did not fold in, vectorized on buffers.
  pm.addNestedPass<func::FuncOp>(createQNNVectorizeElementwise());
  pm.addPass(createForallToParallelLoopPass());
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
  // n-D vector transfers (a transpose's tiles) as 1-D ones, unrolled.
  pm.addPass(createConvertVectorToSCFPass(
      VectorTransferToSCFOptions().enableFullUnroll()));
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  // The INT8 kernels' dot products as vpdpbusd, once no pass that needs
  // to know an op's memory effects (deallocation) is left.
  if (kernels.int8DotWidth)
    pm.addPass(createQNNLowerX86Vnni());
  // Transposes (the model's NCHW boundary) as 1-D shuffles, not an
  // extract and an insert per element.
  ConvertVectorToLLVMPassOptions vectorToLLVM;
  vectorToLLVM.vectorTransposeLowering =
      vector::VectorTransposeLowering::Shuffle1D;
  pm.addPass(createConvertVectorToLLVMPass(vectorToLLVM));
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  // The padding value of vector transfers (ub.poison) the vectorizer left.
  pm.addPass(createUBToLLVMConversionPass());
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
                     "every feature of the compiling CPU"),
          clEnumValN(CodegenTarget::X86Avx512Vnni, "x86-avx512vnni",
                     "x86-64 with AVX-512 VNNI (vpdpbusd on zmm)"),
          clEnumValN(CodegenTarget::X86AvxVnni, "x86-avxvnni",
                     "x86-64 with AVX2 and AVX-VNNI (vpdpbusd on ymm)"))};
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
