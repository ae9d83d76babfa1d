//===- ConvertMatMul.cpp - Gemm, MatMul and LSTM --------------------------===//

#include "GraphImporter.h"

#include "qnn/Dialect/QNN/IR/QNNOps.h"

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::onnx_import;

static Value transpose2D(GraphImporter &g, Location loc, Value v) {
  auto type = cast<RankedTensorType>(v.getType());
  return TransposeOp::create(
      g.getBuilder(), loc, type.clone({type.getDimSize(1), type.getDimSize(0)}),
      v, ArrayRef<int64_t>{1, 0});
}

/// Whether a C of shape `c` broadcasts to [M, N] as a per-column vector, so
/// that it can be the bias [N] of fully_connected.
static bool isColumnVector(ArrayRef<int64_t> c, int64_t n) {
  if (c.size() > 2 || (c.size() == 2 && c[0] != 1))
    return false;
  return c.empty() || c.back() == 1 || c.back() == n;
}

/// beta * C broadcast to [N] (C a column vector constant).
static ConstTensor biasFromC(const ConstTensor &c, float beta, int64_t n) {
  ConstTensor bias(kFloat, {n});
  bool splat = c.size() == 1;
  for (int64_t i = 0; i < n; ++i)
    bias.set(i, static_cast<float>(beta) *
                    static_cast<float>(c.getDouble(splat ? 0 : i)));
  return bias;
}

/// Gemm: Y = alpha * A' * B' + beta * C (A' = A^T when transA, likewise B).
/// A constant B becomes the fully_connected weight [N, K] = alpha * B'^T,
/// computed here; a constant column-vector C its bias beta * C.
LogicalResult mlir::qnn::onnx_import::convertGemm(GraphImporter &g,
                                                  const onnx::NodeProto &node) {
  FailureOr<int64_t> transA = g.getIntAttr(node, "transA", 0);
  FailureOr<int64_t> transB = g.getIntAttr(node, "transB", 0);
  FailureOr<float> alpha = g.getFloatAttr(node, "alpha", 1.0f);
  FailureOr<float> beta = g.getFloatAttr(node, "beta", 1.0f);
  FailureOr<Value> a = g.getF32Input(node, 0);
  if (failed(transA) || failed(transB) || failed(alpha) || failed(beta) ||
      failed(a))
    return failure();
  ArrayRef<int64_t> as = g.getInputShape(node, 0);
  ArrayRef<int64_t> bs = g.getInputShape(node, 1);
  if (as.size() != 2 || bs.size() != 2)
    return g.nodeError(node) << "A and B must be 2-D, got " << formatShape(as)
                             << " and " << formatShape(bs);
  int64_t m = *transA ? as[1] : as[0], k = *transA ? as[0] : as[1];
  int64_t kb = *transB ? bs[1] : bs[0], n = *transB ? bs[0] : bs[1];
  if (k != kb)
    return g.nodeError(node) << "inner dimensions differ: A' is [" << m << ", "
                             << k << "], B' is [" << kb << ", " << n << "]";
  SmallVector<int64_t> cShape;
  if (g.hasInput(node, 2)) {
    cShape.assign(g.getInputShape(node, 2).begin(),
                  g.getInputShape(node, 2).end());
    auto b = broadcast(cShape, {m, n});
    if (!b || *b != SmallVector<int64_t>{m, n})
      return g.nodeError(node)
             << "C of shape " << formatShape(cShape)
             << " does not broadcast to [" << m << ", " << n << "]";
  }
  OpBuilder &builder = g.getBuilder();
  Value lhs = *a;
  if (*transA)
    lhs = transpose2D(g, g.internalLoc(node, "transA"), lhs);

  const ConstTensor *bConst = g.getConstInput(node, 1);
  const ConstTensor *cConst = g.getConstInput(node, 2);
  bool cIsBias =
      g.hasInput(node, 2) && isColumnVector(cShape, n) &&
      (cConst || (cShape.size() == 1 && cShape[0] == n && *beta == 1.0f));
  Value weight;
  if (bConst && bConst->isFloat()) {
    ConstTensor w(kFloat, {n, k});
    for (int64_t i = 0; i < n; ++i)
      for (int64_t j = 0; j < k; ++j)
        w.set(i * k + j, *alpha * static_cast<float>(bConst->getDouble(
                                      *transB ? i * k + j : j * n + i)));
    weight = g.materialize(w, builder.getF32Type(),
                           g.internalLoc(node, "weight"), node.input(1));
  } else if (*transB && *alpha == 1.0f) {
    FailureOr<Value> b = g.getF32Input(node, 1);
    if (failed(b))
      return failure();
    weight = *b;
  }

  Value y;
  bool cAdded = false;
  if (weight) {
    Value bias;
    if (cIsBias) {
      if (cConst) {
        bias = g.materialize(biasFromC(*cConst, *beta, n), builder.getF32Type(),
                             g.internalLoc(node, "bias"), node.input(2));
      } else {
        FailureOr<Value> c = g.getF32Input(node, 2);
        if (failed(c))
          return failure();
        bias = *c;
      }
      cAdded = true;
    }
    bool last = !g.hasInput(node, 2) || cAdded;
    y = FullyConnectedOp::create(
        builder, last ? g.outputLoc(node) : g.internalLoc(node, "fc"),
        g.f32Tensor({m, n}), lhs, weight, bias, Value(), Value(), nullptr);
  } else {
    // B computed at run time and not in [N, K] form: a matmul.
    FailureOr<Value> b = g.getF32Input(node, 1);
    if (failed(b))
      return failure();
    Value rhs =
        *transB ? transpose2D(g, g.internalLoc(node, "transB"), *b) : *b;
    bool last = !g.hasInput(node, 2) && *alpha == 1.0f;
    y = MatMulOp::create(
        builder, last ? g.outputLoc(node) : g.internalLoc(node, "matmul"),
        g.f32Tensor({m, n}), lhs, rhs, Value(), Value(), nullptr);
    if (*alpha != 1.0f)
      y = MulOp::create(builder,
                        g.hasInput(node, 2) ? g.internalLoc(node, "alpha")
                                            : g.outputLoc(node),
                        y.getType(), y,
                        g.splatF32({}, *alpha, g.internalLoc(node, "alpha_c")),
                        nullptr);
  }
  if (g.hasInput(node, 2) && !cAdded) {
    Value c;
    if (cConst) {
      ConstTensor scaled(kFloat, cConst->getShape());
      for (int64_t i = 0; i < cConst->size(); ++i)
        scaled.set(i, *beta * static_cast<float>(cConst->getDouble(i)));
      c = g.materialize(scaled, builder.getF32Type(), g.internalLoc(node, "c"),
                        node.input(2));
    } else {
      FailureOr<Value> cv = g.getF32Input(node, 2);
      if (failed(cv))
        return failure();
      c = *cv;
      if (*beta != 1.0f)
        c = MulOp::create(builder, g.internalLoc(node, "beta"), c.getType(), c,
                          g.splatF32({}, *beta, g.internalLoc(node, "beta_c")),
                          nullptr);
    }
    y = AddOp::create(builder, g.outputLoc(node), y.getType(), y, c, nullptr);
  }
  g.setOutput(node, 0, y);
  return success();
}

/// MatMul with NumPy semantics: a 1-D operand gets a unit dimension that the
/// result drops again.
LogicalResult
mlir::qnn::onnx_import::convertMatMul(GraphImporter &g,
                                      const onnx::NodeProto &node) {
  FailureOr<Value> a = g.getF32Input(node, 0);
  FailureOr<Value> b = g.getF32Input(node, 1);
  if (failed(a) || failed(b))
    return failure();
  OpBuilder &builder = g.getBuilder();
  auto at = cast<RankedTensorType>(a->getType());
  auto bt = cast<RankedTensorType>(b->getType());
  if (at.getRank() == 0 || bt.getRank() == 0)
    return g.nodeError(node) << "operands must have rank >= 1";
  Value lhs = *a, rhs = *b;
  bool squeezeRows = at.getRank() == 1, squeezeCols = bt.getRank() == 1;
  if (squeezeRows)
    lhs = UnsqueezeOp::create(builder, g.internalLoc(node, "lhs_2d"),
                              at.clone({1, at.getDimSize(0)}), lhs,
                              ArrayRef<int64_t>{0});
  if (squeezeCols)
    rhs = UnsqueezeOp::create(builder, g.internalLoc(node, "rhs_2d"),
                              bt.clone({bt.getDimSize(0), 1}), rhs,
                              ArrayRef<int64_t>{1});
  ArrayRef<int64_t> ls = cast<RankedTensorType>(lhs.getType()).getShape();
  ArrayRef<int64_t> rs = cast<RankedTensorType>(rhs.getType()).getShape();
  if (ls.back() != rs[rs.size() - 2])
    return g.nodeError(node)
           << "inner dimensions differ: " << formatShape(at.getShape()) << " x "
           << formatShape(bt.getShape());
  auto batch = broadcast(ls.drop_back(2), rs.drop_back(2));
  if (!batch)
    return g.nodeError(node)
           << "batch dimensions of " << formatShape(at.getShape()) << " and "
           << formatShape(bt.getShape()) << " do not broadcast";
  SmallVector<int64_t> shape = *batch;
  shape.push_back(ls[ls.size() - 2]);
  shape.push_back(rs.back());
  bool reshapeAfter = squeezeRows || squeezeCols;
  Value y = MatMulOp::create(
      builder, reshapeAfter ? g.internalLoc(node, "matmul") : g.outputLoc(node),
      g.f32Tensor(shape), lhs, rhs, Value(), Value(), nullptr);
  if (reshapeAfter) {
    SmallVector<int64_t> axes, outShape;
    int64_t rank = shape.size();
    if (squeezeRows)
      axes.push_back(rank - 2);
    if (squeezeCols)
      axes.push_back(rank - 1);
    for (int64_t d = 0; d < rank; ++d)
      if (!llvm::is_contained(axes, d))
        outShape.push_back(shape[d]);
    y = SqueezeOp::create(builder, g.outputLoc(node), g.f32Tensor(outShape), y,
                          axes);
  }
  g.setOutput(node, 0, y);
  return success();
}

/// Checks that optional input `index` (when present) has `shape`.
static LogicalResult checkShape(GraphImporter &g, const onnx::NodeProto &node,
                                int index, StringRef name,
                                ArrayRef<int64_t> shape) {
  if (!g.hasInput(node, index))
    return success();
  ArrayRef<int64_t> actual = g.getInputShape(node, index);
  if (actual != shape)
    return g.nodeError(node)
           << "input '" << name << "' has shape " << formatShape(actual)
           << ", expected " << formatShape(shape);
  return success();
}

/// Optional f32 input `index`, transposed by `perm` when non-empty.
static FailureOr<Value> getOptionalState(GraphImporter &g,
                                         const onnx::NodeProto &node, int index,
                                         ArrayRef<int64_t> perm,
                                         StringRef suffix) {
  if (!g.hasInput(node, index))
    return Value();
  FailureOr<Value> v = g.getF32Input(node, index);
  if (failed(v) || perm.empty())
    return v;
  auto type = cast<RankedTensorType>(v->getType());
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(type.getDimSize(p));
  return Value(TransposeOp::create(g.getBuilder(), g.internalLoc(node, suffix),
                                   type.clone(shape), *v, perm));
}

/// LSTM with the default activations (sigmoid, tanh, tanh), no peepholes,
/// no clipping, full-length sequences. layout = 1 (batch first) is handled
/// with transposes around the op.
LogicalResult mlir::qnn::onnx_import::convertLSTM(GraphImporter &g,
                                                  const onnx::NodeProto &node) {
  FailureOr<std::string> direction =
      g.getStringAttr(node, "direction", "forward");
  FailureOr<int64_t> layout = g.getIntAttr(node, "layout", 0);
  auto activations = g.getStringsAttr(node, "activations");
  if (failed(direction) || failed(layout) || failed(activations) ||
      failed(g.rejectIntAttr(node, "input_forget", 0)))
    return failure();
  if (g.findAttr(node, "clip"))
    return g.nodeError(node) << "attribute 'clip' is not supported";
  if (g.hasInput(node, 7))
    return g.nodeError(node) << "peephole weights (input 'P') are not "
                                "supported";
  LSTMDirection dir;
  if (*direction == "forward")
    dir = LSTMDirection::forward;
  else if (*direction == "reverse")
    dir = LSTMDirection::reverse;
  else if (*direction == "bidirectional")
    dir = LSTMDirection::bidirectional;
  else
    return g.nodeError(node) << "unknown direction '" << *direction << "'";
  int64_t dirs = dir == LSTMDirection::bidirectional ? 2 : 1;
  if (*activations) {
    for (auto [i, act] : llvm::enumerate(**activations))
      if (act != (i % 3 == 0 ? "Sigmoid" : "Tanh"))
        return g.nodeError(node) << "only the default activations (Sigmoid, "
                                    "Tanh, Tanh) are supported";
  }
  if (*layout != 0 && *layout != 1)
    return g.nodeError(node) << "layout must be 0 or 1";
  bool batchFirst = *layout == 1;

  ArrayRef<int64_t> xs = g.getInputShape(node, 0);
  ArrayRef<int64_t> rs = g.getInputShape(node, 2);
  if (xs.size() != 3 || rs.size() != 3)
    return g.nodeError(node) << "X and R must be 3-D";
  int64_t seq = batchFirst ? xs[1] : xs[0];
  int64_t batch = batchFirst ? xs[0] : xs[1];
  int64_t features = xs[2];
  FailureOr<int64_t> hiddenAttr = g.getIntAttr(node, "hidden_size", rs[2]);
  if (failed(hiddenAttr))
    return failure();
  int64_t hidden = *hiddenAttr;
  if (hidden < 1)
    return g.nodeError(node) << "hidden_size must be positive";
  SmallVector<int64_t> stateShape =
      batchFirst ? SmallVector<int64_t>{batch, dirs, hidden}
                 : SmallVector<int64_t>{dirs, batch, hidden};
  if (failed(checkShape(g, node, 1, "W", {dirs, 4 * hidden, features})) ||
      failed(checkShape(g, node, 2, "R", {dirs, 4 * hidden, hidden})) ||
      failed(checkShape(g, node, 3, "B", {dirs, 8 * hidden})) ||
      failed(checkShape(g, node, 5, "initial_h", stateShape)) ||
      failed(checkShape(g, node, 6, "initial_c", stateShape)))
    return failure();
  if (g.hasInput(node, 4)) {
    FailureOr<const ConstTensor *> lens =
        g.requireConstInput(node, 4, "sequence_lens");
    if (failed(lens))
      return failure();
    for (int64_t i = 0; i < (*lens)->size(); ++i)
      if ((*lens)->getInt(i) != seq)
        return g.nodeError(node) << "sequence_lens other than the full "
                                    "sequence length are not supported";
  }

  SmallVector<int64_t> toTimeMajor = {1, 0, 2};
  FailureOr<Value> x = getOptionalState(
      g, node, 0, batchFirst ? toTimeMajor : SmallVector<int64_t>{},
      "x_time_major");
  FailureOr<Value> w = g.getF32Input(node, 1);
  FailureOr<Value> r = g.getF32Input(node, 2);
  FailureOr<Value> b = getOptionalState(g, node, 3, {}, "");
  FailureOr<Value> h0 = getOptionalState(
      g, node, 5, batchFirst ? toTimeMajor : SmallVector<int64_t>{}, "h0");
  FailureOr<Value> c0 = getOptionalState(
      g, node, 6, batchFirst ? toTimeMajor : SmallVector<int64_t>{}, "c0");
  if (failed(x) || failed(w) || failed(r) || failed(b) || failed(h0) ||
      failed(c0))
    return failure();

  auto yType = g.f32Tensor({seq, dirs, batch, hidden});
  auto stateType = g.f32Tensor({dirs, batch, hidden});
  Location loc =
      batchFirst ? g.internalLoc(node, "lstm") : g.multiOutputLoc(node, 3);
  auto lstm = LSTMOp::create(g.getBuilder(), loc, yType, stateType, stateType,
                             *x, *w, *r, *b, *h0, *c0, hidden, dir);
  if (!batchFirst) {
    for (int i = 0; i < 3; ++i)
      g.setOutput(node, i, lstm->getResult(i));
    return success();
  }
  // Batch first: Y [S, D, B, H] -> [B, S, D, H], states [D, B, H] -> [B, D, H].
  g.setOutput(node, 0,
              TransposeOp::create(g.getBuilder(), g.outputLoc(node, 0),
                                  g.f32Tensor({batch, seq, dirs, hidden}),
                                  lstm.getY(), ArrayRef<int64_t>{2, 0, 1, 3}));
  for (int i = 1; i < 3; ++i)
    if (g.isOutputUsed(node, i))
      g.setOutput(node, i,
                  TransposeOp::create(g.getBuilder(), g.outputLoc(node, i),
                                      g.f32Tensor({batch, dirs, hidden}),
                                      lstm->getResult(i), toTimeMajor));
  return success();
}
