// Constants: dense splats, hex data, dense_resource blobs, and quantized
// constants as integer constants reinterpreted by quant.scast (i8, and
// sub-byte i4 with sub-channel scales). quant.scast reinterprets bits:
// i8 255 and -1 are u8 storage 255.

// RUN: quant-run --interpret %s --output %t.splat.npy --output %t.hex.npy \
// RUN:   --output %t.res.npy --output %t.i8.npy --output %t.i4.npy --output %t.raw.npy
// RUN: %python %S/Inputs/check.py --exact %t.splat.npy "np.full((2, 3), 1.5)"
// RUN: %python %S/Inputs/check.py --exact %t.hex.npy "np.array([1.0, 2.0, 3.0, 4.0])"
// RUN: %python %S/Inputs/check.py --exact %t.res.npy "np.array([[1.0, -2.0], [3.0, -4.0]])"
// RUN: %python %S/Inputs/check.py --exact %t.i8.npy "(np.array([-128, 0, 127]) - 1) * np.float32(0.5)"
// RUN: %python %S/Inputs/check.py --exact %t.i4.npy \
// RUN:   "np.array([[-8, 7, 1, -1], [0, 3, -4, 5]]) * np.array([[0.5, 0.5, 0.25, 0.25], [1, 1, 2, 2]])"
// RUN: %python %S/Inputs/check.py --exact %t.raw.npy "np.array([7, 255, 255, 128])"
// RUN: %python -c "import numpy as np; assert np.load('%t.raw.npy').dtype == np.uint8"
!q8 = !quant.uniform<i8:f32, 0.5:1>
!q4 = !quant.uniform<i4:f32:{0:1, 1:2}, {{0.5, 0.25}, {1.0, 2.0}}>
func.func @main() -> (tensor<2x3xf32>, tensor<4xf32>, tensor<2x2xf32>, tensor<3xf32>,
                      tensor<2x4xf32>, tensor<4x!quant.uniform<u8:f32, 1.0>>) {
  %splat = arith.constant dense<1.5> : tensor<2x3xf32>
  %hex = arith.constant dense<"0x0000803F000000400000404000008040"> : tensor<4xf32>
  %res = arith.constant dense_resource<blob> : tensor<2x2xf32>
  %i8 = arith.constant dense<[-128, 0, 127]> : tensor<3xi8>
  %q8 = quant.scast %i8 : tensor<3xi8> to tensor<3x!q8>
  %d8 = qnn.dequantize %q8 : tensor<3x!q8> -> tensor<3xf32>
  %i4 = arith.constant dense<[[-8, 7, 1, -1], [0, 3, -4, 5]]> : tensor<2x4xi4>
  %q4 = quant.scast %i4 : tensor<2x4xi4> to tensor<2x4x!q4>
  %d4 = qnn.dequantize %q4 : tensor<2x4x!q4> -> tensor<2x4xf32>
  %u8 = arith.constant dense<[7, 255, -1, 128]> : tensor<4xi8>
  %raw = quant.scast %u8 : tensor<4xi8> to tensor<4x!quant.uniform<u8:f32, 1.0>>
  return %splat, %hex, %res, %d8, %d4, %raw : tensor<2x3xf32>, tensor<4xf32>,
      tensor<2x2xf32>, tensor<3xf32>, tensor<2x4xf32>, tensor<4x!quant.uniform<u8:f32, 1.0>>
}

{-#
  dialect_resources: {
    builtin: {
      blob: "0x040000000000803F000000C000004040000080C0"
    }
  }
#-}
