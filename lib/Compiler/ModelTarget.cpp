//===- ModelTarget.cpp - the machine a model library is compiled for ------===//

#include "ModelCompilerImpl.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

using namespace mlir;
using namespace mlir::qnn;

/// The features create can check (CpuFeatures.def), in its order.
static const char *const kCheckableFeatures[] = {
#define QNN_CPU_FEATURE(NAME, LEAF, SUBLEAF, REG, BIT, STATE) NAME,
#include "qnn/Runtime/CpuFeatures.def"
};

FailureOr<ModelTarget>
mlir::qnn::createModelTarget(MLIRContext *context, CodegenTarget target,
                             ArrayRef<std::string> extraFeatures) {
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  llvm::Triple triple(llvm::sys::getDefaultTargetTriple());
  if (triple.getArch() != llvm::Triple::x86_64)
    return emitError(UnknownLoc::get(context))
           << "quant-compile builds model libraries for x86-64 hosts only "
              "(this host is "
           << triple.str() << ")";
  std::string error;
  const llvm::Target *llvmTarget =
      llvm::TargetRegistry::lookupTarget(triple, error);
  if (!llvmTarget)
    return emitError(UnknownLoc::get(context))
           << "no LLVM target for " << triple.str() << ": " << error;

  ModelTarget result;
  // The kernels get the baseline ISA plus the features asked for (host:
  // each host feature the runtime can check). The CPU stays "x86-64" so
  // that no feature comes in implied by a CPU name, unchecked.
  SmallVector<StringRef> features;
  if (target == CodegenTarget::Host) {
    if (!extraFeatures.empty())
      return emitError(UnknownLoc::get(context))
             << "CPU features are chosen by --target host; name them with "
                "--target generic";
    llvm::StringMap<bool> host = llvm::sys::getHostCPUFeatures();
    for (const char *name : kCheckableFeatures)
      if (host.lookup(name))
        features.push_back(name);
    result.name = ("host:" + llvm::sys::getHostCPUName()).str();
  } else if (target != CodegenTarget::Generic) {
    if (!extraFeatures.empty())
      return emitError(UnknownLoc::get(context))
             << "--target " << getCodegenTargetName(target)
             << " names its CPU features; add others with --target generic";
    llvm::append_range(features, getTargetCpuFeatures(target));
    result.name = getCodegenTargetName(target).str();
  } else {
    for (const std::string &name : extraFeatures) {
      if (!llvm::is_contained(kCheckableFeatures, StringRef(name)))
        return emitError(UnknownLoc::get(context))
               << "unknown CPU feature '" << name
               << "' (the names of include/qnn/Runtime/CpuFeatures.def, "
                  "LLVM's: avx2, avx512vnni, ...)";
      features.push_back(name);
    }
    result.name = "generic";
  }
  std::string featureFlags;
  for (StringRef name : features)
    featureFlags += (featureFlags.empty() ? "+" : ",+") + name.str();

  llvm::TargetOptions options;
  // No contraction of a * b + c: results equal the interpreter's.
  options.AllowFPOpFusion = llvm::FPOpFusion::Strict;
  result.machine.reset(llvmTarget->createTargetMachine(
      triple, "x86-64", featureFlags, options, llvm::Reloc::PIC_,
      llvm::CodeModel::Small, llvm::CodeGenOptLevel::Aggressive));
  if (!result.machine)
    return emitError(UnknownLoc::get(context))
           << "cannot create an LLVM target machine for " << triple.str();
  // What create checks: every feature of the table the subtarget has, so
  // also those a requested feature implies (avx512vnni: avx512f, avx2, ...).
  const llvm::MCSubtargetInfo *subtarget = result.machine->getMCSubtargetInfo();
  for (const char *name : kCheckableFeatures)
    if (subtarget->checkFeatures(std::string("+") + name))
      result.features +=
          (result.features.empty() ? "" : ",") + std::string(name);
  return result;
}
