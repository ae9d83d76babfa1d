//===- FoldArithmetic.cpp - fold elementwise math, reductions, casts ------===//
//
// Import-time folders of the arithmetic ops: elementwise arithmetic,
// comparisons and logic with NumPy broadcasting, Where, Clip, the Reduce*
// ops, Cast and QuantizeLinear.
//
// Arithmetic follows ONNX: float ops compute in double and round to the
// element type (exact for +, -, *, /, sqrt on f32), integer ops wrap to the
// element type, integer division truncates.
//
//===----------------------------------------------------------------------===//

#include "ConstantFolder.h"

#include <cmath>

using namespace mlir;
using namespace mlir::qnn::onnx_import;

/// The linear index into `in` (broadcast to `outShape`) of the element at
/// multi-index `index` of the output.
static int64_t broadcastOffset(ArrayRef<int64_t> index,
                               ArrayRef<int64_t> inShape,
                               ArrayRef<int64_t> inStrides) {
  int64_t offset = 0;
  size_t lead = index.size() - inShape.size();
  for (size_t d = 0; d < inShape.size(); ++d)
    if (inShape[d] != 1)
      offset += index[lead + d] * inStrides[d];
  return offset;
}

FailureOr<ConstTensor> mlir::qnn::onnx_import::evalElementwise(
    GraphImporter &importer, const onnx::NodeProto &node, const FoldInputs &ins,
    int32_t resultType, const std::function<double(ArrayRef<double>)> &fn,
    const std::function<int64_t(ArrayRef<int64_t>)> &intFn) {
  SmallVector<int64_t> shape(ins.front()->getShape());
  for (const ConstTensor *in : ins) {
    auto b = broadcast(shape, in->getShape());
    if (!b)
      return importer.nodeError(node)
             << "input shapes " << formatShape(shape) << " and "
             << formatShape(in->getShape()) << " do not broadcast";
    shape = *b;
  }
  if (failed(checkConstSize(importer, node, shape)))
    return failure();
  bool useInts = intFn && llvm::none_of(ins, [](const ConstTensor *t) {
                   return t->isFloat();
                 });
  ConstTensor result(resultType, shape);
  SmallVector<SmallVector<int64_t>> strides;
  for (const ConstTensor *in : ins)
    strides.push_back(stridesOf(in->getShape()));
  SmallVector<int64_t> index(shape.size(), 0);
  SmallVector<double> dargs(ins.size());
  SmallVector<int64_t> iargs(ins.size());
  for (int64_t i = 0, e = result.size(); i < e; ++i) {
    for (auto [k, in] : llvm::enumerate(ins)) {
      int64_t offset = broadcastOffset(index, in->getShape(), strides[k]);
      if (useInts)
        iargs[k] = in->getInt(offset);
      else
        dargs[k] = in->getDouble(offset);
    }
    if (useInts)
      result.setInt(i, intFn(iargs));
    else
      result.set(i, fn(dargs));
    incrementIndex(index, shape);
  }
  return result;
}

/// Reduces over `axes` (normalized; empty means all) with `combine`,
/// starting from `init`; `finish` gets the accumulator and the count.
static ConstTensor
reduceConst(const ConstTensor &t, ArrayRef<int64_t> axes, bool keepDims,
            double init, const std::function<double(double, double)> &combine,
            const std::function<double(double, int64_t)> &finish) {
  ArrayRef<int64_t> shape = t.getShape();
  SmallVector<bool> reduced(shape.size(), axes.empty());
  for (int64_t a : axes)
    reduced[a] = true;
  SmallVector<int64_t> outShape, keptShape;
  for (size_t d = 0; d < shape.size(); ++d) {
    keptShape.push_back(reduced[d] ? 1 : shape[d]);
    if (!reduced[d])
      outShape.push_back(shape[d]);
    else if (keepDims)
      outShape.push_back(1);
  }
  int64_t outCount = getNumElements(keptShape);
  SmallVector<double> acc(outCount, init);
  SmallVector<int64_t> keptStrides = stridesOf(keptShape);
  SmallVector<int64_t> index(shape.size(), 0);
  for (int64_t i = 0, e = t.size(); i < e; ++i) {
    int64_t o = 0;
    for (size_t d = 0; d < shape.size(); ++d)
      if (!reduced[d])
        o += index[d] * keptStrides[d];
    acc[o] = combine(acc[o], t.getDouble(i));
    incrementIndex(index, shape);
  }
  int64_t count = outCount == 0 ? 0 : t.size() / outCount;
  ConstTensor result(t.getDType(), outShape);
  for (int64_t o = 0; o < outCount; ++o)
    result.set(o, finish(acc[o], count));
  return result;
}

static FailureOr<bool> foldCast(GraphImporter &g, const onnx::NodeProto &node,
                                const FoldInputs &in) {
  FailureOr<int64_t> to = g.getIntAttr(node, "to", kUndefined);
  if (failed(to))
    return failure();
  if (!isFloatDType(*to) && !isIntegerDType(*to))
    return g.nodeError(node)
           << "cast to '" << dtypeName(*to) << "' is not supported";
  g.setOutput(node, 0, in[0]->cast(*to));
  return true;
}

/// ReduceSum takes its axes as input #1 from opset 13; the others as an
/// attribute until opset 18.
static FailureOr<bool> foldReduce(GraphImporter &g, const onnx::NodeProto &node,
                                  const FoldInputs &in) {
  StringRef op = node.op_type();
  FailureOr<int64_t> keepDims = g.getIntAttr(node, "keepdims", 1);
  FailureOr<int64_t> noopEmpty = g.getIntAttr(node, "noop_with_empty_axes", 0);
  auto axesAttr = g.getIntsAttr(node, "axes");
  if (failed(keepDims) || failed(noopEmpty) || failed(axesAttr))
    return failure();
  SmallVector<int64_t> axesList;
  if (in.size() > 1 && in[1])
    axesList = in[1]->getInts();
  else if (*axesAttr)
    axesList = **axesAttr;
  if (axesList.empty() && *noopEmpty) {
    g.setOutput(node, 0, *in[0]);
    return true;
  }
  SmallVector<int64_t> axes;
  for (int64_t a : axesList) {
    std::optional<int64_t> n = normalizeAxisIn(a, in[0]->getRank());
    if (!n)
      return g.nodeError(node) << "axis " << a << " is out of range";
    axes.push_back(*n);
  }
  double init = 0;
  std::function<double(double, double)> combine = [](double a, double b) {
    return a + b;
  };
  std::function<double(double, int64_t)> finish = [](double a, int64_t) {
    return a;
  };
  if (op == "ReduceProd") {
    init = 1;
    combine = [](double a, double b) { return a * b; };
  } else if (op == "ReduceMax") {
    init = -INFINITY;
    combine = [](double a, double b) { return std::max(a, b); };
  } else if (op == "ReduceMin") {
    init = INFINITY;
    combine = [](double a, double b) { return std::min(a, b); };
  } else if (op == "ReduceMean") {
    finish = [](double a, int64_t n) { return n ? a / n : NAN; };
  }
  g.setOutput(node, 0,
              reduceConst(*in[0], axes, *keepDims != 0, init, combine, finish));
  return true;
}

static FailureOr<bool> foldWhere(GraphImporter &g, const onnx::NodeProto &node,
                                 const FoldInputs &in) {
  FailureOr<ConstTensor> result = evalElementwise(
      g, node, in, in[1]->getDType(),
      [](ArrayRef<double> v) { return v[0] != 0 ? v[1] : v[2]; },
      [](ArrayRef<int64_t> v) { return v[0] != 0 ? v[1] : v[2]; });
  if (failed(result))
    return failure();
  g.setOutput(node, 0, std::move(*result));
  return true;
}

/// Binary and unary arithmetic, comparisons and logic.
static FailureOr<bool> foldArith(GraphImporter &g, const onnx::NodeProto &node,
                                 const FoldInputs &in) {
  StringRef op = node.op_type();
  using DFn = std::function<double(ArrayRef<double>)>;
  using IFn = std::function<int64_t(ArrayRef<int64_t>)>;
  struct Rule {
    DFn f;
    IFn i;
    bool boolResult = false;
  };
  // Min and Max of any number of operands, left to right (std::min keeps
  // the first of two equal or unordered values).
  auto least = [](auto a, auto b) { return std::min(a, b); };
  auto greatest = [](auto a, auto b) { return std::max(a, b); };
  auto extremum = [](auto pick) {
    return [pick](auto v) {
      auto m = v[0];
      for (auto x : v)
        m = pick(m, x);
      return m;
    };
  };
  Rule rule;
  if (op == "Add")
    rule = {[](auto v) { return v[0] + v[1]; },
            [](auto v) { return int64_t(uint64_t(v[0]) + uint64_t(v[1])); }};
  else if (op == "Sub")
    rule = {[](auto v) { return v[0] - v[1]; },
            [](auto v) { return int64_t(uint64_t(v[0]) - uint64_t(v[1])); }};
  else if (op == "Mul")
    rule = {[](auto v) { return v[0] * v[1]; },
            [](auto v) { return int64_t(uint64_t(v[0]) * uint64_t(v[1])); }};
  else if (op == "Div")
    rule = {[](auto v) { return v[0] / v[1]; }, nullptr};
  else if (op == "Pow")
    rule = {[](auto v) { return std::pow(v[0], v[1]); }, nullptr};
  else if (op == "Min")
    rule = {extremum(least), extremum(least)};
  else if (op == "Max")
    rule = {extremum(greatest), extremum(greatest)};
  else if (op == "Equal")
    rule = {[](auto v) { return double(v[0] == v[1]); },
            [](auto v) { return int64_t(v[0] == v[1]); }, true};
  else if (op == "Less")
    rule = {[](auto v) { return double(v[0] < v[1]); },
            [](auto v) { return int64_t(v[0] < v[1]); }, true};
  else if (op == "LessOrEqual")
    rule = {[](auto v) { return double(v[0] <= v[1]); },
            [](auto v) { return int64_t(v[0] <= v[1]); }, true};
  else if (op == "Greater")
    rule = {[](auto v) { return double(v[0] > v[1]); },
            [](auto v) { return int64_t(v[0] > v[1]); }, true};
  else if (op == "GreaterOrEqual")
    rule = {[](auto v) { return double(v[0] >= v[1]); },
            [](auto v) { return int64_t(v[0] >= v[1]); }, true};
  else if (op == "And")
    rule = {nullptr, [](auto v) { return int64_t(v[0] && v[1]); }, true};
  else if (op == "Or")
    rule = {nullptr, [](auto v) { return int64_t(v[0] || v[1]); }, true};
  else if (op == "Not")
    rule = {nullptr, [](auto v) { return int64_t(!v[0]); }, true};
  else if (op == "Neg")
    rule = {[](auto v) { return -v[0]; },
            [](auto v) { return int64_t(0 - uint64_t(v[0])); }};
  else if (op == "Abs")
    rule = {
        [](auto v) { return std::fabs(v[0]); },
        [](auto v) { return v[0] < 0 ? int64_t(0 - uint64_t(v[0])) : v[0]; }};
  else if (op == "Sqrt")
    rule = {[](auto v) { return std::sqrt(v[0]); }, nullptr};
  else if (op == "Exp")
    rule = {[](auto v) { return std::exp(v[0]); }, nullptr};
  else if (op == "Log")
    rule = {[](auto v) { return std::log(v[0]); }, nullptr};
  else if (op == "Erf")
    rule = {[](auto v) { return std::erf(v[0]); }, nullptr};
  else if (op == "Tanh")
    rule = {[](auto v) { return std::tanh(v[0]); }, nullptr};
  else if (op == "Sigmoid")
    rule = {[](auto v) { return 1.0 / (1.0 + std::exp(-v[0])); }, nullptr};
  else if (op == "Relu")
    rule = {[](auto v) { return v[0] > 0 ? v[0] : 0.0; },
            [](auto v) { return std::max<int64_t>(v[0], 0); }};
  else if (op == "Reciprocal")
    rule = {[](auto v) { return 1.0 / v[0]; }, nullptr};
  else if (op == "Floor")
    rule = {[](auto v) { return std::floor(v[0]); },
            [](auto v) { return v[0]; }};
  else if (op == "Ceil")
    rule = {[](auto v) { return std::ceil(v[0]); },
            [](auto v) { return v[0]; }};
  else if (op == "Sign")
    rule = {[](auto v) { return double((v[0] > 0) - (v[0] < 0)); },
            [](auto v) { return int64_t((v[0] > 0) - (v[0] < 0)); }};

  // Integer Div truncates; a zero divisor is an error, not UB.
  if (op == "Div" && !in[0]->isFloat()) {
    if (in[1]->isFloat())
      return false;
    for (int64_t i = 0; i < in[1]->size(); ++i)
      if (in[1]->getInt(i) == 0)
        return g.nodeError(node) << "integer division by zero";
    rule.i = [](ArrayRef<int64_t> v) {
      if (v[0] == INT64_MIN && v[1] == -1)
        return v[0];
      return v[0] / v[1];
    };
  }
  // Integer Pow (exponent of any type, result the base's type).
  if (op == "Pow" && !in[0]->isFloat())
    rule.i = [](ArrayRef<int64_t> v) {
      return static_cast<int64_t>(std::pow(double(v[0]), double(v[1])));
    };
  bool anyFloat =
      llvm::any_of(in, [](const ConstTensor *t) { return t->isFloat(); });
  // Float inputs need the double rule; integer inputs use the integer rule
  // when there is one, else the double rule (rounded back on store).
  if (!rule.f && (anyFloat || !rule.i))
    return false;
  IFn intFn = anyFloat ? nullptr : rule.i;
  DFn floatFn = rule.f ? rule.f : [](ArrayRef<double>) { return 0.0; };
  int32_t resultType = rule.boolResult ? kBool : in[0]->getDType();
  FailureOr<ConstTensor> result =
      evalElementwise(g, node, in, resultType, floatFn, intFn);
  if (failed(result))
    return failure();
  g.setOutput(node, 0, std::move(*result));
  return true;
}

static FailureOr<bool> foldQuantize(GraphImporter &g,
                                    const onnx::NodeProto &node,
                                    const FoldInputs &) {
  // Quantizing a constant (a float weight stored before a Q-DQ pair) is
  // shared with the converter, which knows the quantization parameters.
  if (failed(convertQuantizeLinear(g, node)))
    return failure();
  return true;
}

static FailureOr<bool> foldClip(GraphImporter &g, const onnx::NodeProto &node,
                                const FoldInputs &in) {
  double lo = -INFINITY, hi = INFINITY;
  if (in.size() > 1 && in[1])
    lo = in[1]->getDouble(0);
  if (in.size() > 2 && in[2])
    hi = in[2]->getDouble(0);
  ConstTensor result(in[0]->getDType(), in[0]->getShape());
  for (int64_t i = 0, e = result.size(); i < e; ++i)
    result.set(i, std::min(std::max(in[0]->getDouble(i), lo), hi));
  g.setOutput(node, 0, std::move(result));
  return true;
}

void mlir::qnn::onnx_import::addArithmeticFolders(FolderMap &folders) {
  folders["Cast"] = foldCast;
  folders["Where"] = foldWhere;
  folders["Clip"] = foldClip;
  folders["QuantizeLinear"] = foldQuantize;
  for (StringRef op :
       {"ReduceSum", "ReduceProd", "ReduceMax", "ReduceMin", "ReduceMean"})
    folders[op] = foldReduce;
  for (StringRef op : {"Add",        "Sub",         "Mul",     "Div",
                       "Pow",        "Min",         "Max",     "Equal",
                       "Less",       "LessOrEqual", "Greater", "GreaterOrEqual",
                       "And",        "Or",          "Not",     "Neg",
                       "Abs",        "Sqrt",        "Exp",     "Log",
                       "Erf",        "Tanh",        "Sigmoid", "Relu",
                       "Reciprocal", "Floor",       "Ceil",    "Sign"})
    folders[op] = foldArith;
}
