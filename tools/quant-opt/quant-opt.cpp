//===- quant-opt.cpp - the qnn optimizer driver ---------------------------===//
//
// mlir-opt for qnn: every qnn pass and pipeline plus the upstream dialects
// and passes we lower through.
//
//===----------------------------------------------------------------------===//

#include "qnn/InitAllQNN.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::qnn::registerAllQNNPasses();
  mlir::DialectRegistry registry;
  mlir::qnn::registerAllQNNDialects(registry);
  llvm::SmallVector<char *> args = mlir::qnn::withDebugInfoPrinting(argc, argv);
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      args.size(), args.data(), "qnn-mlir optimizer driver\n", registry));
}
