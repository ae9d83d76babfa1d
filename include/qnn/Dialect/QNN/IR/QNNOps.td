//===- QNNOps.td - qnn dialect ops -------------------------*- tablegen -*-===//
//
// The op families live in their own files; this file is the one TableGen
// entry point for ops, attributes and enums.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_OPS_TD
#define QNN_OPS_TD

include "qnn/Dialect/QNN/IR/QNNBase.td"
include "qnn/Dialect/QNN/IR/QNNAttrs.td"
include "qnn/Dialect/QNN/IR/QNNInterfaces.td"
include "qnn/Dialect/QNN/IR/QNNQuantOps.td"
include "qnn/Dialect/QNN/IR/QNNNNOps.td"
include "qnn/Dialect/QNN/IR/QNNElementwiseOps.td"
include "qnn/Dialect/QNN/IR/QNNShapeOps.td"

#endif // QNN_OPS_TD
