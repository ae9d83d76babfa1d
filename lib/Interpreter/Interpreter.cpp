//===- Interpreter.cpp - the reference interpreter driver -----------------===//
//
// Prepares a function once (slots for its values, the constant subgraph
// evaluated, the last use of every value) and then runs it: input checks,
// one evaluate() per op in order, values freed after their last use.
//
//===----------------------------------------------------------------------===//

#include "qnn/Interpreter/Interpreter.h"
#include "Eval.h"
#include "qnn/Dialect/QNN/IR/QNNVerifyUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/Verifier.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>

using namespace mlir;
using namespace mlir::qnn;

//===----------------------------------------------------------------------===//
// Names
//===----------------------------------------------------------------------===//

static std::string getName(func::FuncOp func, unsigned index, bool isResult,
                           StringRef fallback) {
  auto name = isResult ? func.getResultAttrOfType<StringAttr>(index, "qnn.name")
                       : func.getArgAttrOfType<StringAttr>(index, "qnn.name");
  if (name)
    return name.str();
  return (fallback + Twine(index)).str();
}

std::string mlir::qnn::getArgumentName(func::FuncOp func, unsigned index) {
  return getName(func, index, /*isResult=*/false, "input");
}

std::string mlir::qnn::getResultName(func::FuncOp func, unsigned index) {
  return getName(func, index, /*isResult=*/true, "output");
}

FailureOr<func::FuncOp> mlir::qnn::getEntryFunction(ModuleOp module) {
  if (auto main = module.lookupSymbol<func::FuncOp>("main"))
    if (!main.isExternal())
      return main;
  func::FuncOp entry;
  for (auto func : module.getOps<func::FuncOp>()) {
    if (!func.isPublic() || func.isExternal())
      continue;
    if (entry)
      return module.emitError("cannot pick the entry function: there is no "
                              "'main' and several public functions ('")
             << entry.getName() << "', '" << func.getName() << "', ...)";
    entry = func;
  }
  if (!entry)
    return module.emitError("cannot pick the entry function: the module has "
                            "no 'main' and no public func.func with a body");
  return entry;
}

/// The first NameLoc inside `loc` (fused and call-site locations searched).
static std::optional<StringRef> findNameLoc(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().strref();
  if (auto fused = dyn_cast<FusedLoc>(loc)) {
    for (Location inner : fused.getLocations())
      if (std::optional<StringRef> name = findNameLoc(inner))
        return name;
  }
  if (auto callSite = dyn_cast<CallSiteLoc>(loc))
    return findNameLoc(callSite.getCallee());
  return std::nullopt;
}

//===----------------------------------------------------------------------===//
// Dispatch
//===----------------------------------------------------------------------===//

// One table from op to evaluator, built from the dialect's op list
// (GET_OP_LIST, the list QNNDialect::initialize registers): every qnn op
// must have an `evaluate(OpTy, ValueLookup, Results &)` overload (Eval.h),
// or this file does not compile. Adding an op is its .td entry and its
// evaluator; nothing here names it.

namespace mlir::qnn {
/// Observe is the identity; the driver hands its operand to `onObserve`
/// first (Interpreter::run).
static LogicalResult evaluate(ObserveOp op, ValueLookup get, Results &results) {
  results.push_back(*get(op.getInput()));
  return success();
}

/// arith.constant reads no operand.
static LogicalResult evaluate(arith::ConstantOp op, ValueLookup,
                              Results &results) {
  return evaluate(op, results);
}
} // namespace mlir::qnn

namespace {
using EvaluateFn = LogicalResult (*)(Operation *, ValueLookup, Results &);

template <typename OpTy>
LogicalResult evaluateAs(Operation *op, ValueLookup get, Results &results) {
  return evaluate(cast<OpTy>(op), get, results);
}

template <typename... OpTys>
void addEvaluators(DenseMap<TypeID, EvaluateFn> &table) {
  (table.try_emplace(TypeID::get<OpTys>(), &evaluateAs<OpTys>), ...);
}
} // namespace

/// The evaluator of `op`, null when the interpreter does not support it.
static EvaluateFn getEvaluator(Operation *op) {
  static const DenseMap<TypeID, EvaluateFn> table = [] {
    DenseMap<TypeID, EvaluateFn> table;
    // The upstream ops the qnn pipeline leaves in a module, then every qnn
    // op.
    addEvaluators<arith::ConstantOp, quant::StorageCastOp,
#define GET_OP_LIST
#include "qnn/Dialect/QNN/IR/QNNOps.cpp.inc"
                  >(table);
    return table;
  }();
  return table.lookup(op->getName().getTypeID());
}

static bool isSupported(Operation *op) { return getEvaluator(op) != nullptr; }

/// Evaluates every op but return.
static LogicalResult evaluateOp(Operation *op, ValueLookup get,
                                Results &results) {
  EvaluateFn evaluator = getEvaluator(op);
  if (!evaluator)
    return op->emitOpError("is not supported by the interpreter");
  results.reserve(op->getNumResults());
  return evaluator(op, get, results);
}

//===----------------------------------------------------------------------===//
// Interpreter
//===----------------------------------------------------------------------===//

/// The largest tensor the interpreter allocates (elements), so that an
/// absurd static shape is a diagnostic rather than a failed allocation.
static constexpr int64_t kMaxElements = int64_t(1) << 31;

struct Interpreter::Impl {
  /// Mutable: emitting a diagnostic is not const on an op handle.
  mutable func::FuncOp func;
  /// One slot per value: arguments first, then op results in order.
  DenseMap<Value, unsigned> slots;
  unsigned numSlots = 0;
  /// Values of the constant subgraph, by slot (empty elsewhere).
  std::vector<HostTensor> constants;
  std::vector<bool> isConstant;
  /// Intermediate names, by slot.
  std::vector<std::string> names;
  struct Step {
    Operation *op;
    /// Slots whose last use is this op.
    SmallVector<unsigned> release;
  };
  std::vector<Step> steps;
  SmallVector<unsigned> returnSlots;

  LogicalResult prepare();
};

Interpreter::Interpreter(std::unique_ptr<Impl> impl) : impl(std::move(impl)) {}
Interpreter::~Interpreter() = default;

func::FuncOp Interpreter::getFunction() const { return impl->func; }

FailureOr<std::unique_ptr<Interpreter>> Interpreter::create(func::FuncOp func) {
  // The evaluators rely on the invariants the verifiers establish.
  if (failed(verify(func)))
    return failure();
  auto impl = std::make_unique<Impl>();
  impl->func = func;
  if (failed(impl->prepare()))
    return failure();
  return std::unique_ptr<Interpreter>(new Interpreter(std::move(impl)));
}

LogicalResult Interpreter::Impl::prepare() {
  if (func.isExternal() || !func.getBody().hasOneBlock())
    return func.emitError("the interpreter runs functions with one block");
  Block &body = func.getBody().front();
  for (auto [i, arg] : llvm::enumerate(body.getArguments())) {
    auto type = dyn_cast<RankedTensorType>(arg.getType());
    if (!type || !type.hasStaticShape())
      return func.emitError("argument '")
             << getArgumentName(func, i)
             << "' must be a statically shaped tensor, got " << arg.getType();
    slots[arg] = numSlots++;
  }
  for (Operation &op : body.without_terminator()) {
    if (op.getNumRegions() || !isSupported(&op))
      return op.emitOpError("is not supported by the interpreter");
    for (Value result : op.getResults()) {
      auto type = dyn_cast<RankedTensorType>(result.getType());
      if (!type || !type.hasStaticShape())
        return op.emitOpError("results must be statically shaped tensors "
                              "for the interpreter");
      if (type.getNumElements() > kMaxElements)
        return op.emitOpError("result of ")
               << type.getNumElements()
               << " elements is too large for the interpreter (at most "
               << kMaxElements << ")";
      slots[result] = numSlots++;
    }
  }
  auto ret = dyn_cast<func::ReturnOp>(body.getTerminator());
  if (!ret)
    return func.emitError("the function must end with func.return");

  // Names of intermediates: the NameLoc of the producer, else the SSA name
  // the printer uses.
  names.assign(numSlots, "");
  AsmState asmState(func);
  llvm::StringMap<unsigned> used;
  for (Operation &op : body.without_terminator()) {
    std::optional<StringRef> name = findNameLoc(op.getLoc());
    for (OpResult result : op.getResults()) {
      std::string text;
      if (name) {
        text = name->str();
        if (op.getNumResults() > 1)
          text += "#" + std::to_string(result.getResultNumber());
      } else {
        llvm::raw_string_ostream os(text);
        result.printAsOperand(os, asmState);
      }
      unsigned &count = used[text];
      if (count++)
        text += "_" + std::to_string(count - 1);
      names[slots[result]] = text;
    }
  }

  // The constant subgraph, evaluated now.
  constants.resize(numSlots);
  isConstant.assign(numSlots, false);
  auto lookupConstant = [&](Value v) -> const HostTensor * {
    return &constants[slots.lookup(v)];
  };
  for (Operation &op : body.without_terminator()) {
    bool constant =
        isa<arith::ConstantOp>(op) ||
        (!isa<ObserveOp>(op) && llvm::all_of(op.getOperands(), [&](Value v) {
          return isConstant[slots.lookup(v)] && !isa<BlockArgument>(v);
        }));
    if (!constant) {
      steps.push_back({&op, {}});
      continue;
    }
    SmallVector<HostTensor> results;
    if (failed(evaluateOp(&op, lookupConstant, results)))
      return failure();
    for (auto [result, value] : llvm::zip(op.getResults(), results)) {
      unsigned slot = slots[result];
      constants[slot] = std::move(value);
      isConstant[slot] = true;
    }
  }

  // Last uses: a value dies after the last step that reads it, unless it is
  // returned. Constants read only by other constants are dropped now.
  std::vector<int64_t> lastUse(numSlots, -1);
  std::vector<bool> neededConstant(numSlots, false);
  for (auto [index, step] : llvm::enumerate(steps))
    for (Value operand : step.op->getOperands()) {
      unsigned slot = slots[operand];
      lastUse[slot] = index;
      if (isConstant[slot])
        neededConstant[slot] = true;
    }
  for (Value operand : ret.getOperands()) {
    unsigned slot = slots[operand];
    returnSlots.push_back(slot);
    lastUse[slot] = std::numeric_limits<int64_t>::max();
    if (isConstant[slot])
      neededConstant[slot] = true;
  }
  for (unsigned slot = 0; slot < numSlots; ++slot) {
    if (isConstant[slot] && !neededConstant[slot])
      constants[slot] = HostTensor();
    if (!isConstant[slot] && lastUse[slot] >= 0 &&
        lastUse[slot] < static_cast<int64_t>(steps.size()))
      steps[lastUse[slot]].release.push_back(slot);
  }
  return success();
}

/// Formats the multi-index of element `linear` of `shape`.
static std::string formatIndex(ArrayRef<int64_t> shape, int64_t linear) {
  SmallVector<int64_t> index(shape.size());
  for (int64_t d = static_cast<int64_t>(shape.size()) - 1; d >= 0; --d) {
    index[d] = linear % shape[d];
    linear /= shape[d];
  }
  return formatShape(index);
}

/// Whether an integer element type stores the values of a quantized type:
/// same signedness and width, or 8 bits for sub-byte storage (NumPy has no
/// i4; the values are range-checked).
static bool isStorageOf(Type integer, quant::QuantizedType qtype) {
  auto type = dyn_cast<IntegerType>(integer);
  unsigned width = qtype.getStorageTypeIntegralWidth();
  return type && type.isUnsigned() == !qtype.isSigned() &&
         (type.getWidth() == width || (width < 8 && type.getWidth() == 8));
}

FailureOr<SmallVector<HostTensor>>
mlir::qnn::checkModelInputs(func::FuncOp func, ArrayRef<HostTensor> inputs) {
  Block &body = func.getBody().front();
  unsigned expected = body.getNumArguments();
  if (inputs.size() != expected) {
    std::string names;
    for (unsigned i = 0; i < expected; ++i)
      names += (i ? ", " : "") + getArgumentName(func, i);
    return func.emitError("expected ")
           << expected << " input" << (expected == 1 ? "" : "s") << " ("
           << names << "), got " << inputs.size();
  }
  SmallVector<HostTensor> checked;
  for (auto [i, input] : llvm::enumerate(inputs)) {
    auto type = cast<RankedTensorType>(body.getArgument(i).getType());
    std::string name = getArgumentName(func, i);
    if (!input.getType())
      return func.emitError("input '") << name << "' is empty";
    if (input.getShape() != type.getShape())
      return func.emitError("input '")
             << name << "' must have shape " << formatShape(type.getShape())
             << ", got " << formatShape(input.getShape());
    Type want = type.getElementType(), got = input.getElementType();
    auto qtype = dyn_cast<quant::QuantizedType>(want);
    if (want != got && !(qtype && isStorageOf(got, qtype))) {
      InFlightDiagnostic diag = func.emitError("input '")
                                << name << "' must have element type " << want;
      if (qtype)
        diag << " (stored as " << (qtype.isSigned() ? "i" : "ui")
             << qtype.getStorageTypeIntegralWidth() << ")";
      return diag << ", got " << got;
    }
    if (input.isFloat()) {
      for (auto [j, v] : llvm::enumerate(input.getFloats()))
        if (!std::isfinite(v))
          return func.emitError("input '")
                 << name << "' contains " << (std::isnan(v) ? "NaN" : "Inf")
                 << " at " << formatIndex(input.getShape(), j);
    } else if (qtype) {
      FailureOr<QuantInfo> info = getQuantInfo(type);
      if (failed(info))
        return func.emitError("input '")
               << name
               << "' has a quantized type the interpreter does not "
                  "support: "
               << want;
      for (auto [j, v] : llvm::enumerate(input.getInts()))
        if (v < info->qmin || v > info->qmax)
          return func.emitError("input '")
                 << name << "' value " << v << " at "
                 << formatIndex(input.getShape(), j)
                 << " is outside the storage range [" << info->qmin << ", "
                 << info->qmax << "]";
    }
    checked.push_back(input.withType(type));
  }
  return checked;
}

FailureOr<SmallVector<HostTensor>>
Interpreter::run(ArrayRef<HostTensor> inputs,
                 const InterpreterOptions &options) const {
  const Impl &p = *impl;
  std::vector<HostTensor> values(p.numSlots);
  FailureOr<SmallVector<HostTensor>> checked = checkModelInputs(p.func, inputs);
  if (failed(checked))
    return failure();
  for (auto [argument, input] :
       llvm::zip(p.func.getBody().getArguments(), *checked))
    values[p.slots.lookup(argument)] = std::move(input);
  auto lookup = [&](Value v) -> const HostTensor * {
    unsigned slot = p.slots.lookup(v);
    return p.isConstant[slot] ? &p.constants[slot] : &values[slot];
  };

  for (const Impl::Step &step : p.steps) {
    Operation *op = step.op;
    SmallVector<HostTensor> results;
    if (auto observe = dyn_cast<ObserveOp>(op); observe && options.onObserve)
      options.onObserve(observe, *lookup(observe.getInput()));
    if (failed(evaluateOp(op, lookup, results)))
      return failure();
    for (auto [result, value] : llvm::zip(op->getResults(), results)) {
      unsigned slot = p.slots.lookup(result);
      if (options.intermediates)
        (*options.intermediates)[p.names[slot]] = value;
      values[slot] = std::move(value);
    }
    for (unsigned slot : step.release)
      values[slot] = HostTensor();
  }

  SmallVector<HostTensor> outputs;
  for (unsigned slot : p.returnSlots)
    outputs.push_back(p.isConstant[slot] ? p.constants[slot] : values[slot]);
  return outputs;
}

FailureOr<SmallVector<HostTensor>>
mlir::qnn::interpret(func::FuncOp func, ArrayRef<HostTensor> inputs,
                     const InterpreterOptions &options) {
  FailureOr<std::unique_ptr<Interpreter>> interpreter =
      Interpreter::create(func);
  if (failed(interpreter))
    return failure();
  return (*interpreter)->run(inputs, options);
}
