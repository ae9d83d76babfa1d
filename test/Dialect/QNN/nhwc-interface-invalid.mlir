// RUN: quant-opt %s --qnn-nhwc-interface -verify-diagnostics

// An image quantized per axis cannot be transposed by the interface (its
// axis would move); activations at the interface are quantized per tensor.
!p = !quant.uniform<u8:f32:1, {0.1:128, 0.2:128}>
// expected-error @+1 {{cannot give input 0 of type 'tensor<1x2x3x3x!quant.uniform<u8:f32:1, {1.000000e-01:128,2.000000e-01:128}>>' the NHWC layout: it is quantized per axis}}
func.func @per_axis(%x: tensor<1x2x3x3x!p>) -> tensor<1x2x3x3x!p> {
  return %x : tensor<1x2x3x3x!p>
}
