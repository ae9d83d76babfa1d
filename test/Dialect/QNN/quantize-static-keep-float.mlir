// RUN: quant-opt %s --qnn-quantize-static=keep-float=head,dw | FileCheck %s --check-prefix=KEEP

// One module, no -split-input-file: every keep-float name must name an op
// of the module the pass runs on.

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

// keep-float on a depthwise conv between two INT8 ops: it computes in
// float between the conv's dequantize and its own observer's quantize; the
// conv before it and the residual add after it stay INT8.
// KEEP-LABEL: func.func @keep_float_depthwise(
// KEEP: %[[X:.*]] = qnn.quantize %arg0 : {{.*}} -> tensor<1x2x2x2x!quant.uniform<u8:f32, 0.0039215686274509803>>
// KEEP: %[[C:.*]] = qnn.conv2d %[[X]], {{.*}} -> tensor<1x2x2x2x!quant.uniform<u8:f32, 0.0078431372549019607>>
// KEEP: %[[CD:.*]] = qnn.dequantize %[[C]]
// KEEP: %[[D:.*]] = qnn.conv2d %[[CD]], %{{.*}} {groups = 2 : i64} : (tensor<1x2x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
// KEEP: %[[DQ:.*]] = qnn.quantize %[[D]] : {{.*}} -> tensor<1x2x2x2x!quant.uniform<u8:f32, 0.0039215686274509803>>
// KEEP: %[[A:.*]] = qnn.add %[[DQ]], %[[X]] : {{.*}} -> tensor<1x2x2x2x!quant.uniform<u8:f32, 0.0078431372549019607>>
// KEEP: qnn.dequantize %[[A]]
func.func @keep_float_depthwise(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense<1.0> : tensor<2x2x1x1xf32>
  %dw = arith.constant dense<0.5> : tensor<2x1x1x1xf32>
  %x0 = qnn.observe %x {stats = #qnn.stats<min = 0.0, max = 1.0>} : tensor<1x2x2x2xf32>
  %0 = qnn.conv2d %x0, %w : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = qnn.observe %0 {stats = #qnn.stats<min = 0.0, max = 2.0>} : tensor<1x2x2x2xf32>
  %2 = qnn.conv2d %1, %dw {groups = 2 : i64} : (tensor<1x2x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32> loc("dw")
  %3 = qnn.observe %2 {stats = #qnn.stats<min = 0.0, max = 1.0>} : tensor<1x2x2x2xf32>
  %4 = qnn.add %3, %x0 : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %5 = qnn.observe %4 {stats = #qnn.stats<min = 0.0, max = 2.0>} : tensor<1x2x2x2xf32>
  return %5 : tensor<1x2x2x2xf32>
}
