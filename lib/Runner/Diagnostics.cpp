//===- Diagnostics.cpp - one line per error -------------------------------===//

#include "qnn/Runner/Diagnostics.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/MLIRContext.h"

#include <algorithm>
#include <optional>

using namespace mlir;
using namespace mlir::qnn;

/// The file:line:col inside a location, if any.
static std::optional<FileLineColLoc> findFileLoc(Location loc) {
  if (auto file = dyn_cast<FileLineColLoc>(loc))
    return file;
  if (auto name = dyn_cast<NameLoc>(loc))
    return findFileLoc(name.getChildLoc());
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location inner : fused.getLocations())
      if (auto file = findFileLoc(inner))
        return file;
  if (auto callSite = dyn_cast<CallSiteLoc>(loc))
    return findFileLoc(callSite.getCallee());
  return std::nullopt;
}

/// The text of a diagnostic on one line.
static std::string flatten(const Diagnostic &diag) {
  std::string text = diag.str();
  std::replace(text.begin(), text.end(), '\n', ' ');
  return text;
}

static void printOneLine(Diagnostic &diag, llvm::raw_ostream &os) {
  switch (diag.getSeverity()) {
  case DiagnosticSeverity::Error:
    os << "error: ";
    break;
  case DiagnosticSeverity::Warning:
    os << "warning: ";
    break;
  default:
    os << "note: ";
    break;
  }
  if (std::optional<FileLineColLoc> file = findFileLoc(diag.getLocation())) {
    os << file->getFilename().getValue();
    // Line 0 is the file as a whole (e.g. the implicit module).
    if (file->getLine())
      os << ":" << file->getLine() << ":" << file->getColumn();
    os << ": ";
  }
  os << flatten(diag);
  for (Diagnostic &note : diag.getNotes())
    os << " (" << flatten(note) << ")";
  os << "\n";
  os.flush();
}

OneLineDiagnosticHandler::OneLineDiagnosticHandler(MLIRContext *context,
                                                   llvm::raw_ostream &os)
    : ScopedDiagnosticHandler(context) {
  setHandler([&os](Diagnostic &diag) {
    printOneLine(diag, os);
    return success();
  });
}

DiagnosticNoteScope::DiagnosticNoteScope(MLIRContext *context, std::string note)
    : ScopedDiagnosticHandler(context) {
  setHandler([note = std::move(note)](Diagnostic &diag) {
    if (diag.getSeverity() != DiagnosticSeverity::Note)
      diag.attachNote() << note;
    // Not handled: the enclosing handler reports it, note included.
    return failure();
  });
}

LogicalResult mlir::qnn::emitRunnerError(MLIRContext *context,
                                         const llvm::Twine &message) {
  return emitError(UnknownLoc::get(context), message);
}

LogicalResult mlir::qnn::emitRunnerError(MLIRContext *context,
                                         llvm::Error error,
                                         const llvm::Twine &prefix) {
  return emitRunnerError(context, prefix + llvm::toString(std::move(error)));
}
