//===- QNNModule.cpp - pybind11 module qnn_mlir._qnn ----------------------===//
//
// The native half of the qnn_mlir Python package. Each call builds its own
// MLIRContext with every qnn dialect registered, so calls are independent.
// Errors become Python exceptions carrying the MLIR diagnostic text.
//
//===----------------------------------------------------------------------===//

#include "qnn/InitAllQNN.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <pybind11/pybind11.h>

#include <string>

namespace py = pybind11;
using namespace mlir;

namespace {

/// Parses `text` (the buffer named `sourceName` in diagnostics) with every
/// qnn dialect registered, verifies it and returns the printed module.
/// Throws ValueError with the diagnostics ("name:line:col: error: ...") when
/// parsing or verification fails.
std::string parseAndVerify(const std::string &text,
                           const std::string &sourceName) {
  DialectRegistry registry;
  qnn::registerAllQNNDialects(registry);
  MLIRContext context(registry, MLIRContext::Threading::DISABLED);

  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(text, sourceName), llvm::SMLoc());

  std::string diagnostics;
  llvm::raw_string_ostream diagnosticStream(diagnostics);
  SourceMgrDiagnosticHandler handler(sourceMgr, &context, diagnosticStream);

  // Parsing verifies the module too (ParserConfig's verifyAfterParse).
  OwningOpRef<ModuleOp> module =
      parseSourceFile<ModuleOp>(sourceMgr, ParserConfig(&context));
  if (!module) {
    if (diagnostics.empty())
      diagnostics = sourceName + ": error: could not parse the module";
    // Drop the trailing newline of the last diagnostic.
    while (!diagnostics.empty() && diagnostics.back() == '\n')
      diagnostics.pop_back();
    throw py::value_error(diagnostics);
  }

  std::string result;
  llvm::raw_string_ostream os(result);
  module->print(os);
  return result;
}

} // namespace

PYBIND11_MODULE(_qnn, m) {
  m.doc() = "Native bindings of qnn-mlir";

  m.def("parse_and_verify", &parseAndVerify, py::arg("text"),
        py::arg("source_name") = "<string>",
        R"doc(Parse MLIR text with the qnn dialects registered and verify it.

Returns the module printed in its custom (pretty) form. Raises ValueError
whose message holds the MLIR diagnostics (source_name:line:col: error: ...)
when the text does not parse or does not verify.)doc");

  m.def(
      "version", [] { return std::string(QNN_MLIR_VERSION); },
      "Version of qnn-mlir.");
  m.attr("llvm_version") = QNN_MLIR_LLVM_VERSION;
}
