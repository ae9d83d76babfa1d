//===- PrintSummary.cpp - how much of the model is quantized --------------===//

#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/QNNTypeUtils.h"
#include "qnn/Dialect/QNN/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNPRINTSUMMARY
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

/// Multiply-accumulates of the ops that have them (the weighted ones).
static int64_t countMACs(Operation *op) {
  if (auto weighted = dyn_cast<WeightedOpInterface>(op))
    return weighted.getMultiplyAccumulateCount();
  return 0;
}

/// An op computes in INT8 when its first operand is quantized or is the
/// integer storage of a dynamic quantization.
static bool computesInInt8(Operation *op) {
  if (op->getNumOperands() == 0)
    return false;
  Type input = getElementTypeOrSelf(op->getOperand(0).getType());
  return isa<quant::QuantizedType, IntegerType>(input);
}

namespace {
struct PrintSummaryPass : qnn::impl::QNNPrintSummaryBase<PrintSummaryPass> {
  void runOnOperation() override {
    llvm::MapVector<StringRef, std::pair<int64_t, int64_t>> ops;
    int64_t int8MACs = 0, floatMACs = 0;
    double storedBytes = 0, floatBytes = 0;
    getOperation()->walk([&](Operation *op) {
      if (auto constant = dyn_cast<arith::ConstantOp>(op)) {
        auto type = dyn_cast<RankedTensorType>(constant.getType());
        if (!type || !type.getElementType().isIntOrFloat())
          return;
        storedBytes +=
            type.getNumElements() * type.getElementTypeBitWidth() / 8.0;
        floatBytes += type.getNumElements() * 4.0;
        return;
      }
      if (!isa<QNNDialect>(op->getDialect()) ||
          op->hasTrait<qnn::OpTrait::QuantizationOp>())
        return;
      bool int8 = computesInInt8(op);
      auto &[int8Ops, floatOps] = ops[op->getName().getStringRef()];
      ++(int8 ? int8Ops : floatOps);
      (int8 ? int8MACs : floatMACs) += countMACs(op);
    });

    llvm::raw_ostream &os = llvm::errs();
    os << "qnn summary\n";
    os << llvm::format("  %-24s %6s %6s\n", "op", "int8", "float");
    for (auto &[name, counts] : ops)
      os << llvm::format("  %-24s %6lld %6lld\n", name.str().c_str(),
                         (long long)counts.first, (long long)counts.second);
    int64_t totalMACs = int8MACs + floatMACs;
    os << llvm::format("  MACs: %lld int8, %lld float (%.1f %% int8)\n",
                       (long long)int8MACs, (long long)floatMACs,
                       totalMACs ? 100.0 * int8MACs / totalMACs : 0.0);
    os << llvm::format(
        "  weight bytes: %.0f stored, %.0f as f32 (%.1f %%)\n", storedBytes,
        floatBytes, floatBytes > 0 ? 100.0 * storedBytes / floatBytes : 0.0);
    markAllAnalysesPreserved();
  }
};
} // namespace
