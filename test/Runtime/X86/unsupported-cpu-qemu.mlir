// A model library compiled for x86-avx512vnni (its kernels use vpdpbusd on
// zmm registers) refuses a CPU without AVX-512 in qnn_model_create, with a
// message and a normal failure exit, never with SIGILL: the driver runs
// under qemu-x86_64 emulating a Haswell (AVX2, no AVX-512). The driver
// itself is built for baseline x86-64 so that everything it executes
// before create runs on any x86-64 CPU. `not` fails on a crash (a signal,
// which qemu-user passes on when the guest dies of one), so only a clean
// non-zero exit passes.
//
// On this machine, when it has AVX-512 VNNI, the same library and driver
// run natively and match the interpreter.

// REQUIRES: c-compiler, qemu-x86_64
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/../../Interpreter/Inputs/gen.py %t/x.npy="randint(0, 256, (5, 12), 'u1')"
// RUN: quant-compile %s --target x86-avx512vnni -o %t/model.so
// The library does contain AVX-512 VNNI code.
// RUN: quant-compile %s --target x86-avx512vnni --emit asm -o - | FileCheck %s --check-prefix=ASM
// ASM: vpdpbusd {{.*}}%zmm
// RUN: %cc -std=c11 -O1 -march=x86-64 -Wall -Wextra -Werror -I%qnn_src/include \
// RUN:   %S/../Inputs/model-abi-test.c -rdynamic -lpthread -ldl -o %t/model-abi-test
// RUN: not qemu-x86_64 -cpu Haswell %t/model-abi-test --model %t/model.so --input %t/x.npy 2>&1 \
// RUN:   | FileCheck %s --check-prefix=QEMU
// QEMU: abi 1, target x86-avx512vnni, features '{{.*}}avx512f{{.*}}avx512vnni'
// QEMU-NOT: mallocs during create
// QEMU: FAIL: create: this CPU lacks features the model was compiled for (target x86-avx512vnni): {{.*}}avx512f,avx512dq,avx512cd,avx512bw,avx512vl,avx512vnni; recompile it for this CPU
// QEMU-NOT: signal

// RUN: %if cpu-avx512_vnni %{ quant-run --interpret %s --input %t/x.npy --output %t/y.npy %}
// RUN: %if cpu-avx512_vnni %{ %t/model-abi-test --model %t/model.so --input %t/x.npy --expect %t/y.npy | FileCheck %s --check-prefix=NATIVE %}
// NATIVE: abi 1, target x86-avx512vnni
// NATIVE: aligned: outputs equal the expected files
// NATIVE: all checks passed

!x = !quant.uniform<u8:f32, 0.02:120>
!w = !quant.uniform<i8<-127:127>:f32, 0.01>
!b = !quant.uniform<i32:f32, 2.0e-4>
!y = !quant.uniform<u8:f32, 0.04:20>
func.func @main(%x: tensor<5x12x!x>) -> tensor<5x16x!y> {
  %cw = arith.constant dense<"0x2C4E864FF80421C97A8EC7E212E9A28C818DA67FB12740BCC8EFC479AE654C589EE521FE2A2D2A90750E67C6DD61B091E02EA05ED7BA0B65625FCF85473545818A01D6F06EB407D3CC4EA8D19FA7C83314F3AC4C4CBD90D2A64C0502CB0277BD4484D16E5F965758F4DE7A732DE6B66FC50E2DBED13EB32C712F25F777B9DB24279CAA3157236FE1D54C8BB2B2E4A94C58E288369C1DAC702D7D1E39E04F9DA7DC36FC5971E7ED0E25FB1A753CD1EDE7A7814AECDA22106F1D6C14D4D37D16B0"> : tensor<16x12xi8>
  %w = quant.scast %cw : tensor<16x12xi8> to tensor<16x12x!w>
  %cb = arith.constant dense<[3307, 3232, -4883, -3428, 1923, -950, -1590, -4266, -3098, 3580, 3320, 3287, 717, -3603, -1776, 271]> : tensor<16xi32>
  %b = quant.scast %cb : tensor<16xi32> to tensor<16x!b>
  %y = qnn.fully_connected %x, %w, %b {activation = #qnn.activation<relu>}
       : (tensor<5x12x!x>, tensor<16x12x!w>, tensor<16x!b>) -> tensor<5x16x!y>
  return %y : tensor<5x16x!y>
}
