//===- Compare.cpp - quantized model against float model ------------------===//

#include "qnn/Runner/Compare.h"
#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Dialect/QNN/Utils/QuantInfo.h"
#include "qnn/Dialect/QNN/Utils/QuantNumerics.h"

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/Support/Format.h"

#include <algorithm>
#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::qnn;

double TensorError::sqnr() const {
  if (noise == 0)
    return std::numeric_limits<double>::infinity();
  return 10.0 * std::log10(signal / noise);
}

/// The real values a tensor of the quantized model stands for.
std::vector<double> mlir::qnn::realValues(const HostTensor &tensor) {
  std::vector<double> values(tensor.getNumElements());
  if (tensor.isFloat()) {
    llvm::copy(tensor.getFloats(), values.begin());
    return values;
  }
  FailureOr<QuantInfo> info = getQuantInfo(tensor.getType());
  if (failed(info))
    return {};
  ArrayRef<int32_t> q = tensor.getInts();
  info->forEachRun([&](int64_t begin, int64_t length, int64_t param) {
    for (int64_t i = begin; i < begin + length; ++i)
      values[i] = numerics::dequantize(q[i], info->scales[param],
                                       info->zeroPoints[param]);
  });
  return values;
}

static std::string describeType(Type element) {
  std::string text;
  llvm::raw_string_ostream os(text);
  if (auto perTensor = dyn_cast<quant::UniformQuantizedType>(element))
    os << "scale " << llvm::format("%.6g", perTensor.getScale())
       << ", zero point " << perTensor.getZeroPoint();
  else if (isa<quant::UniformQuantizedPerAxisType>(element))
    os << "per-axis";
  else
    os << element;
  return text;
}

/// Divides out the factors qnn-equalize-concat-ranges multiplied `op`'s
/// result by, so that it compares with the float model's tensor. True when
/// there were any.
static bool undoEqualization(Operation *op, ArrayRef<int64_t> shape,
                             std::vector<double> &values) {
  auto factors = op->getAttrOfType<DenseF64ArrayAttr>(qnn::kEqualizedByAttr);
  if (!factors || factors.empty())
    return false;
  if (factors.size() == 1) {
    for (double &v : values)
      v /= factors[0];
    return true;
  }
  auto axisAttr = op->getAttrOfType<IntegerAttr>(qnn::kEqualizedAxisAttr);
  int64_t axis = axisAttr ? axisAttr.getInt() : -1;
  if (axis < 0 || axis >= static_cast<int64_t>(shape.size()) ||
      shape[axis] != factors.size())
    return false;
  int64_t inner = 1;
  for (int64_t d = axis + 1, e = shape.size(); d < e; ++d)
    inner *= shape[d];
  for (size_t i = 0; i < values.size(); ++i)
    values[i] /= factors[(i / inner) % shape[axis]];
  return true;
}

void ModelComparison::addSample(
    const llvm::StringMap<HostTensor> &floatValues,
    const llvm::StringMap<HostTensor> &quantValues) {
  // Program order of the quantized model.
  for (Operation &op : quantFunc.getBody().front()) {
    if (op.getNumResults() != 1)
      continue;
    // The importer names results NameLoc(tensor, NameLoc(node)).
    SmallVector<StringRef, 2> names;
    op.getLoc()->walk([&](Location loc) {
      if (auto named = dyn_cast<NameLoc>(loc))
        names.push_back(named.getName().strref());
      return WalkResult::advance();
    });
    if (names.empty())
      continue;
    StringRef name = names.front();
    Type element = getElementTypeOrSelf(op.getResult(0).getType());
    auto quant = quantValues.find(name);
    auto real = floatValues.find(name);
    if (quant == quantValues.end() || real == floatValues.end() ||
        !isa<quant::QuantizedType>(element) ||
        quant->second.getShape() != real->second.getShape() ||
        !real->second.isFloat())
      continue;
    std::vector<double> approx = realValues(quant->second);
    if (approx.empty())
      continue;
    bool equalized = undoEqualization(&op, quant->second.getShape(), approx);
    auto [it, inserted] = index.try_emplace(name, errors.size());
    if (inserted)
      errors.push_back(
          {name.str(), names.size() > 1 ? names[1].str() : "",
           describeType(element) + (equalized ? " (equalized)" : "")});
    TensorError &e = errors[it->second];
    ArrayRef<float> exact = real->second.getFloats();
    for (size_t i = 0; i < approx.size(); ++i) {
      double d = approx[i] - exact[i];
      e.signal += double(exact[i]) * exact[i];
      e.noise += d * d;
      e.maxAbs = std::max(e.maxAbs, std::fabs(d));
    }
  }
}

void mlir::qnn::printComparison(llvm::raw_ostream &os,
                                ArrayRef<TensorError> errors) {
  size_t width = 6, nodeWidth = 4;
  for (const TensorError &e : errors) {
    width = std::max(width, e.name.size());
    nodeWidth = std::max(nodeWidth, e.node.size());
  }
  os << llvm::format("%-*s  %-*s  %-44s %10s %14s\n", int(nodeWidth), "node",
                     int(width), "tensor", "quantization", "SQNR (dB)",
                     "max abs err");
  for (const TensorError &e : errors)
    os << llvm::format("%-*s  %-*s  %-44s %10.2f %14.6g\n", int(nodeWidth),
                       e.node.c_str(), int(width), e.name.c_str(),
                       e.type.c_str(), e.sqnr(), e.maxAbs);
}
