// quant-compile and quant-run --run model.so refuse what they cannot do
// with one line each.

// RUN: rm -rf %t && mkdir -p %t
// RUN: not quant-compile %s --entry observed -o %t/x.so 2>&1 | FileCheck %s --check-prefix=OBSERVED
// OBSERVED: error: {{.*}}2 observers remain; calibrate and quantize first
// RUN: not quant-compile %s --entry dynamic -o %t/x.so 2>&1 | FileCheck %s --check-prefix=DYNAMIC
// DYNAMIC: error: {{.*}}cannot compile: input 0 ('input0') has type 'tensor<?x4xf32>'; a model library takes tensors of static shape (the batch is fixed at compile time)
// RUN: not quant-compile %s --entry index -o %t/x.so 2>&1 | FileCheck %s --check-prefix=INDEX
// INDEX: error: {{.*}}cannot compile: output 0 ('output0') has element type 'index', which the C ABI has no type for
// RUN: not quant-compile %s --entry missing -o %t/x.so 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: error: {{.*}}the model has no function 'missing' with a body
// RUN: not quant-compile %s --entry float_model --target avx9 -o %t/x.so 2>&1 | FileCheck %s --check-prefix=TARGET
// TARGET: error: unknown --target 'avx9' (generic, host, x86-avx512vnni or x86-avxvnni)
// RUN: not quant-compile %s --entry float_model --cpu-features=avx2,bogus -o %t/x.so 2>&1 | FileCheck %s --check-prefix=FEATURE
// FEATURE: error: unknown CPU feature 'bogus' (the names of include/qnn/Runtime/CpuFeatures.def, LLVM's: avx2, avx512vnni, ...)
// RUN: not quant-compile %s --entry float_model --target host --cpu-features=avx2 -o %t/x.so 2>&1 | FileCheck %s --check-prefix=HOSTFEATURE
// HOSTFEATURE: error: CPU features are chosen by --target host; name them with --target generic
// RUN: not quant-compile %s --entry float_model --threads 0 -o %t/x.so 2>&1 | FileCheck %s --check-prefix=THREADS
// THREADS: error: --threads must be in [1, 1024]
// RUN: not quant-compile %s --entry float_model --threads 1025 -o %t/x.so 2>&1 | FileCheck %s --check-prefix=THREADS
// RUN: not ls %t/x.so

// quant-run --run model.so: inputs that do not fit, and a library that is not a model.
// RUN: quant-compile %s --entry float_model -o %t/float.so
// RUN: %python %S/../Interpreter/Inputs/gen.py %t/f.npy="randn(2, 4)" %t/g.npy="randn(4, 2)" \
// RUN:   %t/i.npy="randint(0, 3, (2, 4), 'i4')" \
// RUN:   %t/nan.npy="np.where(np.arange(8).reshape(2, 4) == 6, np.nan, 1).astype('f4')"
// RUN: not quant-run --run %t/float.so --input %t/f.npy 2>&1 | FileCheck %s --check-prefix=COUNT
// COUNT: error: the model has 2 inputs (a, input1), got 1 --input
// RUN: not quant-run --run %t/float.so --input %t/f.npy --input %t/g.npy 2>&1 | FileCheck %s --check-prefix=SHAPE
// SHAPE: error: input 'input1' has shape 2x4, {{.*}}g.npy holds 4x2
// RUN: not quant-run --run %t/float.so --input %t/f.npy --input %t/i.npy 2>&1 | FileCheck %s --check-prefix=KIND
// KIND: error: input 'input1': {{.*}}
// RUN: not quant-run --run %t/float.so --input %t/f.npy --input %t/nan.npy 2>&1 | FileCheck %s --check-prefix=NAN
// NAN: error: input 'input1' contains NaN at [1, 2]
// RUN: not quant-run --run %t/float.so --entry float_model --input %t/f.npy --input %t/f.npy 2>&1 | FileCheck %s --check-prefix=ENTRY
// ENTRY: error: --entry: a model library has one entry, chosen by quant-compile --entry
// RUN: cp %t/f.npy %t/not-a-model.so
// RUN: not quant-run --run %t/not-a-model.so --input %t/f.npy 2>&1 | FileCheck %s --check-prefix=NOTSO
// NOTSO: error: {{.*}}not-a-model.so: cannot load the model library: {{.*}}

func.func @observed(%x: tensor<4xf32>) -> tensor<4xf32> {
  %a = qnn.observe %x : tensor<4xf32>
  %b = qnn.relu %a : tensor<4xf32>
  %c = qnn.observe %b : tensor<4xf32>
  return %c : tensor<4xf32>
}

func.func @dynamic(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  return %x : tensor<?x4xf32>
}

func.func @index(%x: tensor<4xf32>) -> tensor<4xindex> {
  %c = arith.constant dense<1> : tensor<4xindex>
  return %c : tensor<4xindex>
}

func.func @float_model(%a: tensor<2x4xf32> {qnn.name = "a"}, %b: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %s = qnn.add %a, %b : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  return %s : tensor<2x4xf32>
}
