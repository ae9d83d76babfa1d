// RUN: quant-opt %s '--qnn-quantize-pipeline=keep-float="my head",other' --mlir-print-debuginfo=false | FileCheck %s --check-prefix=BOTH
// RUN: quant-opt %s '--qnn-quantize-pipeline=keep-float="my head"' --mlir-print-debuginfo=false | FileCheck %s --check-prefix=ONE

// The pipeline forwards keep-float names quoted, so an ONNX node name with
// a space reaches qnn-quantize-static whole, and a list stays a list.

// BOTH-LABEL: func.func @names
// BOTH: qnn.fully_connected %{{.*}}, %{{.*}} : (tensor<1x4xf32>, tensor<4x4xf32>) -> tensor<1x4xf32>
// BOTH: qnn.fully_connected %{{.*}}, %{{.*}} : (tensor<1x4xf32>, tensor<4x4xf32>) -> tensor<1x4xf32>

// ONE-LABEL: func.func @names
// ONE: qnn.fully_connected %{{.*}}, %{{.*}} : (tensor<1x4xf32>, tensor<4x4xf32>) -> tensor<1x4xf32>
// ONE: qnn.fully_connected %{{.*}}, %{{.*}} : (tensor<1x4x!quant.uniform<u8:f32, {{.*}}>>, tensor<4x4x!quant.uniform<i8<-127:127>:f32:0, {{.*}}>>) -> tensor<1x4x!quant.uniform<u8:f32, {{.*}}>>
func.func @names(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %w = arith.constant dense<1.0> : tensor<4x4xf32>
  %xo = qnn.observe %x {stats = #qnn.stats<min = 0.0, max = 1.0>} : tensor<1x4xf32>
  %y = qnn.fully_connected %xo, %w : (tensor<1x4xf32>, tensor<4x4xf32>) -> tensor<1x4xf32> loc("my head")
  %yq = qnn.observe %y {stats = #qnn.stats<min = 0.0, max = 4.0>} : tensor<1x4xf32>
  %y2 = qnn.fully_connected %yq, %w : (tensor<1x4xf32>, tensor<4x4xf32>) -> tensor<1x4xf32> loc("other")
  %yo = qnn.observe %y2 {stats = #qnn.stats<min = 0.0, max = 4.0>} : tensor<1x4xf32>
  return %yo : tensor<1x4xf32>
}
