// RUN: quant-opt %s '--qnn-quantize-pipeline=keep-float="head" dynamic-lstm=true' --mlir-print-debuginfo=false | FileCheck %s
// RUN: quant-opt %s '--qnn-quantize-pipeline=keep-float="head"' --mlir-print-debuginfo=false | FileCheck %s --check-prefix=FLOAT
// RUN: quant-opt %s --qnn-quantize-static --qnn-quantize-dynamic=only-lstm=true --mlir-print-debuginfo=false | FileCheck %s --check-prefix=PASS

// Static quantization leaves an LSTM float; with dynamic-lstm (the pass's
// only-lstm) its W and R become s8 per gate row, while a fully_connected
// static quantization kept float (keep-float) stays float, not dynamically
// quantized.

// CHECK-LABEL: func.func @lstm_then_head
// CHECK: qnn.lstm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {hidden_size = 2 : i64} : (tensor<4x1x3xf32>, tensor<1x8x3x!quant.uniform<i8<-127:127>:f32:1, {{.*}}>>, tensor<1x8x2x!quant.uniform<i8<-127:127>:f32:1, {{.*}}>>, tensor<1x16xf32>)
// CHECK-NOT: qnn.dynamic_quantize
// CHECK: qnn.fully_connected %{{.*}}, %{{.*}} : (tensor<1x2xf32>, tensor<3x2xf32>) -> tensor<1x3xf32>
// FLOAT-LABEL: func.func @lstm_then_head
// FLOAT: qnn.lstm %{{.*}} : (tensor<4x1x3xf32>, tensor<1x8x3xf32>, tensor<1x8x2xf32>, tensor<1x16xf32>)
// PASS-LABEL: func.func @lstm_then_head
// PASS: qnn.lstm %{{.*}} : (tensor<4x1x3xf32>, tensor<1x8x3x!quant.uniform
// PASS: qnn.fully_connected %{{.*}}, %{{.*}} : (tensor<1x2x!quant.uniform
func.func @lstm_then_head(%x: tensor<4x1x3xf32>) -> tensor<1x3xf32> {
  %w = arith.constant dense<0.5> : tensor<1x8x3xf32>
  %r = arith.constant dense<-0.25> : tensor<1x8x2xf32>
  %b = arith.constant dense<0.0> : tensor<1x16xf32>
  %y, %h, %c = qnn.lstm %x, %w, %r, %b {hidden_size = 2 : i64} : (tensor<4x1x3xf32>, tensor<1x8x3xf32>, tensor<1x8x2xf32>, tensor<1x16xf32>) -> (tensor<4x1x1x2xf32>, tensor<1x1x2xf32>, tensor<1x1x2xf32>)
  %h2 = qnn.reshape %h : tensor<1x1x2xf32> -> tensor<1x2xf32>
  %ho = qnn.observe %h2 {stats = #qnn.stats<min = -1.0, max = 1.0>} : tensor<1x2xf32>
  %fw = arith.constant dense<1.0> : tensor<3x2xf32>
  %z = qnn.fully_connected %ho, %fw : (tensor<1x2xf32>, tensor<3x2xf32>) -> tensor<1x3xf32> loc("head")
  %zo = qnn.observe %z {stats = #qnn.stats<min = -2.0, max = 2.0>} : tensor<1x3xf32>
  return %zo : tensor<1x3xf32>
}
