//===- EpilogueFusion.cpp - bias and epilogue in the contraction kernels -===//
//
// An INT8 convolution or matmul of the QNN lowering is three ops on
// buffers:
//
//   init:      y[n, oh, ow, g, f] = bias[g, f]             (a broadcast)
//   contract:  y[...] += ext(x) * (ext(w) - zw)           (the kernel)
//   epilogue:  out[i] = requantize(view(y)[i], ...)       (elementwise)
//
// where view(y) reshapes y (a collapse of (g, f)). The i32 y is written
// three times and read twice per element. Folded into the kernel, each
// tile starts its accumulators from the bias vectors and applies the
// epilogue's body to its accumulators in registers, lane by lane, storing
// only `out`: y is never written. The body's ops are the generic's, cloned
// on vectors in the same order, so each lane computes what the loop
// computed for its element.
//
// The f32 NHWC convolution takes the same fusion (a float activation as
// its epilogue). Taken only when nothing else reads or writes y (a fresh
// buffer; otherwise only an init right before the contraction, whose
// values nothing else reads, is taken), the
// epilogue is the only reader of y's view and comes after the contraction
// in the same block, its other operands are read through maps the kernel
// can index (a vector along the innermost loop, or a broadcast scalar),
// and nothing between the contraction and the epilogue touches `out`.
//
//===----------------------------------------------------------------------===//

#include "LinalgToKernels.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"

using namespace mlir;
using namespace mlir::qnn;

/// Whether `a` comes before `b` in their (common) block.
static bool isBefore(Operation *a, Operation *b) {
  return a->getBlock() == b->getBlock() && a->isBeforeInBlock(b);
}

/// Whether `v` is available at `op`: a block argument of an enclosing
/// block, or defined before it in its block.
static bool dominates(Value v, Operation *op) {
  if (auto arg = dyn_cast<BlockArgument>(v))
    return arg.getOwner()->findAncestorOpInBlock(*op) != nullptr;
  Operation *def = v.getDefiningOp();
  return def->getBlock() == op->getBlock() && def->isBeforeInBlock(op);
}

/// Makes `v` available at `op` by moving its operand-free definition (an
/// alloc, a get_global, a constant) before it. False when it cannot.
static bool hoistBefore(Value v, Operation *op) {
  if (dominates(v, op))
    return true;
  Operation *def = v.getDefiningOp();
  if (!def || def->getNumOperands() != 0 || def->getNumRegions() != 0 ||
      def->getBlock() != op->getBlock())
    return false;
  def->moveBefore(op);
  return true;
}

/// Calls `fn(view, user)` for each user of `buffer` and of the reshapes
/// (collapse_shape, expand_shape) of it, transitively, the reshapes
/// themselves excepted; `view` is the value the user reads.
static void
forEachUserThroughReshapes(Value buffer,
                           llvm::function_ref<void(Value, Operation *)> fn) {
  SmallVector<Value> views{buffer};
  for (unsigned i = 0; i < views.size(); ++i) {
    for (Operation *user : views[i].getUsers()) {
      if (isa<memref::CollapseShapeOp, memref::ExpandShapeOp>(user))
        views.push_back(user->getResult(0));
      else
        fn(views[i], user);
    }
  }
}

/// Whether the map's results are loop dimensions (or constant 0) and a
/// vector along loop `laneDim` reads contiguous elements of `buffer`: the
/// result that is `laneDim`, if any, is followed only by dimensions of one
/// element (or one broadcast scalar when it is absent).
static bool isKernelIndexable(AffineMap map, unsigned laneDim, Value buffer) {
  ArrayRef<int64_t> shape = cast<MemRefType>(buffer.getType()).getShape();
  for (auto [i, expr] : llvm::enumerate(map.getResults())) {
    if (auto c = dyn_cast<AffineConstantExpr>(expr)) {
      if (c.getValue() != 0)
        return false;
      continue;
    }
    auto dim = dyn_cast<AffineDimExpr>(expr);
    if (!dim)
      return false;
    if (dim.getPosition() == laneDim &&
        llvm::any_of(shape.drop_front(i + 1),
                     [](int64_t size) { return size != 1; }))
      return false;
  }
  return true;
}

/// Whether the body of `op` is elementwise ops on scalars, and reads no
/// output element.
static bool hasVectorizableBody(linalg::GenericOp op) {
  for (BlockArgument arg : op.getRegionOutputArgs())
    if (!arg.use_empty())
      return false;
  for (Operation &inner : op.getBlock()->without_terminator()) {
    if (!inner.hasTrait<OpTrait::Elementwise>() || inner.getNumRegions() ||
        inner.getNumResults() != 1)
      return false;
    for (Value operand : inner.getOperands())
      if (!operand.getType().isIntOrIndexOrFloat())
        return false;
  }
  return true;
}

/// A buffer with a static shape, the identity layout, from an alloc.
static bool isFreshBuffer(Value v) {
  auto type = dyn_cast<MemRefType>(v.getType());
  return type && type.hasStaticShape() && type.getLayout().isIdentity() &&
         v.getDefiningOp<memref::AllocOp>();
}

/// The init op writing `y` before `op`: a copy of one input into y's
/// every element through a map using none of `rowDims`.
static linalg::GenericOp findInit(Operation *user, linalg::LinalgOp op,
                                  Value y, ArrayRef<unsigned> rowDims,
                                  unsigned laneDim) {
  auto init = dyn_cast<linalg::GenericOp>(user);
  if (!init || !init.hasPureBufferSemantics() || !isBefore(init, op) ||
      init.getNumDpsInputs() != 1 || init.getNumDpsInits() != 1 ||
      init.getDpsInits()[0] != y ||
      init.getNumParallelLoops() != init.getNumLoops())
    return {};
  auto yield = cast<linalg::YieldOp>(init.getBlock()->getTerminator());
  if (yield.getOperand(0) != init.getBlock()->getArgument(0))
    return {};
  SmallVector<AffineMap> maps = init.getIndexingMapsArray();
  if (!maps[1].isIdentity() ||
      !isKernelIndexable(maps[0], laneDim, init.getDpsInputs()[0]))
    return {};
  for (unsigned dim : rowDims)
    if (maps[0].isFunctionOfDim(dim))
      return {};
  if (!hoistBefore(init.getDpsInputs()[0], op))
    return {};
  return init;
}

ContractionFusion mlir::qnn::findContractionFusion(linalg::LinalgOp op,
                                                   Value y,
                                                   ArrayRef<unsigned> rowDims,
                                                   std::optional<unsigned>
                                                       laneDim) {
  ContractionFusion fusion;
  fusion.laneDim =
      laneDim ? *laneDim : cast<MemRefType>(y.getType()).getRank() - 1;
  if (!isFreshBuffer(y)) {
    // y may be read elsewhere (a function's result): only an init right
    // before op, whose values nothing but op reads.
    if (Operation *previous = op->getPrevNode())
      fusion.init = findInit(previous, op, y, rowDims, fusion.laneDim);
    return fusion;
  }
  // y's users: op, at most one init, views leading to one epilogue.
  bool other = false;
  forEachUserThroughReshapes(y, [&](Value view, Operation *user) {
    if (user == op.getOperation())
      return;
    if (view == y && !fusion.init) {
      fusion.init = findInit(user, op, y, rowDims, fusion.laneDim);
      if (fusion.init)
        return;
    }
    auto epilogue = dyn_cast<linalg::GenericOp>(user);
    other |= fusion.epilogue || !epilogue;
    fusion.epilogue = epilogue;
    fusion.view = view;
  });
  if (other)
    return {};
  linalg::GenericOp epilogue = fusion.epilogue;
  if (!epilogue)
    return fusion;
  // The epilogue: elementwise, after op, reading the view through the
  // identity, writing one buffer through the identity.
  auto drop = [&] {
    fusion.epilogue = {};
    return fusion;
  };
  if (!epilogue.hasPureBufferSemantics() || !isBefore(op, epilogue) ||
      epilogue.getNumDpsInits() != 1 ||
      epilogue.getNumParallelLoops() != epilogue.getNumLoops() ||
      !hasVectorizableBody(epilogue))
    return drop();
  SmallVector<AffineMap> maps = epilogue.getIndexingMapsArray();
  std::optional<unsigned> viewInput;
  for (auto [i, input] : llvm::enumerate(epilogue.getDpsInputs())) {
    if (input == fusion.view && maps[i].isIdentity() && !viewInput) {
      viewInput = i;
      continue;
    }
    if (input == fusion.view ||
        !isKernelIndexable(maps[i], maps[i].getNumDims() - 1, input))
      return drop();
  }
  Value out = epilogue.getDpsInits()[0];
  if (!viewInput || !maps.back().isIdentity() ||
      !cast<MemRefType>(out.getType()).getLayout().isIdentity())
    return drop();
  fusion.viewInput = *viewInput;
  // A vector of columns stays in one row of the view's innermost dimension.
  auto yType = cast<MemRefType>(y.getType());
  auto viewType = cast<MemRefType>(fusion.view.getType());
  if (viewType.getShape().back() % yType.getShape().back() != 0)
    return drop();
  // Nothing between op and the epilogue touches out or the epilogue's
  // other inputs: the kernel runs the epilogue where op is, so an input
  // written in between (a residual add's other conv) would be read before
  // it is written.
  auto touchedBetween = [&](Value buffer) {
    bool touched = false;
    forEachUserThroughReshapes(buffer, [&](Value, Operation *user) {
      touched |= user != epilogue.getOperation() && isBefore(op, user) &&
                 isBefore(user, epilogue);
    });
    return touched;
  };
  if (touchedBetween(out))
    return drop();
  for (Value input : epilogue.getDpsInputs())
    if (input != fusion.view && isa<MemRefType>(input.getType()) &&
        touchedBetween(input))
      return drop();
  for (Value input : epilogue.getDpsInputs())
    if (input != fusion.view && !hoistBefore(input, op))
      return drop();
  if (!hoistBefore(out, op))
    return drop();
  for (Operation &inner : epilogue.getBlock()->without_terminator())
    for (Value operand : inner.getOperands())
      if (operand.getParentBlock() != epilogue.getBlock() &&
          !hoistBefore(operand, op))
        return drop();
  return fusion;
}

/// `indices` mapped through `map` (dimensions and zeros only).
static SmallVector<Value> applyIndexMap(OpBuilder &b, Location loc,
                                        AffineMap map, ValueRange indices) {
  SmallVector<Value> result;
  for (AffineExpr expr : map.getResults()) {
    if (auto dim = dyn_cast<AffineDimExpr>(expr))
      result.push_back(indices[dim.getPosition()]);
    else
      result.push_back(arith::ConstantIndexOp::create(b, loc, 0));
  }
  return result;
}

/// `lanes` elements of `buffer` along its last dimension from `indices`
/// as a vector of `type` (zero-filled past them), or one element broadcast
/// when the map does not use the innermost loop.
static Value loadOperand(OpBuilder &b, Location loc, Value buffer,
                         AffineMap map, ValueRange loopIndices, int64_t width,
                         int64_t lanes, unsigned laneDim) {
  SmallVector<Value> indices = applyIndexMap(b, loc, map, loopIndices);
  Type element = cast<MemRefType>(buffer.getType()).getElementType();
  auto type = VectorType::get({width}, element);
  if (!map.isFunctionOfDim(laneDim)) {
    Value scalar = memref::LoadOp::create(b, loc, buffer, indices);
    return vector::BroadcastOp::create(b, loc, type, scalar);
  }
  if (lanes == width)
    return vector::LoadOp::create(b, loc, type, buffer, indices);
  Value mask = vector::ConstantMaskOp::create(
      b, loc, VectorType::get({width}, b.getI1Type()), ArrayRef<int64_t>{lanes});
  Value zero = arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(type, b.getZeroAttr(element)));
  return vector::MaskedLoadOp::create(b, loc, type, buffer, indices, mask,
                                      zero);
}

void mlir::qnn::applyContractionFusion(const ContractionFusion &fusion,
                                       ContractionProblem &p) {
  Value y = p.out;
  OutIndex yIndex = p.outIndex;
  if (linalg::GenericOp init = fusion.init) {
    Value bias = init.getDpsInputs()[0];
    unsigned laneDim = fusion.laneDim;
    AffineMap map = init.getIndexingMapsArray()[0];
    p.initVector = [=](OpBuilder &b, Location loc, VectorType type,
                       ValueRange outer, const RowOrigin &origin, Value col,
                       int64_t lanes) mutable {
      SmallVector<Value> indices = yIndex(b, loc, outer, origin, col);
      return loadOperand(b, loc, bias, map, indices, type.getNumElements(),
                         lanes, laneDim);
    };
  }
  linalg::GenericOp epilogue = fusion.epilogue;
  if (!epilogue)
    return;
  unsigned viewInput = fusion.viewInput;
  auto yShape = cast<MemRefType>(y.getType()).getShape();
  auto viewShape = cast<MemRefType>(fusion.view.getType()).getShape();
  // The view as groups of y's dimensions, when it is y or one collapse.
  SmallVector<ReassociationIndices> reassociation;
  if (fusion.view == y) {
    for (int64_t d = 0, e = yShape.size(); d < e; ++d)
      reassociation.push_back({d});
  } else if (auto collapse =
                 fusion.view.getDefiningOp<memref::CollapseShapeOp>();
             collapse && collapse.getSrc() == y) {
    reassociation = collapse.getReassociationIndices();
  }
  p.epilogue = [=](OpBuilder &b, Location loc, Value acc, ValueRange outer,
                   const RowOrigin &origin, Value col,
                   int64_t lanes) mutable {
    int64_t width = cast<VectorType>(acc.getType()).getNumElements();
    // The element of y, then of its view: the same row-major position. A
    // collapse of y (the usual view) linearizes each group of y's indices,
    // which needs no division; any other chain of reshapes goes through
    // the linear position.
    SmallVector<Value> yIndices = yIndex(b, loc, outer, origin, col);
    SmallVector<Value> loop;
    if (!reassociation.empty()) {
      for (const ReassociationIndices &group : reassociation) {
        SmallVector<Value> indices;
        SmallVector<OpFoldResult> basis;
        for (int64_t d : group) {
          indices.push_back(yIndices[d]);
          basis.push_back(b.getIndexAttr(yShape[d]));
        }
        loop.push_back(
            indices.size() == 1
                ? indices.front()
                : affine::AffineLinearizeIndexOp::create(b, loc, indices, basis)
                      .getResult());
      }
    } else {
      SmallVector<OpFoldResult> yBasis, viewBasis;
      for (int64_t size : yShape)
        yBasis.push_back(b.getIndexAttr(size));
      for (int64_t size : viewShape)
        viewBasis.push_back(b.getIndexAttr(size));
      Value linear =
          affine::AffineLinearizeIndexOp::create(b, loc, yIndices, yBasis);
      llvm::append_range(
          loop, affine::AffineDelinearizeIndexOp::create(b, loc, linear,
                                                         viewBasis)
                    .getResults());
    }
    SmallVector<AffineMap> maps = epilogue.getIndexingMapsArray();
    IRMapping mapping;
    Block *body = epilogue.getBlock();
    for (auto [i, input] : llvm::enumerate(epilogue.getDpsInputs())) {
      if (i == viewInput) {
        mapping.map(body->getArgument(i), acc);
        continue;
      }
      mapping.map(body->getArgument(i),
                  loadOperand(b, loc, input, maps[i], loop, width, lanes,
                              maps[i].getNumDims() - 1));
    }
    // The body on vectors: each op with its operands' vectors (scalars
    // from outside broadcast), its result type widened.
    for (Operation &inner : body->without_terminator()) {
      SmallVector<Value> operands;
      for (Value operand : inner.getOperands()) {
        if (Value mapped = mapping.lookupOrNull(operand)) {
          operands.push_back(mapped);
          continue;
        }
        auto type = VectorType::get({width}, operand.getType());
        Value splat = vector::BroadcastOp::create(b, loc, type, operand);
        mapping.map(operand, splat);
        operands.push_back(splat);
      }
      OperationState state(loc, inner.getName());
      state.addOperands(operands);
      state.addAttributes(inner.getAttrs());
      state.addTypes(VectorType::get({width}, inner.getResult(0).getType()));
      mapping.map(inner.getResult(0), b.create(state)->getResult(0));
    }
    Value result = mapping.lookup(body->getTerminator()->getOperand(0));
    Value out = epilogue.getDpsInits()[0];
    if (lanes == width) {
      vector::StoreOp::create(b, loc, result, out, loop);
      return;
    }
    Value mask = vector::ConstantMaskOp::create(
        b, loc, VectorType::get({width}, b.getI1Type()),
        ArrayRef<int64_t>{lanes});
    vector::MaskedStoreOp::create(b, loc, out, loop, mask, result);
  };
}

void mlir::qnn::eraseFusedOps(RewriterBase &rewriter,
                              const ContractionFusion &fusion) {
  if (fusion.init)
    rewriter.eraseOp(fusion.init);
  if (fusion.epilogue)
    rewriter.eraseOp(fusion.epilogue);
}
