//===- HostTensor.cpp - a tensor in host memory ---------------------------===//

#include "qnn/Interpreter/HostTensor.h"

using namespace mlir;
using namespace mlir::qnn;

HostTensor::HostTensor(RankedTensorType type) : type(type) {
  size_t count = static_cast<size_t>(type.getNumElements());
  if (isFloat())
    floats.assign(count, 0.0f);
  else
    ints.assign(count, 0);
}

HostTensor HostTensor::withType(RankedTensorType newType) const {
  HostTensor result;
  result.type = newType;
  result.floats = floats;
  result.ints = ints;
  return result;
}
