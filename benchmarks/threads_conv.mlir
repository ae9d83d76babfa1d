// Two float 3x3 convolutions (16 -> 32 -> 32 channels, 56x56): the model
// docs/Performance.md times with 1 and 2 threads (quant-run --threads).
func.func @main(%x: tensor<1x16x56x56xf32>, %w1: tensor<32x16x3x3xf32>, %b1: tensor<32xf32>,
                %w2: tensor<32x32x3x3xf32>, %b2: tensor<32xf32>) -> tensor<1x32x56x56xf32> {
  %h = qnn.conv2d %x, %w1, %b1 {padding = array<i64: 1, 1, 1, 1>, activation = #qnn.activation<relu>}
       : (tensor<1x16x56x56xf32>, tensor<32x16x3x3xf32>, tensor<32xf32>) -> tensor<1x32x56x56xf32>
  %y = qnn.conv2d %h, %w2, %b2 {padding = array<i64: 1, 1, 1, 1>, activation = #qnn.activation<relu>}
       : (tensor<1x32x56x56xf32>, tensor<32x32x3x3xf32>, tensor<32xf32>) -> tensor<1x32x56x56xf32>
  return %y : tensor<1x32x56x56xf32>
}
