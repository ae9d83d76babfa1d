//===- CompareReport.cpp - the report of quant-run --compare --------------===//

#include "qnn/Runner/CompareReport.h"
#include "qnn/Runner/SvgBarChart.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace mlir::qnn;

std::string mlir::qnn::renderSqnrChart(ArrayRef<TensorError> errors) {
  BarChart chart;
  chart.title = "Per-layer SQNR, quantized vs float";
  chart.yLabel = "SQNR (dB)";
  for (const TensorError &e : errors) {
    chart.labels.push_back(e.name);
    chart.values.push_back(e.sqnr());
  }
  return renderSvgBarChart(chart);
}

/// Writes `text` to `path`.
static llvm::Error writeFile(llvm::StringRef path, llvm::StringRef text) {
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec);
  if (ec)
    return llvm::createStringError("cannot write '" + path +
                                   "': " + ec.message());
  os << text;
  os.close();
  if (os.has_error()) {
    std::string message = os.error().message();
    os.clear_error();
    return llvm::createStringError("cannot write '" + path + "': " + message);
  }
  return llvm::Error::success();
}

llvm::Error mlir::qnn::writeCompareReport(llvm::StringRef dir,
                                          llvm::StringRef floatModelFile,
                                          llvm::StringRef quantModelFile,
                                          ArrayRef<TensorError> errors) {
  if (std::error_code ec = llvm::sys::fs::create_directories(dir))
    return llvm::createStringError("cannot create '" + dir +
                                   "': " + ec.message());
  std::string report;
  llvm::raw_string_ostream os(report);
  os << "# Quantization report\n\nFloat model: `" << floatModelFile
     << "`, quantized model: `" << quantModelFile
     << "`.\n\nPer tensor of the quantized model, in program order: "
        "signal-to-quantization-noise ratio against the float model "
        "(higher is better) and the largest absolute error.\n\n"
        "![per-layer SQNR](sqnr.svg)\n\n"
        "| node | tensor | quantization | SQNR (dB) | max abs error |\n"
        "|---|---|---|---|---|\n";
  for (const TensorError &e : errors)
    os << "| `" << e.node << "` | `" << e.name << "` | " << e.type << " | "
       << llvm::format("%.2f", e.sqnr()) << " | "
       << llvm::format("%.6g", e.maxAbs) << " |\n";

  llvm::SmallString<128> md(dir), svg(dir);
  llvm::sys::path::append(md, "report.md");
  llvm::sys::path::append(svg, "sqnr.svg");
  if (llvm::Error error = writeFile(md, report))
    return error;
  return writeFile(svg, renderSqnrChart(errors));
}
