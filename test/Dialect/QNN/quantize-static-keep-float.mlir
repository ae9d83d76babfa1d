// RUN: quant-opt %s --qnn-quantize-static=keep-float=head | FileCheck %s --check-prefix=KEEP

// keep-float: the named fully_connected stays float; the observers around
// it leave no quantize / dequantize behind.
// KEEP-LABEL: func.func @keep_float(
// KEEP-NOT: qnn.quantize
// KEEP: qnn.fully_connected %arg0, %{{.*}} : (tensor<1x4xf32>, tensor<2x4xf32>) -> tensor<1x2xf32>
// KEEP-NOT: qnn.dequantize
func.func @keep_float(%x: tensor<1x4xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<0.5> : tensor<2x4xf32>
  %x0 = qnn.observe %x {stats = #qnn.stats<min = 0.0, max = 1.0>} : tensor<1x4xf32>
  %0 = qnn.fully_connected %x0, %w : (tensor<1x4xf32>, tensor<2x4xf32>) -> tensor<1x2xf32> loc("head")
  %1 = qnn.observe %0 {stats = #qnn.stats<min = 0.0, max = 1.0>} : tensor<1x2xf32>
  return %1 : tensor<1x2xf32>
}
