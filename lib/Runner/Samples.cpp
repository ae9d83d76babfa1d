//===- Samples.cpp - samples stacked on a leading axis --------------------===//

#include "qnn/Runner/Samples.h"
#include "qnn/Interpreter/Interpreter.h"

using namespace mlir;
using namespace mlir::qnn;

HostTensor mlir::qnn::takeSample(const HostTensor &stacked, int64_t index,
                                 RankedTensorType type) {
  HostTensor sample(type);
  int64_t size = sample.getNumElements();
  sample.copyElements(stacked, index * size, 0, size);
  return sample;
}

HostTensor mlir::qnn::stackSamples(ArrayRef<HostTensor> tensors) {
  RankedTensorType type = tensors.front().getType();
  SmallVector<int64_t> shape = {static_cast<int64_t>(tensors.size())};
  llvm::append_range(shape, type.getShape());
  HostTensor result(type.clone(shape));
  int64_t size = type.getNumElements();
  for (auto [i, tensor] : llvm::enumerate(tensors))
    result.copyElements(tensor, 0, i * size, size);
  return result;
}

llvm::Expected<SmallVector<SmallVector<HostTensor>>>
mlir::qnn::splitSamples(func::FuncOp func, ArrayRef<HostTensor> inputs) {
  int64_t numSamples = 1;
  for (auto [i, input] : llvm::enumerate(inputs)) {
    auto type = cast<RankedTensorType>(func.getArgument(i).getType());
    ArrayRef<int64_t> shape = input.getShape();
    std::string name = getArgumentName(func, i);
    if (shape.empty() || shape.drop_front() != type.getShape()) {
      std::string expected = "[N";
      for (int64_t d : type.getShape())
        expected += ", " + std::to_string(d);
      return llvm::createStringError("input '" + name +
                                     "' must hold samples of shape " +
                                     expected + "] with --samples");
    }
    if (shape[0] == 0)
      return llvm::createStringError("input '" + name + "' holds no samples");
    if (i == 0)
      numSamples = shape[0];
    else if (shape[0] != numSamples)
      return llvm::createStringError(
          "input '" + name + "' holds " + llvm::Twine(shape[0]) +
          " samples, input '" + getArgumentName(func, 0) + "' holds " +
          llvm::Twine(numSamples));
  }
  SmallVector<SmallVector<HostTensor>> samples;
  for (int64_t s = 0; s < numSamples; ++s) {
    SmallVector<HostTensor> sample;
    for (auto [i, input] : llvm::enumerate(inputs)) {
      auto argType = cast<RankedTensorType>(func.getArgument(i).getType());
      sample.push_back(takeSample(
          input, s,
          RankedTensorType::get(argType.getShape(), input.getElementType())));
    }
    samples.push_back(std::move(sample));
  }
  return samples;
}
