//===- LowerX86Vnni.cpp - qnn-lower-x86-vnni ------------------------------===//
//
// The 4-way u8 x s8 dot products of the INT8 kernels as x86 VNNI's
// vpdpbusd:
//
//   contract(extui(x : vector<W x 4 x i8>), extsi(w : vector<W x 4 x i8>),
//            acc : vector<W x i32>)        r[n] = acc[n] + sum_k x[n,k] w[n,k]
//   -> llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.<32 W>"(acc, x, w)
//
// with x and w reshaped to vector<4W x i8>. vpdpbusd multiplies each
// unsigned byte of its second operand by the signed byte of its third in the
// same position (exact 16-bit products) and adds the four of each 32-bit
// lane to the accumulator's lane without saturation: the contract's value,
// modulo 2^32. The 2-way i16 x i16 products of the INT8 depthwise kernel
// likewise become vpdpwssd:
//
//   contract(extsi(x : vector<W x 2 x i16>), extsi(w : vector<W x 2 x i16>),
//            acc : vector<W x i32>)
//   -> llvm.call_intrinsic "llvm.x86.avx512.vpdpwssd.<32 W>"(acc, x, w)
//
// (each i16 x i16 product is exact in 32 bits; the two and the accumulator
// are added modulo 2^32).
//
//===----------------------------------------------------------------------===//

#include "qnn/Conversion/Passes.h"
#include "qnn/Conversion/X86Vnni/X86Vnni.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/AffineMap.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNLOWERX86VNNI
#include "qnn/Conversion/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

/// The number of i32 lanes (8 or 16) of `op` when it is an additive
/// per-lane dot product, r[n] = acc[n] + sum_k lhs[n, k] * rhs[n, k].
static FailureOr<int64_t> matchPerLaneDot(vector::ContractionOp op,
                                          PatternRewriter &rewriter) {
  if (op.getKind() != vector::CombiningKind::ADD)
    return rewriter.notifyMatchFailure(op, "not an additive contraction");
  auto accType = dyn_cast<VectorType>(op.getAccType());
  if (!accType || accType.getRank() != 1 ||
      !accType.getElementType().isInteger(32))
    return rewriter.notifyMatchFailure(op, "accumulator not vector<W x i32>");
  int64_t lanes = accType.getDimSize(0);
  if (lanes != 16 && lanes != 8)
    return rewriter.notifyMatchFailure(op, "not 8 or 16 lanes");
  MLIRContext *ctx = op.getContext();
  AffineExpr n, k;
  bindDims(ctx, n, k);
  AffineMap operandMap = AffineMap::get(2, 0, {n, k}, ctx);
  AffineMap accMap = AffineMap::get(2, 0, {n}, ctx);
  if (op.getIndexingMapsArray() !=
      SmallVector<AffineMap>{operandMap, operandMap, accMap})
    return rewriter.notifyMatchFailure(op, "not a per-lane dot product");
  return lanes;
}

/// Replaces `op` by the call of `intrinsic` (".512" for 16 lanes, ".256"
/// for 8) on the accumulator and the two operands flattened to
/// vector<lanes * depth x element>.
static void replaceByIntrinsic(vector::ContractionOp op, Value lhs, Value rhs,
                               StringRef intrinsic, int64_t lanes,
                               PatternRewriter &rewriter) {
  Location loc = op.getLoc();
  auto type = cast<VectorType>(lhs.getType());
  auto flatType =
      VectorType::get({type.getNumElements()}, type.getElementType());
  Value x = vector::ShapeCastOp::create(rewriter, loc, flatType, lhs);
  Value w = vector::ShapeCastOp::create(rewriter, loc, flatType, rhs);
  std::string name = (intrinsic + (lanes == 16 ? ".512" : ".256")).str();
  auto call = LLVM::CallIntrinsicOp::create(rewriter, loc, op.getAccType(),
                                            rewriter.getStringAttr(name),
                                            ValueRange{op.getAcc(), x, w});
  rewriter.replaceOp(op, call.getResults());
}

namespace {
/// The contract of a 4-way u8 x s8 dot product per lane (see the file
/// comment).
struct ContractToVpdpbusd : OpRewritePattern<vector::ContractionOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(vector::ContractionOp op,
                                PatternRewriter &rewriter) const override {
    FailureOr<int64_t> lanes = matchPerLaneDot(op, rewriter);
    if (failed(lanes))
      return failure();
    auto lhs = op.getLhs().getDefiningOp<arith::ExtUIOp>();
    auto rhs = op.getRhs().getDefiningOp<arith::ExtSIOp>();
    if (!lhs || !rhs)
      return rewriter.notifyMatchFailure(op, "operands not extui x extsi");
    auto byteType = VectorType::get({*lanes, 4}, rewriter.getI8Type());
    if (lhs.getIn().getType() != byteType || rhs.getIn().getType() != byteType)
      return rewriter.notifyMatchFailure(op, "operands not vector<W x 4 x i8>");
    replaceByIntrinsic(op, lhs.getIn(), rhs.getIn(), "llvm.x86.avx512.vpdpbusd",
                       *lanes, rewriter);
    return success();
  }
};

/// The contract of a 2-way i16 x i16 dot product per lane.
struct ContractToVpdpwssd : OpRewritePattern<vector::ContractionOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(vector::ContractionOp op,
                                PatternRewriter &rewriter) const override {
    FailureOr<int64_t> lanes = matchPerLaneDot(op, rewriter);
    if (failed(lanes))
      return failure();
    auto lhs = op.getLhs().getDefiningOp<arith::ExtSIOp>();
    auto rhs = op.getRhs().getDefiningOp<arith::ExtSIOp>();
    if (!lhs || !rhs)
      return rewriter.notifyMatchFailure(op, "operands not extsi x extsi");
    auto wordType = VectorType::get({*lanes, 2}, rewriter.getI16Type());
    if (lhs.getIn().getType() != wordType || rhs.getIn().getType() != wordType)
      return rewriter.notifyMatchFailure(op,
                                         "operands not vector<W x 2 x i16>");
    replaceByIntrinsic(op, lhs.getIn(), rhs.getIn(), "llvm.x86.avx512.vpdpwssd",
                       *lanes, rewriter);
    return success();
  }
};

struct QNNLowerX86VnniPass
    : qnn::impl::QNNLowerX86VnniBase<QNNLowerX86VnniPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateX86VnniPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};
} // namespace

void mlir::qnn::populateX86VnniPatterns(RewritePatternSet &patterns) {
  patterns.add<ContractToVpdpbusd, ContractToVpdpwssd>(patterns.getContext());
}
