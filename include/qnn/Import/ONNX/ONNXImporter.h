//===- ONNXImporter.h - ONNX model to qnn IR --------------------*- C++ -*-===//
//
// Imports an ONNX ModelProto (opsets 13 to 17) into a module holding one
// func.func @main of qnn ops on statically shaped f32 tensors. Initializers
// become arith.constant (dense resources when large); quantized initializers
// become an integer constant plus quant.scast. Every op and value carries a
// NameLoc with its ONNX node (and output tensor) name.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_IMPORT_ONNX_ONNXIMPORTER_H
#define QNN_IMPORT_ONNX_ONNXIMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"

#include <functional>

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace mlir::qnn {

struct ONNXImportOptions {
  /// Static shapes for graph inputs with symbolic dimensions, by input name
  /// (`--input-shape name=1x3x224x224`).
  llvm::StringMap<llvm::SmallVector<int64_t>> inputShapes;
};

/// Parses `--input-shape` text `name=1x3x224x224` into `options`; false with
/// `error` set when malformed.
bool parseInputShapeOption(llvm::StringRef text, ONNXImportOptions &options,
                           std::string &error);

/// Imports the serialized ModelProto in `bytes` (`fileName` is used for
/// locations). On failure emits diagnostics (one listing every unsupported
/// node, or one per other problem, each naming the node) and returns null.
OwningOpRef<ModuleOp> importONNXModel(llvm::StringRef bytes,
                                      llvm::StringRef fileName,
                                      MLIRContext *context,
                                      const ONNXImportOptions &options = {});

/// Registers `--import-onnx` (and `--input-shape`) with mlir-translate style
/// drivers. `registerDialects` adds the dialects the driver's context gets
/// (quant-translate passes registerAllQNNDialects); by default only those
/// the importer creates ops of (arith, func, quant, qnn).
void registerONNXImportTranslation(
    const std::function<void(DialectRegistry &)> &registerDialects = nullptr);

} // namespace mlir::qnn

#endif // QNN_IMPORT_ONNX_ONNXIMPORTER_H
