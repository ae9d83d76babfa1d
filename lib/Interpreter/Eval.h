//===- Eval.h - per-op evaluation of the reference interpreter --*- C++ -*-===//
//
// One `evaluate` per op, grouped by family in Eval*.cpp. Each reads its
// operands through a ValueLookup, appends one HostTensor per result and
// reports errors as diagnostics on the op.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_LIB_INTERPRETER_EVAL_H
#define QNN_LIB_INTERPRETER_EVAL_H

#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/QNNTypeUtils.h"
#include "qnn/Dialect/QNN/Utils/QuantInfo.h"
#include "qnn/Interpreter/HostTensor.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <limits>
#include <vector>

namespace mlir::qnn {

/// The value of an operand (never null for a value the op uses).
using ValueLookup = llvm::function_ref<const HostTensor *(Value)>;
using Results = SmallVectorImpl<HostTensor>;

//===----------------------------------------------------------------------===//
// Helpers shared by the op families
//===----------------------------------------------------------------------===//

/// Row-major strides of a shape.
SmallVector<int64_t> getStrides(ArrayRef<int64_t> shape);

/// The quantization parameters of a value's tensor type, or an error on
/// `op` (only types the verifiers reject can fail).
FailureOr<QuantInfo> getQuantInfoOrError(Operation *op, Type type);

/// The f32 values of `tensor`: its data when f32, else its dequantization
/// `(q - z) * s` with the parameters of its element type.
FailureOr<std::vector<float>> dequantizeTensor(Operation *op,
                                               const HostTensor &tensor);

/// A fused activation on f32 values: `numerics::clampFloat` with the
/// activation's bounds (NaN stays NaN).
struct FloatActivation {
  float lo, hi;
  bool enabled;

  explicit FloatActivation(ActivationAttr attr);
  void apply(MutableArrayRef<float> values) const;
};

//===----------------------------------------------------------------------===//
// Op families
//===----------------------------------------------------------------------===//

// Constants (EvalConstants.cpp).
LogicalResult evaluate(arith::ConstantOp op, Results &results);
LogicalResult evaluate(quant::StorageCastOp op, ValueLookup get,
                       Results &results);

// Quantization ops (EvalQuantOps.cpp). Observe is handled by the driver.
LogicalResult evaluate(QuantizeOp op, ValueLookup get, Results &results);
LogicalResult evaluate(DequantizeOp op, ValueLookup get, Results &results);
LogicalResult evaluate(RequantizeOp op, ValueLookup get, Results &results);
LogicalResult evaluate(FakeQuantOp op, ValueLookup get, Results &results);
LogicalResult evaluate(DynamicQuantizeOp op, ValueLookup get, Results &results);

/// ONNX DynamicQuantizeLinear of `count` floats into `q` (u8 storage in
/// i32), returning the scale and zero point (shared with the LSTM).
void dynamicQuantize(const float *x, int64_t count, int32_t *q, float &scale,
                     int32_t &zeroPoint);

// Convolution (EvalConv.cpp).
LogicalResult evaluate(Conv2DOp op, ValueLookup get, Results &results);

// Matrix products (EvalMatMul.cpp).
LogicalResult evaluate(MatMulOp op, ValueLookup get, Results &results);
LogicalResult evaluate(FullyConnectedOp op, ValueLookup get, Results &results);

/// The dynamic-form product shared by matmul, fully_connected and the
/// quantized LSTM: y[m][n] = numerics::dequantizeAccumulator(acc[m][n], s_x,
/// s_w[n]), acc = sum_k (q_x[m][k] - z_x) * q_w[k][n] in i32, then
/// `+ bias[n]` when given. `w` is [K x N] row-major storage; `wScales` holds
/// N f32 weight scales (per tensor: N copies of one).
void dynamicProduct(int64_t m, int64_t n, int64_t k, const int32_t *qx,
                    float sx, int32_t zx, const int32_t *w,
                    const float *wScales, const float *bias, float *y);

// Elementwise (EvalElementwise.cpp).
LogicalResult evaluate(AddOp op, ValueLookup get, Results &results);
LogicalResult evaluate(MulOp op, ValueLookup get, Results &results);
LogicalResult evaluate(SubOp op, ValueLookup get, Results &results);
LogicalResult evaluate(DivOp op, ValueLookup get, Results &results);
LogicalResult evaluate(PowOp op, ValueLookup get, Results &results);
LogicalResult evaluate(SqrtOp op, ValueLookup get, Results &results);
LogicalResult evaluate(ExpOp op, ValueLookup get, Results &results);
LogicalResult evaluate(TanhOp op, ValueLookup get, Results &results);
LogicalResult evaluate(SigmoidOp op, ValueLookup get, Results &results);
LogicalResult evaluate(ReluOp op, ValueLookup get, Results &results);
LogicalResult evaluate(ClampOp op, ValueLookup get, Results &results);

// Pooling and reductions (EvalPooling.cpp).
LogicalResult evaluate(MaxPool2DOp op, ValueLookup get, Results &results);
LogicalResult evaluate(AvgPool2DOp op, ValueLookup get, Results &results);
LogicalResult evaluate(GlobalAvgPool2DOp op, ValueLookup get, Results &results);
LogicalResult evaluate(ReduceMeanOp op, ValueLookup get, Results &results);

// Normalization and softmax (EvalNormalization.cpp).
LogicalResult evaluate(BatchNormOp op, ValueLookup get, Results &results);
LogicalResult evaluate(SoftmaxOp op, ValueLookup get, Results &results);
LogicalResult evaluate(LayerNormOp op, ValueLookup get, Results &results);

// Data movement (EvalShapeOps.cpp).
LogicalResult evaluate(ConcatOp op, ValueLookup get, Results &results);
LogicalResult evaluate(ReshapeOp op, ValueLookup get, Results &results);
LogicalResult evaluate(FlattenOp op, ValueLookup get, Results &results);
LogicalResult evaluate(SqueezeOp op, ValueLookup get, Results &results);
LogicalResult evaluate(UnsqueezeOp op, ValueLookup get, Results &results);
LogicalResult evaluate(TransposeOp op, ValueLookup get, Results &results);
LogicalResult evaluate(SliceOp op, ValueLookup get, Results &results);
LogicalResult evaluate(PadOp op, ValueLookup get, Results &results);
LogicalResult evaluate(GatherOp op, ValueLookup get, Results &results);

// Recurrent (EvalLSTM.cpp).
LogicalResult evaluate(LSTMOp op, ValueLookup get, Results &results);

} // namespace mlir::qnn

#endif // QNN_LIB_INTERPRETER_EVAL_H
