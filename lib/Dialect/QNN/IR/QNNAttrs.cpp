//===- QNNAttrs.cpp - qnn attribute parsing and verification --------------===//

#include "qnn/Dialect/QNN/IR/QNNAttrs.h"
#include "qnn/Dialect/QNN/IR/QNNDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"
#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::qnn;

#define GET_ATTRDEF_CLASSES
#include "qnn/Dialect/QNN/IR/QNNOpsAttrs.cpp.inc"

void QNNDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "qnn/Dialect/QNN/IR/QNNOpsAttrs.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// StatsAttr
//===----------------------------------------------------------------------===//

// #qnn.stats<min = A, max = B>
// #qnn.stats<min = A, max = B, range = [LO, HI], bins = [c0, c1, ...]>
Attribute StatsAttr::parse(AsmParser &parser, Type) {
  double min = 0, max = 0, lo = 0, hi = 0;
  SmallVector<int64_t> bins;
  if (parser.parseLess() || parser.parseKeyword("min") || parser.parseEqual() ||
      parser.parseFloat(min) || parser.parseComma() ||
      parser.parseKeyword("max") || parser.parseEqual() ||
      parser.parseFloat(max))
    return {};
  if (succeeded(parser.parseOptionalComma())) {
    if (parser.parseKeyword("range") || parser.parseEqual() ||
        parser.parseLSquare() || parser.parseFloat(lo) ||
        parser.parseComma() || parser.parseFloat(hi) ||
        parser.parseRSquare() || parser.parseComma() ||
        parser.parseKeyword("bins") || parser.parseEqual() ||
        parser.parseCommaSeparatedList(AsmParser::Delimiter::Square, [&] {
          return parser.parseInteger(bins.emplace_back());
        }))
      return {};
  }
  if (parser.parseGreater())
    return {};
  return parser.getChecked<StatsAttr>(parser.getContext(), APFloat(min),
                                      APFloat(max), APFloat(lo), APFloat(hi),
                                      bins);
}

void StatsAttr::print(AsmPrinter &printer) const {
  printer << "<min = " << getMinValue() << ", max = " << getMaxValue();
  if (hasHistogram()) {
    printer << ", range = [" << getRangeLoValue() << ", " << getRangeHiValue()
            << "], bins = [";
    llvm::interleaveComma(getBins(), printer);
    printer << "]";
  }
  printer << ">";
}

LogicalResult StatsAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                APFloat minValue, APFloat maxValue,
                                APFloat rangeLoValue, APFloat rangeHiValue,
                                ArrayRef<int64_t> bins) {
  double min = minValue.convertToDouble(), max = maxValue.convertToDouble();
  double rangeLo = rangeLoValue.convertToDouble();
  double rangeHi = rangeHiValue.convertToDouble();
  if (!std::isfinite(min) || !std::isfinite(max))
    return emitError() << "stats min and max must be finite, got min = " << min
                       << ", max = " << max;
  if (min > max)
    return emitError() << "stats min must not exceed max, got min = " << min
                       << ", max = " << max;
  if (bins.empty()) {
    if (rangeLo != 0.0 || rangeHi != 0.0)
      return emitError() << "stats histogram range needs at least one bin";
    return success();
  }
  if (!(rangeLo < rangeHi))
    return emitError() << "stats histogram range must be non-empty, got ["
                       << rangeLo << ", " << rangeHi << "]";
  if (rangeLo > min || rangeHi < max)
    return emitError() << "stats histogram range must contain [min, max], got ["
                       << rangeLo << ", " << rangeHi << "] for [" << min << ", "
                       << max << "]";
  for (auto [i, count] : llvm::enumerate(bins))
    if (count < 0)
      return emitError() << "stats histogram counts must be non-negative, bin "
                         << i << " holds " << count;
  return success();
}

//===----------------------------------------------------------------------===//
// ActivationAttr
//===----------------------------------------------------------------------===//

/// Bounds implied by an activation kind without explicit bounds.
static std::pair<double, double> defaultBounds(ActivationKind kind) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  switch (kind) {
  case ActivationKind::relu:
    return {0.0, inf};
  case ActivationKind::relu6:
    return {0.0, 6.0};
  case ActivationKind::clamp:
    return {-inf, inf};
  }
  llvm_unreachable("unknown activation kind");
}

ActivationAttr ActivationAttr::get(MLIRContext *context, ActivationKind kind) {
  auto [lo, hi] = defaultBounds(kind);
  return Base::get(context, kind, APFloat(lo), APFloat(hi));
}

// #qnn.activation<relu> | <relu6> | <clamp [lo, hi]>. relu and relu6 may
// spell out their fixed bounds, which the verifier then checks.
Attribute ActivationAttr::parse(AsmParser &parser, Type) {
  StringRef keyword;
  SMLoc loc = parser.getCurrentLocation();
  if (parser.parseLess() || parser.parseKeyword(&keyword))
    return {};
  std::optional<ActivationKind> kind = symbolizeActivationKind(keyword);
  if (!kind) {
    parser.emitError(loc, "unknown activation '")
        << keyword << "', expected relu, relu6 or clamp";
    return {};
  }
  auto [lo, hi] = defaultBounds(*kind);
  bool hasBounds = *kind == ActivationKind::clamp ||
                   succeeded(parser.parseOptionalLSquare());
  if (hasBounds &&
      ((*kind == ActivationKind::clamp && parser.parseLSquare()) ||
       parser.parseFloat(lo) || parser.parseComma() || parser.parseFloat(hi) ||
       parser.parseRSquare()))
    return {};
  if (parser.parseGreater())
    return {};
  return parser.getChecked<ActivationAttr>(parser.getContext(), *kind,
                                           APFloat(lo), APFloat(hi));
}

void ActivationAttr::print(AsmPrinter &printer) const {
  printer << "<" << stringifyActivationKind(getKind());
  if (getKind() == ActivationKind::clamp)
    printer << " [" << getLowerBound() << ", " << getUpperBound() << "]";
  printer << ">";
}

LogicalResult
ActivationAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                       ActivationKind kind, APFloat loValue, APFloat hiValue) {
  double lo = loValue.convertToDouble(), hi = hiValue.convertToDouble();
  if (kind != ActivationKind::clamp) {
    auto [expectedLo, expectedHi] = defaultBounds(kind);
    if (lo != expectedLo || hi != expectedHi)
      return emitError() << "activation " << stringifyActivationKind(kind)
                         << " has fixed bounds [" << expectedLo << ", "
                         << expectedHi << "]";
    return success();
  }
  if (std::isnan(lo) || std::isnan(hi) || !(lo < hi))
    return emitError() << "activation clamp bounds must satisfy lo < hi, got ["
                       << lo << ", " << hi << "]";
  return success();
}

//===----------------------------------------------------------------------===//
// LayoutAttr
//===----------------------------------------------------------------------===//

LogicalResult LayoutAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                 LayoutKind kind, ArrayRef<int64_t> tile) {
  if (tile.size() != 2)
    return emitError() << "layout tile must have 2 sizes [N, K], got "
                       << tile.size();
  if (llvm::any_of(tile, [](int64_t s) { return s <= 0; }))
    return emitError() << "layout tile sizes must be positive";
  return success();
}
