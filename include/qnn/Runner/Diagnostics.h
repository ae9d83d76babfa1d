//===- Diagnostics.h - one line per error -----------------------*- C++ -*-===//
//
// quant-run reports every error as one line, `error: file:line:col:
// message`, and exits with code 1 (tests read the line; scripts grep it).
// The drivers in QuantRun.h report everything, MLIR diagnostics and plain
// errors alike, as diagnostics; these handlers print them.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_RUNNER_DIAGNOSTICS_H
#define QNN_RUNNER_DIAGNOSTICS_H

#include "mlir/IR/Diagnostics.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace mlir::qnn {

/// Prints each diagnostic of `context` as one line on `os`: the severity,
/// the file:line:col of its location when it has one (line 0, the file as
/// a whole, prints the file alone), the message with newlines replaced by
/// spaces, and each note folded in as " (note)".
class OneLineDiagnosticHandler : public ScopedDiagnosticHandler {
public:
  OneLineDiagnosticHandler(MLIRContext *context,
                           llvm::raw_ostream &os = llvm::errs());
  OneLineDiagnosticHandler(const OneLineDiagnosticHandler &) = delete;
  OneLineDiagnosticHandler &
  operator=(const OneLineDiagnosticHandler &) = delete;
};

/// While alive, attaches the note `note` ("in sample 3") to every
/// diagnostic of `context`, which the enclosing handler then reports.
class DiagnosticNoteScope : public ScopedDiagnosticHandler {
public:
  DiagnosticNoteScope(MLIRContext *context, std::string note);
  DiagnosticNoteScope(const DiagnosticNoteScope &) = delete;
  DiagnosticNoteScope &operator=(const DiagnosticNoteScope &) = delete;
};

/// Emits `message` as an error without a location; returns failure.
LogicalResult emitRunnerError(MLIRContext *context, const llvm::Twine &message);
/// Emits the message of `error` (prefixed by `prefix`) as an error without
/// a location; returns failure.
LogicalResult emitRunnerError(MLIRContext *context, llvm::Error error,
                              const llvm::Twine &prefix = "");

} // namespace mlir::qnn

#endif // QNN_RUNNER_DIAGNOSTICS_H
