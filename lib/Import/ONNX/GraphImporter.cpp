//===- GraphImporter.cpp - ONNX ModelProto to a func.func of qnn ops ------===//
//
// Validates the model (opset range, supported ops, every input defined,
// static input shapes), then imports initializers, graph inputs and nodes in
// order. Nothing here calls into libonnx code that may throw: the model is
// checked by hand, and only the op schema registry is consulted (a lookup
// that does not throw); see docs/Rationale.md, "ONNX import".
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

#include "onnx/defs/schema.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/IR/Verifier.h"
#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::onnx_import;

/// The opsets whose operator semantics the converters implement.
static constexpr int64_t kMinOpset = 13;
static constexpr int64_t kMaxOpset = 17;
/// Constants with more elements than this become dense_resource blobs.
static constexpr int64_t kResourceThreshold = 1024;

static bool isDefaultDomain(StringRef domain) {
  return domain.empty() || domain == "ai.onnx";
}

GraphImporter::GraphImporter(MLIRContext *context,
                             const onnx::ModelProto &model, StringRef fileName,
                             const ONNXImportOptions &options)
    : context(context), model(model), graph(model.graph()),
      fileName(fileName.str()), options(options), builder(context),
      fileLoc(FileLineColLoc::get(context, fileName, 0, 0)) {
  baseDir = llvm::sys::path::parent_path(fileName).str();
}

//===----------------------------------------------------------------------===//
// Diagnostics and locations
//===----------------------------------------------------------------------===//

/// The name a node is known by in diagnostics and locations.
static std::string nodeLabel(const onnx::NodeProto &node, int64_t index) {
  if (!node.name().empty())
    return node.name();
  return node.op_type() + "#" + std::to_string(index);
}

std::string GraphImporter::describe(const onnx::NodeProto &node) const {
  auto it = nodeIndex.find(&node);
  int64_t index = it == nodeIndex.end() ? -1 : it->second;
  return "node '" + nodeLabel(node, index) + "' (" + node.op_type() + ")";
}

InFlightDiagnostic GraphImporter::nodeError(const onnx::NodeProto &node) {
  InFlightDiagnostic diag = emitError(fileLoc);
  diag << describe(node) << ": ";
  return diag;
}

Location GraphImporter::outputLoc(const onnx::NodeProto &node, int index) {
  std::string label = nodeLabel(node, nodeIndex.lookup(&node));
  std::string name = index < node.output_size() && !node.output(index).empty()
                         ? node.output(index)
                         : label + ":" + std::to_string(index);
  return NameLoc::get(StringAttr::get(context, name),
                      NameLoc::get(StringAttr::get(context, label)));
}

Location GraphImporter::internalLoc(const onnx::NodeProto &node,
                                    StringRef suffix, int index) {
  auto outer = cast<NameLoc>(outputLoc(node, index));
  return NameLoc::get(
      StringAttr::get(context, outer.getName().strref() + "/" + suffix),
      outer.getChildLoc());
}

Location GraphImporter::multiOutputLoc(const onnx::NodeProto &node,
                                       int numResults) {
  SmallVector<Location> locs;
  for (int i = 0; i < numResults; ++i)
    locs.push_back(outputLoc(node, i));
  return FusedLoc::get(context, locs);
}

//===----------------------------------------------------------------------===//
// Inputs and outputs of nodes
//===----------------------------------------------------------------------===//

bool GraphImporter::hasInput(const onnx::NodeProto &node, int index) const {
  return index < node.input_size() && !node.input(index).empty();
}

bool GraphImporter::isOutputUsed(const onnx::NodeProto &node, int index) const {
  return index < node.output_size() && !node.output(index).empty() &&
         consumed.contains(node.output(index));
}

const TensorEntry *GraphImporter::getInputEntry(const onnx::NodeProto &node,
                                                int index) {
  if (!hasInput(node, index))
    return nullptr;
  auto it = tensors.find(node.input(index));
  return it == tensors.end() ? nullptr : &it->second;
}

const ConstTensor *GraphImporter::getConstInput(const onnx::NodeProto &node,
                                                int index) {
  const TensorEntry *entry = getInputEntry(node, index);
  return entry ? entry->constant.get() : nullptr;
}

FailureOr<const ConstTensor *>
GraphImporter::requireConstInput(const onnx::NodeProto &node, int index,
                                 StringRef what) {
  if (!hasInput(node, index))
    return nodeError(node) << "missing input '" << what << "' (#" << index
                           << ")";
  if (const ConstTensor *t = getConstInput(node, index))
    return t;
  return nodeError(node) << "input '" << what << "' ('" << node.input(index)
                         << "') must be known at import time (an "
                            "initializer or computed from constants only)";
}

FailureOr<Value> GraphImporter::getInput(const onnx::NodeProto &node,
                                         int index) {
  const TensorEntry *entry = getInputEntry(node, index);
  if (!entry)
    return nodeError(node) << "missing input #" << index;
  if (entry->value)
    return entry->value;
  if (!entry->constant)
    return nodeError(node) << "input '" << node.input(index)
                           << "' is the output of a QuantizeLinear, which "
                              "only DequantizeLinear may consume";
  Type elementType = getElementType(context, entry->constant->getDType());
  auto key = std::make_pair(entry->constant.get(), elementType);
  if (Value cached = materialized.lookup(key))
    return cached;
  Value v = materialize(*entry->constant, elementType, entry->constantLoc,
                        node.input(index));
  materialized[key] = v;
  return v;
}

FailureOr<Value> GraphImporter::getF32Input(const onnx::NodeProto &node,
                                            int index) {
  const TensorEntry *entry = getInputEntry(node, index);
  if (!entry)
    return nodeError(node) << "missing input #" << index;
  if (entry->value) {
    auto type = cast<RankedTensorType>(entry->value.getType());
    if (!type.getElementType().isF32())
      return nodeError(node) << "input '" << node.input(index)
                             << "' has element type " << type.getElementType()
                             << " and is computed at run time; this op is "
                                "only supported on float tensors";
    return entry->value;
  }
  if (!entry->constant)
    return getInput(node, index); // Reports the pending QuantizeLinear.
  Type f32 = builder.getF32Type();
  auto key = std::make_pair(entry->constant.get(), f32);
  if (Value cached = materialized.lookup(key))
    return cached;
  Value v =
      materialize(*entry->constant, f32, entry->constantLoc, node.input(index));
  materialized[key] = v;
  return v;
}

ArrayRef<int64_t> GraphImporter::getInputShape(const onnx::NodeProto &node,
                                               int index) {
  const TensorEntry *entry = getInputEntry(node, index);
  if (!entry)
    return {};
  if (entry->value)
    return cast<RankedTensorType>(entry->value.getType()).getShape();
  if (entry->constant)
    return entry->constant->getShape();
  return cast<RankedTensorType>(entry->pending->input.getType()).getShape();
}

void GraphImporter::setOutput(const onnx::NodeProto &node, int index,
                              Value value) {
  if (index >= node.output_size() || node.output(index).empty())
    return;
  TensorEntry &entry = tensors[node.output(index)];
  entry.value = value;
}

void GraphImporter::setOutput(const onnx::NodeProto &node, int index,
                              ConstTensor constant) {
  if (index >= node.output_size() || node.output(index).empty())
    return;
  TensorEntry &entry = tensors[node.output(index)];
  entry.constant = std::make_shared<const ConstTensor>(std::move(constant));
  entry.constantLoc = outputLoc(node, index);
}

void GraphImporter::setPending(const onnx::NodeProto &node, int index,
                               std::shared_ptr<PendingQuantize> pending) {
  if (index >= node.output_size() || node.output(index).empty())
    return;
  tensors[node.output(index)].pending = std::move(pending);
}

Value GraphImporter::materialize(const ConstTensor &t, Type elementType,
                                 Location loc, StringRef blobName) {
  auto type = RankedTensorType::get(t.getShape(), elementType);
  ElementsAttr attr = t.toAttr(type, blobName, kResourceThreshold);
  return arith::ConstantOp::create(builder, loc, type, cast<TypedAttr>(attr));
}

Value GraphImporter::splatF32(ArrayRef<int64_t> shape, float value,
                              Location loc) {
  auto type = f32Tensor(shape);
  return arith::ConstantOp::create(
      builder, loc, type, DenseElementsAttr::get(type, ArrayRef<float>(value)));
}

//===----------------------------------------------------------------------===//
// Model-level checks
//===----------------------------------------------------------------------===//

LogicalResult GraphImporter::checkModel() {
  if (!model.has_graph() || model.ir_version() <= 0)
    return emitError(fileLoc)
           << "not an ONNX model: the file holds no ModelProto with a graph "
              "and an IR version";
  std::optional<int64_t> version;
  for (const onnx::OperatorSetIdProto &id : model.opset_import())
    if (isDefaultDomain(id.domain()))
      version = id.version();
  if (!version)
    return emitError(fileLoc) << "the model imports no opset of the default "
                                 "ONNX domain (ai.onnx)";
  if (*version < kMinOpset || *version > kMaxOpset)
    return emitError(fileLoc)
           << "the model uses ONNX opset " << *version
           << "; supported opsets are " << kMinOpset << " to " << kMaxOpset
           << " (convert it with onnx.version_converter)";
  opset = *version;
  return success();
}

/// The version the model imports for `domain`, or -1.
static int64_t domainVersion(const onnx::ModelProto &model, StringRef domain) {
  for (const onnx::OperatorSetIdProto &id : model.opset_import())
    if (id.domain() == domain ||
        (isDefaultDomain(domain) && isDefaultDomain(id.domain())))
      return id.version();
  return -1;
}

/// Inputs a converter needs as constants (shapes, axes, bounds,
/// quantization parameters, Where's condition), by op type.
static ArrayRef<int> constantOnlyInputs(StringRef opType) {
  static const llvm::StringMap<SmallVector<int, 4>> table = {
      {"Reshape", {1}},
      {"Expand", {1}},
      {"Squeeze", {1}},
      {"Unsqueeze", {1}},
      {"Slice", {1, 2, 3, 4}},
      {"Split", {1}},
      {"Pad", {1, 2}},
      {"Clip", {1, 2}},
      {"Where", {0}},
      {"QuantizeLinear", {1, 2}},
      {"DequantizeLinear", {1, 2}},
      {"LSTM", {4}}};
  auto it = table.find(opType);
  return it == table.end() ? ArrayRef<int>() : ArrayRef<int>(it->second);
}

LogicalResult GraphImporter::collectUnsupportedNodes() {
  // Which tensors will be constants, the way importNode decides it: ops the
  // folder knows are evaluated when all their inputs are constants, and
  // Shape and Size of a (statically shaped) tensor always are. An op that is
  // only folded is unsupported when an input is computed at run time.
  llvm::StringSet<> constants;
  for (const onnx::TensorProto &init : graph.initializer())
    constants.insert(init.name());
  SmallVector<std::string> unsupported;
  for (auto [index, node] : llvm::enumerate(graph.node())) {
    bool allConstant = llvm::all_of(node.input(), [&](const std::string &in) {
      return in.empty() || constants.contains(in);
    });
    bool foldable = isFoldable(node.op_type());
    bool convertible = lookupConverter(node.op_type()) != nullptr;
    if (node.op_type() == "Shape" || node.op_type() == "Size" ||
        (foldable && allConstant) ||
        (allConstant &&
         (node.op_type() == "Identity" || node.op_type() == "Dropout")))
      for (const std::string &output : node.output())
        constants.insert(output);
    bool known = isDefaultDomain(node.domain()) && (foldable || convertible);
    // The first input a converter needs as a constant that will not be one.
    int runtimeParam = -1;
    if (known && !allConstant)
      for (int i : constantOnlyInputs(node.op_type()))
        if (i < node.input_size() && !node.input(i).empty() &&
            !constants.contains(node.input(i))) {
          runtimeParam = i;
          break;
        }
    if (known && (allConstant || (convertible && runtimeParam < 0)))
      continue;
    std::string text = "'" + nodeLabel(node, index) + "' (";
    if (!isDefaultDomain(node.domain()))
      text += node.domain() + ".";
    text += node.op_type() + ", opset " +
            std::to_string(domainVersion(model, node.domain()));
    if (known && runtimeParam >= 0)
      text += ", input '" + node.input(runtimeParam) +
              "' must be known at import time";
    else if (known)
      text += ", only folded when its inputs are constants";
    else if (isDefaultDomain(node.domain()) &&
             !onnx::OpSchemaRegistry::Schema(node.op_type(), opset, ""))
      text += ", not an ONNX op";
    unsupported.push_back(text + ")");
  }
  if (unsupported.empty())
    return success();
  return emitError(fileLoc) << unsupported.size() << " unsupported node"
                            << (unsupported.size() == 1 ? "" : "s") << ": "
                            << llvm::join(unsupported, ", ");
}

LogicalResult GraphImporter::checkArity(const onnx::NodeProto &node) {
  const onnx::OpSchema *schema =
      onnx::OpSchemaRegistry::Schema(node.op_type(), opset, "");
  if (!schema)
    return success();
  // Trailing empty names are omitted optional inputs.
  int numInputs = node.input_size();
  while (numInputs > 0 && node.input(numInputs - 1).empty())
    --numInputs;
  if (numInputs < schema->min_input() ||
      node.input_size() > schema->max_input())
    return nodeError(node) << "has " << numInputs << " input"
                           << (numInputs == 1 ? "" : "s") << ", opset " << opset
                           << " expects " << schema->min_input()
                           << (schema->max_input() == schema->min_input()
                                   ? std::string()
                                   : " to " + (schema->max_input() == INT32_MAX
                                                   ? std::string("any number")
                                                   : std::to_string(
                                                         schema->max_input())));
  if (node.output_size() < schema->min_output() ||
      node.output_size() > schema->max_output())
    return nodeError(node) << "has " << node.output_size() << " output"
                           << (node.output_size() == 1 ? "" : "s") << ", opset "
                           << opset << " expects " << schema->min_output()
                           << " to " << schema->max_output();
  for (int i = 0; i < numInputs; ++i)
    if (node.input(i).empty() &&
        i < static_cast<int>(schema->inputs().size()) &&
        schema->inputs()[i].GetOption() ==
            onnx::OpSchema::FormalParameterOption::Single)
      return nodeError(node)
             << "required input '" << schema->inputs()[i].GetName() << "' (#"
             << i << ") is empty";
  return success();
}

//===----------------------------------------------------------------------===//
// Initializers and graph inputs
//===----------------------------------------------------------------------===//

LogicalResult GraphImporter::importInitializers() {
  for (const onnx::TensorProto &init : graph.initializer()) {
    if (init.name().empty())
      return emitError(fileLoc) << "an initializer has no name";
    if (tensors.count(init.name()))
      return emitError(fileLoc)
             << "initializer '" << init.name() << "' is defined twice";
    std::string error;
    FailureOr<ConstTensor> t = ConstTensor::fromProto(init, baseDir, error);
    if (failed(t))
      return emitError(fileLoc)
             << "initializer '" << init.name() << "' " << error;
    TensorEntry &entry = tensors[init.name()];
    entry.constant = std::make_shared<const ConstTensor>(std::move(*t));
    entry.constantLoc = NameLoc::get(StringAttr::get(context, init.name()));
  }
  return success();
}

/// The static shape of graph input `input`, from the model or
/// --input-shape.
static FailureOr<SmallVector<int64_t>>
resolveInputShape(const onnx::ValueInfoProto &input,
                  const ONNXImportOptions &options, Location loc) {
  const onnx::TypeProto::Tensor &tensorType = input.type().tensor_type();
  auto given = options.inputShapes.find(input.name());
  bool hasShape = tensorType.has_shape();
  if (given != options.inputShapes.end()) {
    ArrayRef<int64_t> shape = given->second;
    if (hasShape) {
      if (tensorType.shape().dim_size() != static_cast<int>(shape.size()))
        return emitError(loc)
               << "--input-shape gives graph input '" << input.name()
               << "' rank " << shape.size() << ", the model declares rank "
               << tensorType.shape().dim_size();
      for (auto [d, dim] : llvm::enumerate(tensorType.shape().dim()))
        if (dim.has_dim_value() && dim.dim_value() > 0 &&
            dim.dim_value() != shape[d])
          return emitError(loc)
                 << "--input-shape gives graph input '" << input.name()
                 << "' dimension " << d << " = " << shape[d]
                 << ", the model declares " << dim.dim_value();
    }
    return SmallVector<int64_t>(shape);
  }
  if (!hasShape)
    return emitError(loc) << "graph input '" << input.name()
                          << "' has no shape; give it with --input-shape "
                          << input.name() << "=<d0>x<d1>x...";
  SmallVector<int64_t> shape;
  for (auto [d, dim] : llvm::enumerate(tensorType.shape().dim())) {
    if (dim.has_dim_value() && dim.dim_value() > 0) {
      shape.push_back(dim.dim_value());
      continue;
    }
    InFlightDiagnostic diag = emitError(loc);
    diag << "graph input '" << input.name() << "' has dimension " << d;
    if (dim.has_dim_param())
      diag << " '" << dim.dim_param() << "'";
    diag << " of unknown size; give its shape with --input-shape "
         << input.name() << "=<d0>x<d1>x...";
    return failure();
  }
  return shape;
}

LogicalResult GraphImporter::importInputs() {
  llvm::StringSet<> inputNames;
  for (const onnx::ValueInfoProto &input : graph.input())
    inputNames.insert(input.name());
  for (const auto &entry : options.inputShapes)
    if (!inputNames.contains(entry.getKey()))
      return emitError(fileLoc) << "--input-shape names '" << entry.getKey()
                                << "', which is not a graph input";

  SmallVector<Type> argTypes;
  SmallVector<Location> argLocs;
  SmallVector<std::string> argNames;
  for (const onnx::ValueInfoProto &input : graph.input()) {
    // An input with an initializer of the same name (IR < 4 style) is a
    // constant with a default value; we import the value.
    if (tensors.count(input.name()))
      continue;
    if (input.name().empty())
      return emitError(fileLoc) << "a graph input has no name";
    if (!input.type().has_tensor_type())
      return emitError(fileLoc)
             << "graph input '" << input.name() << "' is not a tensor";
    int32_t dtype = input.type().tensor_type().elem_type();
    Type elementType;
    if (dtype == kFloat || dtype == kInt64 || dtype == kInt32)
      elementType = getElementType(context, dtype);
    else
      return emitError(fileLoc)
             << "graph input '" << input.name() << "' has element type '"
             << dtypeName(dtype)
             << "'; supported graph inputs are float, int64 and int32";
    FailureOr<SmallVector<int64_t>> shape =
        resolveInputShape(input, options, fileLoc);
    if (failed(shape))
      return failure();
    argTypes.push_back(RankedTensorType::get(*shape, elementType));
    argLocs.push_back(NameLoc::get(StringAttr::get(context, input.name())));
    argNames.push_back(input.name());
  }

  std::string funcName = "main";
  auto func = func::FuncOp::create(
      builder, NameLoc::get(StringAttr::get(context, graph.name()), fileLoc),
      funcName, builder.getFunctionType(argTypes, {}));
  module->push_back(func);
  Block *entry = func.addEntryBlock();
  for (auto [i, arg] : llvm::enumerate(entry->getArguments())) {
    arg.setLoc(argLocs[i]);
    func.setArgAttr(i, "qnn.name", builder.getStringAttr(argNames[i]));
    tensors[argNames[i]].value = arg;
  }
  builder.setInsertionPointToEnd(entry);
  return success();
}

//===----------------------------------------------------------------------===//
// Nodes
//===----------------------------------------------------------------------===//

LogicalResult GraphImporter::importNode(const onnx::NodeProto &node,
                                        int64_t index) {
  if (failed(checkArity(node)))
    return failure();
  bool allConstant = true;
  for (int i = 0; i < node.input_size(); ++i) {
    if (node.input(i).empty())
      continue;
    auto it = tensors.find(node.input(i));
    if (it == tensors.end()) {
      auto producer = producerIndex.find(node.input(i));
      if (producer != producerIndex.end() && producer->second > index)
        return nodeError(node)
               << "input '" << node.input(i)
               << "' is produced by a later node: the graph is not "
                  "topologically sorted";
      return nodeError(node) << "input '" << node.input(i)
                             << "' is not produced by any node, initializer "
                                "or graph input";
    }
    if (it->second.pending && node.op_type() != "DequantizeLinear" &&
        node.op_type() != "Cast")
      return nodeError(node)
             << "input '" << node.input(i)
             << "' holds the output of a QuantizeLinear; only "
                "DequantizeLinear, or a Cast to its own type, may consume it "
                "(Q-DQ pairs become qnn.fake_quant)";
    allConstant &= bool(it->second.constant);
  }
  for (const std::string &output : node.output())
    if (!output.empty() && tensors.count(output))
      return nodeError(node) << "output '" << output
                             << "' is already defined (tensor names must be "
                                "unique)";

  if (allConstant && isFoldable(node.op_type())) {
    FailureOr<bool> folded = foldNode(*this, node);
    if (failed(folded))
      return failure();
    if (*folded)
      return success();
  }
  ConvertFn convert = lookupConverter(node.op_type());
  if (!convert) {
    // Only the folder knows this op: an input is computed at run time (or
    // the folder declined these element types).
    for (int i = 0; i < node.input_size(); ++i)
      if (const TensorEntry *entry = getInputEntry(node, i);
          entry && !entry->constant)
        return nodeError(node)
               << "is only supported when every input is known at import "
                  "time (it is folded); input '"
               << node.input(i) << "' is computed at run time";
    return nodeError(node) << "cannot be evaluated on inputs of these "
                              "element types";
  }
  if (failed(convert(*this, node)))
    return failure();
  for (int i = 0; i < node.output_size(); ++i)
    if (isOutputUsed(node, i) && !tensors.count(node.output(i)))
      return nodeError(node) << "output #" << i << " ('" << node.output(i)
                             << "') is used but not supported";
  return success();
}

//===----------------------------------------------------------------------===//
// Graph outputs
//===----------------------------------------------------------------------===//

LogicalResult GraphImporter::importOutputs() {
  auto func = cast<func::FuncOp>(module->getBody()->front());
  SmallVector<Value> results;
  for (const onnx::ValueInfoProto &output : graph.output()) {
    auto it = tensors.find(output.name());
    if (it == tensors.end())
      return emitError(fileLoc) << "graph output '" << output.name()
                                << "' is not produced by any node, "
                                   "initializer or graph input";
    TensorEntry &entry = it->second;
    if (entry.pending)
      return emitError(fileLoc)
             << "graph output '" << output.name()
             << "' is the output of QuantizeLinear; only QuantizeLinear -> "
                "DequantizeLinear pairs are supported";
    Value value = entry.value;
    if (!value) {
      Type elementType = getElementType(context, entry.constant->getDType());
      value = materialize(*entry.constant, elementType, entry.constantLoc,
                          output.name());
    }
    // A declared static shape must agree with the one we computed.
    auto type = cast<RankedTensorType>(value.getType());
    if (output.type().has_tensor_type() &&
        output.type().tensor_type().has_shape()) {
      const onnx::TensorShapeProto &declared =
          output.type().tensor_type().shape();
      bool mismatch = declared.dim_size() != type.getRank();
      for (int d = 0; !mismatch && d < declared.dim_size(); ++d)
        mismatch = declared.dim(d).has_dim_value() &&
                   declared.dim(d).dim_value() > 0 &&
                   declared.dim(d).dim_value() != type.getDimSize(d);
      if (mismatch) {
        SmallVector<std::string> dims;
        for (const auto &dim : declared.dim())
          dims.push_back(dim.has_dim_value() ? std::to_string(dim.dim_value())
                                             : "?");
        return emitError(fileLoc)
               << "graph output '" << output.name() << "' is declared with "
               << "shape [" << llvm::join(dims, ", ")
               << "], the imported graph computes "
               << formatShape(type.getShape());
      }
    }
    results.push_back(value);
  }
  func::ReturnOp::create(builder, fileLoc, results);
  SmallVector<Type> resultTypes;
  for (Value v : results)
    resultTypes.push_back(v.getType());
  func.setFunctionType(
      builder.getFunctionType(func.getArgumentTypes(), resultTypes));
  for (auto [i, output] : llvm::enumerate(graph.output()))
    func.setResultAttr(i, "qnn.name", builder.getStringAttr(output.name()));
  return success();
}

//===----------------------------------------------------------------------===//
// Driver
//===----------------------------------------------------------------------===//

OwningOpRef<ModuleOp> GraphImporter::import() {
  context->loadDialect<arith::ArithDialect, func::FuncDialect,
                       quant::QuantDialect, QNNDialect>();
  if (failed(checkModel()) || failed(collectUnsupportedNodes()))
    return nullptr;

  for (auto [index, node] : llvm::enumerate(graph.node())) {
    nodeIndex[&node] = index;
    for (const std::string &input : node.input())
      if (!input.empty())
        consumed.insert(input);
    for (const std::string &output : node.output())
      if (!output.empty())
        producerIndex.try_emplace(output, index);
  }
  for (const onnx::ValueInfoProto &output : graph.output())
    consumed.insert(output.name());

  module = ModuleOp::create(fileLoc);
  if (failed(importInitializers()) || failed(importInputs()))
    return nullptr;
  for (auto [index, node] : llvm::enumerate(graph.node()))
    if (failed(importNode(node, index)))
      return nullptr;
  if (failed(importOutputs()))
    return nullptr;
  if (failed(verify(*module)))
    return nullptr;
  return std::move(module);
}

//===----------------------------------------------------------------------===//
// Converter table
//===----------------------------------------------------------------------===//

ConvertFn mlir::qnn::onnx_import::lookupConverter(StringRef opType) {
  static const llvm::StringMap<ConvertFn> converters = [] {
    llvm::StringMap<ConvertFn> m;
    m["Conv"] = convertConv;
    m["BatchNormalization"] = convertBatchNorm;
    m["MaxPool"] = convertMaxPool;
    m["AveragePool"] = convertAveragePool;
    m["GlobalAveragePool"] = convertGlobalAveragePool;
    m["GlobalMaxPool"] = convertGlobalMaxPool;
    m["Gemm"] = convertGemm;
    m["MatMul"] = convertMatMul;
    m["Softmax"] = convertSoftmax;
    m["LayerNormalization"] = convertLayerNorm;
    m["LSTM"] = convertLSTM;
    for (StringRef op : {"Add", "Sub", "Mul", "Div", "Pow"})
      m[op] = convertBinary;
    for (StringRef op :
         {"Relu", "Sqrt", "Exp", "Tanh", "Sigmoid", "Neg", "Reciprocal"})
      m[op] = convertUnary;
    m["Clip"] = convertClip;
    m["Where"] = convertWhere;
    m["Identity"] = convertIdentity;
    m["Dropout"] = convertIdentity;
    m["Cast"] = convertCast;
    m["Shape"] = convertShape;
    m["Size"] = convertSize;
    m["Reshape"] = convertReshape;
    m["Flatten"] = convertFlatten;
    m["Transpose"] = convertTranspose;
    m["Squeeze"] = convertSqueeze;
    m["Unsqueeze"] = convertUnsqueeze;
    m["Slice"] = convertSlice;
    m["Split"] = convertSplit;
    m["Concat"] = convertConcat;
    m["Pad"] = convertPad;
    m["Gather"] = convertGather;
    m["Expand"] = convertExpand;
    m["ReduceMean"] = convertReduceMean;
    m["QuantizeLinear"] = convertQuantizeLinear;
    m["DequantizeLinear"] = convertDequantizeLinear;
    return m;
  }();
  auto it = converters.find(opType);
  return it == converters.end() ? nullptr : it->second;
}
