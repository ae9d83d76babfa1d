//===- ONNXTranslation.cpp - entry points and --import-onnx ---------------===//

#include "GraphImporter.h"

#include "qnn/Dialect/QNN/IR/QNNDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

#include <climits>

using namespace mlir;
using namespace mlir::qnn;

bool mlir::qnn::parseInputShapeOption(StringRef text,
                                      ONNXImportOptions &options,
                                      std::string &error) {
  // Tensor names may contain '=' but shapes do not: split at the last one.
  auto [name, dims] = text.rsplit('=');
  if (name.empty() || dims.data() == nullptr || dims.empty() ||
      text.count('=') == 0) {
    error = "--input-shape expects <input name>=<d0>x<d1>x..., got '" +
            text.str() + "'";
    return false;
  }
  SmallVector<int64_t> shape;
  SmallVector<StringRef> parts;
  dims.split(parts, 'x');
  for (StringRef part : parts) {
    int64_t d = 0;
    if (part.getAsInteger(10, d) || d < 1) {
      error = "--input-shape " + text.str() +
              ": dimensions must be positive integers separated by 'x'";
      return false;
    }
    shape.push_back(d);
  }
  if (!options.inputShapes.try_emplace(name, std::move(shape)).second) {
    error = "--input-shape given twice for '" + name.str() + "'";
    return false;
  }
  return true;
}

OwningOpRef<ModuleOp>
mlir::qnn::importONNXModel(StringRef bytes, StringRef fileName,
                           MLIRContext *context,
                           const ONNXImportOptions &options) {
  Location loc = FileLineColLoc::get(context, fileName, 0, 0);
  if (bytes.empty()) {
    emitError(loc) << "not an ONNX model: the file is empty";
    return nullptr;
  }
  if (bytes.size() > static_cast<size_t>(INT_MAX)) {
    emitError(loc) << "the model file is larger than 2 GiB, the protobuf "
                      "limit; save its weights as external data";
    return nullptr;
  }
  // Parsing a protobuf never throws: malformed input makes it return false.
  onnx::ModelProto model;
  if (!model.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    emitError(loc) << "not an ONNX model: the file is truncated or is not a "
                      "serialized ModelProto";
    return nullptr;
  }
  onnx_import::GraphImporter importer(context, model, fileName, options);
  return importer.import();
}

void mlir::qnn::registerONNXImportTranslation(
    const std::function<void(DialectRegistry &)> &registerDialects) {
  // Created on the first call, so that only tools that register the
  // translation get the option.
  static auto *inputShapes = new llvm::cl::list<std::string>(
      "input-shape",
      llvm::cl::desc("Static shape of an ONNX graph input with symbolic "
                     "dimensions (repeatable)"),
      llvm::cl::value_desc("name=1x3x224x224"));
  std::function<void(DialectRegistry &)> dialects = registerDialects;
  if (!dialects)
    dialects = [](DialectRegistry &registry) {
      registry.insert<arith::ArithDialect, func::FuncDialect,
                      quant::QuantDialect, QNNDialect>();
    };
  TranslateToMLIRRegistration registration(
      "import-onnx", "Import an ONNX model (opsets 13 to 17) into qnn IR",
      [](const std::shared_ptr<llvm::SourceMgr> &sourceMgr,
         MLIRContext *context) -> OwningOpRef<Operation *> {
        const llvm::MemoryBuffer *buffer =
            sourceMgr->getMemoryBuffer(sourceMgr->getMainFileID());
        ONNXImportOptions options;
        for (const std::string &text : *inputShapes) {
          std::string error;
          if (!parseInputShapeOption(text, options, error)) {
            emitError(UnknownLoc::get(context)) << error;
            return nullptr;
          }
        }
        OwningOpRef<ModuleOp> module =
            importONNXModel(buffer->getBuffer(), buffer->getBufferIdentifier(),
                            context, options);
        return OwningOpRef<Operation *>(module.release());
      },
      dialects);
}
