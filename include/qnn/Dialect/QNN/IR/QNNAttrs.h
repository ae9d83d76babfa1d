//===- QNNAttrs.h - qnn attributes ------------------------------*- C++ -*-===//

#ifndef QNN_DIALECT_QNN_IR_QNNATTRS_H
#define QNN_DIALECT_QNN_IR_QNNATTRS_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectImplementation.h"

#include "qnn/Dialect/QNN/IR/QNNOpsEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "qnn/Dialect/QNN/IR/QNNOpsAttrs.h.inc"

#endif // QNN_DIALECT_QNN_IR_QNNATTRS_H
