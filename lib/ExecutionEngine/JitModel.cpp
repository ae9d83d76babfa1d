//===- JitModel.cpp - a qnn model compiled just in time -------------------===//

#include "qnn/ExecutionEngine/JitModel.h"
#include "qnn/Conversion/Passes.h"
#include "qnn/Conversion/QNNToLinalg/QNNToLinalg.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Runtime/ThreadPool.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/TargetParser/Host.h"

#include <chrono>
#include <memory>

using namespace mlir;
using namespace mlir::qnn;

/// An arena of the entry: `size` bytes at a 64-byte aligned address.
struct JitModel::Arena {
  static constexpr size_t kAlignment = 64;
  std::unique_ptr<char[]> storage;
  void *data = nullptr;

  explicit Arena(int64_t size)
      : storage(new char[static_cast<size_t>(size) + kAlignment]) {
    size_t space = static_cast<size_t>(size) + kAlignment;
    data = storage.get();
    std::align(kAlignment, static_cast<size_t>(size), data, space);
  }
};

JitModel::~JitModel() { ::qnn::runtime::destroyThreadPool(pool); }

/// The function attributes that select the CPU the code may use: the
/// baseline of the architecture for `generic`, the running CPU for `host`,
/// the baseline plus the target's features for the x86 INT8 targets.
static void setTargetAttributes(llvm::Module &module, CodegenTarget target) {
  std::string cpu, features;
  if (target == CodegenTarget::Host) {
    cpu = llvm::sys::getHostCPUName().str();
    llvm::StringMap<bool> hostFeatures = llvm::sys::getHostCPUFeatures();
    for (const auto &feature : hostFeatures)
      features += (feature.second ? "+" : "-") + feature.first().str() + ",";
    if (!features.empty())
      features.pop_back();
  } else if (target != CodegenTarget::Generic) {
    cpu = "x86-64";
    for (llvm::StringRef feature : getTargetCpuFeatures(target))
      features += (features.empty() ? "+" : ",+") + feature.str();
  } else {
#if defined(__aarch64__)
    cpu = "generic";
#else
    cpu = "x86-64";
#endif
  }
  for (llvm::Function &function : module) {
    if (function.isDeclaration())
      continue;
    function.addFnAttr("target-cpu", cpu);
    function.addFnAttr("target-features", features);
  }
}

namespace {
/// A 1-D memref descriptor as the C interface passes it.
struct MemRef1D {
  float *allocated;
  float *aligned;
  int64_t offset;
  int64_t size;
  int64_t stride;
};

/// The observer of the run in progress on this thread.
thread_local JitModel::Observer *currentObserver = nullptr;
} // namespace

/// `_mlir_ciface_qnn_observe`: what compiled observers call.
static void observeCallback(int64_t id, MemRef1D *values) {
  if (!currentObserver || !*currentObserver)
    return;
  const float *data = values->aligned + values->offset;
  if (values->stride == 1 || values->size <= 1) {
    (*currentObserver)(id, ArrayRef<float>(data, values->size));
    return;
  }
  std::vector<float> gathered(values->size);
  for (int64_t i = 0; i < values->size; ++i)
    gathered[i] = data[i * values->stride];
  (*currentObserver)(id, gathered);
}

FailureOr<std::unique_ptr<JitModel>> JitModel::compile(func::FuncOp func,
                                                       CodegenTarget target,
                                                       bool lowerObservers,
                                                       unsigned numThreads) {
  static bool initialized = [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    return true;
  }();
  (void)initialized;

  auto model = std::unique_ptr<JitModel>(new JitModel());
  for (Type type : func.getArgumentTypes())
    model->inputTypes.push_back(cast<RankedTensorType>(type));
  for (Type type : func.getResultTypes())
    model->outputTypes.push_back(cast<RankedTensorType>(type));
  model->symbol = func.getSymName().str();

  auto parent = func->getParentOfType<ModuleOp>();
  if (lowerObservers)
    parent.walk([&](ObserveOp op) { model->observers.push_back(op); });
  OwningOpRef<ModuleOp> module(cast<ModuleOp>(parent->clone()));
  MLIRContext *context = module->getContext();
  auto entry = module->lookupSymbol<func::FuncOp>(model->symbol);
  keepOnlyEntry(*module, entry);
  // `_mlir_ciface_<name>` takes one memref descriptor per argument, then
  // one per result (out-parameters after bufferization), then the arena.
  entry->setAttr("llvm.emit_c_interface", UnitAttr::get(context));
  // The names are the qnn function's; LLVM IR has no place for them.
  for (unsigned i = 0, e = entry.getNumArguments(); i < e; ++i) {
    entry.removeArgAttr(i, "qnn.name");
    entry.removeArgAttr(i, "qnn.layout");
  }
  for (unsigned i = 0, e = entry.getNumResults(); i < e; ++i) {
    entry.removeResultAttr(i, StringAttr::get(context, "qnn.name"));
    entry.removeResultAttr(i, StringAttr::get(context, "qnn.layout"));
  }

  using Clock = std::chrono::steady_clock;
  auto elapsedMs = [](Clock::time_point since) {
    return std::chrono::duration<double, std::milli>(Clock::now() - since)
        .count();
  };
  Clock::time_point start = Clock::now();
  PassManager pm(context);
  LowerToLLVMConfig config;
  config.target = target;
  config.lowerObservers = lowerObservers;
  config.allocateArena = true;
  // Always through qnn_rt_parallel_for, even on one thread (no pool: the
  // loops run inline): outlined loop bodies keep each LLVM function small,
  // and LLVM's loop passes (IndVarSimplify's scalar evolution) take time
  // superlinear in the loops of one function: -O3 of mobilenet_v2 as one
  // function took 4.3 s, outlined 2.1 s.
  config.parallel = true;
  buildQNNLowerToLLVMPipeline(pm, config);
  if (failed(pm.run(*module)))
    return failure();
  auto lowered = module->lookupSymbol<LLVM::LLVMFuncOp>(model->symbol);
  auto arenaSize =
      lowered ? lowered->getAttrOfType<IntegerAttr>("qnn.arena_size") : nullptr;
  if (!arenaSize)
    return emitError(func.getLoc(), "internal error: the lowered entry '")
           << model->symbol << "' has no arena";
  lowered->removeAttr("qnn.arena_size");
  // The collector's read-only argument told bufferization not to copy;
  // LLVM IR has no place for it.
  module->walk([](LLVM::LLVMFuncOp function) {
    for (unsigned i = 0, e = function.getNumArguments(); i < e; ++i)
      function.removeArgAttr(
          i, bufferization::BufferizationDialect::kBufferAccessAttrName);
  });
  model->arenaSize = arenaSize.getInt();
  model->compileTimes.loweringMs = elapsedMs(start);
  start = Clock::now();

  DialectRegistry registry;
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  context->appendDialectRegistry(registry);

  auto buildModule =
      [&](Operation *op,
          llvm::LLVMContext &llvmContext) -> std::unique_ptr<llvm::Module> {
    std::unique_ptr<llvm::Module> llvmModule =
        translateModuleToLLVMIR(op, llvmContext, "qnn-model");
    if (llvmModule)
      setTargetAttributes(*llvmModule, target);
    return llvmModule;
  };
  ExecutionEngineOptions options;
  options.llvmModuleBuilder = buildModule;
  auto transformer = makeOptimizingTransformer(/*optLevel=*/3,
                                               /*sizeLevel=*/0,
                                               /*targetMachine=*/nullptr);
  options.transformer = transformer;
  options.jitCodeGenOptLevel = llvm::CodeGenOptLevel::Aggressive;
  auto engine = ExecutionEngine::create(*module, options);
  if (!engine)
    return emitError(func.getLoc()) << "cannot compile the lowered module: "
                                    << llvm::toString(engine.takeError());
  model->engine = std::move(*engine);
  model->engine->registerSymbols([](llvm::orc::MangleAndInterner interner) {
    llvm::orc::SymbolMap symbols;
    symbols[interner(("_mlir_ciface_" + kObserveFunctionName).str())] = {
        llvm::orc::ExecutorAddr::fromPtr(&observeCallback),
        llvm::JITSymbolFlags::Exported};
    symbols[interner(kParallelForFunctionName)] = {
        llvm::orc::ExecutorAddr::fromPtr(&qnn_rt_parallel_for),
        llvm::JITSymbolFlags::Exported};
    return symbols;
  });
  // Look the entry up now: the JIT compiles on first lookup, so compile()
  // includes code generation and run() does not.
  llvm::Expected<void (*)(void **)> entryPoint =
      model->engine->lookupPacked("_mlir_ciface_" + model->symbol);
  if (!entryPoint)
    return emitError(func.getLoc()) << "cannot compile the lowered module: "
                                    << llvm::toString(entryPoint.takeError());
  model->entryPoint = *entryPoint;
  model->compileTimes.llvmMs = elapsedMs(start);
  if (numThreads > 1) {
    model->pool = ::qnn::runtime::createThreadPool(numThreads);
    if (!model->pool)
      return emitError(func.getLoc())
             << "cannot start " << numThreads << " threads";
  }
  return model;
}

namespace {
/// A ranked memref descriptor as the C interface lays it out: allocated and
/// aligned pointers, offset, sizes, strides (identity layout).
struct Descriptor {
  SmallVector<int64_t> words;

  Descriptor(void *data, ArrayRef<int64_t> shape) {
    words.push_back(reinterpret_cast<intptr_t>(data));
    words.push_back(reinterpret_cast<intptr_t>(data));
    words.push_back(0);
    llvm::append_range(words, shape);
    SmallVector<int64_t> strides(shape.size(), 1);
    for (int64_t d = static_cast<int64_t>(shape.size()) - 2; d >= 0; --d)
      strides[d] = strides[d + 1] * shape[d + 1];
    llvm::append_range(words, strides);
  }
};
} // namespace

/// The storage kind of the compiled code's view of `type`'s elements.
static Buffer makeStorage(RankedTensorType type, llvm::Error &error) {
  HostTensor zero(type);
  llvm::Expected<Buffer> buffer = zero.toBuffer();
  if (!buffer) {
    error = buffer.takeError();
    return Buffer();
  }
  return std::move(*buffer);
}

llvm::Expected<SmallVector<HostTensor>>
JitModel::run(ArrayRef<HostTensor> inputs, Observer observer) {
  if (inputs.size() != inputTypes.size())
    return llvm::createStringError(
        "the model has " + llvm::Twine(inputTypes.size()) + " inputs, got " +
        llvm::Twine(inputs.size()));
  SmallVector<Buffer> buffers;
  for (auto [i, input] : llvm::enumerate(inputs)) {
    if (input.getType() != inputTypes[i])
      return llvm::createStringError("input " + llvm::Twine(i) +
                                     " has the wrong type");
    llvm::Expected<Buffer> buffer = input.toBuffer();
    if (!buffer)
      return buffer.takeError();
    buffers.push_back(std::move(*buffer));
  }
  for (RankedTensorType type : outputTypes) {
    llvm::Error error = llvm::Error::success();
    Buffer buffer = makeStorage(type, error);
    if (error)
      return std::move(error);
    buffers.push_back(std::move(buffer));
  }

  // The model's arena, allocated once and reused by every run (its pages
  // are touched by the first); a run started while another holds it gets
  // its own.
  bool ownsModelArena = !arenaBusy.exchange(true, std::memory_order_acquire);
  std::unique_ptr<Arena> ownArena;
  Arena *runArena;
  if (ownsModelArena) {
    if (!arena)
      arena = std::make_unique<Arena>(arenaSize);
    runArena = arena.get();
  } else {
    ownArena = std::make_unique<Arena>(arenaSize);
    runArena = ownArena.get();
  }

  SmallVector<Descriptor> descriptors;
  SmallVector<RankedTensorType> types(inputTypes);
  llvm::append_range(types, outputTypes);
  for (auto [buffer, type] : llvm::zip(buffers, types))
    descriptors.emplace_back(buffer.getRawData(), type.getShape());
  descriptors.emplace_back(runArena->data, ArrayRef<int64_t>{arenaSize});
  SmallVector<void *> pointers, args;
  for (Descriptor &descriptor : descriptors)
    pointers.push_back(descriptor.words.data());
  for (void *&pointer : pointers)
    args.push_back(&pointer);
  JitModel::Observer *previous = currentObserver;
  currentObserver = &observer;
  ::qnn::runtime::ThreadPool *previousPool =
      ::qnn::runtime::setCurrentThreadPool(pool);
  entryPoint(args.data());
  ::qnn::runtime::setCurrentThreadPool(previousPool);
  currentObserver = previous;
  if (ownsModelArena)
    arenaBusy.store(false, std::memory_order_release);

  SmallVector<HostTensor> results;
  MLIRContext *context =
      outputTypes.empty() ? nullptr : outputTypes.front().getContext();
  for (auto [i, type] : llvm::enumerate(outputTypes)) {
    llvm::Expected<HostTensor> tensor =
        HostTensor::fromBuffer(context, std::move(buffers[inputs.size() + i]));
    if (!tensor)
      return tensor.takeError();
    results.push_back(tensor->withType(type));
  }
  return results;
}
