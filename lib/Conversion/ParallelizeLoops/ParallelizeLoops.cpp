//===- ParallelizeLoops.cpp - qnn-parallelize-loops -----------------------===//
//
// Each outermost scf.parallel worth it becomes a call of the runtime's
// qnn_rt_parallel_for(n, @body, captures). The loop's leading dimensions
// d0..d(k-1) (constant trip counts n0..n(k-1)) are linearized,
//   n = n0 * ... * n(k-1),   t = ((i0 * n1 + i1) * n2 + ...) + i(k-1),
// and the outlined body runs t in [begin, end): it delinearizes t into
// (i0, ..., i(k-1)), sets iv_d = lb_d + i_d * step_d and runs the other
// dimensions as an scf.parallel around the unchanged loop body.
//
//===----------------------------------------------------------------------===//

#include "qnn/Conversion/Passes.h"

#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Dialect/LLVMIR/LLVMTypes.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/DataLayoutInterfaces.h"
#include "mlir/Transforms/RegionUtils.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNPARALLELIZELOOPS
#include "qnn/Conversion/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

namespace {
/// The leading dimensions are linearized until they give this many
/// iterations to split: enough chunks for a few threads each.
constexpr int64_t kMinIterations = 64;

/// One loop to outline: its linearized leading dimensions' trip counts,
/// the values the body reads from outside (in the order of the captures
/// struct, with their types there) and the constants it clones.
struct ParallelLoopPlan {
  scf::ParallelOp loop;
  SmallVector<int64_t> tripCounts;
  SmallVector<Value> captures;
  SmallVector<Type> captureTypes;
  SmallVector<Value> constants;
  LLVM::LLVMStructType structType;
};
} // namespace

/// Work estimates saturate at INT64_MAX instead of wrapping.
static int64_t addSaturating(int64_t a, int64_t b) {
  int64_t sum;
  return __builtin_add_overflow(a, b, &sum) ? INT64_MAX : sum;
}
static int64_t mulSaturating(int64_t a, int64_t b) {
  int64_t product;
  return __builtin_mul_overflow(a, b, &product) ? INT64_MAX : product;
}

/// The constant trip count of dimension `d`, if its bounds and step are
/// constants: ceil((ub - lb) / step), 0 when ub <= lb.
static std::optional<int64_t> getTripCount(scf::ParallelOp loop, unsigned d) {
  std::optional<int64_t> lb = getConstantIntValue(loop.getLowerBound()[d]);
  std::optional<int64_t> ub = getConstantIntValue(loop.getUpperBound()[d]);
  std::optional<int64_t> step = getConstantIntValue(loop.getStep()[d]);
  if (!lb || !ub || !step || *step <= 0)
    return std::nullopt;
  return *ub <= *lb ? 0 : llvm::divideCeil(*ub - *lb, *step);
}

/// The elements an op works on: those of its largest vector result, 1 for
/// a scalar op (a vectorized loop's work is that of the scalar loop).
static int64_t getElementCount(Operation &op) {
  int64_t elements = 1;
  for (Type type : op.getResultTypes())
    if (auto vector = dyn_cast<VectorType>(type))
      elements = std::max(elements, vector.getNumElements());
  return elements;
}

/// Ops executed by one run of `region`, each counted once per element it
/// works on, plus its regions' count times the trip count of a loop with
/// constant bounds (1 otherwise).
static int64_t estimateWork(Region &region) {
  int64_t work = 0;
  for (Operation &op : region.getOps()) {
    int64_t inner = 0;
    for (Region &nested : op.getRegions())
      inner = addSaturating(inner, estimateWork(nested));
    int64_t trips = 1;
    if (auto forOp = dyn_cast<scf::ForOp>(op)) {
      std::optional<int64_t> lb = getConstantIntValue(forOp.getLowerBound());
      std::optional<int64_t> ub = getConstantIntValue(forOp.getUpperBound());
      std::optional<int64_t> step = getConstantIntValue(forOp.getStep());
      if (lb && ub && step && *step > 0 && *ub > *lb)
        trips = llvm::divideCeil(*ub - *lb, *step);
    } else if (auto parallel = dyn_cast<scf::ParallelOp>(op)) {
      for (unsigned d = 0; d < parallel.getNumLoops(); ++d)
        if (std::optional<int64_t> count = getTripCount(parallel, d))
          trips = mulSaturating(trips, std::max<int64_t>(*count, 1));
    }
    work = addSaturating(work, addSaturating(getElementCount(op),
                                             mulSaturating(trips, inner)));
  }
  return work;
}

/// The type `value` travels as in the captures struct, or null when it
/// cannot: an index as i64, a memref as its LLVM descriptor, an LLVM
/// compatible type as itself.
static Type getCaptureType(Value value, const LLVMTypeConverter &converter) {
  Type type = value.getType();
  if (type.isIndex())
    return IntegerType::get(type.getContext(), 64);
  if (isa<MemRefType>(type))
    return converter.convertType(type);
  if (LLVM::isCompatibleType(type))
    return type;
  return nullptr;
}

/// Whether the loop is worth running on the pool, and what to outline.
static std::optional<ParallelLoopPlan>
planLoop(scf::ParallelOp loop, int64_t minWork,
         const LLVMTypeConverter &converter) {
  if (loop.getNumResults() != 0)
    return std::nullopt;
  ParallelLoopPlan plan;
  plan.loop = loop;
  int64_t iterations = 1, total = 1;
  for (unsigned d = 0, e = loop.getNumLoops(); d < e; ++d) {
    std::optional<int64_t> count = getTripCount(loop, d);
    if (count && iterations < kMinIterations && plan.tripCounts.size() == d) {
      plan.tripCounts.push_back(*count);
      iterations = mulSaturating(iterations, *count);
    }
    total = mulSaturating(total, count ? *count : 1);
  }
  if (plan.tripCounts.empty() || iterations < 2 || iterations == INT64_MAX)
    return std::nullopt;
  int64_t work = mulSaturating(total, estimateWork(loop.getRegion()));
  if (work < minWork)
    return std::nullopt;

  // What the outlined body reads from outside: the values its ops use and
  // the bounds of the dimensions that stay a loop. Constants are cloned.
  SetVector<Value> used;
  getUsedValuesDefinedAbove(loop.getRegion(), used);
  for (unsigned d = plan.tripCounts.size(); d < loop.getNumLoops(); ++d) {
    used.insert(loop.getLowerBound()[d]);
    used.insert(loop.getUpperBound()[d]);
    used.insert(loop.getStep()[d]);
  }
  for (Value value : used) {
    if (matchPattern(value, m_Constant())) {
      plan.constants.push_back(value);
      continue;
    }
    Type type = getCaptureType(value, converter);
    if (!type)
      return std::nullopt;
    plan.captures.push_back(value);
    plan.captureTypes.push_back(type);
  }
  plan.structType =
      LLVM::LLVMStructType::getLiteral(loop.getContext(), plan.captureTypes);
  return plan;
}

/// The declaration `qnn_rt_parallel_for(i64, (!llvm.ptr, i64, i64) -> (),
/// !llvm.ptr)`, added once.
static func::FuncOp getParallelForDeclaration(ModuleOp module,
                                              FunctionType bodyType) {
  if (auto existing =
          module.lookupSymbol<func::FuncOp>(kParallelForFunctionName))
    return existing;
  MLIRContext *context = module.getContext();
  auto ptr = LLVM::LLVMPointerType::get(context);
  auto type = FunctionType::get(
      context, {IntegerType::get(context, 64), bodyType, ptr}, {});
  OpBuilder builder = OpBuilder::atBlockEnd(module.getBody());
  auto declaration = func::FuncOp::create(builder, module.getLoc(),
                                          kParallelForFunctionName, type);
  declaration.setPrivate();
  return declaration;
}

/// The address of field `index` of the captures struct at `base`.
static Value getFieldAddress(OpBuilder &builder, Location loc, Value base,
                             LLVM::LLVMStructType structType, unsigned index) {
  auto ptr = LLVM::LLVMPointerType::get(builder.getContext());
  return LLVM::GEPOp::create(
      builder, loc, ptr, structType, base,
      ArrayRef<LLVM::GEPArg>{0, static_cast<int32_t>(index)});
}

/// The outlined body: loads the captures, then runs iterations
/// [begin, end) of the linearized leading dimensions.
/// The function is placed after `after`.
static func::FuncOp outlineBody(const ParallelLoopPlan &plan, StringRef name,
                                FunctionType bodyType, Operation *after,
                                SymbolTable &symbols) {
  scf::ParallelOp loop = plan.loop;
  Location loc = loop.getLoc();
  OpBuilder builder(loop.getContext());
  builder.setInsertionPointAfter(after);
  auto body = func::FuncOp::create(builder, loc, name, bodyType);
  body.setPrivate();
  symbols.insert(body);
  Block *entry = body.addEntryBlock();
  builder.setInsertionPointToStart(entry);
  Value captures = entry->getArgument(0);

  IRMapping mapping;
  for (auto [index, value] : llvm::enumerate(plan.captures)) {
    Type type = plan.captureTypes[index];
    Value field = LLVM::LoadOp::create(
        builder, loc, type,
        getFieldAddress(builder, loc, captures, plan.structType, index));
    if (value.getType().isIndex())
      field = arith::IndexCastOp::create(builder, loc, value.getType(), field);
    else if (type != value.getType())
      field = UnrealizedConversionCastOp::create(builder, loc, value.getType(),
                                                 field)
                  .getResult(0);
    mapping.map(value, field);
  }
  for (Value constant : plan.constants)
    mapping.map(constant,
                builder.clone(*constant.getDefiningOp())->getResult(0));

  Value begin = arith::IndexCastOp::create(builder, loc, builder.getIndexType(),
                                           entry->getArgument(1));
  Value end = arith::IndexCastOp::create(builder, loc, builder.getIndexType(),
                                         entry->getArgument(2));
  Value one = arith::ConstantIndexOp::create(builder, loc, 1);
  auto linear = scf::ForOp::create(builder, loc, begin, end, one);
  builder.setInsertionPointToStart(linear.getBody());
  unsigned numLinearized = plan.tripCounts.size();
  SmallVector<Value> indices;
  if (numLinearized == 1)
    indices.push_back(linear.getInductionVar());
  else
    llvm::append_range(
        indices, affine::AffineDelinearizeIndexOp::create(
                     builder, loc, linear.getInductionVar(), plan.tripCounts)
                     .getResults());
  // iv_d = lb_d + i_d * step_d.
  for (unsigned d = 0; d < numLinearized; ++d) {
    Value iv = indices[d];
    int64_t lb = *getConstantIntValue(loop.getLowerBound()[d]);
    int64_t step = *getConstantIntValue(loop.getStep()[d]);
    if (step != 1)
      iv = arith::MulIOp::create(
          builder, loc, iv, arith::ConstantIndexOp::create(builder, loc, step));
    if (lb != 0)
      iv = arith::AddIOp::create(
          builder, loc, iv, arith::ConstantIndexOp::create(builder, loc, lb));
    mapping.map(loop.getInductionVars()[d], iv);
  }

  auto cloneBody = [&](OpBuilder &nested) {
    for (Operation &op : loop.getBody()->without_terminator())
      nested.clone(op, mapping);
  };
  if (numLinearized == loop.getNumLoops()) {
    cloneBody(builder);
  } else {
    auto remaining = [&](OperandRange values) {
      return llvm::map_to_vector(values.drop_front(numLinearized),
                                 [&](Value v) { return mapping.lookup(v); });
    };
    scf::ParallelOp::create(
        builder, loc, remaining(loop.getLowerBound()),
        remaining(loop.getUpperBound()), remaining(loop.getStep()),
        [&](OpBuilder &nested, Location, ValueRange ivs) {
          for (auto [d, iv] : llvm::enumerate(ivs))
            mapping.map(loop.getInductionVars()[numLinearized + d], iv);
          cloneBody(nested);
        });
  }
  builder.setInsertionPointToEnd(entry);
  func::ReturnOp::create(builder, loc);
  return body;
}

/// Replaces the loop by stores of its captures into `buffer` (null when
/// there are none) and the call.
static void emitParallelFor(const ParallelLoopPlan &plan, func::FuncOp body,
                            Value buffer) {
  scf::ParallelOp loop = plan.loop;
  Location loc = loop.getLoc();
  MLIRContext *context = loop.getContext();
  auto i64 = IntegerType::get(context, 64);
  OpBuilder builder(loop);
  Value captures = buffer;
  if (plan.captures.empty())
    captures =
        LLVM::ZeroOp::create(builder, loc, LLVM::LLVMPointerType::get(context));
  for (auto [index, value] : llvm::enumerate(plan.captures)) {
    Type type = plan.captureTypes[index];
    Value field = value;
    if (value.getType().isIndex())
      field = arith::IndexCastOp::create(builder, loc, type, value);
    else if (type != value.getType())
      field = UnrealizedConversionCastOp::create(builder, loc, type, value)
                  .getResult(0);
    LLVM::StoreOp::create(
        builder, loc, field,
        getFieldAddress(builder, loc, captures, plan.structType, index));
  }
  int64_t iterations = 1;
  for (int64_t count : plan.tripCounts)
    iterations *= count;
  Value n = arith::ConstantIntOp::create(builder, loc, i64, iterations);
  Value function = func::ConstantOp::create(
      builder, loc, body.getFunctionType(), SymbolRefAttr::get(body));
  func::FuncOp parallelFor = getParallelForDeclaration(
      loop->getParentOfType<ModuleOp>(), body.getFunctionType());
  func::CallOp::create(builder, loc, parallelFor,
                       ValueRange{n, function, captures});
  loop.erase();
}

/// One stack buffer for the captures of every loop of `func`, as large and
/// aligned as the largest struct, in the entry block: the calls run one
/// after the other, and an llvm.alloca inside a loop (even an scf.for, an
/// automatic allocation scope for memref.alloca only) would grow the stack
/// on every iteration. Null when no loop captures anything.
static Value createCapturesBuffer(func::FuncOp func,
                                  ArrayRef<ParallelLoopPlan> plans) {
  DataLayout layout = DataLayout::closest(func);
  uint64_t size = 0, alignment = 8;
  for (const ParallelLoopPlan &plan : plans) {
    if (plan.captures.empty())
      continue;
    size = std::max<uint64_t>(size, layout.getTypeSize(plan.structType));
    alignment = std::max<uint64_t>(alignment,
                                   layout.getTypeABIAlignment(plan.structType));
  }
  if (size == 0)
    return nullptr;
  MLIRContext *context = func.getContext();
  auto i8 = IntegerType::get(context, 8);
  auto i64 = IntegerType::get(context, 64);
  Location loc = func.getLoc();
  OpBuilder builder = OpBuilder::atBlockBegin(&func.getBody().front());
  Value count = LLVM::ConstantOp::create(builder, loc, i64,
                                         builder.getI64IntegerAttr(size));
  return LLVM::AllocaOp::create(
      builder, loc, LLVM::LLVMPointerType::get(context), i8, count, alignment);
}

namespace {
struct QNNParallelizeLoopsPass
    : qnn::impl::QNNParallelizeLoopsBase<QNNParallelizeLoopsPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *context = &getContext();
    LLVMTypeConverter converter(context);
    SymbolTable symbols(module);
    auto ptr = LLVM::LLVMPointerType::get(context);
    auto i64 = IntegerType::get(context, 64);
    auto bodyType = FunctionType::get(context, {ptr, i64, i64}, {});

    SmallVector<func::FuncOp> functions(module.getOps<func::FuncOp>());
    for (func::FuncOp func : functions) {
      if (func.isExternal())
        continue;
      SmallVector<ParallelLoopPlan, 4> plans;
      func.walk<WalkOrder::PreOrder>([&](scf::ParallelOp loop) {
        if (std::optional<ParallelLoopPlan> plan =
                planLoop(loop, minWork, converter))
          plans.push_back(std::move(*plan));
        // Outermost loops only: nested ones run inside a chunk.
        return WalkResult::skip();
      });
      if (plans.empty())
        continue;
      Value buffer = createCapturesBuffer(func, plans);
      Operation *after = func;
      for (auto [k, plan] : llvm::enumerate(plans)) {
        std::string name =
            (func.getSymName() + "_parallel" + llvm::Twine(k)).str();
        func::FuncOp body = outlineBody(plan, name, bodyType, after, symbols);
        emitParallelFor(plan, body, buffer);
        after = body;
      }
    }
  }
};
} // namespace
