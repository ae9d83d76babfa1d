//===- ConvertQuant.cpp - QuantizeLinear and DequantizeLinear -------------===//
//
// Quantized models reach us in Q-DQ form:
//
// * DequantizeLinear of an integer constant (an int8 weight, an int32 bias):
//   the integer arith.constant, a quant.scast to its !quant.uniform type,
//   then qnn.dequantize. A QuantizeLinear of a float constant is folded into
//   such an integer constant first (round half to even, saturation).
// * QuantizeLinear -> DequantizeLinear on a run-time tensor: one
//   qnn.fake_quant with the pair's type. A Cast to the QuantizeLinear's own
//   type between the two (torch.onnx.export writes one into every pair) is
//   the identity and is skipped; no other op may sit between them.
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/Utils/QuantNumerics.h"

#include "mlir/Dialect/Quant/IR/Quant.h"

#include <cmath>

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::onnx_import;

namespace {
/// The quantization parameters of a Q or DQ node.
struct QuantParams {
  /// uint8, int8 or int32.
  int32_t storage = kUInt8;
  /// Quantized dimension, or -1 per tensor.
  int64_t axis = -1;
  SmallVector<double> scales;
  SmallVector<int64_t> zeroPoints;
  int64_t qmin = 0, qmax = 255;
};
} // namespace

/// Reads scale (input #1), zero point (input #2, optional) and `axis` for a
/// tensor of `shape`. `storage` is the element type the zero point must
/// have; kUndefined takes the zero point's (uint8 when absent).
static FailureOr<QuantParams> getQuantParams(GraphImporter &g,
                                             const onnx::NodeProto &node,
                                             ArrayRef<int64_t> shape,
                                             int32_t storage) {
  FailureOr<const ConstTensor *> scale = g.requireConstInput(node, 1, "scale");
  FailureOr<int64_t> axisAttr = g.getIntAttr(node, "axis", 1);
  if (failed(scale) || failed(axisAttr))
    return failure();
  const ConstTensor *zp = nullptr;
  if (g.hasInput(node, 2)) {
    FailureOr<const ConstTensor *> z =
        g.requireConstInput(node, 2, "zero_point");
    if (failed(z))
      return failure();
    zp = *z;
  }
  QuantParams p;
  p.storage = storage != kUndefined ? storage : zp ? zp->getDType() : kUInt8;
  if (zp && zp->getDType() != p.storage)
    return g.nodeError(node)
           << "zero point has element type '" << dtypeName(zp->getDType())
           << "', the quantized tensor '" << dtypeName(p.storage) << "'";
  switch (p.storage) {
  case kUInt8:
    p.qmin = 0;
    p.qmax = 255;
    break;
  case kInt8:
    p.qmin = -128;
    p.qmax = 127;
    break;
  case kInt32:
    p.qmin = INT32_MIN;
    p.qmax = INT32_MAX;
    break;
  default:
    return g.nodeError(node)
           << "quantized element type '" << dtypeName(p.storage)
           << "' is not supported (uint8, int8, int32)";
  }
  if (!(*scale)->isFloat())
    return g.nodeError(node) << "scale must be a float tensor";
  int64_t count = (*scale)->size();
  if (count != 1) {
    std::optional<int64_t> axis = normalizeAxisIn(*axisAttr, shape.size());
    if (!axis)
      return g.nodeError(node) << "axis " << *axisAttr
                               << " is out of range for rank " << shape.size();
    if ((*scale)->getRank() != 1 || count != shape[*axis])
      return g.nodeError(node)
             << "per-axis scale of shape " << formatShape((*scale)->getShape())
             << " must be 1-D with one entry per channel (" << shape[*axis]
             << " along axis " << *axis << ")";
    p.axis = *axis;
  }
  if (zp && zp->size() != count)
    return g.nodeError(node) << "zero point has " << zp->size()
                             << " entries, scale has " << count;
  for (int64_t i = 0; i < count; ++i) {
    double s = static_cast<float>((*scale)->getDouble(i));
    if (!std::isfinite(s) || s <= 0)
      return g.nodeError(node)
             << "scale " << s << " must be positive and finite";
    p.scales.push_back(s);
    p.zeroPoints.push_back(zp ? zp->getInt(i) : 0);
  }
  return p;
}

/// The !quant.uniform type of `p`, expressed in f32.
static quant::QuantizedType getQuantType(MLIRContext *context,
                                         const QuantParams &p) {
  unsigned flags = p.storage == kUInt8 ? 0 : quant::QuantizationFlags::Signed;
  auto storageType = IntegerType::get(context, p.storage == kInt32 ? 32 : 8);
  auto f32 = Float32Type::get(context);
  if (p.axis < 0)
    return quant::UniformQuantizedType::get(
        flags, storageType, f32, p.scales[0], p.zeroPoints[0], p.qmin, p.qmax);
  return quant::UniformQuantizedPerAxisType::get(
      flags, storageType, f32, p.scales, p.zeroPoints, p.axis, p.qmin, p.qmax);
}

/// QuantizeLinear of a constant, ONNX's formula in f32:
/// q = saturate(round_half_to_even(x / s) + z).
static ConstTensor quantizeConst(const ConstTensor &x, const QuantParams &p) {
  ConstTensor q(p.storage, x.getShape());
  ArrayRef<int64_t> shape = x.getShape();
  int64_t inner = p.axis < 0 ? 1 : getNumElements(shape.drop_front(p.axis + 1));
  int64_t channels = p.axis < 0 ? 1 : shape[p.axis];
  for (int64_t i = 0; i < x.size(); ++i) {
    int64_t c = p.axis < 0 ? 0 : (i / inner) % channels;
    q.setInt(i, numerics::quantize(static_cast<float>(x.getDouble(i)),
                                   static_cast<float>(p.scales[c]),
                                   p.zeroPoints[c], p.qmin, p.qmax));
  }
  return q;
}

LogicalResult
mlir::qnn::onnx_import::convertQuantizeLinear(GraphImporter &g,
                                              const onnx::NodeProto &node) {
  ArrayRef<int64_t> shape = g.getInputShape(node, 0);
  FailureOr<QuantParams> p = getQuantParams(g, node, shape, kUndefined);
  if (failed(p))
    return failure();
  if (p->storage == kInt32)
    return g.nodeError(node) << "quantizing to int32 is not supported";
  if (const ConstTensor *x = g.getConstInput(node, 0)) {
    if (!x->isFloat())
      return g.nodeError(node) << "input must be a float tensor";
    g.setOutput(node, 0, quantizeConst(*x, *p));
    return success();
  }
  FailureOr<Value> x = g.getF32Input(node, 0);
  if (failed(x))
    return failure();
  auto pending = std::make_shared<PendingQuantize>();
  pending->input = *x;
  pending->qtype = getQuantType(g.getContext(), *p);
  g.setPending(node, 0, std::move(pending));
  return success();
}

LogicalResult
mlir::qnn::onnx_import::convertDequantizeLinear(GraphImporter &g,
                                                const onnx::NodeProto &node) {
  const TensorEntry *entry = g.getInputEntry(node, 0);
  if (!entry)
    return g.nodeError(node) << "missing input 'x'";
  ArrayRef<int64_t> shape = g.getInputShape(node, 0);

  // Q -> DQ on a run-time tensor: one fake_quant, shared by every DQ of the
  // same Q.
  if (entry->pending) {
    PendingQuantize &q = *entry->pending;
    FailureOr<QuantParams> p =
        getQuantParams(g, node, shape, q.qtype.isSigned() ? kInt8 : kUInt8);
    if (failed(p))
      return failure();
    if (getQuantType(g.getContext(), *p) != q.qtype)
      return g.nodeError(node)
             << "scale or zero point differ from those of the QuantizeLinear "
                "producing '"
             << node.input(0) << "' (" << q.qtype << ")";
    if (!q.fakeQuant)
      q.fakeQuant = FakeQuantOp::create(g.getBuilder(), g.outputLoc(node),
                                        q.input.getType(), q.input,
                                        TypeAttr::get(q.qtype));
    g.setOutput(node, 0, q.fakeQuant);
    return success();
  }

  const ConstTensor *x = entry->constant.get();
  if (!x)
    return g.nodeError(node)
           << "input '" << node.input(0)
           << "' is computed at run time; DequantizeLinear is supported on "
              "integer constants and after a QuantizeLinear (a Q-DQ pair)";
  if (x->isFloat())
    return g.nodeError(node)
           << "input '" << node.input(0) << "' must be an integer tensor";
  FailureOr<QuantParams> p = getQuantParams(g, node, shape, x->getDType());
  if (failed(p))
    return failure();
  if (p->storage == kInt32 &&
      llvm::any_of(p->zeroPoints, [](int64_t z) { return z != 0; }))
    return g.nodeError(node) << "int32 input needs zero point 0";
  if (getNumElements(shape) == 0)
    return g.nodeError(node) << "empty tensors are not supported";
  // Integer storage, reinterpreted as the quantized type, dequantized.
  FailureOr<Value> storage = g.getInput(node, 0);
  if (failed(storage))
    return failure();
  auto qtype = RankedTensorType::get(shape, getQuantType(g.getContext(), *p));
  Value quantized = quant::StorageCastOp::create(
      g.getBuilder(), entry->constantLoc, qtype, *storage);
  g.setOutput(node, 0,
              DequantizeOp::create(g.getBuilder(), g.outputLoc(node),
                                   g.f32Tensor(shape), quantized));
  return success();
}

LogicalResult mlir::qnn::onnx_import::convertCastOfQuantized(
    GraphImporter &g, const onnx::NodeProto &node,
    std::shared_ptr<PendingQuantize> pending) {
  // The QuantizeLinear's output already has the storage type; a Cast to
  // that type changes no value, so its output is the same pending quantize
  // (and shares its fake_quant). A Cast to any other type would change what
  // the DequantizeLinear reads.
  FailureOr<int64_t> to = g.getIntAttr(node, "to", kUndefined);
  if (failed(to))
    return failure();
  int32_t storage = pending->qtype.isSigned() ? kInt8 : kUInt8;
  if (*to != storage)
    return g.nodeError(node)
           << "casts the output of QuantizeLinear ('" << node.input(0) << "', "
           << dtypeName(storage) << ") to '" << dtypeName(*to)
           << "'; only a Cast to the same type (the identity) may sit "
              "between QuantizeLinear and DequantizeLinear";
  g.setPending(node, 0, std::move(pending));
  return success();
}
