//===- InitAllQNN.cpp - register the qnn dialect, passes and friends ------===//

#include "qnn/InitAllQNN.h"
#include "qnn/Conversion/Passes.h"
#include "qnn/Conversion/Pipelines.h"
#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Dialect/QNN/Transforms/Passes.h"
#include "qnn/Dialect/QNN/Transforms/Pipelines.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/ArmNeon/ArmNeonDialect.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/Transforms/FuncBufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/AllInterfaces.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/Transforms/AllocationOpInterfaceImpl.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Transform/IR/TransformDialect.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/X86Vector/X86VectorDialect.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"

void mlir::qnn::registerAllQNNDialects(DialectRegistry &registry) {
  registry.insert<qnn::QNNDialect, affine::AffineDialect, arith::ArithDialect,
                  arm_neon::ArmNeonDialect, bufferization::BufferizationDialect,
                  func::FuncDialect, linalg::LinalgDialect, LLVM::LLVMDialect,
                  math::MathDialect, memref::MemRefDialect, quant::QuantDialect,
                  scf::SCFDialect, tensor::TensorDialect,
                  transform::TransformDialect, vector::VectorDialect,
                  x86vector::X86VectorDialect>();
  // Interfaces the lowering relies on (bufferization, conversion to LLVM,
  // transform-dialect ops) come as extensions of these dialects.
  registerAllExtensions(registry);
  // Bufferization and the linalg interfaces (tiling, bufferization, ...)
  // are external models that upstream registers with its dialects, not as
  // extensions.
  arith::registerBufferizableOpInterfaceExternalModels(registry);
  bufferization::func_ext::registerBufferizableOpInterfaceExternalModels(
      registry);
  linalg::registerAllDialectInterfaceImplementations(registry);
  // memref.alloc as an AllocationOpInterface: buffer-results-to-out-params
  // (hoist-static-allocs) then writes a model's outputs straight into the
  // caller's buffers instead of allocating them and copying at the end.
  memref::registerAllocationOpInterfaceExternalModels(registry);
  scf::registerBufferizableOpInterfaceExternalModels(registry);
  tensor::registerBufferizableOpInterfaceExternalModels(registry);
  vector::registerBufferizableOpInterfaceExternalModels(registry);
}

void mlir::qnn::registerAllQNNPasses() {
  registerQNNPasses();
  registerQNNPipelines();
  registerQNNConversionPasses();
  registerQNNConversionPipelines();
  registerAllPasses();
}

llvm::SmallVector<char *> mlir::qnn::withDebugInfoPrinting(int argc,
                                                           char **argv) {
  static char flag[] = "--mlir-print-debuginfo";
  llvm::SmallVector<char *> args(argv, argv + argc);
  bool given = llvm::any_of(args, [](llvm::StringRef arg) {
    return arg.ltrim('-').starts_with("mlir-print-debuginfo");
  });
  if (!given && !args.empty())
    args.insert(args.begin() + 1, flag);
  return args;
}
