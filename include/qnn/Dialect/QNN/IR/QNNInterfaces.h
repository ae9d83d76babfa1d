//===- QNNInterfaces.h - qnn op interfaces ----------------------*- C++ -*-===//
//
// FusedActivationOpInterface, ActivationOpInterface and WeightedOpInterface
// (QNNInterfaces.td).
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_QNN_IR_QNNINTERFACES_H
#define QNN_DIALECT_QNN_IR_QNNINTERFACES_H

#include "mlir/IR/OpDefinition.h"
#include "qnn/Dialect/QNN/IR/QNNAttrs.h"

#include <optional>
#include <utility>

#include "qnn/Dialect/QNN/IR/QNNInterfaces.h.inc"

#endif // QNN_DIALECT_QNN_IR_QNNINTERFACES_H
