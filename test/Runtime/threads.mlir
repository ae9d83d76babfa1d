// The thread pool: a model library and the JIT give the interpreter's bytes
// with any thread count. Large parallel loops (here every convolution and
// the matmul) run through qnn_rt_parallel_for; the model .so is created
// with 1, 3 and 4 pool threads (and its compile-time default), by one
// caller or by 4 callers on 1, 2 or 4 contexts, and never allocates in
// `run`; quant-run --run --threads 2 (JIT and .so) equals --interpret.

// REQUIRES: c-compiler
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/../Interpreter/Inputs/gen.py %t/x.npy="randint(0, 256, (1, 8, 24, 24), 'u1')" \
// RUN:   %t/w1.npy="randint(-127, 128, (16, 8, 3, 3), 'i1')" %t/b1.npy="randint(-3000, 3000, (16,), 'i4')" \
// RUN:   %t/w2.npy="randint(-127, 128, (13, 16, 3, 3), 'i1')" %t/b2.npy="randint(-3000, 3000, (13,), 'i4')" \
// RUN:   %t/f.npy="randn(2, 6, 15, 15)" %t/fw.npy="randn(10, 6, 3, 3)" %t/fb.npy="randn(10)" \
// RUN:   %t/fm.npy="randn(13, 40)"

// RUN: quant-compile %s --entry quantized --threads 4 -o %t/quantized.so
// RUN: quant-compile %s --entry float_model --target host -o %t/float.so
// RUN: quant-run --interpret %s --entry quantized --input %t/x.npy --input %t/w1.npy \
// RUN:   --input %t/b1.npy --input %t/w2.npy --input %t/b2.npy --output %t/q.npy
// RUN: quant-run --interpret %s --entry float_model --input %t/f.npy --input %t/fw.npy \
// RUN:   --input %t/fb.npy --input %t/fm.npy --output %t/f0.npy

// The loops go through the pool: the entry calls the runtime.
// RUN: quant-compile %s --entry quantized --emit=llvm -o - | FileCheck %s --check-prefix=IR
// IR: call void @qnn_rt_parallel_for(i64 {{[0-9]+}}, ptr nonnull @{{.*}}_parallel{{[0-9]+}}, ptr

// RUN: %cc -std=c11 -O1 -Wall -Wextra -Werror -I%qnn_src/include \
// RUN:   %S/Inputs/model-abi-test.c -rdynamic -lpthread -ldl -o %t/model-abi-test

// Pool threads 1 and 4 (and the compile-time default), 4 callers on 2
// contexts: every output is the interpreter's, no allocation in run.
// RUN: %t/model-abi-test --pool-threads 1 --threads 4 --contexts 2 --runs 10 \
// RUN:   --model %t/quantized.so --input %t/x.npy --input %t/w1.npy --input %t/b1.npy \
// RUN:     --input %t/w2.npy --input %t/b2.npy --expect %t/q.npy \
// RUN:   --model %t/float.so --input %t/f.npy --input %t/fw.npy --input %t/fb.npy \
// RUN:     --input %t/fm.npy --expect %t/f0.npy \
// RUN:   | FileCheck %s --check-prefixes=ABI,ONE
// RUN: %t/model-abi-test --pool-threads 4 --threads 4 --contexts 2 --runs 10 \
// RUN:   --model %t/quantized.so --input %t/x.npy --input %t/w1.npy --input %t/b1.npy \
// RUN:     --input %t/w2.npy --input %t/b2.npy --expect %t/q.npy \
// RUN:   --model %t/float.so --input %t/f.npy --input %t/fw.npy --input %t/fb.npy \
// RUN:     --input %t/fm.npy --expect %t/f0.npy \
// RUN:   | FileCheck %s --check-prefixes=ABI,FOUR
// RUN: %t/model-abi-test --threads 4 --contexts 4 --runs 10 \
// RUN:   --model %t/quantized.so --input %t/x.npy --input %t/w1.npy --input %t/b1.npy \
// RUN:     --input %t/w2.npy --input %t/b2.npy --expect %t/q.npy \
// RUN:   --model %t/float.so --input %t/f.npy --input %t/fw.npy --input %t/fb.npy \
// RUN:     --input %t/fm.npy --expect %t/f0.npy \
// RUN:   | FileCheck %s --check-prefixes=ABI,DEFAULT
// ABI-LABEL: model quantized.so
// ONE: threads 1, contexts 2
// FOUR: threads 4, contexts 2
// DEFAULT: threads 4, contexts 4
// ABI: mallocs during run: 0
// ABI-NEXT: aligned: outputs equal the expected files
// ABI-NEXT: offset by one byte: outputs equal
// ABI: 4 threads x 10 runs: every output equal
// ABI-LABEL: model float.so
// ONE: threads 1, contexts 2
// FOUR: threads 4, contexts 2
// DEFAULT: threads 1, contexts 4
// ABI: mallocs during run: 0
// ABI-NEXT: aligned: outputs equal the expected files
// ABI-NEXT: offset by one byte: outputs equal
// ABI: 4 threads x 10 runs: every output equal
// ABI-NEXT: all checks passed

// One caller, 3 pool threads: every run has the pool to itself.
// RUN: %t/model-abi-test --pool-threads 3 --threads 1 --contexts 1 --runs 20 \
// RUN:   --model %t/quantized.so --input %t/x.npy --input %t/w1.npy --input %t/b1.npy \
// RUN:     --input %t/w2.npy --input %t/b2.npy --expect %t/q.npy \
// RUN:   | FileCheck %s --check-prefix=SERIAL
// SERIAL: threads 3, contexts 1
// SERIAL: mallocs during run: 0
// SERIAL: 1 threads x 20 runs: every output equal

// quant-run --run --threads 2: the model library and the JIT.
// RUN: quant-run --run %t/quantized.so --threads 2 --input %t/x.npy --input %t/w1.npy \
// RUN:   --input %t/b1.npy --input %t/w2.npy --input %t/b2.npy --output %t/rq.npy
// RUN: cmp %t/rq.npy %t/q.npy
// RUN: quant-run --run --threads 2 %s --entry quantized --input %t/x.npy --input %t/w1.npy \
// RUN:   --input %t/b1.npy --input %t/w2.npy --input %t/b2.npy --output %t/jq.npy
// RUN: cmp %t/jq.npy %t/q.npy
// RUN: quant-run --run --threads 2 --target generic %s --entry float_model --input %t/f.npy \
// RUN:   --input %t/fw.npy --input %t/fb.npy --input %t/fm.npy --output %t/jf.npy
// RUN: cmp %t/jf.npy %t/f0.npy
// RUN: quant-run --run --threads 3 %s --entry float_model --input %t/f.npy \
// RUN:   --input %t/fw.npy --input %t/fb.npy --input %t/fm.npy --output %t/jf3.npy
// RUN: cmp %t/jf3.npy %t/f0.npy

// Thread counts out of range.
// RUN: not quant-run --run %t/quantized.so --threads 2000 --input %t/x.npy --input %t/w1.npy \
// RUN:   --input %t/b1.npy --input %t/w2.npy --input %t/b2.npy 2>&1 | FileCheck %s --check-prefix=TOO_MANY
// TOO_MANY: error: {{.*}}2000 threads asked for; at most 1024
// RUN: not quant-run --run --threads 2000 %s --entry quantized --input %t/x.npy 2>&1 \
// RUN:   | FileCheck %s --check-prefix=TOO_MANY_JIT
// TOO_MANY_JIT: error: --threads must be at most 1024

// Two u8 convolutions with run-time weights: 3x3 padded, relu, then 3x3
// valid into i8; 16 and 13 output channels (not multiples of 16 for the
// second).
!x = !quant.uniform<u8:f32, 0.05:128>
!w1 = !quant.uniform<i8<-127:127>:f32, 0.01>
!b1 = !quant.uniform<i32:f32, 5.0e-4>
!h = !quant.uniform<u8:f32, 0.08:0>
!w2 = !quant.uniform<i8<-127:127>:f32, 0.02>
!b2 = !quant.uniform<i32:f32, 1.6e-3>
!y = !quant.uniform<i8:f32, 0.1:-5>
func.func @quantized(%x: tensor<1x8x24x24x!x>, %w1: tensor<16x8x3x3x!w1>, %b1: tensor<16x!b1>,
                     %w2: tensor<13x16x3x3x!w2>, %b2: tensor<13x!b2>) -> tensor<1x13x22x22x!y> {
  %h = qnn.conv2d %x, %w1, %b1 {padding = array<i64: 1, 1, 1, 1>, activation = #qnn.activation<relu>}
       : (tensor<1x8x24x24x!x>, tensor<16x8x3x3x!w1>, tensor<16x!b1>) -> tensor<1x16x24x24x!h>
  %y = qnn.conv2d %h, %w2, %b2
       : (tensor<1x16x24x24x!h>, tensor<13x16x3x3x!w2>, tensor<13x!b2>) -> tensor<1x13x22x22x!y>
  return %y : tensor<1x13x22x22x!y>
}

// Float: a convolution (f32 sums in the interpreter's order), relu, and a
// matmul over the last dimension; batch 2.
func.func @float_model(%x: tensor<2x6x15x15xf32>, %w: tensor<10x6x3x3xf32>, %b: tensor<10xf32>,
                       %m: tensor<13x40xf32>) -> tensor<2x10x13x40xf32> {
  %c = qnn.conv2d %x, %w, %b {activation = #qnn.activation<relu>}
       : (tensor<2x6x15x15xf32>, tensor<10x6x3x3xf32>, tensor<10xf32>) -> tensor<2x10x13x13xf32>
  %y = qnn.matmul %c, %m : (tensor<2x10x13x13xf32>, tensor<13x40xf32>) -> tensor<2x10x13x40xf32>
  return %y : tensor<2x10x13x40xf32>
}
