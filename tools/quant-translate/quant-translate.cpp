//===- quant-translate.cpp - the qnn translation driver -------------------===//
//
// mlir-translate for qnn: `--import-onnx model.onnx -o model.mlir` (with
// `--input-shape name=1x3x224x224` for symbolic input dimensions), plus the
// upstream translations (e.g. `--mlir-to-llvmir`).
//
//===----------------------------------------------------------------------===//

#include "qnn/Import/ONNX/ONNXImporter.h"
#include "qnn/InitAllQNN.h"

#include "mlir/InitAllTranslations.h"
#include "mlir/Support/LogicalResult.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"

int main(int argc, char **argv) {
  mlir::registerAllTranslations();
  mlir::qnn::registerONNXImportTranslation(mlir::qnn::registerAllQNNDialects);
  llvm::SmallVector<char *> args = mlir::qnn::withDebugInfoPrinting(argc, argv);
  return mlir::failed(mlir::mlirTranslateMain(
      args.size(), args.data(), "qnn-mlir translation driver"));
}
