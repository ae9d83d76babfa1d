// RUN: quant-opt %s --qnn-quantize-pipeline=scheme=static --mlir-print-debuginfo=false | FileCheck %s --check-prefix=EQ
// RUN: quant-opt %s '--qnn-quantize-pipeline=scheme=static equalize-concat=false' --mlir-print-debuginfo=false | FileCheck %s --check-prefix=SHARED

// The static pipeline equalizes concat branches 100x apart before
// quantizing: the narrow branch's conv is scaled up (weight 1 -> 100) and
// both branches write the concat's scale 100/255 with their full range. With
// equalize-concat=false the narrow branch keeps weight 1 and writes its [0, 1]
// into the same 100/255 scale: three levels.

// EQ-LABEL: func.func @branches
// EQ: arith.constant dense<127> : tensor<1x1x1x1xi8>
// EQ: quant.scast {{.*}} to tensor<1x1x1x1x!quant.uniform<i8<-127:127>:f32:0, {0.787401574803149{{[0-9]+}}}>>
// EQ: qnn.conv2d {{.*}} {activation = #qnn.activation<relu>, qnn.equalized_by = array<f64: 1.000000e+02>} : {{.*}} -> tensor<1x1x2x2x!quant.uniform<u8:f32, 0.39215686274509803>>
// EQ: qnn.conv2d {{.*}} -> tensor<1x1x2x2x!quant.uniform<u8:f32, 0.39215686274509803>>
// EQ: qnn.concat

// SHARED-LABEL: func.func @branches
// SHARED: quant.scast {{.*}} to tensor<1x1x1x1x!quant.uniform<i8<-127:127>:f32:0, {0.0078740157480314959}>>
// SHARED: qnn.conv2d {{.*}} {activation = #qnn.activation<relu>} : {{.*}} -> tensor<1x1x2x2x!quant.uniform<u8:f32, 0.39215686274509803>>
func.func @branches(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %wa = arith.constant dense<1.0> : tensor<1x1x1x1xf32>
  %wb = arith.constant dense<100.0> : tensor<1x1x1x1xf32>
  %wc = arith.constant dense<[[[[1.0]], [[0.01]]]]> : tensor<1x2x1x1xf32>
  %xo = qnn.observe %x {stats = #qnn.stats<min = 0.0, max = 1.0>} : tensor<1x1x2x2xf32>
  %a = qnn.conv2d %xo, %wa {activation = #qnn.activation<relu>} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %ao = qnn.observe %a {stats = #qnn.stats<min = 0.0, max = 1.0>} : tensor<1x1x2x2xf32>
  %b = qnn.conv2d %xo, %wb {activation = #qnn.activation<relu>} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %bo = qnn.observe %b {stats = #qnn.stats<min = 0.0, max = 100.0>} : tensor<1x1x2x2xf32>
  %c = qnn.concat %ao, %bo {axis = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32>
  %co = qnn.observe %c {stats = #qnn.stats<min = 0.0, max = 100.0>} : tensor<1x2x2x2xf32>
  %y = qnn.conv2d %co, %wc : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<1x1x2x2xf32>
  %yo = qnn.observe %y {stats = #qnn.stats<min = 0.0, max = 2.0>} : tensor<1x1x2x2xf32>
  return %yo : tensor<1x1x2x2xf32>
}
