// Depthwise conv2d (one input channel per group), compiled (generic and
// host) and run against the interpreter: the vector kernels of
// qnn-linalg-to-kernels (DepthwiseConvKernel.cpp) on odd shapes. 19
// channels (not a multiple of any vector width), batch 2, rows of 37
// columns so that a row has border vectors, interior tiles and a rest at
// every width, stride 2, asymmetric padding. Every output must be
// bit-identical: float results because each lane adds its products in the
// loops' order and skips the padding, as the interpreter does; the float
// inputs hold ±Inf and NaN made inside the models (x / z with zeros in z).

// RUN: %python %S/../Interpreter/Inputs/gen.py \
// RUN:   %t.fx.npy="randn(2, 19, 9, 37) * 3" %t.fz.npy="np.where(randn(2, 19, 9, 37) > 2.0, 0.0, 1.0 + randn(2, 19, 9, 37) ** 2).astype('f4')" \
// RUN:   %t.fw.npy="randn(19, 1, 3, 3)" %t.fb.npy="randn(19)" %t.fw5.npy="randn(19, 1, 5, 5)" \
// RUN:   %t.fwz.npy="np.where(randn(19, 1, 3, 3) > 1.5, 0.0, 1.0).astype('f4')" \
// RUN:   %t.ix.npy="randint(-128, 128, (2, 19, 9, 37), 'i1')" %t.ib.npy="randint(-3000, 3000, (19,), 'i4')" \
// RUN:   %t.ux.npy="randint(0, 256, (2, 19, 9, 37), 'u1')" %t.uw.npy="randint(-127, 128, (19, 1, 3, 3), 'i1')"

//===----------------------------------------------------------------------===//
// f32
//===----------------------------------------------------------------------===//

// 3x3 stride 1, asymmetric padding (top 1, left 2, bottom 0, right 1), bias.
// RUN: %python %S/Inputs/compare_compiled.py %s --entry dw_float --input %t.fx.npy --input %t.fz.npy --input %t.fw.npy --input %t.fb.npy | FileCheck %s --check-prefix=DW_FLOAT
// DW_FLOAT: dw_float output 0 (generic): bit-identical
// DW_FLOAT: dw_float output 0 (host): bit-identical
func.func @dw_float(%x: tensor<2x19x9x37xf32>, %z: tensor<2x19x9x37xf32>, %w: tensor<19x1x3x3xf32>,
                    %b: tensor<19xf32>) -> tensor<2x19x8x38xf32> {
  %d = qnn.div %x, %z : (tensor<2x19x9x37xf32>, tensor<2x19x9x37xf32>) -> tensor<2x19x9x37xf32>
  %y = qnn.conv2d %d, %w, %b {padding = array<i64: 1, 2, 0, 1>, groups = 19 : i64}
       : (tensor<2x19x9x37xf32>, tensor<19x1x3x3xf32>, tensor<19xf32>) -> tensor<2x19x8x38xf32>
  return %y : tensor<2x19x8x38xf32>
}

// 3x3 stride 2, padding 1; infinite weights (w / 0), which must not meet
// the padding (Inf * 0 would be NaN).
// RUN: %python %S/Inputs/compare_compiled.py %s --entry dw_float_stride2 --input %t.fx.npy --input %t.fw.npy --input %t.fwz.npy | FileCheck %s --check-prefix=DW_FLOAT_STRIDE2
// DW_FLOAT_STRIDE2: dw_float_stride2 output 0 (generic): bit-identical
// DW_FLOAT_STRIDE2: dw_float_stride2 output 0 (host): bit-identical
func.func @dw_float_stride2(%x: tensor<2x19x9x37xf32>, %v: tensor<19x1x3x3xf32>, %z: tensor<19x1x3x3xf32>)
    -> tensor<2x19x5x19xf32> {
  %w = qnn.div %v, %z : (tensor<19x1x3x3xf32>, tensor<19x1x3x3xf32>) -> tensor<19x1x3x3xf32>
  %y = qnn.conv2d %x, %w {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, groups = 19 : i64}
       : (tensor<2x19x9x37xf32>, tensor<19x1x3x3xf32>) -> tensor<2x19x5x19xf32>
  return %y : tensor<2x19x5x19xf32>
}

// 5x5 stride 2, dilation 2 across the columns, padding 2, relu6.
// RUN: %python %S/Inputs/compare_compiled.py %s --entry dw_float_5x5 --input %t.fx.npy --input %t.fz.npy --input %t.fw5.npy | FileCheck %s --check-prefix=DW_FLOAT_5X5
// DW_FLOAT_5X5: dw_float_5x5 output 0 (generic): bit-identical
// DW_FLOAT_5X5: dw_float_5x5 output 0 (host): bit-identical
func.func @dw_float_5x5(%x: tensor<2x19x9x37xf32>, %z: tensor<2x19x9x37xf32>, %w: tensor<19x1x5x5xf32>)
    -> tensor<2x19x5x17xf32> {
  %d = qnn.div %x, %z : (tensor<2x19x9x37xf32>, tensor<2x19x9x37xf32>) -> tensor<2x19x9x37xf32>
  %y = qnn.conv2d %d, %w {strides = array<i64: 2, 2>, dilations = array<i64: 1, 2>,
         padding = array<i64: 2, 2, 2, 2>, groups = 19 : i64, activation = #qnn.activation<relu6>}
       : (tensor<2x19x9x37xf32>, tensor<19x1x5x5xf32>) -> tensor<2x19x5x17xf32>
  return %y : tensor<2x19x5x17xf32>
}

//===----------------------------------------------------------------------===//
// static INT8
//===----------------------------------------------------------------------===//

// i8 (linalg.conv_2d_nhwgc_gfhwc), 3x3 padding 1 (reads z_x = -7), constant
// weight, bias passed at run time, relu6.
// RUN: %python %S/Inputs/compare_compiled.py %s --entry dw_i8 --input %t.ix.npy --input %t.ib.npy | FileCheck %s --check-prefix=DW_I8
// DW_I8: dw_i8 output 0 (generic): bit-identical
// DW_I8: dw_i8 output 0 (host): bit-identical
!i_x = !quant.uniform<i8:f32, 0.04:-7>
!i_w = !quant.uniform<i8<-127:127>:f32, 0.02>
!i_b = !quant.uniform<i32:f32, 8.0e-4>
!i_y = !quant.uniform<i8:f32, 0.05:3>
func.func @dw_i8(%x: tensor<2x19x9x37x!i_x>, %b: tensor<19x!i_b>) -> tensor<2x19x9x37x!i_y> {
  %c = arith.constant dense<"0x71202F65144655BA8FCDC95F69820052A24C9FF851CED8C738C17DF2FA01150E027E4E4B331FD77DF7B758A95B1D9E8CF28AA50478F74F6A5221F104C4FFE1C07E8499B2783161B438DFFD811E542AA809C57761B002705935248B3EF998BF0A3A021D5F2FDD25199C9029E319D3BAA7E251E7E1137AE517F11BF2230C2D74A710F1DCBE8EE75399E87773B7822C84CDFF5F982908A25858FC711B677512C8A610B2406DBF0D8DAFE16278"> : tensor<19x1x3x3xi8>
  %w = quant.scast %c : tensor<19x1x3x3xi8> to tensor<19x1x3x3x!i_w>
  %y = qnn.conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>, groups = 19 : i64,
         activation = #qnn.activation<relu6>}
       : (tensor<2x19x9x37x!i_x>, tensor<19x1x3x3x!i_w>, tensor<19x!i_b>) -> tensor<2x19x9x37x!i_y>
  return %y : tensor<2x19x9x37x!i_y>
}

// u8 (the generic zero-extending x), 5x5 stride 2, asymmetric padding,
// constant per-channel weight, no bias.
// RUN: %python %S/Inputs/compare_compiled.py %s --entry dw_u8_stride2 --input %t.ux.npy | FileCheck %s --check-prefix=DW_U8_STRIDE2
// DW_U8_STRIDE2: dw_u8_stride2 output 0 (generic): bit-identical
// DW_U8_STRIDE2: dw_u8_stride2 output 0 (host): bit-identical
!u_x = !quant.uniform<u8:f32, 0.05:128>
!u_w = !quant.uniform<i8<-127:127>:f32:0, {0.0255, 0.0279, 0.0072, 0.0064, 0.0297, 0.0070, 0.0086, 0.0189, 0.0156, 0.0235, 0.0090, 0.0278, 0.0096, 0.0240, 0.0058, 0.0163, 0.0048, 0.0122, 0.0121}>
!u_y = !quant.uniform<u8:f32, 0.1:100>
func.func @dw_u8_stride2(%x: tensor<2x19x9x37x!u_x>) -> tensor<2x19x3x17x!u_y> {
  %c = arith.constant dense<"0x24151290E07BE9B7BE368A786011F8430CFAD3F2408F8738DF4D8868A0EB779C283AEE9506EF5F2ED88F17C82F5DDB670508444A687FA7EA6FCF8213413E4F25A359EB595078845D21FC4B7303973ABBBAB2B369DD9CAEE5D9D0725D137CD7A4C69773B8F2B47BA90473056665443E141554ED7260E0E9376C9992C0EEAA050B733FC1494E2E2DD037A3216B78CDD51EE63BB4AC8DF8B7CD6A5057189D3F1A68FBAD18F529E0CFA07641F7BC21EA2298AF3C902DE981433350653B579D6B69314D3E606306516ACC8CAC88EF86C3C135C073B07811BF8ACE179CAB9E2D9786F5D012705B0A244FF028B81CBDB14313E18BBD4DF875665A858D14D757D2A89DCD20A14CCED02A5DF04CCEA15444406200B31613E323C41C4B99F4298E2269532F4DDDD49639D15EF764A4AAD987FE2629B7AA10227165E1AAC161F57E28189A17E258A3B1292E5406E1CFDF2A0ACCB736C0B6D55AF51895D840461460CDAA94B34367A200A258A224953D683BC557CF4155FC1F5BB086EFAF625EE0CF36F499293A92470953592CD6DF3991BB05714250B1C8C44009B63F23650FA163AF8F4CF325A238E87F23704B5797471AE5D024B3B05F421742D338B5F2A6E1D7ECFA89D858EF0B9BE3780C863945E28954C16BDDE34BA488426D7EA1A6D736"> : tensor<19x1x5x5xi8>
  %w = quant.scast %c : tensor<19x1x5x5xi8> to tensor<19x1x5x5x!u_w>
  %y = qnn.conv2d %x, %w {strides = array<i64: 2, 2>, padding = array<i64: 0, 0, 1, 1>, groups = 19 : i64}
       : (tensor<2x19x9x37x!u_x>, tensor<19x1x5x5x!u_w>) -> tensor<2x19x3x17x!u_y>
  return %y : tensor<2x19x3x17x!u_y>
}

// u8, the weight passed at run time (packed by a loop), dilation 2.
// RUN: %python %S/Inputs/compare_compiled.py %s --entry dw_u8_runtime --input %t.ux.npy --input %t.uw.npy | FileCheck %s --check-prefix=DW_U8_RUNTIME
// DW_U8_RUNTIME: dw_u8_runtime output 0 (generic): bit-identical
// DW_U8_RUNTIME: dw_u8_runtime output 0 (host): bit-identical
!r_w = !quant.uniform<i8<-127:127>:f32, 0.015>
func.func @dw_u8_runtime(%x: tensor<2x19x9x37x!u_x>, %w: tensor<19x1x3x3x!r_w>) -> tensor<2x19x7x35x!u_y> {
  %y = qnn.conv2d %x, %w {dilations = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, groups = 19 : i64}
       : (tensor<2x19x9x37x!u_x>, tensor<19x1x3x3x!r_w>) -> tensor<2x19x7x35x!u_y>
  return %y : tensor<2x19x7x35x!u_y>
}
