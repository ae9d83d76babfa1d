//===- EvalShapeOps.cpp - data movement, concat ---------------------------===//
//
// Data movement copies stored values (f32 or q): the result type already
// carries the moved quantization parameters. Concat is the one op here that
// computes: operands quantized differently from the result are requantized
// into it (M = s_in * (1 / s_out)).
//
//===----------------------------------------------------------------------===//

#include "Eval.h"
#include "qnn/Dialect/QNN/IR/QNNVerifyUtils.h"
#include "qnn/Dialect/QNN/Utils/QuantNumerics.h"

#include <algorithm>

using namespace mlir;
using namespace mlir::qnn;

/// Copies the elements of an index space `shape`: out[outBase + sum i_d *
/// outStrides[d]] = in[inBase + sum i_d * inStrides[d]], rows of the last
/// dimension at a time.
template <typename T>
static void stridedCopy(ArrayRef<int64_t> shape, const T *in, int64_t inBase,
                        ArrayRef<int64_t> inStrides, T *out, int64_t outBase,
                        ArrayRef<int64_t> outStrides) {
  int64_t rank = shape.size();
  int64_t total = 1;
  for (int64_t d : shape)
    total *= d;
  if (total == 0)
    return;
  if (rank == 0) {
    out[outBase] = in[inBase];
    return;
  }
  int64_t inner = shape[rank - 1];
  int64_t si = inStrides[rank - 1], so = outStrides[rank - 1];
  SmallVector<int64_t> index(rank - 1, 0);
  int64_t inOff = inBase, outOff = outBase;
  for (int64_t row = 0, rows = total / inner; row < rows; ++row) {
    const T *src = in + inOff;
    T *dst = out + outOff;
    if (si == 1 && so == 1)
      std::copy(src, src + inner, dst);
    else
      for (int64_t j = 0; j < inner; ++j)
        dst[j * so] = src[j * si];
    for (int64_t d = rank - 2; d >= 0; --d) {
      inOff += inStrides[d];
      outOff += outStrides[d];
      if (++index[d] < shape[d])
        break;
      inOff -= inStrides[d] * shape[d];
      outOff -= outStrides[d] * shape[d];
      index[d] = 0;
    }
  }
}

/// stridedCopy on whichever storage the tensors use.
static void stridedCopy(ArrayRef<int64_t> shape, const HostTensor &in,
                        int64_t inBase, ArrayRef<int64_t> inStrides,
                        HostTensor &out, int64_t outBase,
                        ArrayRef<int64_t> outStrides) {
  if (in.isFloat())
    stridedCopy(shape, in.getFloats().data(), inBase, inStrides,
                out.getFloats().data(), outBase, outStrides);
  else
    stridedCopy(shape, in.getInts().data(), inBase, inStrides,
                out.getInts().data(), outBase, outStrides);
}

//===----------------------------------------------------------------------===//
// ConcatOp
//===----------------------------------------------------------------------===//

LogicalResult mlir::qnn::evaluate(ConcatOp op, ValueLookup get,
                                  Results &results) {
  RankedTensorType type = op.getType();
  int64_t rank = type.getRank();
  int64_t axis = normalizeAxis(op.getAxis(), rank).value_or(0);
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= type.getDimSize(d);
  for (int64_t d = axis + 1; d < rank; ++d)
    inner *= type.getDimSize(d);
  int64_t outChunk = type.getDimSize(axis) * inner;
  HostTensor &y = results.emplace_back(type);
  FailureOr<QuantInfo> yInfo = failure();
  if (!y.isFloat() && failed(yInfo = getQuantInfoOrError(op, type)))
    return failure();

  int64_t offset = 0;
  for (Value input : op.getInputs()) {
    const HostTensor &x = *get(input);
    int64_t chunk = x.getShape()[axis] * inner;
    if (x.isFloat()) {
      for (int64_t o = 0; o < outer; ++o)
        std::copy_n(x.getFloats().data() + o * chunk, chunk,
                    y.getFloats().data() + o * outChunk + offset);
      offset += chunk;
      continue;
    }
    FailureOr<QuantInfo> xInfo = getQuantInfoOrError(op, x.getType());
    if (failed(xInfo))
      return failure();
    bool same = xInfo->scales[0] == yInfo->scales[0] &&
                xInfo->zeroPoints[0] == yInfo->zeroPoints[0];
    float m = numerics::computeMultiplier(xInfo->scales[0], yInfo->scales[0]);
    int32_t zIn = xInfo->zeroPoints[0], zOut = yInfo->zeroPoints[0];
    for (int64_t o = 0; o < outer; ++o) {
      const int32_t *src = x.getInts().data() + o * chunk;
      int32_t *dst = y.getInts().data() + o * outChunk + offset;
      if (same) {
        std::copy_n(src, chunk, dst);
        continue;
      }
      for (int64_t i = 0; i < chunk; ++i)
        dst[i] = numerics::requantize(src[i] - zIn, m, zOut, yInfo->qmin,
                                      yInfo->qmax);
    }
    offset += chunk;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Reshapes: same data, new type
//===----------------------------------------------------------------------===//

static LogicalResult reinterpret(Operation *op, ValueLookup get,
                                 Results &results) {
  results.push_back(
      get(op->getOperand(0))
          ->withType(cast<RankedTensorType>(op->getResult(0).getType())));
  return success();
}

LogicalResult mlir::qnn::evaluate(ReshapeOp op, ValueLookup get,
                                  Results &results) {
  return reinterpret(op, get, results);
}
LogicalResult mlir::qnn::evaluate(FlattenOp op, ValueLookup get,
                                  Results &results) {
  return reinterpret(op, get, results);
}
LogicalResult mlir::qnn::evaluate(SqueezeOp op, ValueLookup get,
                                  Results &results) {
  return reinterpret(op, get, results);
}
LogicalResult mlir::qnn::evaluate(UnsqueezeOp op, ValueLookup get,
                                  Results &results) {
  return reinterpret(op, get, results);
}

//===----------------------------------------------------------------------===//
// TransposeOp, SliceOp, PadOp
//===----------------------------------------------------------------------===//

// y[j] = x[i] with i[perm[k]] = j_k.
LogicalResult mlir::qnn::evaluate(TransposeOp op, ValueLookup get,
                                  Results &results) {
  const HostTensor &x = *get(op.getInput());
  HostTensor &y = results.emplace_back(op.getType());
  SmallVector<int64_t> xStrides = getStrides(x.getShape());
  SmallVector<int64_t> inStrides;
  for (int64_t p : op.getPerm())
    inStrides.push_back(xStrides[p]);
  stridedCopy(y.getShape(), x, 0, inStrides, y, 0, getStrides(y.getShape()));
  return success();
}

// y[j] = x[starts + j * steps].
LogicalResult mlir::qnn::evaluate(SliceOp op, ValueLookup get,
                                  Results &results) {
  const HostTensor &x = *get(op.getInput());
  HostTensor &y = results.emplace_back(op.getType());
  SmallVector<int64_t> xStrides = getStrides(x.getShape());
  SmallVector<int64_t> inStrides;
  int64_t base = 0;
  for (auto [d, stride] : llvm::enumerate(xStrides)) {
    base += op.getStarts()[d] * stride;
    inStrides.push_back(op.getSteps()[d] * stride);
  }
  stridedCopy(y.getShape(), x, base, inStrides, y, 0, getStrides(y.getShape()));
  return success();
}

// The new positions hold `value`, quantized with the result's parameters
// of their block (per channel when the type is per-axis).
LogicalResult mlir::qnn::evaluate(PadOp op, ValueLookup get, Results &results) {
  const HostTensor &x = *get(op.getInput());
  HostTensor &y = results.emplace_back(op.getType());
  float value = op.getValue().convertToFloat();
  if (y.isFloat()) {
    std::fill(y.getFloats().begin(), y.getFloats().end(), value);
  } else {
    FailureOr<QuantInfo> info = getQuantInfoOrError(op, y.getType());
    if (failed(info))
      return failure();
    int32_t *out = y.getInts().data();
    info->forEachRun([&](int64_t begin, int64_t length, int64_t param) {
      int32_t q =
          numerics::quantize(value, info->scales[param],
                             info->zeroPoints[param], info->qmin, info->qmax);
      std::fill(out + begin, out + begin + length, q);
    });
  }
  SmallVector<int64_t> yStrides = getStrides(y.getShape());
  int64_t base = 0;
  for (auto [d, stride] : llvm::enumerate(yStrides))
    base += op.getPads()[d] * stride;
  stridedCopy(x.getShape(), x, 0, getStrides(x.getShape()), y, base, yStrides);
  return success();
}

//===----------------------------------------------------------------------===//
// GatherOp
//===----------------------------------------------------------------------===//

// y[p, i, s] = data[p, indices[i], s]; an index outside [-d, d) is an error.
LogicalResult mlir::qnn::evaluate(GatherOp op, ValueLookup get,
                                  Results &results) {
  const HostTensor &data = *get(op.getData());
  const HostTensor &indices = *get(op.getIndices());
  ArrayRef<int64_t> shape = data.getShape();
  int64_t rank = shape.size();
  int64_t axis = normalizeAxis(op.getAxis(), rank).value_or(0);
  int64_t outer = 1, inner = 1, size = shape[axis];
  for (int64_t d = 0; d < axis; ++d)
    outer *= shape[d];
  for (int64_t d = axis + 1; d < rank; ++d)
    inner *= shape[d];
  ArrayRef<int32_t> idx = indices.getInts();
  SmallVector<int64_t> rows(idx.size());
  for (auto [p, i] : llvm::enumerate(idx)) {
    if (i < -size || i >= size) {
      // Name the position of the bad index in the indices tensor.
      SmallVector<int64_t> position(indices.getShape().size());
      int64_t rest = p;
      for (int64_t d = static_cast<int64_t>(position.size()) - 1; d >= 0; --d) {
        position[d] = rest % indices.getShape()[d];
        rest /= indices.getShape()[d];
      }
      return op.emitOpError("index ")
             << i << " at position " << formatShape(position)
             << " of the indices is out of range [" << -size << ", " << size
             << ") for dimension " << axis << " of the data";
    }
    rows[p] = i < 0 ? i + size : i;
  }
  HostTensor &y = results.emplace_back(op.getType());
  int64_t count = rows.size();
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t p = 0; p < count; ++p) {
      int64_t src = (o * size + rows[p]) * inner;
      int64_t dst = (o * count + p) * inner;
      y.copyElements(data, src, dst, inner);
    }
  }
  return success();
}
