//===- NhwcInterface.cpp - NHWC images at the model's interface -----------===//
//
// Rewrites the rank-4 arguments and results of the public functions from
// NCHW to NHWC, reading and returning them through qnn.transpose ops that
// the lowering's own transposes cancel.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNNHWCINTERFACE
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

static constexpr StringLiteral kLayoutAttrName = "qnn.layout";
static constexpr int64_t kToNchw[] = {0, 3, 1, 2};
static constexpr int64_t kToNhwc[] = {0, 2, 3, 1};

/// `type` with its dimensions permuted: result[k] = type[perm[k]].
static RankedTensorType permute(RankedTensorType type, ArrayRef<int64_t> perm) {
  SmallVector<int64_t> shape;
  for (int64_t dim : perm)
    shape.push_back(type.getDimSize(dim));
  return type.clone(shape);
}

/// The rank-4 image `type` to give the NHWC layout, or null when it keeps
/// its type (another rank, already marked); fails on a per-axis type.
static FailureOr<RankedTensorType> getImageType(func::FuncOp func, Type type,
                                                DictionaryAttr attrs,
                                                StringRef kind,
                                                unsigned index) {
  auto ranked = dyn_cast<RankedTensorType>(type);
  if (!ranked || ranked.getRank() != 4 || (attrs && attrs.get(kLayoutAttrName)))
    return RankedTensorType();
  if (isa<quant::UniformQuantizedPerAxisType>(ranked.getElementType()))
    return func.emitError("cannot give ")
           << kind << " " << index << " of type " << type
           << " the NHWC layout: it is quantized per axis";
  return ranked;
}

static LogicalResult convertFunction(func::FuncOp func) {
  MLIRContext *context = func.getContext();
  auto nhwc = StringAttr::get(context, "nhwc");
  Block &entry = func.front();
  OpBuilder builder = OpBuilder::atBlockBegin(&entry);
  for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i) {
    BlockArgument argument = entry.getArgument(i);
    FailureOr<RankedTensorType> type = getImageType(
        func, argument.getType(), func.getArgAttrDict(i), "input", i);
    if (failed(type))
      return failure();
    if (!*type)
      continue;
    argument.setType(permute(*type, kToNhwc));
    auto transpose =
        TransposeOp::create(builder, argument.getLoc(), *type, argument,
                            builder.getDenseI64ArrayAttr(kToNchw));
    argument.replaceAllUsesExcept(transpose, transpose);
    func.setArgAttr(i, kLayoutAttrName, nhwc);
  }

  SmallVector<Type> resultTypes(func.getResultTypes());
  SmallVector<bool> converted(resultTypes.size(), false);
  for (unsigned i = 0, e = resultTypes.size(); i < e; ++i) {
    FailureOr<RankedTensorType> type = getImageType(
        func, resultTypes[i], func.getResultAttrDict(i), "output", i);
    if (failed(type))
      return failure();
    if (!*type)
      continue;
    resultTypes[i] = permute(*type, kToNhwc);
    converted[i] = true;
    func.setResultAttr(i, kLayoutAttrName, nhwc);
  }
  // The verifier holds every return to the function's result types.
  func.walk([&](func::ReturnOp ret) {
    builder.setInsertionPoint(ret);
    for (unsigned i = 0, e = resultTypes.size(); i < e; ++i) {
      if (!converted[i])
        continue;
      Value value = ret.getOperand(i);
      ret.setOperand(
          i, TransposeOp::create(builder, ret.getLoc(), resultTypes[i], value,
                                 builder.getDenseI64ArrayAttr(kToNhwc)));
    }
  });
  func.setType(
      FunctionType::get(context, entry.getArgumentTypes(), resultTypes));
  return success();
}

namespace {
struct NhwcInterfacePass : qnn::impl::QNNNhwcInterfaceBase<NhwcInterfacePass> {
  void runOnOperation() override {
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      if (func.isPrivate() || func.isExternal())
        continue;
      if (failed(convertFunction(func)))
        return signalPassFailure();
    }
  }
};
} // namespace
