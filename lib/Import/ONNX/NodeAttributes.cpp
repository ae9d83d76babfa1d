//===- NodeAttributes.cpp - typed access to ONNX node attributes ----------===//
//
// GraphImporter's attribute accessors: each checks the attribute's type and
// reports a mismatch naming the node, never assuming the proto is
// well-formed.
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::onnx_import;


const onnx::AttributeProto *GraphImporter::findAttr(const onnx::NodeProto &node,
                                                    StringRef name) const {
  for (const onnx::AttributeProto &attr : node.attribute())
    if (attr.name() == name)
      return &attr;
  return nullptr;
}

/// Whether `attr` holds a value of `type` (exporters that omit the type
/// field are matched by the field that is set).
static bool hasAttrType(const onnx::AttributeProto &attr,
                        onnx::AttributeProto::AttributeType type) {
  if (attr.type() != onnx::AttributeProto::UNDEFINED)
    return attr.type() == type;
  switch (type) {
  case onnx::AttributeProto::INT:
    return attr.has_i();
  case onnx::AttributeProto::FLOAT:
    return attr.has_f();
  case onnx::AttributeProto::STRING:
    return attr.has_s();
  case onnx::AttributeProto::TENSOR:
    return attr.has_t();
  case onnx::AttributeProto::INTS:
    return attr.ints_size() > 0;
  case onnx::AttributeProto::FLOATS:
    return attr.floats_size() > 0;
  case onnx::AttributeProto::STRINGS:
    return attr.strings_size() > 0;
  default:
    return false;
  }
}

FailureOr<int64_t> GraphImporter::getIntAttr(const onnx::NodeProto &node,
                                             StringRef name,
                                             int64_t defaultValue) {
  const onnx::AttributeProto *attr = findAttr(node, name);
  if (!attr)
    return defaultValue;
  if (!hasAttrType(*attr, onnx::AttributeProto::INT))
    return nodeError(node) << "attribute '" << name << "' must be an int";
  return attr->i();
}

FailureOr<float> GraphImporter::getFloatAttr(const onnx::NodeProto &node,
                                             StringRef name,
                                             float defaultValue) {
  const onnx::AttributeProto *attr = findAttr(node, name);
  if (!attr)
    return defaultValue;
  if (!hasAttrType(*attr, onnx::AttributeProto::FLOAT))
    return nodeError(node) << "attribute '" << name << "' must be a float";
  return attr->f();
}

FailureOr<std::string> GraphImporter::getStringAttr(const onnx::NodeProto &node,
                                                    StringRef name,
                                                    StringRef defaultValue) {
  const onnx::AttributeProto *attr = findAttr(node, name);
  if (!attr)
    return defaultValue.str();
  if (!hasAttrType(*attr, onnx::AttributeProto::STRING))
    return nodeError(node) << "attribute '" << name << "' must be a string";
  return attr->s();
}

FailureOr<std::optional<SmallVector<int64_t>>>
GraphImporter::getIntsAttr(const onnx::NodeProto &node, StringRef name) {
  const onnx::AttributeProto *attr = findAttr(node, name);
  if (!attr)
    return std::optional<SmallVector<int64_t>>();
  if (!hasAttrType(*attr, onnx::AttributeProto::INTS))
    return nodeError(node) << "attribute '" << name
                           << "' must be a list of ints";
  return std::optional<SmallVector<int64_t>>(
      SmallVector<int64_t>(attr->ints().begin(), attr->ints().end()));
}

FailureOr<std::optional<SmallVector<float>>>
GraphImporter::getFloatsAttr(const onnx::NodeProto &node, StringRef name) {
  const onnx::AttributeProto *attr = findAttr(node, name);
  if (!attr)
    return std::optional<SmallVector<float>>();
  if (!hasAttrType(*attr, onnx::AttributeProto::FLOATS))
    return nodeError(node) << "attribute '" << name
                           << "' must be a list of floats";
  return std::optional<SmallVector<float>>(
      SmallVector<float>(attr->floats().begin(), attr->floats().end()));
}

FailureOr<std::optional<SmallVector<std::string>>>
GraphImporter::getStringsAttr(const onnx::NodeProto &node, StringRef name) {
  const onnx::AttributeProto *attr = findAttr(node, name);
  if (!attr)
    return std::optional<SmallVector<std::string>>();
  if (!hasAttrType(*attr, onnx::AttributeProto::STRINGS))
    return nodeError(node) << "attribute '" << name
                           << "' must be a list of strings";
  return std::optional<SmallVector<std::string>>(
      SmallVector<std::string>(attr->strings().begin(), attr->strings().end()));
}

FailureOr<std::optional<ConstTensor>>
GraphImporter::getTensorAttr(const onnx::NodeProto &node, StringRef name) {
  const onnx::AttributeProto *attr = findAttr(node, name);
  if (!attr)
    return std::optional<ConstTensor>();
  if (!hasAttrType(*attr, onnx::AttributeProto::TENSOR))
    return nodeError(node) << "attribute '" << name << "' must be a tensor";
  std::string error;
  FailureOr<ConstTensor> t = ConstTensor::fromProto(attr->t(), baseDir, error);
  if (failed(t))
    return nodeError(node) << "tensor attribute '" << name << "' " << error;
  return std::optional<ConstTensor>(std::move(*t));
}

LogicalResult GraphImporter::rejectIntAttr(const onnx::NodeProto &node,
                                           StringRef name, int64_t expected) {
  FailureOr<int64_t> value = getIntAttr(node, name, expected);
  if (failed(value))
    return failure();
  if (*value != expected)
    return nodeError(node) << "attribute " << name << " = " << *value
                           << " is not supported (only " << expected << ")";
  return success();
}
