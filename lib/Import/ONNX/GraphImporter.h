//===- GraphImporter.h - state of one ONNX graph import ---------*- C++ -*-===//
//
// The importer walks the graph's nodes in order. Every ONNX tensor name maps
// to a TensorEntry: a run-time mlir::Value, an import-time ConstTensor, or
// the pending output of a QuantizeLinear. A node whose inputs are all
// constants is folded when the folder knows its op; otherwise its converter
// builds qnn ops, computing every result's static shape itself.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_LIB_IMPORT_ONNX_GRAPHIMPORTER_H
#define QNN_LIB_IMPORT_ONNX_GRAPHIMPORTER_H

#include "ConstTensor.h"

#include "qnn/Dialect/QNN/IR/QNNTypeUtils.h"
#include "qnn/Dialect/QNN/IR/QNNVerifyUtils.h"
#include "qnn/Import/ONNX/ONNXImporter.h"

#include "onnx/onnx_pb.h"

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <memory>
#include <optional>

namespace mlir::qnn::onnx_import {

/// The output of a QuantizeLinear on a run-time tensor, waiting for the
/// DequantizeLinear that makes the pair a qnn.fake_quant.
struct PendingQuantize {
  Value input;
  quant::QuantizedType qtype;
  /// The fake_quant built for the first DequantizeLinear, shared by the
  /// others.
  Value fakeQuant;
};

/// What an ONNX tensor name stands for.
struct TensorEntry {
  /// A run-time value (static shape, f32 or integer elements).
  Value value;
  /// A value known at import time.
  std::shared_ptr<const ConstTensor> constant;
  /// The location a materialized constant gets.
  LocationAttr constantLoc;
  std::shared_ptr<PendingQuantize> pending;
};

/// Converts one node; the node is known to be supported by op type.
class GraphImporter;
using ConvertFn = LogicalResult (*)(GraphImporter &, const onnx::NodeProto &);

class GraphImporter {
public:
  GraphImporter(MLIRContext *context, const onnx::ModelProto &model,
                StringRef fileName, const ONNXImportOptions &options);

  /// Builds the module; null after emitting diagnostics.
  OwningOpRef<ModuleOp> import();

  //===--------------------------------------------------------------------===//
  // Services for the converters
  //===--------------------------------------------------------------------===//

  MLIRContext *getContext() { return context; }
  OpBuilder &getBuilder() { return builder; }
  int64_t getOpset() const { return opset; }

  /// "node 'name' (OpType): " prefix for diagnostics; nodes without a name
  /// are called by their index.
  std::string describe(const onnx::NodeProto &node) const;
  /// An error at the node, its text starting with describe(node).
  InFlightDiagnostic nodeError(const onnx::NodeProto &node);

  /// NameLoc(output tensor, NameLoc(node)): diagnostics print both names and
  /// the interpreter keys intermediates by the outer name.
  Location outputLoc(const onnx::NodeProto &node, int index = 0);
  /// The location of a value a converter creates on the way to output
  /// `index`: NameLoc("<output>/<suffix>", NameLoc(node)).
  Location internalLoc(const onnx::NodeProto &node, StringRef suffix,
                       int index = 0);
  /// FusedLoc of outputLoc(node, i) for every result of a multi-result op.
  Location multiOutputLoc(const onnx::NodeProto &node, int numResults);

  /// Whether optional input `index` is given.
  bool hasInput(const onnx::NodeProto &node, int index) const;
  /// Whether output `index` exists and is consumed (graph output or input
  /// of a node).
  bool isOutputUsed(const onnx::NodeProto &node, int index) const;

  /// The entry of input `index`, or null when absent.
  const TensorEntry *getInputEntry(const onnx::NodeProto &node, int index);
  /// The constant of input `index`, or null when absent or not constant.
  const ConstTensor *getConstInput(const onnx::NodeProto &node, int index);
  /// Like getConstInput, but emits "input #i ('name') of ... must be known at
  /// import time" when the input is a run-time value.
  FailureOr<const ConstTensor *> requireConstInput(const onnx::NodeProto &node,
                                                   int index, StringRef what);
  /// Input `index` as a run-time f32 value, materializing a constant (of any
  /// float or integer type, converted to f32) when needed. Errors name the
  /// input.
  FailureOr<Value> getF32Input(const onnx::NodeProto &node, int index);
  /// Input `index` as a run-time value of its own element type (integers as
  /// signless integers).
  FailureOr<Value> getInput(const onnx::NodeProto &node, int index);
  /// The static shape of input `index` (run-time or constant).
  ArrayRef<int64_t> getInputShape(const onnx::NodeProto &node, int index);

  /// Records the result of output `index`.
  void setOutput(const onnx::NodeProto &node, int index, Value value);
  void setOutput(const onnx::NodeProto &node, int index, ConstTensor constant);
  void setPending(const onnx::NodeProto &node, int index,
                  std::shared_ptr<PendingQuantize> pending);

  /// An arith.constant holding `t` with element type `elementType` (f32, or
  /// a signless integer). Large tensors become dense_resource blobs named
  /// after `blobName`.
  Value materialize(const ConstTensor &t, Type elementType, Location loc,
                    StringRef blobName);
  /// A splat f32 constant.
  Value splatF32(ArrayRef<int64_t> shape, float value, Location loc);

  RankedTensorType f32Tensor(ArrayRef<int64_t> shape) {
    return RankedTensorType::get(shape, builder.getF32Type());
  }

  //===--------------------------------------------------------------------===//
  // Attributes
  //===--------------------------------------------------------------------===//

  const onnx::AttributeProto *findAttr(const onnx::NodeProto &node,
                                       StringRef name) const;
  /// Typed attribute readers: the default when absent, failure (after an
  /// error naming the attribute) when present with another type.
  FailureOr<int64_t> getIntAttr(const onnx::NodeProto &node, StringRef name,
                                int64_t defaultValue);
  FailureOr<float> getFloatAttr(const onnx::NodeProto &node, StringRef name,
                                float defaultValue);
  FailureOr<std::string> getStringAttr(const onnx::NodeProto &node,
                                       StringRef name, StringRef defaultValue);
  /// std::nullopt when absent.
  FailureOr<std::optional<SmallVector<int64_t>>>
  getIntsAttr(const onnx::NodeProto &node, StringRef name);
  FailureOr<std::optional<SmallVector<float>>>
  getFloatsAttr(const onnx::NodeProto &node, StringRef name);
  FailureOr<std::optional<SmallVector<std::string>>>
  getStringsAttr(const onnx::NodeProto &node, StringRef name);
  /// Decodes a TENSOR attribute.
  FailureOr<std::optional<ConstTensor>>
  getTensorAttr(const onnx::NodeProto &node, StringRef name);
  /// Errors when an attribute the importer does not implement is present
  /// with a value other than `expected`.
  LogicalResult rejectIntAttr(const onnx::NodeProto &node, StringRef name,
                              int64_t expected);

private:
  LogicalResult checkModel();
  LogicalResult collectUnsupportedNodes();
  LogicalResult importInitializers();
  LogicalResult importInputs();
  LogicalResult importNode(const onnx::NodeProto &node, int64_t index);
  LogicalResult importOutputs();
  LogicalResult checkArity(const onnx::NodeProto &node);

  MLIRContext *context;
  const onnx::ModelProto &model;
  const onnx::GraphProto &graph;
  std::string fileName;
  std::string baseDir;
  const ONNXImportOptions &options;
  OpBuilder builder;
  int64_t opset = 0;
  Location fileLoc;

  OwningOpRef<ModuleOp> module;
  llvm::StringMap<TensorEntry> tensors;
  /// Names of every tensor some node or graph output consumes.
  llvm::StringSet<> consumed;
  /// Where each name is produced, to tell an unsorted graph from a dangling
  /// input.
  llvm::StringMap<int64_t> producerIndex;
  /// Materialized constants by (name, element type).
  llvm::DenseMap<std::pair<const ConstTensor *, Type>, Value> materialized;
  /// The index of the node being imported, for describe().
  llvm::DenseMap<const onnx::NodeProto *, int64_t> nodeIndex;
};

/// The converter of `opType` (default domain), or null.
ConvertFn lookupConverter(StringRef opType);
/// Whether the constant folder evaluates `opType`.
bool isFoldable(StringRef opType);
/// Evaluates `node` on constant inputs: true when its outputs are set,
/// false (no diagnostic) when the folder declines (the converter then
/// handles the node), failure after a diagnostic for invalid input.
FailureOr<bool> foldNode(GraphImporter &importer, const onnx::NodeProto &node);

// Converters, grouped by file.
LogicalResult convertConv(GraphImporter &, const onnx::NodeProto &);
LogicalResult convertBatchNorm(GraphImporter &, const onnx::NodeProto &);
LogicalResult convertMaxPool(GraphImporter &, const onnx::NodeProto &);
LogicalResult convertAveragePool(GraphImporter &, const onnx::NodeProto &);
LogicalResult convertGlobalAveragePool(GraphImporter &,
                                       const onnx::NodeProto &);
LogicalResult convertGlobalMaxPool(GraphImporter &, const onnx::NodeProto &);
LogicalResult convertGemm(GraphImporter &, const onnx::NodeProto &);
LogicalResult convertMatMul(GraphImporter &, const onnx::NodeProto &);
LogicalResult convertSoftmax(GraphImporter &, const onnx::NodeProto &);
LogicalResult convertLayerNorm(GraphImporter &, const onnx::NodeProto &);
LogicalResult convertLSTM(GraphImporter &, const onnx::NodeProto &);

LogicalResult convertBinary(GraphImporter &, const onnx::NodeProto &);
LogicalResult convertUnary(GraphImporter &, const onnx::NodeProto &);
LogicalResult convertClip(GraphImporter &, const onnx::NodeProto &);
LogicalResult convertWhere(GraphImporter &, const onnx::NodeProto &);

LogicalResult convertIdentity(GraphImporter &, const onnx::NodeProto &);
LogicalResult convertCast(GraphImporter &, const onnx::NodeProto &);
LogicalResult convertShape(GraphImporter &, const onnx::NodeProto &);
LogicalResult convertSize(GraphImporter &, const onnx::NodeProto &);
LogicalResult convertReshape(GraphImporter &, const onnx::NodeProto &);
LogicalResult convertFlatten(GraphImporter &, const onnx::NodeProto &);
LogicalResult convertTranspose(GraphImporter &, const onnx::NodeProto &);
LogicalResult convertSqueeze(GraphImporter &, const onnx::NodeProto &);
LogicalResult convertUnsqueeze(GraphImporter &, const onnx::NodeProto &);
LogicalResult convertSlice(GraphImporter &, const onnx::NodeProto &);
LogicalResult convertSplit(GraphImporter &, const onnx::NodeProto &);
LogicalResult convertConcat(GraphImporter &, const onnx::NodeProto &);
LogicalResult convertPad(GraphImporter &, const onnx::NodeProto &);
LogicalResult convertGather(GraphImporter &, const onnx::NodeProto &);
LogicalResult convertExpand(GraphImporter &, const onnx::NodeProto &);
LogicalResult convertReduceMean(GraphImporter &, const onnx::NodeProto &);

LogicalResult convertQuantizeLinear(GraphImporter &, const onnx::NodeProto &);
LogicalResult convertDequantizeLinear(GraphImporter &, const onnx::NodeProto &);
/// A Cast whose input is the pending output of a QuantizeLinear.
LogicalResult convertCastOfQuantized(GraphImporter &, const onnx::NodeProto &,
                                     std::shared_ptr<PendingQuantize> pending);

//===----------------------------------------------------------------------===//
// Shape helpers shared by the folder and the converters
//===----------------------------------------------------------------------===//

/// "[1, 3, 224, 224]" and the NumPy broadcast of two shapes are the
/// dialect's (QNNVerifyUtils.h, QNNTypeUtils.h), so messages and shapes
/// agree with the verifiers.
using ::mlir::qnn::formatShape;
inline std::optional<SmallVector<int64_t>> broadcast(ArrayRef<int64_t> a,
                                                     ArrayRef<int64_t> b) {
  return broadcastShapes(a, b);
}
/// Normalizes `axis` in [-rank, rank) to [0, rank), or std::nullopt.
inline std::optional<int64_t> normalizeAxisIn(int64_t axis, int64_t rank) {
  return normalizeAxis(axis, rank);
}
/// Constants the importer computes (folding, pre-transposed weights) are
/// limited to this many elements.
constexpr int64_t kMaxConstElements = int64_t(1) << 26;
/// Errors when a constant of `shape` would exceed kMaxConstElements.
LogicalResult checkConstSize(GraphImporter &importer,
                             const onnx::NodeProto &node,
                             ArrayRef<int64_t> shape);
/// Row-major strides of `shape`.
SmallVector<int64_t> stridesOf(ArrayRef<int64_t> shape);

/// The target shape of an ONNX Reshape: 0 copies the input dimension (unless
/// `allowZero`), one -1 is inferred. Failure with `error` set otherwise.
FailureOr<SmallVector<int64_t>> resolveReshape(ArrayRef<int64_t> input,
                                               ArrayRef<int64_t> target,
                                               bool allowZero,
                                               std::string &error);

/// Normalized ONNX Slice parameters for every dimension: starts, ends and
/// steps (steps may be negative; ends may be -1 for a reverse slice that
/// reaches index 0) and the result shape.
struct SliceParams {
  SmallVector<int64_t> starts, ends, steps, shape;
};
FailureOr<SliceParams> resolveSlice(GraphImporter &importer,
                                    const onnx::NodeProto &node,
                                    ArrayRef<int64_t> inputShape);

/// The axes of Squeeze (input #1 or the opset < 13 attribute), normalized;
/// empty `axes` means every dimension of size 1.
FailureOr<SmallVector<int64_t>> resolveSqueezeAxes(GraphImporter &importer,
                                                   const onnx::NodeProto &node,
                                                   ArrayRef<int64_t> shape);
/// The result shape of Unsqueeze.
FailureOr<SmallVector<int64_t>>
resolveUnsqueezeShape(GraphImporter &importer, const onnx::NodeProto &node,
                      ArrayRef<int64_t> shape);
/// The permutation of Transpose (default: reversed dimensions).
FailureOr<SmallVector<int64_t>>
resolvePerm(GraphImporter &importer, const onnx::NodeProto &node, int64_t rank);
/// Concat: the normalized axis and the result shape.
FailureOr<std::pair<int64_t, SmallVector<int64_t>>>
resolveConcat(GraphImporter &importer, const onnx::NodeProto &node);
/// Gather: the normalized axis and the result shape.
FailureOr<std::pair<int64_t, SmallVector<int64_t>>>
resolveGather(GraphImporter &importer, const onnx::NodeProto &node);

} // namespace mlir::qnn::onnx_import

#endif // QNN_LIB_IMPORT_ONNX_GRAPHIMPORTER_H
