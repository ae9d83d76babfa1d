//===- LowerToLLVM.cpp - qnn-lower-to-llvm --------------------------------===//

#include "qnn/Conversion/Passes.h"
#include "qnn/Conversion/Pipelines.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/ErrorHandling.h"

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

void mlir::qnn::buildQNNLowerToLLVMPipeline(OpPassManager &pm,
                                            CodegenTarget target,
                                            bool allocateArena) {
  // The target changes only the machine code (CPU features chosen when the
  // LLVM module is compiled) until target kernels arrive as patterns.
  (void)target;
  pm.addPass(createQNNLowerToLinalg());
  // Upstream passes by their registered names: the textual pipeline is the
  // one `quant-opt --dump-pass-pipeline` prints.
  const char *bufferize =
      "canonicalize,"
      "eliminate-empty-tensors,"
      "empty-tensor-to-alloc-tensor,"
      "one-shot-bufferize{bufferize-function-boundaries "
      "function-boundary-type-conversion=identity-layout-map},"
      "buffer-results-to-out-params{modify-public-functions "
      "hoist-static-allocs},"
      "canonicalize";
  if (failed(parsePassPipeline(bufferize, pm, llvm::errs())))
    llvm::report_fatal_error("qnn-lower-to-llvm: malformed upstream pipeline");
  // Before the deallocation pipeline: views of an argument own nothing, so
  // it then has nothing to free.
  if (allocateArena)
    pm.addPass(createQNNAllocateArena());
  const char *lower =
      "buffer-deallocation-pipeline,"
      "func.func(convert-linalg-to-loops),"
      "convert-scf-to-cf,"
      "expand-strided-metadata,"
      "lower-affine,"
      "finalize-memref-to-llvm,"
      "convert-math-to-llvm,"
      "convert-math-to-libm,"
      "convert-arith-to-llvm,"
      "convert-func-to-llvm,"
      "convert-cf-to-llvm,"
      "reconcile-unrealized-casts";
  if (failed(parsePassPipeline(lower, pm, llvm::errs())))
    llvm::report_fatal_error("qnn-lower-to-llvm: malformed upstream pipeline");
}

namespace {
struct LowerToLLVMOptions : PassPipelineOptions<LowerToLLVMOptions> {
  Option<std::string> target{
      *this, "target",
      llvm::cl::desc("Code generation target: generic or host"),
      llvm::cl::init("host")};
  Option<bool> arena{
      *this, "arena",
      llvm::cl::desc("Place the entry's buffers in one arena argument "
                     "(qnn-allocate-arena), as the model library does"),
      llvm::cl::init(false)};
};
} // namespace

void mlir::qnn::registerQNNConversionPipelines() {
  PassPipelineRegistration<LowerToLLVMOptions>(
      "qnn-lower-to-llvm",
      "Lower a quantized (or float) qnn module to the LLVM dialect: "
      "qnn-lower-to-linalg, bufferization with out-parameter results, "
      "optionally the arena, loops, LLVM",
      [](OpPassManager &pm, const LowerToLLVMOptions &options) {
        CodegenTarget target = CodegenTarget::Host;
        if (!parseCodegenTarget(options.target, target))
          llvm::errs() << "qnn-lower-to-llvm: unknown target '"
                       << options.target << "' (generic or host); using host\n";
        buildQNNLowerToLLVMPipeline(pm, target, options.arena);
      });
}
