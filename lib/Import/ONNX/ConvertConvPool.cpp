//===- ConvertConvPool.cpp - Conv and the pools ---------------------------===//
//
// Sliding-window ops on NCHW tensors. 1-D (NCL) ones run as 2-D ops on
// [N, C, 1, L] between a qnn.unsqueeze and a qnn.squeeze.
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/QNNVerifyUtils.h"

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::onnx_import;

namespace {
/// Window parameters in qnn's 2-D form: padding [top, left, bottom, right].
struct Window2D {
  SmallVector<int64_t> kernel, strides, padding, dilations, outSpatial;
};
} // namespace

/// Reads kernel_shape (or takes `kernel`), strides, pads, dilations,
/// auto_pad and ceil_mode for `spatial` (1 or 2) dimensions and returns them
/// as 2-D parameters (a 1-D window gets a unit first dimension).
static FailureOr<Window2D> resolveWindow(GraphImporter &g,
                                         const onnx::NodeProto &node,
                                         ArrayRef<int64_t> inSpatial,
                                         ArrayRef<int64_t> weightKernel,
                                         bool ceilMode) {
  size_t n = inSpatial.size();
  auto kernelAttr = g.getIntsAttr(node, "kernel_shape");
  auto stridesAttr = g.getIntsAttr(node, "strides");
  auto padsAttr = g.getIntsAttr(node, "pads");
  auto dilationsAttr = g.getIntsAttr(node, "dilations");
  FailureOr<std::string> autoPad = g.getStringAttr(node, "auto_pad", "NOTSET");
  if (failed(kernelAttr) || failed(stridesAttr) || failed(padsAttr) ||
      failed(dilationsAttr) || failed(autoPad))
    return failure();
  SmallVector<int64_t> kernel(weightKernel);
  if (*kernelAttr) {
    if (!weightKernel.empty() &&
        ArrayRef<int64_t>(**kernelAttr) != weightKernel)
      return g.nodeError(node)
             << "kernel_shape " << formatShape(**kernelAttr)
             << " does not match the weight's " << formatShape(weightKernel);
    kernel = **kernelAttr;
  }
  if (kernel.empty())
    return g.nodeError(node) << "needs attribute 'kernel_shape'";
  SmallVector<int64_t> strides =
      *stridesAttr ? **stridesAttr : SmallVector<int64_t>(n, 1);
  SmallVector<int64_t> dilations =
      *dilationsAttr ? **dilationsAttr : SmallVector<int64_t>(n, 1);
  SmallVector<int64_t> pads =
      *padsAttr ? **padsAttr : SmallVector<int64_t>(2 * n, 0);
  if (kernel.size() != n || strides.size() != n || dilations.size() != n ||
      pads.size() != 2 * n)
    return g.nodeError(node)
           << "kernel_shape, strides and dilations need " << n
           << " entries and pads " << 2 * n << " for a " << n << "-D input";
  auto positive = [](ArrayRef<int64_t> v) {
    return llvm::all_of(v, [](int64_t x) { return x >= 1; });
  };
  if (!positive(kernel) || !positive(strides) || !positive(dilations) ||
      llvm::any_of(pads, [](int64_t p) { return p < 0; }))
    return g.nodeError(node) << "kernel, strides and dilations must be "
                                "positive and pads non-negative";
  if (*autoPad == "VALID") {
    pads.assign(2 * n, 0);
  } else if (*autoPad == "SAME_UPPER" || *autoPad == "SAME_LOWER") {
    // Output size ceil(in / stride); the extra padding goes at the end
    // (SAME_UPPER) or the beginning (SAME_LOWER).
    for (size_t i = 0; i < n; ++i) {
      int64_t out = (inSpatial[i] + strides[i] - 1) / strides[i];
      int64_t total = std::max<int64_t>((out - 1) * strides[i] +
                                            (kernel[i] - 1) * dilations[i] + 1 -
                                            inSpatial[i],
                                        0);
      int64_t small = total / 2, large = total - total / 2;
      pads[i] = *autoPad == "SAME_UPPER" ? small : large;
      pads[n + i] = *autoPad == "SAME_UPPER" ? large : small;
    }
  } else if (*autoPad != "NOTSET") {
    return g.nodeError(node) << "unknown auto_pad '" << *autoPad << "'";
  }

  Window2D w;
  for (size_t i = 0; i < n; ++i) {
    int64_t out =
        computeWindowOutputSize(inSpatial[i], kernel[i], strides[i], pads[i],
                                pads[n + i], dilations[i], ceilMode);
    if (out < 1)
      return g.nodeError(node)
             << "window of size " << kernel[i] << " (dilation " << dilations[i]
             << ") does not fit the padded input of size " << inSpatial[i]
             << " along spatial dimension " << i;
    w.outSpatial.push_back(out);
  }
  if (n == 1) {
    w.kernel = {1, kernel[0]};
    w.strides = {1, strides[0]};
    w.dilations = {1, dilations[0]};
    w.padding = {0, pads[0], 0, pads[1]};
  } else {
    w.kernel = kernel;
    w.strides = strides;
    w.dilations = dilations;
    w.padding = pads;
  }
  return w;
}

/// The spatial rank of an N, C, spatial... input: 1 or 2, else an error.
static FailureOr<int64_t> getSpatialRank(GraphImporter &g,
                                         const onnx::NodeProto &node,
                                         ArrayRef<int64_t> shape) {
  if (shape.size() != 3 && shape.size() != 4)
    return g.nodeError(node) << "input of shape " << formatShape(shape)
                             << " is not supported (only 1-D and 2-D "
                                "windows: rank 3 or 4)";
  return static_cast<int64_t>(shape.size()) - 2;
}

/// [N, C, L] -> [N, C, 1, L] for a 1-D op; unchanged for 2-D.
static Value liftTo2D(GraphImporter &g, const onnx::NodeProto &node,
                      Value value, StringRef what) {
  auto type = cast<RankedTensorType>(value.getType());
  if (type.getRank() == 4)
    return value;
  SmallVector<int64_t> shape(type.getShape());
  shape.insert(shape.begin() + 2, 1);
  return UnsqueezeOp::create(g.getBuilder(), g.internalLoc(node, what),
                             type.clone(shape), value, ArrayRef<int64_t>{2});
}

/// The result of a 2-D op back in 1-D form when `spatial` is 1.
static Value lowerFrom2D(GraphImporter &g, const onnx::NodeProto &node,
                         Value value, int64_t spatial) {
  if (spatial == 2)
    return value;
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> shape(type.getShape());
  shape.erase(shape.begin() + 2);
  return SqueezeOp::create(g.getBuilder(), g.outputLoc(node), type.clone(shape),
                           value, ArrayRef<int64_t>{2});
}

/// The location of the 2-D op: the output's when nothing follows it.
static Location windowOpLoc(GraphImporter &g, const onnx::NodeProto &node,
                            int64_t spatial) {
  return spatial == 2 ? g.outputLoc(node) : g.internalLoc(node, "2d");
}

LogicalResult mlir::qnn::onnx_import::convertConv(GraphImporter &g,
                                                  const onnx::NodeProto &node) {
  FailureOr<Value> x = g.getF32Input(node, 0);
  FailureOr<int64_t> groups = g.getIntAttr(node, "group", 1);
  if (failed(x) || failed(groups))
    return failure();
  ArrayRef<int64_t> xs = cast<RankedTensorType>(x->getType()).getShape();
  ArrayRef<int64_t> ws = g.getInputShape(node, 1);
  FailureOr<int64_t> spatial = getSpatialRank(g, node, xs);
  if (failed(spatial))
    return failure();
  if (ws.size() != xs.size())
    return g.nodeError(node)
           << "weight of shape " << formatShape(ws)
           << " does not match the input's rank " << xs.size();
  if (*groups < 1 || xs[1] != ws[1] * *groups || ws[0] % *groups != 0)
    return g.nodeError(node)
           << "input channels " << xs[1] << ", weight " << formatShape(ws)
           << " and group " << *groups
           << " disagree (need C = weight[1] * group, F divisible by group)";
  Value bias;
  if (g.hasInput(node, 2)) {
    FailureOr<Value> b = g.getF32Input(node, 2);
    if (failed(b))
      return failure();
    ArrayRef<int64_t> bs = cast<RankedTensorType>(b->getType()).getShape();
    if (bs.size() != 1 || bs[0] != ws[0])
      return g.nodeError(node) << "bias of shape " << formatShape(bs)
                               << " must have shape [" << ws[0] << "]";
    bias = *b;
  }
  FailureOr<Window2D> win =
      resolveWindow(g, node, xs.drop_front(2), ws.drop_front(2),
                    /*ceilMode=*/false);
  if (failed(win))
    return failure();
  Value input = liftTo2D(g, node, *x, "input_2d");
  // A constant 1-D weight is reshaped here, so that it stays a constant.
  Value weight;
  const ConstTensor *wConst = g.getConstInput(node, 1);
  if (*spatial == 1 && wConst) {
    weight = g.materialize(wConst->reshaped({ws[0], ws[1], 1, ws[2]}),
                           g.getBuilder().getF32Type(),
                           g.internalLoc(node, "weight_2d"), node.input(1));
  } else {
    FailureOr<Value> w = g.getF32Input(node, 1);
    if (failed(w))
      return failure();
    weight = liftTo2D(g, node, *w, "weight_2d");
  }
  SmallVector<int64_t> shape = {xs[0], ws[0]};
  if (*spatial == 1)
    shape.push_back(1);
  llvm::append_range(shape, win->outSpatial);
  Value conv =
      Conv2DOp::create(g.getBuilder(), windowOpLoc(g, node, *spatial),
                       g.f32Tensor(shape), input, weight, bias, win->strides,
                       win->padding, win->dilations, *groups, nullptr);
  g.setOutput(node, 0, lowerFrom2D(g, node, conv, *spatial));
  return success();
}

/// MaxPool and AveragePool.
static LogicalResult convertPool(GraphImporter &g, const onnx::NodeProto &node,
                                 bool isMax) {
  FailureOr<Value> x = g.getF32Input(node, 0);
  FailureOr<int64_t> ceilMode = g.getIntAttr(node, "ceil_mode", 0);
  if (failed(x) || failed(ceilMode))
    return failure();
  ArrayRef<int64_t> xs = cast<RankedTensorType>(x->getType()).getShape();
  FailureOr<int64_t> spatial = getSpatialRank(g, node, xs);
  if (failed(spatial))
    return failure();
  if (isMax && failed(g.rejectIntAttr(node, "storage_order", 0)))
    return failure();
  FailureOr<int64_t> countIncludePad =
      g.getIntAttr(node, "count_include_pad", 0);
  if (failed(countIncludePad))
    return failure();
  if (!isMax && g.findAttr(node, "dilations")) {
    auto d = g.getIntsAttr(node, "dilations");
    if (failed(d))
      return failure();
    if (llvm::any_of(**d, [](int64_t v) { return v != 1; }))
      return g.nodeError(node) << "dilated average pooling is not supported";
  }
  FailureOr<Window2D> win =
      resolveWindow(g, node, xs.drop_front(2), {}, *ceilMode != 0);
  if (failed(win))
    return failure();
  Value input = liftTo2D(g, node, *x, "input_2d");
  SmallVector<int64_t> shape = {xs[0], xs[1]};
  if (*spatial == 1)
    shape.push_back(1);
  llvm::append_range(shape, win->outSpatial);
  Location loc = windowOpLoc(g, node, *spatial);
  Value pool;
  if (isMax)
    pool = MaxPool2DOp::create(g.getBuilder(), loc, g.f32Tensor(shape), input,
                               win->kernel, win->strides, win->padding,
                               win->dilations, *ceilMode != 0);
  else
    pool = AvgPool2DOp::create(g.getBuilder(), loc, g.f32Tensor(shape), input,
                               win->kernel, win->strides, win->padding,
                               *ceilMode != 0, *countIncludePad != 0);
  g.setOutput(node, 0, lowerFrom2D(g, node, pool, *spatial));
  return success();
}

LogicalResult
mlir::qnn::onnx_import::convertMaxPool(GraphImporter &g,
                                       const onnx::NodeProto &node) {
  return convertPool(g, node, /*isMax=*/true);
}

LogicalResult
mlir::qnn::onnx_import::convertAveragePool(GraphImporter &g,
                                           const onnx::NodeProto &node) {
  return convertPool(g, node, /*isMax=*/false);
}

LogicalResult
mlir::qnn::onnx_import::convertGlobalAveragePool(GraphImporter &g,
                                                 const onnx::NodeProto &node) {
  FailureOr<Value> x = g.getF32Input(node, 0);
  if (failed(x))
    return failure();
  auto type = cast<RankedTensorType>(x->getType());
  if (type.getRank() < 3)
    return g.nodeError(node)
           << "input must have rank >= 3, got " << formatShape(type.getShape());
  SmallVector<int64_t> shape = {type.getDimSize(0), type.getDimSize(1)};
  shape.append(type.getRank() - 2, 1);
  if (type.getRank() == 4) {
    g.setOutput(node, 0,
                GlobalAvgPool2DOp::create(g.getBuilder(), g.outputLoc(node),
                                          g.f32Tensor(shape), *x));
    return success();
  }
  // Other ranks: the mean over every spatial axis.
  SmallVector<int64_t> axes;
  for (int64_t d = 2; d < type.getRank(); ++d)
    axes.push_back(d);
  g.setOutput(node, 0,
              ReduceMeanOp::create(g.getBuilder(), g.outputLoc(node),
                                   g.f32Tensor(shape), *x, axes, true));
  return success();
}

LogicalResult
mlir::qnn::onnx_import::convertGlobalMaxPool(GraphImporter &g,
                                             const onnx::NodeProto &node) {
  FailureOr<Value> x = g.getF32Input(node, 0);
  if (failed(x))
    return failure();
  auto type = cast<RankedTensorType>(x->getType());
  if (type.getRank() != 4)
    return g.nodeError(node)
           << "input must have rank 4, got " << formatShape(type.getShape());
  // A max pool whose window is the whole plane.
  SmallVector<int64_t> kernel = {type.getDimSize(2), type.getDimSize(3)};
  g.setOutput(node, 0,
              MaxPool2DOp::create(
                  g.getBuilder(), g.outputLoc(node),
                  g.f32Tensor({type.getDimSize(0), type.getDimSize(1), 1, 1}),
                  *x, kernel, {1, 1}, {0, 0, 0, 0}, {1, 1}, false));
  return success();
}
