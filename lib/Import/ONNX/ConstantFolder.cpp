//===- ConstantFolder.cpp - evaluate nodes whose inputs are all constant --===//
//
// Exporters (torch.onnx in particular) compute shapes at run time:
// Shape -> Gather -> Unsqueeze -> Concat -> Reshape, Range, Expand, Where,
// ConstantOfShape ... With static input shapes every one of these has
// constant inputs once Shape of a static tensor is a constant, so the
// importer evaluates them on the host and Reshape targets become static.
//
// Arithmetic follows ONNX: float ops compute in double and round to the
// element type (exact for +, -, *, /, sqrt on f32), integer ops wrap to the
// element type, integer division truncates.
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

#include "llvm/ADT/StringSet.h"

#include <cmath>
#include <functional>

using namespace mlir;
using namespace mlir::qnn::onnx_import;

namespace {
using Inputs = SmallVector<const ConstTensor *, 3>;
} // namespace

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

/// Advances a row-major multi-index over `shape`.
static void increment(SmallVectorImpl<int64_t> &index,
                      ArrayRef<int64_t> shape) {
  for (int64_t d = static_cast<int64_t>(shape.size()) - 1; d >= 0; --d) {
    if (++index[d] < shape[d])
      return;
    index[d] = 0;
  }
}

/// Evaluates an elementwise op with NumPy broadcasting. `fn` gets the input
/// elements as doubles (floats) or, when every input is an integer tensor
/// and `intFn` is given, `intFn` gets them as int64.
static FailureOr<ConstTensor> evalElementwise(
    GraphImporter &importer, const onnx::NodeProto &node, const Inputs &ins,
    int32_t resultType, const std::function<double(ArrayRef<double>)> &fn,
    const std::function<int64_t(ArrayRef<int64_t>)> &intFn = nullptr) {
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
    increment(index, shape);
  }
  return result;
}

/// Gathers `t` along `axis` at `indices` (already normalized).
static ConstTensor gatherAlong(const ConstTensor &t, int64_t axis,
                               ArrayRef<int64_t> indices,
                               ArrayRef<int64_t> indicesShape) {
  ArrayRef<int64_t> shape = t.getShape();
  SmallVector<int64_t> outShape(shape.take_front(axis));
  llvm::append_range(outShape, indicesShape);
  llvm::append_range(outShape, shape.drop_front(axis + 1));
  int64_t outer = getNumElements(shape.take_front(axis));
  int64_t inner = getNumElements(shape.drop_front(axis + 1));
  ConstTensor result(t.getDType(), outShape);
  int64_t o = 0;
  for (int64_t a = 0; a < outer; ++a)
    for (int64_t idx : indices)
      for (int64_t b = 0; b < inner; ++b, ++o) {
        int64_t src = (a * shape[axis] + idx) * inner + b;
        if (t.isFloat())
          result.set(o, t.getDouble(src));
        else
          result.setInt(o, t.getInt(src));
      }
  return result;
}

/// Copies element `src` of `from` into element `dst` of `to` (same dtype).
static void copyElement(const ConstTensor &from, int64_t src, ConstTensor &to,
                        int64_t dst) {
  if (from.isFloat())
    to.set(dst, from.getDouble(src));
  else
    to.setInt(dst, from.getInt(src));
}

static ConstTensor transposeConst(const ConstTensor &t,
                                  ArrayRef<int64_t> perm) {
  ArrayRef<int64_t> shape = t.getShape();
  SmallVector<int64_t> outShape;
  for (int64_t p : perm)
    outShape.push_back(shape[p]);
  SmallVector<int64_t> inStrides = stridesOf(shape);
  ConstTensor result(t.getDType(), outShape);
  SmallVector<int64_t> index(outShape.size(), 0);
  for (int64_t i = 0, e = result.size(); i < e; ++i) {
    int64_t src = 0;
    for (size_t k = 0; k < perm.size(); ++k)
      src += index[k] * inStrides[perm[k]];
    copyElement(t, src, result, i);
    increment(index, outShape);
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
    increment(index, shape);
  }
  int64_t count = outCount == 0 ? 0 : t.size() / outCount;
  ConstTensor result(t.getDType(), outShape);
  for (int64_t o = 0; o < outCount; ++o)
    result.set(o, finish(acc[o], count));
  return result;
}

//===----------------------------------------------------------------------===//
// Per-op folders
//===----------------------------------------------------------------------===//

namespace {
/// A folder gets the node and its constant inputs (null for absent optional
/// ones) and sets the outputs; false when it declines (the converter then
/// handles the node).
using FoldFn = FailureOr<bool> (*)(GraphImporter &, const onnx::NodeProto &,
                                   const Inputs &);
} // namespace

static FailureOr<bool>
foldConstant(GraphImporter &g, const onnx::NodeProto &node, const Inputs &) {
  auto value = g.getTensorAttr(node, "value");
  if (failed(value))
    return failure();
  if (*value) {
    g.setOutput(node, 0, std::move(**value));
    return true;
  }
  if (const onnx::AttributeProto *a = g.findAttr(node, "value_float")) {
    ConstTensor t(kFloat, {});
    t.set(0, a->f());
    g.setOutput(node, 0, std::move(t));
    return true;
  }
  if (const onnx::AttributeProto *a = g.findAttr(node, "value_int")) {
    ConstTensor t(kInt64, {});
    t.setInt(0, a->i());
    g.setOutput(node, 0, std::move(t));
    return true;
  }
  if (const onnx::AttributeProto *a = g.findAttr(node, "value_floats")) {
    ConstTensor t(kFloat, {a->floats_size()});
    for (int i = 0; i < a->floats_size(); ++i)
      t.set(i, a->floats(i));
    g.setOutput(node, 0, std::move(t));
    return true;
  }
  if (const onnx::AttributeProto *a = g.findAttr(node, "value_ints")) {
    ConstTensor t(kInt64, {a->ints_size()});
    for (int i = 0; i < a->ints_size(); ++i)
      t.setInt(i, a->ints(i));
    g.setOutput(node, 0, std::move(t));
    return true;
  }
  return g.nodeError(node) << "only 'value', 'value_float(s)' and "
                              "'value_int(s)' constants are supported";
}

static FailureOr<bool> foldConstantOfShape(GraphImporter &g,
                                           const onnx::NodeProto &node,
                                           const Inputs &in) {
  SmallVector<int64_t> shape = in[0]->getInts();
  if (failed(checkConstSize(g, node, shape)))
    return failure();
  auto value = g.getTensorAttr(node, "value");
  if (failed(value))
    return failure();
  int32_t dtype = *value ? (*value)->getDType() : kFloat;
  if (*value && (*value)->size() != 1)
    return g.nodeError(node) << "attribute 'value' must hold one element";
  ConstTensor fill = *value ? (*value)->reshaped({}) : ConstTensor(kFloat, {});
  ConstTensor result(dtype, shape);
  for (int64_t i = 0, e = result.size(); i < e; ++i)
    copyElement(fill, 0, result, i);
  g.setOutput(node, 0, std::move(result));
  return true;
}

static FailureOr<bool> foldCast(GraphImporter &g, const onnx::NodeProto &node,
                                const Inputs &in) {
  FailureOr<int64_t> to = g.getIntAttr(node, "to", kUndefined);
  if (failed(to))
    return failure();
  if (!isFloatDType(*to) && !isIntegerDType(*to))
    return g.nodeError(node)
           << "cast to '" << dtypeName(*to) << "' is not supported";
  g.setOutput(node, 0, in[0]->cast(*to));
  return true;
}

static FailureOr<bool> foldShape(GraphImporter &g, const onnx::NodeProto &node,
                                 const Inputs &) {
  // Shared with the converter: a Shape of a static run-time tensor is also
  // a constant.
  if (failed(convertShape(g, node)))
    return failure();
  return true;
}

static FailureOr<bool>
foldReshape(GraphImporter &g, const onnx::NodeProto &node, const Inputs &in) {
  FailureOr<int64_t> allowZero = g.getIntAttr(node, "allowzero", 0);
  if (failed(allowZero))
    return failure();
  std::string error;
  FailureOr<SmallVector<int64_t>> shape = resolveReshape(
      in[0]->getShape(), in[1]->getInts(), *allowZero != 0, error);
  if (failed(shape))
    return g.nodeError(node) << error;
  g.setOutput(node, 0, in[0]->reshaped(*shape));
  return true;
}

static FailureOr<bool>
foldFlatten(GraphImporter &g, const onnx::NodeProto &node, const Inputs &in) {
  FailureOr<int64_t> axis = g.getIntAttr(node, "axis", 1);
  if (failed(axis))
    return failure();
  int64_t rank = in[0]->getRank();
  if (*axis < -rank || *axis > rank)
    return g.nodeError(node)
           << "axis " << *axis << " is out of range for rank " << rank;
  int64_t a = *axis < 0 ? *axis + rank : *axis;
  ArrayRef<int64_t> shape = in[0]->getShape();
  g.setOutput(node, 0,
              in[0]->reshaped({getNumElements(shape.take_front(a)),
                               getNumElements(shape.drop_front(a))}));
  return true;
}

static FailureOr<bool>
foldSqueeze(GraphImporter &g, const onnx::NodeProto &node, const Inputs &in) {
  FailureOr<SmallVector<int64_t>> axes =
      resolveSqueezeAxes(g, node, in[0]->getShape());
  if (failed(axes))
    return failure();
  SmallVector<int64_t> shape;
  for (auto [d, size] : llvm::enumerate(in[0]->getShape()))
    if (!llvm::is_contained(*axes, static_cast<int64_t>(d)))
      shape.push_back(size);
  g.setOutput(node, 0, in[0]->reshaped(shape));
  return true;
}

static FailureOr<bool>
foldUnsqueeze(GraphImporter &g, const onnx::NodeProto &node, const Inputs &in) {
  FailureOr<SmallVector<int64_t>> shape =
      resolveUnsqueezeShape(g, node, in[0]->getShape());
  if (failed(shape))
    return failure();
  g.setOutput(node, 0, in[0]->reshaped(*shape));
  return true;
}

static FailureOr<bool>
foldTranspose(GraphImporter &g, const onnx::NodeProto &node, const Inputs &in) {
  FailureOr<SmallVector<int64_t>> perm = resolvePerm(g, node, in[0]->getRank());
  if (failed(perm))
    return failure();
  g.setOutput(node, 0, transposeConst(*in[0], *perm));
  return true;
}

static FailureOr<bool> foldConcat(GraphImporter &g, const onnx::NodeProto &node,
                                  const Inputs &in) {
  auto resolved = resolveConcat(g, node);
  if (failed(resolved))
    return failure();
  auto [axis, shape] = *resolved;
  for (const ConstTensor *t : in)
    if (t->getDType() != in[0]->getDType())
      return g.nodeError(node) << "inputs have different element types";
  ConstTensor result(in[0]->getDType(), shape);
  int64_t outer = getNumElements(ArrayRef<int64_t>(shape).take_front(axis));
  int64_t o = 0;
  for (int64_t a = 0; a < outer; ++a)
    for (const ConstTensor *t : in) {
      int64_t chunk = getNumElements(t->getShape().drop_front(axis));
      for (int64_t k = 0; k < chunk; ++k)
        copyElement(*t, a * chunk + k, result, o++);
    }
  g.setOutput(node, 0, std::move(result));
  return true;
}

static FailureOr<bool> foldGather(GraphImporter &g, const onnx::NodeProto &node,
                                  const Inputs &in) {
  auto resolved = resolveGather(g, node);
  if (failed(resolved))
    return failure();
  int64_t axis = resolved->first;
  int64_t dim = in[0]->getShape()[axis];
  if (in[1]->isFloat())
    return g.nodeError(node) << "indices must be integers";
  SmallVector<int64_t> indices = in[1]->getInts();
  if (failed(checkConstSize(g, node, resolved->second)))
    return failure();
  for (int64_t &i : indices) {
    if (i < -dim || i >= dim)
      return g.nodeError(node) << "index " << i << " is out of range for "
                               << "dimension " << axis << " of size " << dim;
    if (i < 0)
      i += dim;
  }
  g.setOutput(node, 0, gatherAlong(*in[0], axis, indices, in[1]->getShape()));
  return true;
}

static FailureOr<bool> foldSlice(GraphImporter &g, const onnx::NodeProto &node,
                                 const Inputs &in) {
  FailureOr<SliceParams> p = resolveSlice(g, node, in[0]->getShape());
  if (failed(p))
    return failure();
  ConstTensor result(in[0]->getDType(), p->shape);
  SmallVector<int64_t> inStrides = stridesOf(in[0]->getShape());
  SmallVector<int64_t> index(p->shape.size(), 0);
  for (int64_t i = 0, e = result.size(); i < e; ++i) {
    int64_t src = 0;
    for (size_t d = 0; d < index.size(); ++d)
      src += (p->starts[d] + index[d] * p->steps[d]) * inStrides[d];
    copyElement(*in[0], src, result, i);
    increment(index, p->shape);
  }
  g.setOutput(node, 0, std::move(result));
  return true;
}

static FailureOr<bool> foldExpand(GraphImporter &g, const onnx::NodeProto &node,
                                  const Inputs &in) {
  SmallVector<int64_t> target = in[1]->getInts();
  auto shape = broadcast(in[0]->getShape(), target);
  if (!shape || getNumElements(*shape) < 0)
    return g.nodeError(node)
           << "cannot expand shape " << formatShape(in[0]->getShape()) << " to "
           << formatShape(target);
  if (failed(checkConstSize(g, node, *shape)))
    return failure();
  ConstTensor zero(in[0]->getDType(), *shape);
  FailureOr<ConstTensor> result = evalElementwise(
      g, node, {in[0], &zero}, in[0]->getDType(),
      [](ArrayRef<double> v) { return v[0]; },
      [](ArrayRef<int64_t> v) { return v[0]; });
  if (failed(result))
    return failure();
  g.setOutput(node, 0, std::move(*result));
  return true;
}

static FailureOr<bool> foldTile(GraphImporter &g, const onnx::NodeProto &node,
                                const Inputs &in) {
  SmallVector<int64_t> repeats = in[1]->getInts();
  ArrayRef<int64_t> shape = in[0]->getShape();
  if (repeats.size() != shape.size() ||
      llvm::any_of(repeats, [](int64_t r) { return r < 0; }))
    return g.nodeError(node) << "repeats must have one non-negative entry "
                                "per dimension";
  SmallVector<int64_t> outShape;
  for (auto [d, r] : llvm::zip(shape, repeats))
    outShape.push_back(d * r);
  if (failed(checkConstSize(g, node, outShape)))
    return failure();
  ConstTensor result(in[0]->getDType(), outShape);
  SmallVector<int64_t> inStrides = stridesOf(shape);
  SmallVector<int64_t> index(outShape.size(), 0);
  for (int64_t i = 0, e = result.size(); i < e; ++i) {
    int64_t src = 0;
    for (size_t d = 0; d < index.size(); ++d)
      src += (index[d] % shape[d]) * inStrides[d];
    copyElement(*in[0], src, result, i);
    increment(index, outShape);
  }
  g.setOutput(node, 0, std::move(result));
  return true;
}

static FailureOr<bool> foldRange(GraphImporter &g, const onnx::NodeProto &node,
                                 const Inputs &in) {
  for (const ConstTensor *t : in)
    if (t->size() != 1)
      return g.nodeError(node) << "start, limit and delta must be scalars";
  int32_t dtype = in[0]->getDType();
  double start = in[0]->getDouble(0), limit = in[1]->getDouble(0),
         delta = in[2]->getDouble(0);
  if (delta == 0)
    return g.nodeError(node) << "delta must not be 0";
  double count = std::ceil((limit - start) / delta);
  if (!(count <= double(kMaxConstElements)))
    return g.nodeError(node) << "range of " << count << " elements is too long";
  int64_t n = count > 0 ? static_cast<int64_t>(count) : 0;
  ConstTensor result(dtype, {n});
  for (int64_t i = 0; i < n; ++i) {
    if (result.isFloat())
      result.set(i, start + i * delta);
    else
      result.setInt(i, in[0]->getInt(0) + i * in[2]->getInt(0));
  }
  g.setOutput(node, 0, std::move(result));
  return true;
}

static FailureOr<bool> foldSplit(GraphImporter &g, const onnx::NodeProto &node,
                                 const Inputs &in) {
  FailureOr<int64_t> axisValue = g.getIntAttr(node, "axis", 0);
  if (failed(axisValue))
    return failure();
  ArrayRef<int64_t> shape = in[0]->getShape();
  std::optional<int64_t> axis = normalizeAxisIn(*axisValue, shape.size());
  if (!axis)
    return g.nodeError(node) << "axis " << *axisValue
                             << " is out of range for rank " << shape.size();
  SmallVector<int64_t> sizes;
  if (in.size() > 1 && in[1])
    sizes = in[1]->getInts();
  else if (shape[*axis] % node.output_size() == 0)
    sizes.assign(node.output_size(), shape[*axis] / node.output_size());
  else
    return g.nodeError(node)
           << "dimension " << *axis << " of size " << shape[*axis]
           << " does not split into " << node.output_size() << " equal parts";
  int64_t total = 0;
  for (int64_t s : sizes)
    total += s;
  if (static_cast<int>(sizes.size()) != node.output_size() ||
      total != shape[*axis] ||
      llvm::any_of(sizes, [](int64_t s) { return s < 0; }))
    return g.nodeError(node)
           << "split sizes " << formatShape(sizes)
           << " do not partition dimension " << *axis << " of size "
           << shape[*axis] << " into " << node.output_size() << " outputs";
  int64_t offset = 0;
  for (auto [i, size] : llvm::enumerate(sizes)) {
    SmallVector<int64_t> indices;
    for (int64_t k = 0; k < size; ++k)
      indices.push_back(offset + k);
    offset += size;
    g.setOutput(node, i, gatherAlong(*in[0], *axis, indices, {size}));
  }
  return true;
}

/// ReduceSum takes its axes as input #1 from opset 13; the others as an
/// attribute until opset 18.
static FailureOr<bool> foldReduce(GraphImporter &g, const onnx::NodeProto &node,
                                  const Inputs &in) {
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
                                 const Inputs &in) {
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
                                 const Inputs &in) {
  StringRef op = node.op_type();
  using DFn = std::function<double(ArrayRef<double>)>;
  using IFn = std::function<int64_t(ArrayRef<int64_t>)>;
  struct Rule {
    DFn f;
    IFn i;
    bool boolResult = false;
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
    rule = {[](auto v) {
              double m = v[0];
              for (double x : v)
                m = std::min(m, x);
              return m;
            },
            [](auto v) {
              int64_t m = v[0];
              for (int64_t x : v)
                m = std::min(m, x);
              return m;
            }};
  else if (op == "Max")
    rule = {[](auto v) {
              double m = v[0];
              for (double x : v)
                m = std::max(m, x);
              return m;
            },
            [](auto v) {
              int64_t m = v[0];
              for (int64_t x : v)
                m = std::max(m, x);
              return m;
            }};
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

static FailureOr<bool>
foldQuantize(GraphImporter &g, const onnx::NodeProto &node, const Inputs &) {
  // Quantizing a constant (a float weight stored before a Q-DQ pair) is
  // shared with the converter, which knows the quantization parameters.
  if (failed(convertQuantizeLinear(g, node)))
    return failure();
  return true;
}

static FailureOr<bool> foldClip(GraphImporter &g, const onnx::NodeProto &node,
                                const Inputs &in) {
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

static const llvm::StringMap<FoldFn> &getFolders() {
  static const llvm::StringMap<FoldFn> folders = [] {
    llvm::StringMap<FoldFn> m;
    m["Constant"] = foldConstant;
    m["ConstantOfShape"] = foldConstantOfShape;
    m["Cast"] = foldCast;
    m["Shape"] = foldShape;
    m["Reshape"] = foldReshape;
    m["Flatten"] = foldFlatten;
    m["Squeeze"] = foldSqueeze;
    m["Unsqueeze"] = foldUnsqueeze;
    m["Transpose"] = foldTranspose;
    m["Concat"] = foldConcat;
    m["Gather"] = foldGather;
    m["Slice"] = foldSlice;
    m["Split"] = foldSplit;
    m["Expand"] = foldExpand;
    m["Tile"] = foldTile;
    m["Range"] = foldRange;
    m["Where"] = foldWhere;
    m["Clip"] = foldClip;
    m["QuantizeLinear"] = foldQuantize;
    for (StringRef op :
         {"ReduceSum", "ReduceProd", "ReduceMax", "ReduceMin", "ReduceMean"})
      m[op] = foldReduce;
    for (StringRef op :
         {"Add",        "Sub",         "Mul",     "Div",
          "Pow",        "Min",         "Max",     "Equal",
          "Less",       "LessOrEqual", "Greater", "GreaterOrEqual",
          "And",        "Or",          "Not",     "Neg",
          "Abs",        "Sqrt",        "Exp",     "Log",
          "Erf",        "Tanh",        "Sigmoid", "Relu",
          "Reciprocal", "Floor",       "Ceil",    "Sign"})
      m[op] = foldArith;
    return m;
  }();
  return folders;
}

bool mlir::qnn::onnx_import::isFoldable(StringRef opType) {
  return getFolders().count(opType);
}

FailureOr<bool> mlir::qnn::onnx_import::foldNode(GraphImporter &importer,
                                                 const onnx::NodeProto &node) {
  auto it = getFolders().find(node.op_type());
  if (it == getFolders().end())
    return false;
  Inputs inputs;
  for (int i = 0; i < node.input_size(); ++i)
    inputs.push_back(importer.getConstInput(node, i));
  // Required inputs were checked against the schema; optional ones may be
  // null and every folder checks what it reads.
  if (!inputs.empty() && !inputs[0] && node.op_type() != "Constant")
    return false;
  return it->second(importer, node, inputs);
}
