//===- QNNOps.h - qnn ops ---------------------------------------*- C++ -*-===//

#ifndef QNN_DIALECT_QNN_IR_QNNOPS_H
#define QNN_DIALECT_QNN_IR_QNNOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "qnn/Dialect/QNN/IR/QNNAttrs.h"
#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Dialect/QNN/IR/QNNInterfaces.h"
#include "qnn/Dialect/QNN/IR/QNNTraits.h"

#define GET_OP_CLASSES
#include "qnn/Dialect/QNN/IR/QNNOps.h.inc"

#endif // QNN_DIALECT_QNN_IR_QNNOPS_H
