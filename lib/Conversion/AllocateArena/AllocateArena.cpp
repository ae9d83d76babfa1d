//===- AllocateArena.cpp - qnn-allocate-arena -----------------------------===//
//
// Every static memref.alloc of a model entry becomes a memref.view into one
// arena argument, at an offset fixed at compile time. Two buffers share
// bytes only when their live ranges, measured in the entry block's op order,
// do not overlap; placement is first fit in order of the allocs.
//
//===----------------------------------------------------------------------===//

#include "qnn/Conversion/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/DataLayoutInterfaces.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/MathExtras.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNALLOCATEARENA
#include "qnn/Conversion/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

namespace {
/// One buffer to place: the alloc, its size and alignment in bytes, and the
/// live range [start, end] in indices of the entry block's ops.
struct ArenaBuffer {
  memref::AllocOp alloc;
  int64_t size = 0, alignment = 0;
  int64_t start = 0, end = 0;
  int64_t offset = 0;
  /// The alloc's result and every memref derived from it (views, casts,
  /// results of ops that take it), for the deallocs to remove.
  SmallVector<Value> aliases;
};
} // namespace

/// The byte size of a buffer of `type`: elements times the data layout's
/// size of one element (i1 takes a byte, as LLVM stores it).
static int64_t getBufferSize(MemRefType type, const DataLayout &layout) {
  int64_t elementSize =
      static_cast<int64_t>(layout.getTypeSize(type.getElementType()));
  return type.getNumElements() * elementSize;
}

/// The index in `block` of the op that holds `op` (itself or an ancestor).
static int64_t getTopLevelIndex(Operation *op, Block *block,
                                const DenseMap<Operation *, int64_t> &index) {
  Operation *top = block->findAncestorOpInBlock(*op);
  return top ? index.lookup(top) : static_cast<int64_t>(index.size());
}

/// Fills `buffer.end` and `buffer.aliases`: follows every use of the alloc
/// and of each memref an op derives from it (a conservative alias set: any
/// memref result of a user, and of the user's top-level ancestor), and takes
/// the latest top-level op among them. A returned alias is an error.
static LogicalResult
computeLiveRange(ArenaBuffer &buffer, Block *block,
                 const DenseMap<Operation *, int64_t> &index) {
  SmallVector<Value> worklist{buffer.alloc.getResult()};
  DenseSet<Value> seen{buffer.alloc.getResult()};
  buffer.end = buffer.start;
  auto addAliases = [&](Operation *op) {
    for (Value result : op->getResults())
      if (isa<BaseMemRefType>(result.getType()) && seen.insert(result).second)
        worklist.push_back(result);
  };
  while (!worklist.empty()) {
    Value value = worklist.pop_back_val();
    buffer.aliases.push_back(value);
    for (OpOperand &use : value.getUses()) {
      Operation *user = use.getOwner();
      if (isa<func::ReturnOp>(user))
        return buffer.alloc.emitOpError(
            "cannot be placed in the arena: the function returns it");
      buffer.end = std::max(buffer.end, getTopLevelIndex(user, block, index));
      addAliases(user);
      if (Operation *top = block->findAncestorOpInBlock(*user))
        addAliases(top);
    }
  }
  return success();
}

/// First fit: the lowest aligned offset where `buffer` overlaps no placed
/// buffer whose live range meets its own. Returns the end of the buffer.
static int64_t placeBuffer(ArenaBuffer &buffer,
                           ArrayRef<ArenaBuffer *> placed) {
  SmallVector<ArenaBuffer *> live;
  for (ArenaBuffer *other : placed)
    if (other->start <= buffer.end && buffer.start <= other->end)
      live.push_back(other);
  llvm::sort(live, [](ArenaBuffer *a, ArenaBuffer *b) {
    return a->offset < b->offset;
  });
  int64_t offset = 0;
  for (ArenaBuffer *other : live) {
    if (offset + buffer.size <= other->offset)
      break;
    offset =
        std::max(offset, static_cast<int64_t>(llvm::alignTo(
                             other->offset + other->size, buffer.alignment)));
  }
  buffer.offset = offset;
  return offset + buffer.size;
}

/// Collects the allocs of `func`, checks each can live in the arena, and
/// computes its size, alignment and live range.
static FailureOr<SmallVector<ArenaBuffer>> collectBuffers(func::FuncOp func) {
  Block *block = &func.getBody().front();
  bool singleBlock = func.getBody().hasOneBlock();
  DenseMap<Operation *, int64_t> index;
  for (auto [i, op] : llvm::enumerate(*block))
    index[&op] = static_cast<int64_t>(i);
  DataLayout layout = DataLayout::closest(func);

  SmallVector<ArenaBuffer> buffers;
  WalkResult walk = func.walk([&](memref::AllocOp alloc) {
    MemRefType type = alloc.getType();
    if (!type.hasStaticShape() || !type.getLayout().isIdentity() ||
        type.getMemorySpace()) {
      alloc.emitOpError("cannot be placed in the arena: only a static shape "
                        "with the identity layout in the default memory "
                        "space can, got ")
          << type;
      return WalkResult::interrupt();
    }
    ArenaBuffer buffer;
    buffer.alloc = alloc;
    buffer.size = getBufferSize(type, layout);
    buffer.alignment = std::max<int64_t>(
        64, static_cast<int64_t>(alloc.getAlignment().value_or(1)));
    if (!llvm::isPowerOf2_64(buffer.alignment)) {
      alloc.emitOpError("has an alignment that is not a power of two");
      return WalkResult::interrupt();
    }
    // Without one block the op order is not the execution order: every
    // buffer is live throughout, so none shares bytes.
    if (singleBlock) {
      buffer.start = getTopLevelIndex(alloc, block, index);
      if (failed(computeLiveRange(buffer, block, index)))
        return WalkResult::interrupt();
    } else {
      buffer.aliases.push_back(alloc.getResult());
      buffer.start = 0;
      buffer.end = std::numeric_limits<int64_t>::max();
    }
    buffers.push_back(std::move(buffer));
    return WalkResult::advance();
  });
  if (walk.wasInterrupted())
    return failure();
  return buffers;
}

/// Places the buffers of `func` in a new trailing arena argument.
static LogicalResult allocateArena(func::FuncOp func) {
  FailureOr<SmallVector<ArenaBuffer>> buffers = collectBuffers(func);
  if (failed(buffers))
    return failure();

  SmallVector<ArenaBuffer *> placed;
  int64_t arenaSize = 0;
  for (ArenaBuffer &buffer : *buffers) {
    arenaSize = std::max(arenaSize, placeBuffer(buffer, placed));
    placed.push_back(&buffer);
  }
  // Rounded up so that a caller's arena of this size keeps every vector
  // access of the last buffer inside it.
  arenaSize = static_cast<int64_t>(llvm::alignTo(arenaSize, 64));

  MLIRContext *context = func.getContext();
  auto arenaType = MemRefType::get({arenaSize}, IntegerType::get(context, 8));
  unsigned arenaIndex = func.getNumArguments();
  if (failed(func.insertArgument(arenaIndex, arenaType,
                                 DictionaryAttr::get(context), func.getLoc())))
    return func.emitOpError("cannot take the arena argument");
  func->setAttr("qnn.arena_size",
                IntegerAttr::get(IntegerType::get(context, 64), arenaSize));
  Value arena = func.getArgument(arenaIndex);

  for (ArenaBuffer &buffer : *buffers) {
    // Deallocs of the buffer or of a view of it go: the arena outlives them.
    for (Value alias : buffer.aliases)
      for (Operation *user : llvm::make_early_inc_range(alias.getUsers()))
        if (isa<memref::DeallocOp>(user))
          user->erase();
    OpBuilder builder(buffer.alloc);
    Location loc = buffer.alloc.getLoc();
    Value offset = arith::ConstantIndexOp::create(builder, loc, buffer.offset);
    Value view = memref::ViewOp::create(builder, loc, buffer.alloc.getType(),
                                        arena, offset, ValueRange{});
    buffer.alloc.getResult().replaceAllUsesWith(view);
    buffer.alloc.erase();
  }
  return success();
}

namespace {
struct QNNAllocateArenaPass
    : public qnn::impl::QNNAllocateArenaBase<QNNAllocateArenaPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<func::FuncOp> entries;
    if (!entry.empty()) {
      auto func = module.lookupSymbol<func::FuncOp>(entry);
      if (!func || func.isExternal()) {
        module.emitError("qnn-allocate-arena: no function '")
            << entry << "' with a body";
        return signalPassFailure();
      }
      entries.push_back(func);
    } else {
      for (auto func : module.getOps<func::FuncOp>())
        if (func.isPublic() && !func.isExternal())
          entries.push_back(func);
    }
    for (func::FuncOp func : entries) {
      // A caller in the module would not pass the new argument.
      if (!SymbolTable::symbolKnownUseEmpty(func, module)) {
        func.emitOpError("is called in the module: qnn-allocate-arena gives "
                         "an entry a new argument, so it must have no caller");
        return signalPassFailure();
      }
      if (failed(allocateArena(func)))
        return signalPassFailure();
    }
  }
};
} // namespace
