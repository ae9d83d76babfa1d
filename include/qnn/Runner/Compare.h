//===- Compare.h - quantized model against float model ----------*- C++ -*-===//
//
// quant-run --compare: the float and the quantized model run on the same
// samples, and every quantized tensor of the quantized model that has a
// namesake in the float model (the ONNX importer names results
// NameLoc(tensor, NameLoc(node))) is compared with it after dequantizing:
//
//   SQNR = 10 log10(sum x^2 / sum (x' - x)^2)   over all samples,
//
// x the float model's value, x' the quantized model's real value, plus the
// largest |x' - x|. Tensors qnn-equalize-concat-ranges rescaled are divided
// back by their factors first.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_RUNNER_COMPARE_H
#define QNN_RUNNER_COMPARE_H

#include "qnn/Interpreter/HostTensor.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace mlir::qnn {

/// Error of one tensor of the quantized model against the float model,
/// accumulated over the samples.
struct TensorError {
  std::string name; // the tensor (first NameLoc of the producer)
  std::string node; // the ONNX node that produces it (the nested NameLoc)
  std::string type; // "scale 0.0123, zero point 128", or "per-axis"
  double signal = 0, noise = 0, maxAbs = 0;

  /// In dB; +inf when there is no error at all.
  double sqnr() const;
};

/// The real values a tensor of the quantized model stands for: the floats
/// of an f32 tensor, the dequantized values (numerics::dequantize, as the
/// model's own dequantize computes them) of a quantized one; empty for other
/// element types.
std::vector<double> realValues(const HostTensor &tensor);

/// Accumulates TensorErrors over samples, in the quantized model's program
/// order.
class ModelComparison {
public:
  explicit ModelComparison(func::FuncOp quantFunc) : quantFunc(quantFunc) {}

  /// Adds one sample, given every intermediate of both models
  /// (InterpreterOptions::intermediates) on it.
  void addSample(const llvm::StringMap<HostTensor> &floatValues,
                 const llvm::StringMap<HostTensor> &quantValues);

  const std::vector<TensorError> &getErrors() const { return errors; }

private:
  func::FuncOp quantFunc;
  std::vector<TensorError> errors;
  llvm::StringMap<size_t> index; // tensor name -> position in `errors`
};

/// The table quant-run --compare prints: one row per tensor with its node,
/// name, quantization, SQNR (dB) and max abs error, columns aligned.
void printComparison(llvm::raw_ostream &os, ArrayRef<TensorError> errors);

} // namespace mlir::qnn

#endif // QNN_RUNNER_COMPARE_H
