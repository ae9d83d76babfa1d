//===- LSTMToLinalg.cpp - qnn.lstm ----------------------------------------===//
//
// The interpreter's LSTM (EvalLSTM.cpp), step by step. Per direction d
// (forward, or reverse for `reverse` and the second of `bidirectional`), an
// scf.for over the S steps carries H and C ([B, H]) and the Y tensor; each
// step t computes
//
//   XW = X_t W_d^T, HR = H_{t-1} R_d^T                       [B, 4H]
//   g = ((XW + HR) + Wb_d) + Rb_d                            (f32, in order)
//   i = sigmoid(g_i), o = sigmoid(g_o), f = sigmoid(g_f), c = tanh(g_c)
//   C_t = (f * C_{t-1}) + (i * c), H_t = o * tanh(C_t)
//
// with sigmoid(x) = 1 / (1 + exp(-x)). A float product is an f32 reduction
// from 0 over k in order (the interpreter's GEMM). With quantized W and R
// each product first dynamically quantizes its whole left operand (X_t or
// H_{t-1}, as qnn.dynamic_quantize does), then
//   acc = sum_k (q_x - z_x) * q_w in i32,
//   y = numerics::dequantizeAccumulator(acc, s_x, s_w[row]).
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "qnn/Conversion/QNNToLinalg/QNNToLinalg.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/QNNTypeUtils.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::qnn;

namespace {
/// One gate matrix (W or R) of one direction: [4H, K], f32 or i8 storage of
/// s8 weights with one f32 scale per gate row.
struct GateMatrix {
  Value matrix;
  Value rowScales; // tensor<4Hxf32>, quantized only
};
} // namespace

/// `source[index]` along dimension 0, that dimension dropped.
static Value extractRow(OpBuilder &b, Location loc, Value source,
                        OpFoldResult index) {
  auto type = cast<RankedTensorType>(source.getType());
  int64_t rank = type.getRank();
  SmallVector<OpFoldResult> offsets(rank, b.getIndexAttr(0));
  offsets[0] = index;
  SmallVector<OpFoldResult> sizes = {b.getIndexAttr(1)};
  for (int64_t size : type.getShape().drop_front())
    sizes.push_back(b.getIndexAttr(size));
  SmallVector<OpFoldResult> strides(rank, b.getIndexAttr(1));
  auto resultType = RankedTensorType::get(type.getShape().drop_front(),
                                          type.getElementType());
  return tensor::ExtractSliceOp::create(b, loc, resultType, source, offsets,
                                        sizes, strides);
}

/// `dest` with `source` written at the offsets `leading` of its leading
/// dimensions (rank-reducing: `source` has the trailing part of the shape).
static Value insertAt(OpBuilder &b, Location loc, Value source, Value dest,
                      ArrayRef<OpFoldResult> leading) {
  auto type = cast<RankedTensorType>(dest.getType());
  int64_t rank = type.getRank();
  SmallVector<OpFoldResult> offsets(leading);
  SmallVector<OpFoldResult> sizes(leading.size(), b.getIndexAttr(1));
  for (int64_t d = leading.size(); d < rank; ++d) {
    offsets.push_back(b.getIndexAttr(0));
    sizes.push_back(b.getIndexAttr(type.getDimSize(d)));
  }
  SmallVector<OpFoldResult> strides(rank, b.getIndexAttr(1));
  return tensor::InsertSliceOp::create(b, loc, source, dest, offsets, sizes,
                                       strides);
}

/// y[B, N] = lhs[B, K] * m[N, K]^T (see the file comment for both forms).
static Value buildGateProduct(OpBuilder &b, Location loc, Value lhs,
                              const GateMatrix &m) {
  MLIRContext *context = b.getContext();
  auto lhsType = cast<RankedTensorType>(lhs.getType());
  auto matrixType = cast<RankedTensorType>(m.matrix.getType());
  int64_t batch = lhsType.getDimSize(0), rows = matrixType.getDimSize(0);
  AffineExpr d0 = getAffineDimExpr(0, context),
             d1 = getAffineDimExpr(1, context),
             d2 = getAffineDimExpr(2, context);
  SmallVector<AffineMap> maps = {AffineMap::get(3, 0, {d0, d2}, context),
                                 AffineMap::get(3, 0, {d1, d2}, context)};
  numerics::EmitArith top(b, loc);
  auto resultType = RankedTensorType::get({batch, rows}, b.getF32Type());
  if (!m.rowScales) {
    Value init = buildFilledTensor(b, loc, {batch, rows}, top.constF32(0.0f));
    return buildReductionOverDims(
        b, loc, 3, ValueRange{lhs, m.matrix}, maps, init, 2,
        [](OpBuilder &nb, Location l, ValueRange args,
           ValueRange acc) -> SmallVector<Value> {
          numerics::EmitArith a(nb, l);
          return {a.addF(acc[0], a.mulF(args[0], args[1]))};
        })[0];
  }
  DynamicQuantized q = buildDynamicQuantize(b, loc, lhs);
  Value init = buildFilledTensor(b, loc, {batch, rows}, top.constI32(0));
  Value zx = q.zeroPoint;
  Value acc = buildReductionOverDims(
      b, loc, 3, ValueRange{q.storage, m.matrix}, maps, init, 2,
      [&](OpBuilder &nb, Location l, ValueRange args,
          ValueRange acc) -> SmallVector<Value> {
        numerics::EmitArith a(nb, l);
        Value x = arith::ExtUIOp::create(nb, l, nb.getI32Type(), args[0]);
        Value w = arith::ExtSIOp::create(nb, l, nb.getI32Type(), args[1]);
        return {a.addI(acc[0], a.mulI(a.subI(x, zx), w))};
      })[0];
  Value sx = q.scale;
  return buildGeneric(
      b, loc, resultType, ValueRange{acc, m.rowScales},
      {b.getMultiDimIdentityMap(2), AffineMap::get(2, 0, d1, context)},
      [&](OpBuilder &nb, Location l, ValueRange args) {
        numerics::EmitArith a(nb, l);
        return numerics::dequantizeAccumulator(a, args[0], sx, args[1]);
      });
}

/// sigmoid(x) = 1 / (1 + exp(-x)), as the interpreter writes it.
static Value sigmoid(numerics::EmitArith &a, Value x) {
  Value e = math::ExpOp::create(a.getBuilder(), a.getLoc(), a.negF(x));
  return a.divF(a.constF32(1.0f), a.addF(a.constF32(1.0f), e));
}

/// The cell update of one step on [B, H]: gates are the column blocks of
/// g [B, 4H] at 0 (i), H (o), 2H (f), 3H (c). H_t and C_t are written over
/// H_{t-1} and C_{t-1} (the generic's outputs, C_{t-1} read there), so the
/// loop yields values equivalent to its iteration arguments, as
/// bufferization wants; returns {H_t, C_t}.
static std::pair<Value, Value> buildCell(OpBuilder &b, Location loc, Value g,
                                         Value hPrev, Value cPrev,
                                         int64_t hidden) {
  auto stateType = cast<RankedTensorType>(cPrev.getType());
  int64_t batch = stateType.getDimSize(0);
  SmallVector<Value> gates;
  for (int64_t gate = 0; gate < 4; ++gate)
    gates.push_back(tensor::ExtractSliceOp::create(
        b, loc, stateType, g,
        ArrayRef<OpFoldResult>{b.getIndexAttr(0),
                               b.getIndexAttr(gate * hidden)},
        ArrayRef<OpFoldResult>{b.getIndexAttr(batch), b.getIndexAttr(hidden)},
        ArrayRef<OpFoldResult>{b.getIndexAttr(1), b.getIndexAttr(1)}));
  SmallVector<AffineMap> maps(6, b.getMultiDimIdentityMap(2));
  SmallVector<utils::IteratorType> iterators(2, utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{stateType, stateType}, gates, ValueRange{hPrev, cPrev},
      maps, iterators, [](OpBuilder &nb, Location l, ValueRange args) {
        numerics::EmitArith a(nb, l);
        Value i = sigmoid(a, args[0]);
        Value o = sigmoid(a, args[1]);
        Value f = sigmoid(a, args[2]);
        Value c = math::TanhOp::create(nb, l, args[3]);
        Value keep = a.mulF(f, args[5]);
        Value add = a.mulF(i, c);
        Value cell = a.addF(keep, add);
        Value h = a.mulF(o, math::TanhOp::create(nb, l, cell));
        linalg::YieldOp::create(nb, l, ValueRange{h, cell});
      });
  return {generic.getResult(0), generic.getResult(1)};
}

/// The gate matrix of direction `d` of `weight` (converted), with its row
/// scales when the source type is quantized (`info`).
static GateMatrix getGateMatrix(OpBuilder &b, Location loc, Value weight,
                                const std::optional<QuantInfo> &info,
                                int64_t d) {
  GateMatrix m;
  m.matrix = extractRow(b, loc, weight, b.getIndexAttr(d));
  if (!info)
    return m;
  // Per tensor or per gate row (axis 1), zero points 0 (the verifier).
  SmallVector<float> scales;
  for (int64_t j = 0, e = info->shape[1]; j < e; ++j)
    scales.push_back(info->scales[info->paramIndex({d, j, 0})]);
  auto type = RankedTensorType::get({static_cast<int64_t>(scales.size())},
                                    b.getF32Type());
  m.rowScales = arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(type, ArrayRef(scales)));
  return m;
}

/// The quantization parameters of a quantized LSTM weight, none for f32.
static FailureOr<std::optional<QuantInfo>> getWeightInfo(Value weight) {
  auto type = cast<RankedTensorType>(weight.getType());
  if (!getQuantElementType(type))
    return std::optional<QuantInfo>();
  FailureOr<QuantInfo> info = getQuantInfo(type);
  if (failed(info))
    return failure();
  return std::optional<QuantInfo>(std::move(*info));
}

namespace {

struct LSTMOpLowering : OpConversionPattern<LSTMOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(LSTMOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    ArrayRef<int64_t> xShape = op.getInput().getType().getShape();
    int64_t seq = xShape[0], batch = xShape[1];
    int64_t hidden = op.getHiddenSize();
    FailureOr<std::optional<QuantInfo>> wInfo = getWeightInfo(op.getWeight());
    FailureOr<std::optional<QuantInfo>> rInfo =
        getWeightInfo(op.getRecurrence());
    if (failed(wInfo) || failed(rInfo))
      return rewriter.notifyMatchFailure(op, "unsupported weight quantization");
    int64_t dirs = op.getWeight().getType().getDimSize(0), gates = 4 * hidden;
    auto stateType =
        RankedTensorType::get({batch, hidden}, rewriter.getF32Type());
    auto yType = cast<RankedTensorType>(op.getY().getType());
    auto finalType = cast<RankedTensorType>(op.getYH().getType());
    numerics::EmitArith top(rewriter, loc);

    Value y = tensor::EmptyOp::create(rewriter, loc, yType.getShape(),
                                      rewriter.getF32Type());
    Value yh = tensor::EmptyOp::create(rewriter, loc, finalType.getShape(),
                                       rewriter.getF32Type());
    Value yc = tensor::EmptyOp::create(rewriter, loc, finalType.getShape(),
                                       rewriter.getF32Type());
    for (int64_t d = 0; d < dirs; ++d) {
      GateMatrix w =
          getGateMatrix(rewriter, loc, adaptor.getWeight(), *wInfo, d);
      GateMatrix r =
          getGateMatrix(rewriter, loc, adaptor.getRecurrence(), *rInfo, d);
      // Wb_d and Rb_d: the two halves of bias row d.
      Value wb, rb;
      if (Value bias = adaptor.getBias()) {
        auto halfType = RankedTensorType::get({gates}, rewriter.getF32Type());
        auto half = [&](int64_t offset) -> Value {
          return tensor::ExtractSliceOp::create(
              rewriter, loc, halfType, bias,
              ArrayRef<OpFoldResult>{rewriter.getIndexAttr(d),
                                     rewriter.getIndexAttr(offset)},
              ArrayRef<OpFoldResult>{rewriter.getIndexAttr(1),
                                     rewriter.getIndexAttr(gates)},
              ArrayRef<OpFoldResult>{rewriter.getIndexAttr(1),
                                     rewriter.getIndexAttr(1)});
        };
        wb = half(0);
        rb = half(gates);
      }
      auto initialState = [&](Value initial) {
        if (initial)
          return extractRow(rewriter, loc, initial, rewriter.getIndexAttr(d));
        return buildFilledTensor(rewriter, loc, stateType.getShape(),
                                 top.constF32(0.0f));
      };
      Value h0 = initialState(adaptor.getInitialH());
      Value c0 = initialState(adaptor.getInitialC());
      bool reverse = op.getDirection() == LSTMDirection::reverse || d == 1;

      Value lb = arith::ConstantIndexOp::create(rewriter, loc, 0);
      Value ub = arith::ConstantIndexOp::create(rewriter, loc, seq);
      Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
      Value last = arith::ConstantIndexOp::create(rewriter, loc, seq - 1);
      auto loop = scf::ForOp::create(
          rewriter, loc, lb, ub, one, ValueRange{h0, c0, y},
          [&](OpBuilder &b, Location l, Value step, ValueRange iter) {
            Value t = reverse ? arith::SubIOp::create(b, l, last, step) : step;
            Value xt = extractRow(b, l, adaptor.getInput(), t);
            Value xw = buildGateProduct(b, l, xt, w);
            Value hr = buildGateProduct(b, l, iter[0], r);
            auto gatesType =
                RankedTensorType::get({batch, gates}, b.getF32Type());
            SmallVector<Value> inputs = {xw, hr};
            AffineMap id = b.getMultiDimIdentityMap(2);
            SmallVector<AffineMap> maps = {id, id};
            if (wb) {
              AffineMap column =
                  AffineMap::get(2, 0, getAffineDimExpr(1, context));
              inputs.append({wb, rb});
              maps.append({column, column});
            }
            Value g =
                buildGeneric(b, l, gatesType, inputs, maps,
                             [&](OpBuilder &nb, Location nl, ValueRange args) {
                               numerics::EmitArith a(nb, nl);
                               Value v = a.addF(args[0], args[1]);
                               if (wb)
                                 v = a.addF(a.addF(v, args[2]), args[3]);
                               return v;
                             });
            auto [h, c] = buildCell(b, l, g, iter[0], iter[1], hidden);
            Value yNext = insertAt(b, l, h, iter[2], {t, b.getIndexAttr(d)});
            scf::YieldOp::create(b, l, ValueRange{h, c, yNext});
          });
      y = loop.getResult(2);
      yh = insertAt(rewriter, loc, loop.getResult(0), yh,
                    {rewriter.getIndexAttr(d)});
      yc = insertAt(rewriter, loc, loop.getResult(1), yc,
                    {rewriter.getIndexAttr(d)});
    }
    rewriter.replaceOp(op, {y, yh, yc});
    return success();
  }
};

} // namespace

void mlir::qnn::populateQNNLSTMToLinalgPatterns(const TypeConverter &converter,
                                                RewritePatternSet &patterns) {
  patterns.add<LSTMOpLowering>(converter, patterns.getContext());
}
