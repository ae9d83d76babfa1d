// RUN: quant-opt %s -split-input-file -verify-diagnostics

// Malformed qnn IR that the parser, the ODS-generated verifiers or type
// inference reject before any qnn verifier runs (those are in invalid.mlir).

func.func @missing_operand(%a: tensor<4xf32>) {
  // expected-error @+1 {{expected ','}}
  %0 = qnn.add %a : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @unknown_op(%a: tensor<4xf32>) {
  // expected-error @+1 {{custom op 'qnn.gelu' is unknown}}
  %0 = qnn.gelu %a : tensor<4xf32>
  return
}

// -----

func.func @unknown_op_generic(%a: tensor<4xf32>) {
  // expected-error @+1 {{unregistered operation 'qnn.gelu' found in dialect ('qnn') that does not allow unknown operations}}
  %0 = "qnn.gelu"(%a) : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @integer_operand(%a: tensor<4xi32>) {
  // expected-error @+1 {{'qnn.sqrt' op operand #0 must be statically shaped tensor of 32-bit float values, but got 'tensor<4xi32>'}}
  %0 = qnn.sqrt %a : tensor<4xi32>
  return
}

// -----

func.func @dynamic_shape(%a: tensor<?x4xf32>) {
  // expected-error @+1 {{'qnn.relu' op operand #0 must be statically shaped tensor of 32-bit float or uniform quantized type values, but got 'tensor<?x4xf32>'}}
  %0 = qnn.relu %a : tensor<?x4xf32>
  return
}

// -----

// !quant.any has no scale (nor, here, an expressed type to dequantize to).
func.func @non_uniform_quantized_type(%q: tensor<4x!quant.any<i8>>) {
  // expected-error @+1 {{'qnn.dequantize' op operand #0 must be statically shaped tensor of uniform quantized type values, but got 'tensor<4x!quant.any<i8>>'}}
  %0 = qnn.dequantize %q : tensor<4x!quant.any<i8>> -> tensor<4xf32>
  return
}

// -----

func.func @wrong_number_of_types(%a: tensor<4xf32>) {
  // expected-error @+1 {{custom op 'qnn.sub' number of operands and types do not match: got 2 operands and 1 types}}
  %0 = qnn.sub %a, %a : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @missing_required_attribute(%x: tensor<1x2x4x4xf32>) {
  // expected-error @+1 {{'qnn.max_pool2d' op requires attribute 'kernel'}}
  %0 = qnn.max_pool2d %x : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return
}

// -----

func.func @wrong_attribute_kind(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.observe' op attribute 'stats' failed to satisfy constraint: Calibration statistics of one tensor}}
  %0 = qnn.observe %x {stats = #qnn.activation<relu>} : tensor<4xf32>
  return
}

// -----

func.func @unknown_lstm_direction(%x: tensor<5x1x4xf32>, %w: tensor<1x32x4xf32>, %r: tensor<1x32x8xf32>) {
  // expected-error @+2 {{expected ::mlir::qnn::LSTMDirection to be one of: forward, reverse, bidirectional}}
  // expected-error @+1 {{failed to parse QNN_LSTMDirectionAttr parameter}}
  %y, %h, %c = qnn.lstm %x, %w, %r {hidden_size = 8 : i64, direction = #qnn.lstm_direction<sideways>} : (tensor<5x1x4xf32>, tensor<1x32x4xf32>, tensor<1x32x8xf32>) -> (tensor<5x1x1x8xf32>, tensor<1x1x8xf32>, tensor<1x1x8xf32>)
  return
}

// -----

// expected-error @+1 {{unknown attribute `policy` in dialect `qnn`}}
func.func @unknown_attribute() attributes {p = #qnn.policy<int8>} {
  return
}

// -----

// expected-error @+2 {{expected ::mlir::qnn::LayoutKind to be one of: vnni, neon_sdot, neon_smmla}}
// expected-error @+1 {{failed to parse QNN_LayoutAttr parameter 'kind' which is to be a `::mlir::qnn::LayoutKind`}}
func.func @unknown_layout_kind() attributes {p = #qnn.layout<avx2, tile = [8, 4]>} {
  return
}

// -----

// expected-error @+1 {{expected ','}}
func.func @truncated_stats() attributes {s = #qnn.stats<min = -1.0>} {
  return
}

// -----

// expected-error @+1 {{expected '['}}
func.func @clamp_without_bounds() attributes {a = #qnn.activation<clamp>} {
  return
}

// -----

// The result type of a data-movement op is inferred; a different one is an
// error.
func.func @inferred_type_mismatch(%x: tensor<2x3xf32>) {
  // expected-error @+2 {{'qnn.transpose' op inferred type(s) 'tensor<3x2xf32>' are incompatible with return type(s) of operation 'tensor<2x3xf32>'}}
  // expected-error @+1 {{'qnn.transpose' op failed to infer returned types}}
  %0 = qnn.transpose %x {perm = array<i64: 1, 0>} : tensor<2x3xf32> -> tensor<2x3xf32>
  return
}

// -----

func.func @dequantize_result_type(%q: tensor<4x!quant.uniform<i8:f16, 0.1>>) {
  // expected-error @+2 {{'qnn.dequantize' op inferred type(s) 'tensor<4xf16>' are incompatible with return type(s) of operation 'tensor<4xf32>'}}
  // expected-error @+1 {{'qnn.dequantize' op failed to infer returned types}}
  %0 = qnn.dequantize %q : tensor<4x!quant.uniform<i8:f16, 0.1>> -> tensor<4xf32>
  return
}
