// A model library end to end: quant-compile twice gives the same bytes; the
// .so exports exactly the C ABI of qnn_runtime.h and needs only libc, libm
// and libpthread; a C program (Inputs/model-abi-test.c) loads two model
// libraries into one process and checks, for each, outputs equal to the
// reference interpreter's bytes, no allocation in `run`, buffers off
// alignment, wrong sizes, overlapping buffers and 4 threads on one model;
// quant-run --run model.so equals quant-run --interpret.

// REQUIRES: c-compiler
// RUN: rm -rf %t && mkdir -p %t/a %t/b
// RUN: %python %S/../Interpreter/Inputs/gen.py %t/x.npy="randn(3, 5, 7, 2) * 4" \
// RUN:   %t/q.npy="randint(0, 256, (3, 5, 7, 2), 'u1')" \
// RUN:   %t/f.npy="randn(2, 3, 9) * 3" \
// RUN:   %t/z.npy="np.where(randn(2, 3, 9) > 0.3, 0.0, randn(2, 3, 9)).astype('f4')" \
// RUN:   %t/xs.npy="randn(4, 3, 5, 7, 2) * 4" \
// RUN:   %t/qs.npy="randint(0, 256, (4, 3, 5, 7, 2), 'u1')"

// Reproducible: two compiles into two directories, the same bytes.
// RUN: quant-compile %s --entry quantized -o %t/a/quantized.so
// RUN: quant-compile %s --entry quantized -o %t/b/quantized.so
// RUN: cmp %t/a/quantized.so %t/b/quantized.so
// RUN: quant-compile %s --entry float_model --target host --threads 3 -o %t/a/float.so
// RUN: quant-compile %s --entry float_model --target host --threads 3 -o %t/b/float.so
// RUN: cmp %t/a/float.so %t/b/float.so

// The exports are the functions qnn_runtime.h declares, each at version
// QNN_ABI_1, and nothing else (besides the version node).
// RUN: grep -oE 'qnn_[a-z_]+\(' %qnn_src/include/qnn/Runtime/qnn_runtime.h \
// RUN:   | tr -d '(' | sort -u > %t/abi.txt
// RUN: llvm-nm -D --defined-only --format=just-symbols %t/a/quantized.so \
// RUN:   | sed 's/@@QNN_ABI_1$//' | grep -v '^QNN_ABI_1$' | sort > %t/exports.txt
// RUN: diff %t/abi.txt %t/exports.txt
// RUN: llvm-nm -D --defined-only --format=just-symbols %t/a/float.so \
// RUN:   | sed 's/@@QNN_ABI_1$//' | grep -v '^QNN_ABI_1$' | sort | diff %t/abi.txt -
// RUN: llvm-nm -D --defined-only %t/a/quantized.so | FileCheck %s --check-prefix=VERSION
// VERSION: A QNN_ABI_1
// VERSION: T qnn_model_run@@QNN_ABI_1

// Only the C library (libm, libpthread, the loader, the vDSO).
// RUN: ldd %t/a/quantized.so %t/a/float.so > %t/ldd.txt
// RUN: FileCheck %s --check-prefix=LDD < %t/ldd.txt
// LDD: libc.so.6
// RUN: grep -vE '^[^[:space:]]+:$' %t/ldd.txt \
// RUN:   | not grep -vE '^[[:space:]]*(linux-vdso\.so\.1|libc\.so\.6|libm\.so\.6|libpthread\.so\.0|/lib64/ld-linux-x86-64\.so\.2)[[:space:]]'
// RUN: llvm-readelf -d %t/a/quantized.so > %t/dynamic.txt
// RUN: FileCheck %s --check-prefix=DYNAMIC --implicit-check-not=RPATH \
// RUN:   --implicit-check-not=RUNPATH < %t/dynamic.txt
// DYNAMIC-DAG: (NEEDED) Shared library: [libc.so.6]
// DYNAMIC-DAG: (SONAME) Library soname: [quantized.so]
// RUN: grep NEEDED %t/dynamic.txt \
// RUN:   | not grep -vE '\[(libc\.so\.6|libm\.so\.6|libpthread\.so\.0|ld-linux-x86-64\.so\.2)\]'

// The reference outputs.
// RUN: quant-run --interpret %s --entry quantized --input %t/x.npy --input %t/q.npy \
// RUN:   --output %t/q0.npy --output %t/q1.npy
// RUN: quant-run --interpret %s --entry float_model --input %t/f.npy --input %t/z.npy \
// RUN:   --output %t/f0.npy

// RUN: %cc -std=c11 -O1 -Wall -Wextra -Werror -I%qnn_src/include \
// RUN:   %S/Inputs/model-abi-test.c -rdynamic -lpthread -ldl -o %t/model-abi-test
// RUN: %t/model-abi-test --threads 4 --contexts 4 --runs 50 \
// RUN:   --model %t/a/quantized.so --input %t/x.npy --input %t/q.npy \
// RUN:     --expect %t/q0.npy --expect %t/q1.npy \
// RUN:   --model %t/a/float.so --input %t/f.npy --input %t/z.npy --expect %t/f0.npy \
// RUN:   | FileCheck %s --check-prefix=ABI
// ABI-LABEL: model quantized.so
// ABI-NEXT: abi 1, target generic, features ''
// ABI-NEXT: compiler qnn-mlir {{.*}} (LLVM 22{{.*}})
// ABI-NEXT: mallocs during create: {{[1-9][0-9]*}}
// ABI-NEXT: threads 1, contexts 4
// ABI-NEXT: input 0: x f32 [3x5x7x2] NCHW 840 bytes
// ABI-NEXT: input 1: q u8 [3x5x7x2] NCHW 210 bytes
// ABI-NEXT: output 0: y u8 [3x5x7x2] NCHW 210 bytes
// ABI-NEXT: output 1: output1 f32 [3x5x7x2] NCHW 840 bytes
// ABI-NEXT: info out of range: input index 2 out of range: the model has 2
// ABI-NEXT: mallocs during run: 0
// ABI-NEXT: aligned: outputs equal the expected files
// ABI-NEXT: offset by one byte: outputs equal
// ABI-NEXT: short input: status 2: input 0 ('x', 840 bytes, shape 3x5x7x2): got a buffer of 839 bytes
// ABI-NEXT: long output: status 2: output 1 ('output1', 840 bytes, shape 3x5x7x2): got a buffer of 841 bytes
// ABI-NEXT: failed runs left the outputs untouched
// ABI-NEXT: overlap: status 1: output 0 ('y') overlaps input 0 ('x')
// ABI-NEXT: 4 threads x 50 runs: every output equal
// ABI-LABEL: model float.so
// ABI-NEXT: abi 1, target host:{{.+}}, features '{{.*}}'
// ABI-NEXT: compiler
// ABI-NEXT: mallocs during create: {{[1-9][0-9]*}}
// ABI-NEXT: threads 3, contexts 4
// ABI-NEXT: input 0: input0 f32 [2x3x9] row-major 216 bytes
// ABI-NEXT: input 1: input1 f32 [2x3x9] row-major 216 bytes
// ABI-NEXT: output 0: output0 f32 [2x3x9] row-major 216 bytes
// ABI: mallocs during run: 0
// ABI-NEXT: aligned: outputs equal the expected files
// ABI-NEXT: offset by one byte: outputs equal
// ABI: 4 threads x 50 runs: every output equal
// ABI-NEXT: all checks passed

// One context: four threads take turns, with the same results.
// RUN: %t/model-abi-test --threads 4 --contexts 1 --runs 20 \
// RUN:   --model %t/a/quantized.so --input %t/x.npy --input %t/q.npy \
// RUN:     --expect %t/q0.npy --expect %t/q1.npy | FileCheck %s --check-prefix=ONE
// ONE: threads 1, contexts 1
// ONE: 4 threads x 20 runs: every output equal

// quant-run --run model.so: the interpreter's bytes, one sample or several.
// RUN: quant-run --run %t/a/quantized.so --input %t/x.npy --input %t/q.npy \
// RUN:   --output %t/r0.npy --output %t/r1.npy
// RUN: cmp %t/r0.npy %t/q0.npy
// RUN: cmp %t/r1.npy %t/q1.npy
// RUN: quant-run --run %t/a/float.so --input %t/f.npy --input %t/z.npy --output %t/rf.npy
// RUN: cmp %t/rf.npy %t/f0.npy
// RUN: quant-run --interpret %s --entry quantized --samples --input %t/xs.npy \
// RUN:   --input %t/qs.npy --output %t/qs0.npy --output %t/qs1.npy
// RUN: quant-run --run %t/a/quantized.so --samples --input %t/xs.npy \
// RUN:   --input %t/qs.npy --output %t/rs0.npy --output %t/rs1.npy --time \
// RUN:   | FileCheck %s --check-prefix=TIME
// TIME: time: median {{[0-9.]+}} ms over 10 runs
// RUN: cmp %t/rs0.npy %t/qs0.npy
// RUN: cmp %t/rs1.npy %t/qs1.npy

// The descriptor the runtime reads, and no allocator in the model code.
// RUN: quant-compile %s --entry quantized --emit=llvm -o - | FileCheck %s --check-prefix=IR
// IR-NOT: @malloc
// IR: @__qnn_model_descriptor = hidden {{.*}}constant %qnn_model_descriptor { i32 1, i32 2, i32 2, i32 1, ptr @__qnn_inputs, ptr @__qnn_outputs, i64 {{[1-9][0-9]*}}, ptr @__qnn_compiler_version, ptr @__qnn_target, ptr @__qnn_cpu_features, ptr @__qnn_model_invoke }
// IR-NOT: @malloc

// Quantize, requantize, add, mul with broadcasting, relu, clamp,
// dequantize; u8 in and out; odd sizes, batch 3.
!a8 = !quant.uniform<u8:f32, 0.05:128>
!b8 = !quant.uniform<i8:f32, 0.07:-3>
!q8 = !quant.uniform<u8:f32, 0.03:100>
!y8 = !quant.uniform<u8:f32, 0.04:10>
func.func @quantized(%x: tensor<3x5x7x2xf32> {qnn.name = "x"},
                     %q: tensor<3x5x7x2x!q8> {qnn.name = "q"})
    -> (tensor<3x5x7x2x!y8> {qnn.name = "y"}, tensor<3x5x7x2xf32>) {
  %a = qnn.quantize %x : tensor<3x5x7x2xf32> -> tensor<3x5x7x2x!a8>
  %r = qnn.relu %a : tensor<3x5x7x2x!a8>
  %b = qnn.requantize %q : tensor<3x5x7x2x!q8> -> tensor<3x5x7x2x!b8>
  %s = qnn.add %r, %b {activation = #qnn.activation<relu6>} : (tensor<3x5x7x2x!a8>, tensor<3x5x7x2x!b8>) -> tensor<3x5x7x2x!y8>
  %m = qnn.mul %s, %q : (tensor<3x5x7x2x!y8>, tensor<3x5x7x2x!q8>) -> tensor<3x5x7x2x!y8>
  %c = qnn.clamp %m {min = 0.1 : f32, max = 5.0 : f32} : tensor<3x5x7x2x!y8>
  %d = qnn.dequantize %c : tensor<3x5x7x2x!y8> -> tensor<3x5x7x2xf32>
  return %c, %d : tensor<3x5x7x2x!y8>, tensor<3x5x7x2xf32>
}

// Float: ±Inf and NaN from f / z and sqrt of negatives.
func.func @float_model(%f: tensor<2x3x9xf32>, %z: tensor<2x3x9xf32>) -> tensor<2x3x9xf32> {
  %d = qnn.div %f, %z : (tensor<2x3x9xf32>, tensor<2x3x9xf32>) -> tensor<2x3x9xf32>
  %s = qnn.sqrt %f : tensor<2x3x9xf32>
  %a = qnn.add %d, %s : (tensor<2x3x9xf32>, tensor<2x3x9xf32>) -> tensor<2x3x9xf32>
  %m = qnn.mul %a, %f : (tensor<2x3x9xf32>, tensor<2x3x9xf32>) -> tensor<2x3x9xf32>
  %r = qnn.relu %m : tensor<2x3x9xf32>
  %b = qnn.sub %r, %f : (tensor<2x3x9xf32>, tensor<2x3x9xf32>) -> tensor<2x3x9xf32>
  return %b : tensor<2x3x9xf32>
}
