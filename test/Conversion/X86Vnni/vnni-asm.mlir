// The model pipeline (quant-compile) puts vpdpbusd in the innermost loop of
// an INT8 convolution's and a matmul's kernel: 6 rows x 4 zmm accumulators
// (24 per iteration) for x86-avx512vnni, 6 x 2 ymm in the VEX encoding of
// AVX-VNNI for x86-avxvnni, none for generic. Compiling needs no VNNI CPU.

// RUN: quant-compile %s --entry conv --target x86-avx512vnni --emit asm -o %t.conv512.s
// RUN: %python %S/Inputs/innermost_loops.py %t.conv512.s vpdpbusd | FileCheck %s --check-prefix=ZMM
// RUN: quant-compile %s --entry matmul --target x86-avx512vnni --emit asm -o %t.matmul512.s
// RUN: %python %S/Inputs/innermost_loops.py %t.matmul512.s vpdpbusd | FileCheck %s --check-prefix=ZMM
// ZMM: innermost loop {{.*}}: 24 x vpdpbusd (zmm)

// RUN: quant-compile %s --entry conv --target x86-avxvnni --emit asm -o %t.conv256.s
// RUN: %python %S/Inputs/innermost_loops.py %t.conv256.s vpdpbusd | FileCheck %s --check-prefix=YMM
// RUN: FileCheck %s --check-prefix=VEX < %t.conv256.s
// RUN: quant-compile %s --entry matmul --target x86-avxvnni --emit asm -o %t.matmul256.s
// RUN: %python %S/Inputs/innermost_loops.py %t.matmul256.s vpdpbusd | FileCheck %s --check-prefix=YMM
// YMM: innermost loop {{.*}}: 12 x vpdpbusd (ymm)
// VEX: {vex} vpdpbusd %ymm{{[0-9]+}}, %ymm{{[0-9]+}}, %ymm{{[0-9]+}}
// VEX-NOT: zmm

// RUN: quant-compile %s --entry conv --target generic --emit asm -o %t.generic.s
// RUN: %python %S/Inputs/innermost_loops.py %t.generic.s vpdpbusd | FileCheck %s --check-prefix=GENERIC
// GENERIC: 0 innermost loops with vpdpbusd

!x = !quant.uniform<u8:f32, 0.04:131>
!w = !quant.uniform<i8<-127:127>:f32:0, {0.012, 0.02, 0.013, 0.011, 0.012, 0.02, 0.013, 0.011, 0.012, 0.02, 0.013, 0.011, 0.012, 0.02, 0.013, 0.011, 0.012, 0.02, 0.013, 0.011, 0.012, 0.02, 0.013, 0.011, 0.012, 0.02, 0.013, 0.011, 0.012, 0.02, 0.013, 0.011, 0.012, 0.02, 0.013, 0.011, 0.012, 0.02, 0.013, 0.011, 0.012, 0.02, 0.013, 0.011, 0.012, 0.02, 0.013, 0.011, 0.012, 0.02, 0.013, 0.011, 0.012, 0.02, 0.013, 0.011, 0.012, 0.02, 0.013, 0.011, 0.012, 0.02, 0.013, 0.011}>
!y = !quant.uniform<u8:f32, 0.3:5>
func.func @conv(%x: tensor<1x64x14x14x!x>) -> tensor<1x64x14x14x!y> {
  %c = arith.constant dense<3> : tensor<64x64x3x3xi8>
  %w = quant.scast %c : tensor<64x64x3x3xi8> to tensor<64x64x3x3x!w>
  %y = qnn.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>, activation = #qnn.activation<relu>}
       : (tensor<1x64x14x14x!x>, tensor<64x64x3x3x!w>) -> tensor<1x64x14x14x!y>
  return %y : tensor<1x64x14x14x!y>
}

!a = !quant.uniform<u8:f32, 0.05:120>
!b = !quant.uniform<i8<-127:127>:f32, 0.02>
!c = !quant.uniform<u8:f32, 0.6:100>
func.func @matmul(%a: tensor<64x256x!a>) -> tensor<64x128x!c> {
  %k = arith.constant dense<-7> : tensor<256x128xi8>
  %b = quant.scast %k : tensor<256x128xi8> to tensor<256x128x!b>
  %y = qnn.matmul %a, %b : (tensor<64x256x!a>, tensor<256x128x!b>) -> tensor<64x128x!c>
  return %y : tensor<64x128x!c>
}
