//===- ConstantFolder.cpp - evaluate nodes whose inputs are all constant --===//
//
// Exporters (torch.onnx in particular) compute shapes at run time:
// Shape -> Gather -> Unsqueeze -> Concat -> Reshape, Range, Expand, Where,
// ConstantOfShape ... With static input shapes every one of these has
// constant inputs once Shape of a static tensor is a constant, so the
// importer evaluates them on the host and Reshape targets become static.
//
// This file is the driver and the Constant node; the folders are in
// FoldShapeOps.cpp and FoldArithmetic.cpp.
//
//===----------------------------------------------------------------------===//

#include "ConstantFolder.h"

using namespace mlir;
using namespace mlir::qnn::onnx_import;

static FailureOr<bool> foldConstant(GraphImporter &g,
                                    const onnx::NodeProto &node,
                                    const FoldInputs &) {
  auto value = g.getTensorAttr(node, "value");
  if (failed(value))
    return failure();
  if (*value) {
    g.setOutput(node, 0, std::move(**value));
    return true;
  }
  if (const onnx::AttributeProto *a = g.findAttr(node, "value_float")) {
    ConstTensor t(kFloat, {});
    t.set(0, a->f());
    g.setOutput(node, 0, std::move(t));
    return true;
  }
  if (const onnx::AttributeProto *a = g.findAttr(node, "value_int")) {
    ConstTensor t(kInt64, {});
    t.setInt(0, a->i());
    g.setOutput(node, 0, std::move(t));
    return true;
  }
  if (const onnx::AttributeProto *a = g.findAttr(node, "value_floats")) {
    ConstTensor t(kFloat, {a->floats_size()});
    for (int i = 0; i < a->floats_size(); ++i)
      t.set(i, a->floats(i));
    g.setOutput(node, 0, std::move(t));
    return true;
  }
  if (const onnx::AttributeProto *a = g.findAttr(node, "value_ints")) {
    ConstTensor t(kInt64, {a->ints_size()});
    for (int i = 0; i < a->ints_size(); ++i)
      t.setInt(i, a->ints(i));
    g.setOutput(node, 0, std::move(t));
    return true;
  }
  return g.nodeError(node) << "only 'value', 'value_float(s)' and "
                              "'value_int(s)' constants are supported";
}

static const FolderMap &getFolders() {
  static const FolderMap folders = [] {
    FolderMap m;
    m["Constant"] = foldConstant;
    addShapeOpFolders(m);
    addArithmeticFolders(m);
    return m;
  }();
  return folders;
}

bool mlir::qnn::onnx_import::isFoldable(StringRef opType) {
  return getFolders().count(opType);
}

FailureOr<bool> mlir::qnn::onnx_import::foldNode(GraphImporter &importer,
                                                 const onnx::NodeProto &node) {
  auto it = getFolders().find(node.op_type());
  if (it == getFolders().end())
    return false;
  FoldInputs inputs;
  for (int i = 0; i < node.input_size(); ++i)
    inputs.push_back(importer.getConstInput(node, i));
  // Required inputs were checked against the schema; optional ones may be
  // null and every folder checks what it reads.
  if (!inputs.empty() && !inputs[0] && node.op_type() != "Constant")
    return false;
  return it->second(importer, node, inputs);
}
