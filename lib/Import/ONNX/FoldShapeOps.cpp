//===- FoldShapeOps.cpp - fold shape, data-movement and index ops ---------===//
//
// Import-time folders of the ops exporters use to compute shapes at run time
// (Shape -> Gather -> Unsqueeze -> Concat -> Reshape, Range, Expand,
// ConstantOfShape ...): their elements are copied from the inputs, or
// generated (ConstantOfShape, Range). Their shape rules are in
// ShapeHelpers.cpp, shared with the converters.
//
//===----------------------------------------------------------------------===//

#include "ConstantFolder.h"

#include <cmath>

using namespace mlir;
using namespace mlir::qnn::onnx_import;

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
    incrementIndex(index, outShape);
  }
  return result;
}

static FailureOr<bool> foldShape(GraphImporter &g, const onnx::NodeProto &node,
                                 const FoldInputs &) {
  // Shared with the converter: a Shape of a static run-time tensor is also
  // a constant.
  if (failed(convertShape(g, node)))
    return failure();
  return true;
}

static FailureOr<bool> foldConstantOfShape(GraphImporter &g,
                                           const onnx::NodeProto &node,
                                           const FoldInputs &in) {
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

static FailureOr<bool> foldReshape(GraphImporter &g,
                                   const onnx::NodeProto &node,
                                   const FoldInputs &in) {
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

static FailureOr<bool> foldFlatten(GraphImporter &g,
                                   const onnx::NodeProto &node,
                                   const FoldInputs &in) {
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

static FailureOr<bool> foldSqueeze(GraphImporter &g,
                                   const onnx::NodeProto &node,
                                   const FoldInputs &in) {
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

static FailureOr<bool> foldUnsqueeze(GraphImporter &g,
                                     const onnx::NodeProto &node,
                                     const FoldInputs &in) {
  FailureOr<SmallVector<int64_t>> shape =
      resolveUnsqueezeShape(g, node, in[0]->getShape());
  if (failed(shape))
    return failure();
  g.setOutput(node, 0, in[0]->reshaped(*shape));
  return true;
}

static FailureOr<bool> foldTranspose(GraphImporter &g,
                                     const onnx::NodeProto &node,
                                     const FoldInputs &in) {
  FailureOr<SmallVector<int64_t>> perm = resolvePerm(g, node, in[0]->getRank());
  if (failed(perm))
    return failure();
  g.setOutput(node, 0, transposeConst(*in[0], *perm));
  return true;
}

static FailureOr<bool> foldConcat(GraphImporter &g, const onnx::NodeProto &node,
                                  const FoldInputs &in) {
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
                                  const FoldInputs &in) {
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
                                 const FoldInputs &in) {
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
    incrementIndex(index, p->shape);
  }
  g.setOutput(node, 0, std::move(result));
  return true;
}

static FailureOr<bool> foldExpand(GraphImporter &g, const onnx::NodeProto &node,
                                  const FoldInputs &in) {
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
                                const FoldInputs &in) {
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
    incrementIndex(index, outShape);
  }
  g.setOutput(node, 0, std::move(result));
  return true;
}

static FailureOr<bool> foldRange(GraphImporter &g, const onnx::NodeProto &node,
                                 const FoldInputs &in) {
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
                                 const FoldInputs &in) {
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

void mlir::qnn::onnx_import::addShapeOpFolders(FolderMap &folders) {
  folders["Shape"] = foldShape;
  folders["ConstantOfShape"] = foldConstantOfShape;
  folders["Reshape"] = foldReshape;
  folders["Flatten"] = foldFlatten;
  folders["Squeeze"] = foldSqueeze;
  folders["Unsqueeze"] = foldUnsqueeze;
  folders["Transpose"] = foldTranspose;
  folders["Concat"] = foldConcat;
  folders["Gather"] = foldGather;
  folders["Slice"] = foldSlice;
  folders["Split"] = foldSplit;
  folders["Expand"] = foldExpand;
  folders["Tile"] = foldTile;
  folders["Range"] = foldRange;
}
