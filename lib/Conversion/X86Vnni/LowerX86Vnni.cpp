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
/// The contract of a per-lane dot product of `depth` elements of
/// `bits`-bit integers, the lhs zero- (`unsignedLhs`) or sign-extended and
/// the rhs sign-extended, as the intrinsic `name` (see the file comment):
/// vpdpbusd (4 x u8 x s8) and vpdpwssd (2 x s16 x s16).
struct ContractToDotIntrinsic : OpRewritePattern<vector::ContractionOp> {
  ContractToDotIntrinsic(MLIRContext *context, StringRef name, int64_t depth,
                         unsigned bits, bool unsignedLhs)
      : OpRewritePattern(context), name(name), depth(depth), bits(bits),
        unsignedLhs(unsignedLhs) {}

  LogicalResult matchAndRewrite(vector::ContractionOp op,
                                PatternRewriter &rewriter) const override {
    FailureOr<int64_t> lanes = matchPerLaneDot(op, rewriter);
    if (failed(lanes))
      return failure();
    Value lhs = unsignedLhs ? getExtended<arith::ExtUIOp>(op.getLhs())
                            : getExtended<arith::ExtSIOp>(op.getLhs());
    Value rhs = getExtended<arith::ExtSIOp>(op.getRhs());
    auto type = VectorType::get({*lanes, depth}, rewriter.getIntegerType(bits));
    if (!lhs || !rhs || lhs.getType() != type || rhs.getType() != type)
      return rewriter.notifyMatchFailure(op, [&](Diagnostic &diag) {
        diag << "operands not " << (unsignedLhs ? "extui" : "extsi")
             << " x extsi of " << type;
      });
    replaceByIntrinsic(op, lhs, rhs, name, *lanes, rewriter);
    return success();
  }

  /// The operand of the `ExtOp` defining `v`, or null.
  template <typename ExtOp> static Value getExtended(Value v) {
    auto ext = v.getDefiningOp<ExtOp>();
    return ext ? ext.getIn() : Value();
  }

  StringRef name;
  int64_t depth;
  unsigned bits;
  bool unsignedLhs;
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
  MLIRContext *context = patterns.getContext();
  patterns.add<ContractToDotIntrinsic>(context, "llvm.x86.avx512.vpdpbusd",
                                       /*depth=*/4, /*bits=*/8,
                                       /*unsignedLhs=*/true);
  patterns.add<ContractToDotIntrinsic>(context, "llvm.x86.avx512.vpdpwssd",
                                       /*depth=*/2, /*bits=*/16,
                                       /*unsignedLhs=*/false);
}
