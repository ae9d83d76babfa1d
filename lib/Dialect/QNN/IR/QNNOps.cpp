//===- QNNOps.cpp - qnn op definitions ------------------------------------===//
//
// Only the generated op classes live here; verifiers, folders and type
// inference are in one file per op family (QNN*Ops.cpp).
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/IR/QNNOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace mlir::qnn;

#define GET_OP_CLASSES
#include "qnn/Dialect/QNN/IR/QNNOps.cpp.inc"
