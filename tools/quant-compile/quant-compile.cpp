//===- quant-compile.cpp - a qnn model to a shared library ----------------===//
//
//   quant-compile model.mlir -o model.so [--target host|generic]
//                 [--cpu-features avx2,fma,...] [--entry NAME] [--threads N]
//                 [--emit library|object|llvm|asm]
//
// A thin main: flags, then qnn/Compiler/ModelCompiler.h. Every error is one
// line `error: ...` on stderr and exit code 1.
//
//===----------------------------------------------------------------------===//

#include "qnn/Compiler/ModelCompiler.h"
#include "qnn/InitAllQNN.h"
#include "qnn/Runner/Diagnostics.h"
#include "qnn/Runtime/qnn_runtime.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"

using namespace mlir;
using namespace mlir::qnn;
namespace cl = llvm::cl;

static cl::OptionCategory category("quant-compile options");

static cl::opt<std::string> inputFile(cl::Positional, cl::desc("<model.mlir>"),
                                      cl::cat(category));
static cl::opt<std::string> outputFile("o", cl::desc("The file to write"),
                                       cl::value_desc("file"),
                                       cl::cat(category));
static cl::opt<std::string>
    targetName("target",
               cl::desc("generic (baseline x86-64), host (every feature "
                        "of this CPU that the runtime can check), "
                        "x86-avx512vnni or x86-avxvnni (the INT8 kernels "
                        "use vpdpbusd, on zmm or ymm)"),
               cl::init("generic"), cl::cat(category));
static cl::list<std::string> cpuFeatures(
    "cpu-features",
    cl::desc("With --target generic: CPU features the kernels may use "
             "beyond the baseline (LLVM names, comma separated: "
             "avx2,fma,...), for a deployment machine other than this one; "
             "qnn_model_create checks them"),
    cl::CommaSeparated, cl::value_desc("list"), cl::cat(category));
static cl::opt<std::string>
    entryName("entry",
              cl::desc("The function to compile (default: main, else the "
                       "only public function)"),
              cl::value_desc("name"), cl::cat(category));
namespace {
enum class IoLayout { Nchw, Nhwc };
} // namespace
static cl::opt<IoLayout> ioLayout(
    "io-layout", cl::desc("The layout of rank-4 inputs and outputs (images)"),
    cl::init(IoLayout::Nchw),
    cl::values(clEnumValN(IoLayout::Nchw, "nchw", "the model's own (default)"),
               clEnumValN(IoLayout::Nhwc, "nhwc",
                          "NHWC, the layout the compiled model computes in: "
                          "no transposes at the interface "
                          "(qnn-nhwc-interface)")),
    cl::cat(category));
/// --threads: registered in main, after the hidden, undocumented `threads`
/// option some LLVM library registers is taken off the command line.
static unsigned threads = 1;
static cl::opt<CompileOutput>
    emit("emit", cl::desc("What to write"),
         cl::init(CompileOutput::SharedLibrary),
         cl::values(clEnumValN(CompileOutput::SharedLibrary, "library",
                               "the model shared library (default)"),
                    clEnumValN(CompileOutput::Object, "object",
                               "the object file the library is linked from"),
                    clEnumValN(CompileOutput::LLVMIR, "llvm",
                               "the LLVM IR of that object"),
                    clEnumValN(CompileOutput::Assembly, "asm",
                               "the assembly of that object")),
         cl::cat(category));

static LogicalResult compile(MLIRContext &context) {
  if (inputFile.empty() || outputFile.empty())
    return emitRunnerError(&context, "usage: quant-compile model.mlir -o "
                                     "model.so [--target host|generic]");
  CompileOptions options;
  if (!parseCodegenTarget(targetName, options.target))
    return emitRunnerError(&context, "unknown --target '" + targetName +
                                         "' (generic, host, x86-avx512vnni or x86-avxvnni)");
  if (threads == 0 || threads > QNN_MAX_THREADS)
    return emitRunnerError(&context, "--threads must be in [1, " +
                                         llvm::Twine(QNN_MAX_THREADS) + "]");
  options.entry = entryName;
  options.cpuFeatures.assign(cpuFeatures.begin(), cpuFeatures.end());
  options.defaultThreads = threads;
  options.output = emit;
  options.nhwcInterface = ioLayout == IoLayout::Nhwc;
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(inputFile, &context);
  if (!module)
    return failure();
  return compileModel(*module, options, outputFile);
}

int main(int argc, char **argv) {
  llvm::InitLLVM y(argc, argv);
  if (cl::Option *llvmThreads = cl::getRegisteredOptions().lookup("threads"))
    llvmThreads->removeArgument();
  static cl::opt<unsigned, /*ExternalStorage=*/true> threadsOption(
      "threads",
      cl::desc("The thread count qnn_model_create uses when given 0"),
      cl::location(threads), cl::init(1), cl::cat(category));
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(
      argc, argv, "quant-compile: compile a qnn model to a shared library\n");

  // The pipeline names upstream passes by their registered names.
  registerAllQNNPasses();
  DialectRegistry registry;
  registerAllQNNDialects(registry);
  MLIRContext context(registry, MLIRContext::Threading::DISABLED);
  context.loadAllAvailableDialects();
  context.printOpOnDiagnostic(false);
  OneLineDiagnosticHandler handler(&context);
  return failed(compile(context)) ? 1 : 0;
}
