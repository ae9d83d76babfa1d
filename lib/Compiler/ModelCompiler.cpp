//===- ModelCompiler.cpp - a qnn module to a model shared library ---------===//

#include "qnn/Compiler/ModelCompiler.h"
#include "ModelCompilerImpl.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/Transforms/Passes.h"
#include "qnn/Interpreter/Interpreter.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;
using namespace mlir::qnn;

/// The function to compile: `entry`, else `main` or the only public one.
static FailureOr<func::FuncOp> findEntry(ModuleOp module, StringRef entry) {
  if (entry.empty())
    return getEntryFunction(module);
  auto func = module.lookupSymbol<func::FuncOp>(entry);
  if (!func || func.isExternal())
    return module.emitError("the model has no function '")
           << entry << "' with a body";
  return func;
}

/// Observers mean an uncalibrated model: compiling it would bake in nothing
/// of the calibration the user still has to run.
static LogicalResult checkNoObservers(ModuleOp module) {
  unsigned numObservers = 0;
  module.walk([&](ObserveOp) { ++numObservers; });
  if (numObservers)
    return module.emitError()
           << numObservers << " observer" << (numObservers == 1 ? "" : "s")
           << " remain; calibrate and quantize first";
  return success();
}

/// Lowers `module` to the LLVM dialect with the entry's buffers in an arena
/// and a C interface, and returns the arena's size.
static FailureOr<uint64_t> lowerModel(ModuleOp module, func::FuncOp func,
                                      CodegenTarget target) {
  MLIRContext *context = module.getContext();
  std::string entry = func.getSymName().str();
  // The runtime passes inputs as const buffers: bufferization must not
  // write into them. The names (qnn.name) are in the descriptor already;
  // LLVM IR has no place for them.
  for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i) {
    func.removeArgAttr(i, "qnn.name");
    func.removeArgAttr(i, "qnn.layout");
    func.setArgAttr(i, "bufferization.writable", BoolAttr::get(context, false));
  }
  for (unsigned i = 0, e = func.getNumResults(); i < e; ++i) {
    func.removeResultAttr(i, StringAttr::get(context, "qnn.name"));
    func.removeResultAttr(i, StringAttr::get(context, "qnn.layout"));
  }
  func->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                UnitAttr::get(context));

  PassManager pm(context, ModuleOp::getOperationName());
  LowerToLLVMConfig config;
  config.target = target;
  config.allocateArena = true;
  // The thread count is the caller of create's choice: the large loops
  // always go through the runtime's pool (inline with one thread).
  config.parallel = true;
  buildQNNLowerToLLVMPipeline(pm, config);
  if (failed(pm.run(module)))
    return failure();

  auto lowered = module.lookupSymbol<LLVM::LLVMFuncOp>(entry);
  auto arenaSize =
      lowered ? lowered->getAttrOfType<IntegerAttr>("qnn.arena_size") : nullptr;
  if (!arenaSize)
    return module.emitError("internal error: the lowered entry '")
           << entry << "' has no arena";
  lowered->removeAttr("qnn.arena_size");
  // `run` allocates nothing: every buffer must have found a place in the
  // arena (or be a constant).
  for (StringRef allocator :
       {"malloc", "aligned_alloc", "calloc", "realloc", "posix_memalign"})
    if (module.lookupSymbol(allocator))
      return module.emitError("internal error: the lowered model calls '")
             << allocator
             << "'; qnn-allocate-arena left a buffer outside "
                "the arena";
  return static_cast<uint64_t>(arenaSize.getInt());
}

/// Gives every definition but the descriptor internal linkage: the model's
/// functions are its own, and the optimizer may inline and drop them.
static void internalize(llvm::Module &module) {
  for (llvm::Function &function : module)
    if (!function.isDeclaration())
      function.setLinkage(llvm::GlobalValue::InternalLinkage);
  for (llvm::GlobalVariable &global : module.globals())
    if (!global.isDeclaration() && global.getName() != "__qnn_model_descriptor")
      global.setLinkage(llvm::GlobalValue::InternalLinkage);
}

/// Writes the object code of `module` (or its assembly) to `path`.
static LogicalResult
writeObject(MLIRContext *context, llvm::Module &module,
            llvm::TargetMachine &machine, StringRef path,
            llvm::CodeGenFileType type = llvm::CodeGenFileType::ObjectFile) {
  std::string error;
  std::unique_ptr<llvm::ToolOutputFile> file = openOutputFile(path, &error);
  if (!file)
    return emitError(UnknownLoc::get(context)) << error;
  llvm::legacy::PassManager pm;
  if (machine.addPassesToEmitFile(pm, file->os(), nullptr, type))
    return emitError(UnknownLoc::get(context))
           << "the target cannot emit an object file";
  pm.run(module);
  file->keep();
  return success();
}

LogicalResult mlir::qnn::compileModel(ModuleOp module,
                                      const CompileOptions &options,
                                      StringRef outputPath) {
  MLIRContext *context = module.getContext();
  FailureOr<func::FuncOp> func = findEntry(module, options.entry);
  if (failed(func))
    return failure();
  keepOnlyEntry(module, *func);
  if (failed(checkNoObservers(module)))
    return failure();
  if (options.nhwcInterface) {
    PassManager pm(context, ModuleOp::getOperationName());
    pm.addPass(createQNNNhwcInterface());
    if (failed(pm.run(module)))
      return failure();
  }
  FailureOr<ModelInterface> interface = describeModelInterface(*func);
  if (failed(interface))
    return failure();
  FailureOr<ModelTarget> target =
      createModelTarget(context, options.target, options.cpuFeatures);
  if (failed(target))
    return failure();
  FailureOr<uint64_t> arenaBytes = lowerModel(module, *func, options.target);
  if (failed(arenaBytes))
    return failure();

  registerBuiltinDialectTranslation(*context);
  registerLLVMDialectTranslation(*context);
  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(module, llvmContext, "model");
  if (!llvmModule)
    return module.emitError("cannot translate the lowered model to LLVM IR");
  // A fixed name: it lands in the object's symbol table.
  llvmModule->setSourceFileName("model");
  internalize(*llvmModule);
  if (failed(emitModelDescriptor(context, *llvmModule, *interface, *arenaBytes,
                                 *target, options.defaultThreads)))
    return failure();
  llvm::TargetMachine &machine = *target->machine;
  llvmModule->setDataLayout(machine.createDataLayout());
  llvmModule->setTargetTriple(machine.getTargetTriple());
  if (llvm::Error error = makeOptimizingTransformer(
          /*optLevel=*/3, /*sizeLevel=*/0, &machine)(llvmModule.get()))
    return module.emitError("optimizing the model failed: ")
           << llvm::toString(std::move(error));

  switch (options.output) {
  case CompileOutput::LLVMIR: {
    std::string error;
    std::unique_ptr<llvm::ToolOutputFile> file =
        openOutputFile(outputPath, &error);
    if (!file)
      return module.emitError(error);
    llvmModule->print(file->os(), nullptr);
    file->keep();
    return success();
  }
  case CompileOutput::Object:
    return writeObject(context, *llvmModule, machine, outputPath);
  case CompileOutput::Assembly:
    return writeObject(context, *llvmModule, machine, outputPath,
                       llvm::CodeGenFileType::AssemblyFile);
  case CompileOutput::SharedLibrary:
    break;
  }
  SmallString<128> directory;
  if (std::error_code ec =
          llvm::sys::fs::createUniqueDirectory("qnn-compile", directory))
    return module.emitError("cannot create a temporary directory: ")
           << ec.message();
  SmallString<128> objectPath(directory);
  llvm::sys::path::append(objectPath, "model.o");
  LogicalResult result = writeObject(context, *llvmModule, machine, objectPath);
  if (succeeded(result))
    result = linkModelLibrary(context, objectPath, outputPath);
  llvm::sys::fs::remove(objectPath);
  llvm::sys::fs::remove(directory);
  return result;
}
