//===- ModelDescriptor.cpp - the descriptor and entry the runtime reads ---===//
//
// Emits, in LLVM IR, the constant qnn/Runtime/ModelDescriptor.h declares:
//
//   qnn_tensor_descriptor = { ptr name, i32 type, i32 layout, i32 rank,
//                             ptr shape, i64 byte_size }
//   qnn_model_descriptor  = { i32 version, i32 inputs, i32 outputs,
//                             i32 threads, ptr inputs, ptr outputs,
//                             i64 arena_bytes, ptr compiler, ptr target,
//                             ptr features, ptr invoke }
//
// and `__qnn_model_invoke`, which unpacks the runtime's array of memref
// descriptor pointers into a call of the entry's C interface.
//
//===----------------------------------------------------------------------===//

#include "qnn/Runtime/ModelDescriptor.h"
#include "ModelCompilerImpl.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"

using namespace mlir;
using namespace mlir::qnn;

/// A private constant holding `text` and its terminating null.
static llvm::Constant *getString(llvm::Module &module, StringRef text,
                                 const llvm::Twine &name) {
  llvm::Constant *data =
      llvm::ConstantDataArray::getString(module.getContext(), text);
  auto *global = new llvm::GlobalVariable(
      module, data->getType(),
      /*isConstant=*/true, llvm::GlobalValue::PrivateLinkage, data, name);
  global->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
  global->setAlignment(llvm::Align(1));
  return global;
}

/// The array of tensor descriptors for `tensors`, or a null pointer.
static llvm::Constant *getTensorArray(llvm::Module &module,
                                      llvm::StructType *tensorType,
                                      ArrayRef<TensorInterface> tensors,
                                      StringRef kind) {
  llvm::LLVMContext &context = module.getContext();
  auto *ptrType = llvm::PointerType::get(context, 0);
  if (tensors.empty())
    return llvm::ConstantPointerNull::get(ptrType);
  llvm::Type *i32 = llvm::Type::getInt32Ty(context);
  llvm::Type *i64 = llvm::Type::getInt64Ty(context);
  SmallVector<llvm::Constant *> elements;
  for (auto [i, tensor] : llvm::enumerate(tensors)) {
    std::string prefix = ("__qnn_" + kind + "_" + llvm::Twine(i)).str();
    auto *shapeData = llvm::ConstantDataArray::get(
        context, ArrayRef<uint64_t>(
                     reinterpret_cast<const uint64_t *>(tensor.shape.data()),
                     tensor.shape.size()));
    auto *shape = new llvm::GlobalVariable(
        module, shapeData->getType(), /*isConstant=*/true,
        llvm::GlobalValue::PrivateLinkage, shapeData, prefix + "_shape");
    shape->setAlignment(llvm::Align(8));
    elements.push_back(llvm::ConstantStruct::get(
        tensorType, {getString(module, tensor.name, prefix + "_name"),
                     llvm::ConstantInt::get(i32, tensor.elementType),
                     llvm::ConstantInt::get(i32, tensor.layout),
                     llvm::ConstantInt::get(i32, tensor.shape.size()), shape,
                     llvm::ConstantInt::get(i64, tensor.byteSize)}));
  }
  auto *arrayType = llvm::ArrayType::get(tensorType, elements.size());
  auto *array = new llvm::GlobalVariable(
      module, arrayType, /*isConstant=*/true, llvm::GlobalValue::PrivateLinkage,
      llvm::ConstantArray::get(arrayType, elements), "__qnn_" + kind + "s");
  array->setAlignment(llvm::Align(8));
  return array;
}

/// `void __qnn_model_invoke(void *const *d)`: `_mlir_ciface_<entry>(d[0],
/// ..., d[n - 1])`.
static FailureOr<llvm::Function *> emitInvoke(MLIRContext *context,
                                              llvm::Module &module,
                                              const ModelInterface &interface) {
  std::string cifaceName = "_mlir_ciface_" + interface.entry;
  llvm::Function *ciface = module.getFunction(cifaceName);
  size_t numBuffers = interface.inputs.size() + interface.outputs.size() + 1;
  if (!ciface || ciface->arg_size() != numBuffers)
    return emitError(UnknownLoc::get(context))
           << "internal error: the lowered model has no '" << cifaceName
           << "' taking " << numBuffers
           << " memref descriptors (inputs, outputs, arena)";
  llvm::LLVMContext &llvmContext = module.getContext();
  auto *ptrType = llvm::PointerType::get(llvmContext, 0);
  auto *invokeType = llvm::FunctionType::get(llvm::Type::getVoidTy(llvmContext),
                                             {ptrType}, /*isVarArg=*/false);
  auto *invoke =
      llvm::Function::Create(invokeType, llvm::GlobalValue::InternalLinkage,
                             "__qnn_model_invoke", module);
  llvm::IRBuilder<> builder(
      llvm::BasicBlock::Create(llvmContext, "entry", invoke));
  SmallVector<llvm::Value *> args;
  for (size_t i = 0; i < numBuffers; ++i) {
    llvm::Value *slot =
        builder.CreateConstInBoundsGEP1_64(ptrType, invoke->getArg(0), i);
    args.push_back(builder.CreateAlignedLoad(ptrType, slot, llvm::Align(8)));
  }
  builder.CreateCall(ciface, args);
  builder.CreateRetVoid();
  return invoke;
}

LogicalResult mlir::qnn::emitModelDescriptor(
    MLIRContext *context, llvm::Module &module, const ModelInterface &interface,
    uint64_t arenaBytes, const ModelTarget &target, unsigned defaultThreads) {
  FailureOr<llvm::Function *> invoke = emitInvoke(context, module, interface);
  if (failed(invoke))
    return failure();

  llvm::LLVMContext &llvmContext = module.getContext();
  llvm::Type *i32 = llvm::Type::getInt32Ty(llvmContext);
  llvm::Type *i64 = llvm::Type::getInt64Ty(llvmContext);
  auto *ptrType = llvm::PointerType::get(llvmContext, 0);
  auto *tensorType = llvm::StructType::create(
      llvmContext, {ptrType, i32, i32, i32, ptrType, i64},
      "qnn_tensor_descriptor");
  auto *modelType =
      llvm::StructType::create(llvmContext,
                               {i32, i32, i32, i32, ptrType, ptrType, i64,
                                ptrType, ptrType, ptrType, ptrType},
                               "qnn_model_descriptor");

  std::string compilerVersion = "qnn-mlir 0.1 (LLVM " LLVM_VERSION_STRING ")";
  llvm::Constant *descriptor = llvm::ConstantStruct::get(
      modelType,
      {llvm::ConstantInt::get(i32, QNN_MODEL_DESCRIPTOR_VERSION),
       llvm::ConstantInt::get(i32, interface.inputs.size()),
       llvm::ConstantInt::get(i32, interface.outputs.size()),
       llvm::ConstantInt::get(i32, defaultThreads),
       getTensorArray(module, tensorType, interface.inputs, "input"),
       getTensorArray(module, tensorType, interface.outputs, "output"),
       llvm::ConstantInt::get(i64, arenaBytes),
       getString(module, compilerVersion, "__qnn_compiler_version"),
       getString(module, target.name, "__qnn_target"),
       getString(module, target.features, "__qnn_cpu_features"), *invoke});
  auto *global = new llvm::GlobalVariable(
      module, modelType, /*isConstant=*/true,
      llvm::GlobalValue::ExternalLinkage, descriptor, "__qnn_model_descriptor");
  global->setVisibility(llvm::GlobalValue::HiddenVisibility);
  global->setAlignment(llvm::Align(8));
  return success();
}
