// conv2d, fully_connected and matmul, compiled (generic and host) and run
// against the interpreter. Every output must be bit-identical: INT8 results
// by construction (i32 sums, the numerics rules), float results because the
// lowering keeps the interpreter's summation order (Kernels.h). Float
// inputs hold ±Inf and NaN made inside the models (x / z with zeros in z),
// since input files holding them are rejected. Constant weights exercise
// the zero-point term folded at compile time, weights passed as arguments
// the one computed at run time. The dynamic forms take the ui8 storage,
// scale and zero point of qnn.dynamic_quantize as arguments.

// RUN: %python %S/../Interpreter/Inputs/gen.py \
// RUN:   %t.xa.npy="randint(0, 256, (2, 19, 6, 5), 'u1')" %t.ba.npy="randint(-20000, 20000, (21,), 'i4')" \
// RUN:   %t.xb.npy="randint(-128, 128, (2, 5, 9, 9), 'i1')" %t.wb.npy="randint(-127, 128, (7, 5, 3, 3), 'i1')" \
// RUN:   %t.bb.npy="randint(-3000, 3000, (7,), 'i4')" \
// RUN:   %t.xc.npy="randint(0, 256, (1, 3, 17, 17), 'u1')" \
// RUN:   %t.xd.npy="randint(0, 256, (2, 6, 8, 8), 'u1')" \
// RUN:   %t.xe.npy="randint(-128, 128, (1, 6, 7, 7), 'i1')" %t.we.npy="randint(-127, 128, (9, 2, 3, 3), 'i1')" \
// RUN:   %t.be.npy="randint(-3000, 3000, (9,), 'i4')" \
// RUN:   %t.fx.npy="randn(2, 5, 9, 9) * 3" %t.fz.npy="np.where(randn(2, 5, 9, 9) > 2.5, 0.0, 1.0 + randn(2, 5, 9, 9) ** 2).astype('f4')" \
// RUN:   %t.fw.npy="randn(7, 5, 3, 3)" %t.fb.npy="randn(7)" \
// RUN:   %t.dx.npy="randn(2, 6, 8, 8)" %t.dz.npy="np.where(randn(2, 6, 8, 8) > 1.5, 0.0, 1.0 + randn(2, 6, 8, 8) ** 2).astype('f4')" \
// RUN:   %t.dw.npy="randn(12, 1, 3, 3)" %t.db.npy="randn(12)" \
// RUN:   %t.gx.npy="randn(1, 6, 7, 7)" %t.gw.npy="randn(9, 2, 3, 3)" \
// RUN:   %t.sx.npy="randn(2, 1, 6, 6)" %t.sw.npy="randn(3, 1, 3, 3)" \
// RUN:   %t.hx.npy="randint(0, 256, (5, 37), 'u1')" %t.hsx.npy="randint(-128, 128, (5, 37), 'i1')" \
// RUN:   %t.hw.npy="randint(-127, 128, (11, 37), 'i1')" %t.hb.npy="randint(-20000, 20000, (11,), 'i4')" \
// RUN:   %t.s.npy="np.float32(0.037)" %t.z.npy="np.int32(117)" %t.fcb.npy="randn(11)" \
// RUN:   %t.jx.npy="randn(5, 32)" %t.jw.npy="randint(-8, 8, (11, 32), 'i1')" \
// RUN:   %t.fcx.npy="randn(5, 37)" %t.fcz.npy="np.where(randn(5, 37) > 1.5, 0.0, 1.0 + randn(5, 37) ** 2).astype('f4')" %t.fcw.npy="randn(11, 37)" \
// RUN:   %t.kx.npy="randint(0, 256, (2, 3, 20), 'u1')" \
// RUN:   %t.ka.npy="randint(-128, 128, (2, 1, 3, 20), 'i1')" %t.kb.npy="randint(0, 256, (4, 20, 6), 'u1')" \
// RUN:   %t.lw.npy="randint(-127, 128, (2, 20, 6), 'i1')" \
// RUN:   %t.mx.npy="randn(2, 3, 16)" %t.mw.npy="randint(-8, 8, (16, 6), 'i1')" \
// RUN:   %t.na.npy="randn(2, 1, 3, 8)" %t.nz.npy="np.where(randn(2, 1, 3, 8) > 1.5, 0.0, 1.0 + randn(2, 1, 3, 8) ** 2).astype('f4')" \
// RUN:   %t.nb.npy="randn(5, 8, 6)"

//===----------------------------------------------------------------------===//
// conv2d, static INT8
//===----------------------------------------------------------------------===//

// 1x1, 19 -> 21 channels (not multiples of 16), batch 2, u8, constant
// per-channel weight, run-time bias, relu.
// RUN: %python %S/Inputs/compare_compiled.py %s --entry conv_1x1 --input %t.xa.npy --input %t.ba.npy | FileCheck %s --check-prefix=CONV_1X1
// CONV_1X1: conv_1x1 output 0 (generic): bit-identical
// CONV_1X1: conv_1x1 output 0 (host): bit-identical
!a_x = !quant.uniform<u8:f32, 0.05:128>
!a_w = !quant.uniform<i8<-127:127>:f32:0, {0.0243, 0.016, 0.0265, 0.0224, 0.0074, 0.0294, 0.024, 0.0247, 0.0082, 0.0163, 0.0143, 0.0282, 0.0211, 0.0256, 0.0161, 0.0107, 0.0189, 0.0066, 0.0257, 0.0208, 0.024}>
!a_b = !quant.uniform<i32:f32:0, {0.001215, 0.0008, 0.001325, 0.0011200000000000001, 0.00037000000000000005, 0.00147, 0.0012000000000000001, 0.001235, 0.00041000000000000005, 0.000815, 0.000715, 0.00141, 0.0010550000000000002, 0.00128, 0.000805, 0.000535, 0.0009450000000000001, 0.00033, 0.0012850000000000001, 0.00104, 0.0012000000000000001}>
!a_y = !quant.uniform<u8:f32, 0.2:7>
func.func @conv_1x1(%x: tensor<2x19x6x5x!a_x>, %b: tensor<21x!a_b>) -> tensor<2x21x6x5x!a_y> {
  %c = arith.constant dense<"0x33DB9278F2642D4742B2DDF8FF8C0CA83E2F6C3EDE77E9D467DF94F84BB1F7A230FAD5BA102B70F0A955213399D04455EF4E57E366CABE2F23A455B34E824C49472AF934C7480EF601128AA4BF9EF12B27F95B1195441322110E980F4BCE1A88D9F07BB7C7E97E5A89BC528F5BC86BCBEF29A10F01487F2AE9E8EB50D2ABD6869C97453932F637AA660070A7FF32FFF2ABE2BDCD2F211BDD7597D89FD776DE68FF33F5C44378C447C3374AF33CC69599F267A1F534B439CF4F140CAEF75B8542FE382AEFCF20A4159926219642EB498BAEFEB0D529A52D9BAD164BACCD6C7D15F2D91D17CC86A775EBFBF8489196C7FD2CFEF170AA120BF94EC574D50B0559F0C986DD5383650BA4CE0ED19C2A2C9FC8BF293B3A7045D29C1D6A79BBBD8AA50E0CDFD054F64F76D1B47322CB1F0467C27D6FAFAA088CCDEF787EA764983F5864B9649E05F8D18645D629E9E063993C3FE1C3826F72BE89A0925464A83FAEDE1938608CB3C8D07F47D2780000EFA56F84ADBBC8A2852D78A0CC026D324415EBB35D4E8737963D53A2EFA0116D95E679"> : tensor<21x19x1x1xi8>
  %w = quant.scast %c : tensor<21x19x1x1xi8> to tensor<21x19x1x1x!a_w>
  %y = qnn.conv2d %x, %w, %b {activation = #qnn.activation<relu>}
       : (tensor<2x19x6x5x!a_x>, tensor<21x19x1x1x!a_w>, tensor<21x!a_b>) -> tensor<2x21x6x5x!a_y>
  return %y : tensor<2x21x6x5x!a_y>
}

// 3x3 padding 1 (reads z_x = -7), i8, per-tensor weight and bias passed at
// run time, relu6, batch 2.
// RUN: %python %S/Inputs/compare_compiled.py %s --entry conv_3x3_pad1 --input %t.xb.npy --input %t.wb.npy --input %t.bb.npy | FileCheck %s --check-prefix=CONV_3X3_PAD1
// CONV_3X3_PAD1: conv_3x3_pad1 output 0 (generic): bit-identical
// CONV_3X3_PAD1: conv_3x3_pad1 output 0 (host): bit-identical
!b_x = !quant.uniform<i8:f32, 0.04:-7>
!b_w = !quant.uniform<i8<-127:127>:f32, 0.01>
!b_b = !quant.uniform<i32:f32, 4.0e-4>
!b_y = !quant.uniform<i8:f32, 0.05:3>
func.func @conv_3x3_pad1(%x: tensor<2x5x9x9x!b_x>, %w: tensor<7x5x3x3x!b_w>, %b: tensor<7x!b_b>)
    -> tensor<2x7x9x9x!b_y> {
  %y = qnn.conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>, activation = #qnn.activation<relu6>}
       : (tensor<2x5x9x9x!b_x>, tensor<7x5x3x3x!b_w>, tensor<7x!b_b>) -> tensor<2x7x9x9x!b_y>
  return %y : tensor<2x7x9x9x!b_y>
}

// 7x7 stride 2, asymmetric padding (top 3, left 2, bottom 1, right 3),
// constant weight, no bias, an i8 result that saturates.
// RUN: %python %S/Inputs/compare_compiled.py %s --entry conv_7x7_stride2 --input %t.xc.npy | FileCheck %s --check-prefix=CONV_7X7_STRIDE2
// CONV_7X7_STRIDE2: conv_7x7_stride2 output 0 (generic): bit-identical
// CONV_7X7_STRIDE2: conv_7x7_stride2 output 0 (host): bit-identical
!c_x = !quant.uniform<u8:f32, 0.05:100>
!c_w = !quant.uniform<i8<-127:127>:f32:0, {0.0025, 0.003, 0.0039, 0.0019, 0.0038}>
!c_y = !quant.uniform<i8:f32, 0.12:-4>
func.func @conv_7x7_stride2(%x: tensor<1x3x17x17x!c_x>) -> tensor<1x5x8x8x!c_y> {
  %c = arith.constant dense<"0xCD0087190EA622579C39A43FEB8277AB18AF6E3D4EEFF8224958852A9CCA54C04CF7BCD608441B6E5E411ACAEA9FE06DED9E27765EC6F408C0C5BD7E3F5751759B6191FA18DCA6B253D2D06CA56A6B19ABA8C914A8F59E0A86358FB2AD548EEE17042E4DE554D27C013C604B5A098CFEAF63BDBBC0241272EBC88D82E06D06649A98559C8EE86C309A56584D67BE7AD24D144721241E473DA35309D304775B55F748E32F24C0C490A4EFFAABEB1BBCD7DE01DE3CD4EFE1AF2FBDCC4B722C6A5AFB45D4F6097559FD27B44E0E08442293CAAE3C89B41932015C6BA2731D23991F3A1596066F39A47575AC4DE818F2487F4B6E7297C139178D99051EABACA1118312FAF72E063A436B4C05FEBD19A46E589F499E3897FD283AEB6C46B62C3BD63D66514322C54BDD08D1D0A976A6966F0EF03DE2A13BAD0E736FDC471DFBA4E0277C82385873ED9FC6596023A0A0FA17892F0B8499F43953EECC77F5D1F184CD046B3D480B9DE47F8C612FC947568C9C2A7F872AA3261F982E655D88BFBEF4A55A474FB38469CA28688A8282A88E521B7A4D76BDCA59BF8F2B4D776D9F4558335256F28BF5B49EA032010A3F0C21965AF3A8503C8EB285C69A36067A401C028E921E828BB862F635E9ADDF9845AFE07A17F50B48C1235F12F2A6C0720BCDEB140A33C226F170A9A6F60231E869F9A19F79A372C798CE1DEE491CE72278EAA8E957B873171AD16B8ACDEBFAF9A6BA9912DA1117340C2616271ED1BF49D80DB3EF082007DC76034F3C0F63A16B59013C05C54CBFD10556E2FF8B9E8F935E57528F94C811D6FDAD3BD1913E6784F053355BEADF35A8BE1A2B9F02DE0075947EF345EDD04530A53441E36D24D6832DB64106F8AA36ABEB566B7D750EB4564D7D26A501F357E5D49556418BEFFBF86BA7CFAFBF68708C22BCB2CBB2FE7E1639FE8496C5BF57585A230E26E82B4B431D8F39DE3E0A61D76E58D5FC0845305ADF01EE68CE169F59E2D715005908049B86E67F6A2121E4AE83D7D1B1C3871C6D31F3ECCF"> : tensor<5x3x7x7xi8>
  %w = quant.scast %c : tensor<5x3x7x7xi8> to tensor<5x3x7x7x!c_w>
  %y = qnn.conv2d %x, %w {strides = array<i64: 2, 2>, padding = array<i64: 3, 2, 1, 3>}
       : (tensor<1x3x17x17x!c_x>, tensor<5x3x7x7x!c_w>) -> tensor<1x5x8x8x!c_y>
  return %y : tensor<1x5x8x8x!c_y>
}

// Depthwise with channel multiplier 2, dilation 2, constant weight and bias.
// RUN: %python %S/Inputs/compare_compiled.py %s --entry conv_depthwise --input %t.xd.npy | FileCheck %s --check-prefix=CONV_DEPTHWISE
// CONV_DEPTHWISE: conv_depthwise output 0 (generic): bit-identical
// CONV_DEPTHWISE: conv_depthwise output 0 (host): bit-identical
!d_x = !quant.uniform<u8:f32, 0.04:140>
!d_w = !quant.uniform<i8<-127:127>:f32:0, {0.02, 0.0052, 0.012, 0.0226, 0.0208, 0.0295, 0.0205, 0.0169, 0.024, 0.0276, 0.023, 0.0291}>
!d_b = !quant.uniform<i32:f32:0, {0.0008, 0.000208, 0.00048, 0.000904, 0.000832, 0.00118, 0.0008200000000000001, 0.000676, 0.00096, 0.001104, 0.00092, 0.001164}>
!d_y = !quant.uniform<u8:f32, 0.03:20>
func.func @conv_depthwise(%x: tensor<2x6x8x8x!d_x>) -> tensor<2x12x6x6x!d_y> {
  %cw = arith.constant dense<"0x1F48F65E939E023B4FF1260E7627EB789C7CA8CA523C784023D982A0CC8B024776FD607C5CF7D37ABEE9934B2696B90E0A4DC46CF252BD8A8FE0748DDF9C6E2D43362846835D3D3DE54DE28D68BC9A1FBC5BF2827304C42D088842E733651C2CC1BDEA5A06D9475A67CD3517"> : tensor<12x1x3x3xi8>
  %w = quant.scast %cw : tensor<12x1x3x3xi8> to tensor<12x1x3x3x!d_w>
  %cb = arith.constant dense<[-511, -1031, -3855, -2252, 496, 3865, 3663, -3125, 1793, -4152, 1750, -1581]> : tensor<12xi32>
  %b = quant.scast %cb : tensor<12xi32> to tensor<12x!d_b>
  %y = qnn.conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>, dilations = array<i64: 2, 2>,
         groups = 6 : i64, activation = #qnn.activation<relu>}
       : (tensor<2x6x8x8x!d_x>, tensor<12x1x3x3x!d_w>, tensor<12x!d_b>) -> tensor<2x12x6x6x!d_y>
  return %y : tensor<2x12x6x6x!d_y>
}

// Grouped (3 groups of 2 -> 3 channels), stride 2, asymmetric padding,
// i8 with z_x = 12, per-channel weight passed at run time.
// RUN: %python %S/Inputs/compare_compiled.py %s --entry conv_grouped --input %t.xe.npy --input %t.we.npy --input %t.be.npy | FileCheck %s --check-prefix=CONV_GROUPED
// CONV_GROUPED: conv_grouped output 0 (generic): bit-identical
// CONV_GROUPED: conv_grouped output 0 (host): bit-identical
!e_x = !quant.uniform<i8:f32, 0.06:12>
!e_w = !quant.uniform<i8<-127:127>:f32:0, {0.01, 0.02, 0.015, 0.012, 0.03, 0.008, 0.02, 0.011, 0.017}>
!e_b = !quant.uniform<i32:f32:0, {6.0e-4, 1.2e-3, 9.0e-4, 7.2e-4, 1.8e-3, 4.8e-4, 1.2e-3, 6.6e-4, 1.02e-3}>
!e_y = !quant.uniform<u8:f32, 0.08:128>
func.func @conv_grouped(%x: tensor<1x6x7x7x!e_x>, %w: tensor<9x2x3x3x!e_w>, %b: tensor<9x!e_b>)
    -> tensor<1x9x3x3x!e_y> {
  %y = qnn.conv2d %x, %w, %b {strides = array<i64: 2, 2>, padding = array<i64: 1, 0, 0, 1>,
         groups = 3 : i64}
       : (tensor<1x6x7x7x!e_x>, tensor<9x2x3x3x!e_w>, tensor<9x!e_b>) -> tensor<1x9x3x3x!e_y>
  return %y : tensor<1x9x3x3x!e_y>
}

//===----------------------------------------------------------------------===//
// conv2d, float and weight-only
//===----------------------------------------------------------------------===//

// 3x3 with asymmetric padding, bias and relu; ±Inf and NaN in the input.
// RUN: %python %S/Inputs/compare_compiled.py %s --entry conv_float --input %t.fx.npy --input %t.fz.npy --input %t.fw.npy --input %t.fb.npy | FileCheck %s --check-prefix=CONV_FLOAT
// CONV_FLOAT: conv_float output 0 (generic): bit-identical
// CONV_FLOAT: conv_float output 0 (host): bit-identical
func.func @conv_float(%x: tensor<2x5x9x9xf32>, %z: tensor<2x5x9x9xf32>, %w: tensor<7x5x3x3xf32>,
                      %b: tensor<7xf32>) -> tensor<2x7x8x9xf32> {
  %d = qnn.div %x, %z : (tensor<2x5x9x9xf32>, tensor<2x5x9x9xf32>) -> tensor<2x5x9x9xf32>
  %y = qnn.conv2d %d, %w, %b {padding = array<i64: 0, 1, 1, 1>, activation = #qnn.activation<relu>}
       : (tensor<2x5x9x9xf32>, tensor<7x5x3x3xf32>, tensor<7xf32>) -> tensor<2x7x8x9xf32>
  return %y : tensor<2x7x8x9xf32>
}

// Depthwise (multiplier 2), stride 2, padding skipped as the interpreter's
// depthwise kernel skips it; ±Inf and NaN in the input.
// RUN: %python %S/Inputs/compare_compiled.py %s --entry conv_float_depthwise --input %t.dx.npy --input %t.dz.npy --input %t.dw.npy --input %t.db.npy | FileCheck %s --check-prefix=CONV_FLOAT_DEPTHWISE
// CONV_FLOAT_DEPTHWISE: conv_float_depthwise output 0 (generic): bit-identical
// CONV_FLOAT_DEPTHWISE: conv_float_depthwise output 0 (host): bit-identical
func.func @conv_float_depthwise(%x: tensor<2x6x8x8xf32>, %z: tensor<2x6x8x8xf32>,
                                %w: tensor<12x1x3x3xf32>, %b: tensor<12xf32>) -> tensor<2x12x4x5xf32> {
  %d = qnn.div %x, %z : (tensor<2x6x8x8xf32>, tensor<2x6x8x8xf32>) -> tensor<2x6x8x8xf32>
  %y = qnn.conv2d %d, %w, %b {strides = array<i64: 2, 2>, padding = array<i64: 1, 2, 0, 1>,
         groups = 6 : i64}
       : (tensor<2x6x8x8xf32>, tensor<12x1x3x3xf32>, tensor<12xf32>) -> tensor<2x12x4x5xf32>
  return %y : tensor<2x12x4x5xf32>
}

// Grouped, dilation 2, no bias.
// RUN: %python %S/Inputs/compare_compiled.py %s --entry conv_float_grouped --input %t.gx.npy --input %t.gw.npy | FileCheck %s --check-prefix=CONV_FLOAT_GROUPED
// CONV_FLOAT_GROUPED: conv_float_grouped output 0 (generic): bit-identical
// CONV_FLOAT_GROUPED: conv_float_grouped output 0 (host): bit-identical
func.func @conv_float_grouped(%x: tensor<1x6x7x7xf32>, %w: tensor<9x2x3x3xf32>) -> tensor<1x9x3x3xf32> {
  %y = qnn.conv2d %x, %w {dilations = array<i64: 2, 2>, groups = 3 : i64}
       : (tensor<1x6x7x7xf32>, tensor<9x2x3x3xf32>) -> tensor<1x9x3x3xf32>
  return %y : tensor<1x9x3x3xf32>
}

// One input channel, groups 1: the interpreter's depthwise kernel, which
// skips the padding.
// RUN: %python %S/Inputs/compare_compiled.py %s --entry conv_float_single_channel --input %t.sx.npy --input %t.sw.npy | FileCheck %s --check-prefix=CONV_FLOAT_SINGLE_CHANNEL
// CONV_FLOAT_SINGLE_CHANNEL: conv_float_single_channel output 0 (generic): bit-identical
// CONV_FLOAT_SINGLE_CHANNEL: conv_float_single_channel output 0 (host): bit-identical
func.func @conv_float_single_channel(%x: tensor<2x1x6x6xf32>, %w: tensor<3x1x3x3xf32>) -> tensor<2x3x6x6xf32> {
  %y = qnn.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>}
       : (tensor<2x1x6x6xf32>, tensor<3x1x3x3xf32>) -> tensor<2x3x6x6xf32>
  return %y : tensor<2x3x6x6xf32>
}

// Weight-only: i8 per-channel weight dequantized to f32.
// RUN: %python %S/Inputs/compare_compiled.py %s --entry conv_weight_only --input %t.fx.npy --input %t.wb.npy --input %t.fb.npy | FileCheck %s --check-prefix=CONV_WEIGHT_ONLY
// CONV_WEIGHT_ONLY: conv_weight_only output 0 (generic): bit-identical
// CONV_WEIGHT_ONLY: conv_weight_only output 0 (host): bit-identical
!g_w = !quant.uniform<i8<-127:127>:f32:0, {0.01, 0.02, 0.015, 0.03, 0.005, 0.011, 0.007}>
func.func @conv_weight_only(%x: tensor<2x5x9x9xf32>, %w: tensor<7x5x3x3x!g_w>, %b: tensor<7xf32>)
    -> tensor<2x7x9x9xf32> {
  %y = qnn.conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>}
       : (tensor<2x5x9x9xf32>, tensor<7x5x3x3x!g_w>, tensor<7xf32>) -> tensor<2x7x9x9xf32>
  return %y : tensor<2x7x9x9xf32>
}

//===----------------------------------------------------------------------===//
// fully_connected
//===----------------------------------------------------------------------===//

// Static INT8, u8, constant per-channel weight and bias (b' one constant).
// RUN: %python %S/Inputs/compare_compiled.py %s --entry fc_int8_constant --input %t.hx.npy | FileCheck %s --check-prefix=FC_INT8_CONSTANT
// FC_INT8_CONSTANT: fc_int8_constant output 0 (generic): bit-identical
// FC_INT8_CONSTANT: fc_int8_constant output 0 (host): bit-identical
!h_x = !quant.uniform<u8:f32, 0.02:131>
!h_w = !quant.uniform<i8<-127:127>:f32:0, {0.0229, 0.0252, 0.03, 0.0124, 0.0152, 0.0084, 0.0194, 0.0299, 0.0225, 0.0199, 0.0148}>
!h_b = !quant.uniform<i32:f32:0, {0.000458, 0.000504, 0.0006, 0.000248, 0.000304, 0.000168, 0.000388, 0.000598, 0.00045, 0.000398, 0.00029600000000000004}>
!h_y = !quant.uniform<u8:f32, 0.5:90>
func.func @fc_int8_constant(%x: tensor<5x37x!h_x>) -> tensor<5x11x!h_y> {
  %cw = arith.constant dense<"0xFF6AB8FFD8A39BDE9692DAB40E85CDF4762261D8F3EC63757640010A7BC9D965E3BC0FD36468CF087B3EB7171F2787CD5ABECDD3AEA8D95F81C99010C04A164822F05CFA737E172DC2502C67C549F8B0AC10D29AED27D27447036FEFA48A70753D9BCB8B8EBF12917CF5C4044AD08D8D5A9D23E347906533F3B57ACEFEE5BBEBA781CA9DEA5DAA819D02C7FD88D5E9EE0D48F85708C3BBD319BE6AFB5D2FD6BB3ED5BF6EFC8DFFF65D36B1A71A8DD2A4866B97836EB15188A89D351FFABE9712BB173059FE82C85A081EF5AA65467E5BCBC1C06B0FF4771A687C95DD3C50A6D20C4C9D1ACCB804EA23D152945C883CD9E28534AB29395835CD3D53D1A063A618BDA146A52B3190AD4B029F7DC4826C850E7E1416E3A113659861EA09AB1FAFC6398DF318A2CCD82A7A56B1858E18A8BB595F56C11F1CB00E06E6402D083A4311C542377BA7EB6C047184894BDC05EEE97098456328E5A92FF8A7DC76C4AE2EB36B5C7B69BFB7D8F8613C256025E1EA04973E273B09487312F29B4767335D5C4C019A81B5EE3EF586B67A7CE14E386E6321E520D2D91C12"> : tensor<11x37xi8>
  %w = quant.scast %cw : tensor<11x37xi8> to tensor<11x37x!h_w>
  %cb = arith.constant dense<[3239, -4613, -3635, -19593, 4070, 3031, 17415, 171, -1295, -17293, -12131]> : tensor<11xi32>
  %b = quant.scast %cb : tensor<11xi32> to tensor<11x!h_b>
  %y = qnn.fully_connected %x, %w, %b {activation = #qnn.activation<relu>}
       : (tensor<5x37x!h_x>, tensor<11x37x!h_w>, tensor<11x!h_b>) -> tensor<5x11x!h_y>
  return %y : tensor<5x11x!h_y>
}

// Static INT8, i8 with z_x = -9, per-tensor weight and bias at run time.
// RUN: %python %S/Inputs/compare_compiled.py %s --entry fc_int8_runtime --input %t.hsx.npy --input %t.hw.npy --input %t.hb.npy | FileCheck %s --check-prefix=FC_INT8_RUNTIME
// FC_INT8_RUNTIME: fc_int8_runtime output 0 (generic): bit-identical
// FC_INT8_RUNTIME: fc_int8_runtime output 0 (host): bit-identical
!h2_x = !quant.uniform<i8:f32, 0.02:-9>
!h2_w = !quant.uniform<i8<-127:127>:f32, 0.013>
!h2_b = !quant.uniform<i32:f32, 2.6e-4>
!h2_y = !quant.uniform<i8:f32, 0.4:2>
func.func @fc_int8_runtime(%x: tensor<5x37x!h2_x>, %w: tensor<11x37x!h2_w>, %b: tensor<11x!h2_b>)
    -> tensor<5x11x!h2_y> {
  %y = qnn.fully_connected %x, %w, %b : (tensor<5x37x!h2_x>, tensor<11x37x!h2_w>, tensor<11x!h2_b>)
       -> tensor<5x11x!h2_y>
  return %y : tensor<5x11x!h2_y>
}

// Dynamic, constant per-channel weight, f32 bias, relu6.
// RUN: %python %S/Inputs/compare_compiled.py %s --entry fc_dynamic_constant --input %t.hx.npy --input %t.s.npy --input %t.z.npy --input %t.fcb.npy | FileCheck %s --check-prefix=FC_DYNAMIC_CONSTANT
// FC_DYNAMIC_CONSTANT: fc_dynamic_constant output 0 (generic): bit-identical
// FC_DYNAMIC_CONSTANT: fc_dynamic_constant output 0 (host): bit-identical
!i_w = !quant.uniform<i8<-127:127>:f32:0, {0.0144, 0.0149, 0.0083, 0.0091, 0.0221, 0.0135, 0.0289, 0.0111, 0.0075, 0.0238, 0.027}>
func.func @fc_dynamic_constant(%q: tensor<5x37xui8>, %s: tensor<f32>, %z: tensor<i32>, %b: tensor<11xf32>) -> tensor<5x11xf32> {
  %cw = arith.constant dense<"0xD8C7FAB479B0FB068FF8F4C3A18C83FB9775BF272CFF629DBCC1A3CCD044CD6046669B7C1D7BDB741793E9A471CEB90DED9951583E1EE70B05AB95C1F4A99C5AE015063C3DCC59DF55E89D4288458CB51A71E99FBC653A9AE3C4AE581EAE26EA90F3B0BF6136A35A13603FD7090838C0D5BFCCAA8A7093638147D405C8FEF408E50953EFDDA2DCA1AF7397FB5574A6AAE00E75B5AAC15F88E19FA96A81D26A1C93F778E7070829B0577DA551513EDFF856A7546B2ED80F8D6ED88F4B281F8E40234B53B7B66C08F0CA2341810D7EC8C86090E6F54CA1EFA74922FFE5A86C26D2EA3A38F6CE29281993F91D7307D80EAE982D7C58158B7CF3CA643F40C77DF4084029ACCEDD7237DE3C3DE5E76510A73817023968D5EBB126E7D832E9F7F1C2A15398D32BA2283B2ACE8663D44EB3AA47705C40BF692BACA15FC744A4C8C9C82D6A693EB4750B0C334573151C3FC2CF2091D2387905E6F12F0B860AE73360761CDDF2AD6F595AD4D35B0B34FDF12250D64FBFE769746CD1586F7A863E7F43BC439BFB20F533BE1B2522CACEC2F616DDE9CAB82851CB5C12"> : tensor<11x37xi8>
  %w = quant.scast %cw : tensor<11x37xi8> to tensor<11x37x!i_w>
  %y = qnn.fully_connected %q, %w, %b input_scale(%s, %z) {activation = #qnn.activation<relu6>}
       : (tensor<5x37xui8>, tensor<11x37x!i_w>, tensor<11xf32>, tensor<f32>, tensor<i32>) -> tensor<5x11xf32>
  return %y : tensor<5x11xf32>
}

// Dynamic, per-tensor weight at run time, no bias.
// RUN: %python %S/Inputs/compare_compiled.py %s --entry fc_dynamic_runtime --input %t.hx.npy --input %t.hw.npy --input %t.s.npy --input %t.z.npy | FileCheck %s --check-prefix=FC_DYNAMIC_RUNTIME
// FC_DYNAMIC_RUNTIME: fc_dynamic_runtime output 0 (generic): bit-identical
// FC_DYNAMIC_RUNTIME: fc_dynamic_runtime output 0 (host): bit-identical
!i2_w = !quant.uniform<i8<-127:127>:f32, 0.021>
func.func @fc_dynamic_runtime(%q: tensor<5x37xui8>, %w: tensor<11x37x!i2_w>, %s: tensor<f32>,
                              %z: tensor<i32>) -> tensor<5x11xf32> {
  %y = qnn.fully_connected %q, %w input_scale(%s, %z)
       : (tensor<5x37xui8>, tensor<11x37x!i2_w>, tensor<f32>, tensor<i32>) -> tensor<5x11xf32>
  return %y : tensor<5x11xf32>
}

// Weight-only INT4, blocks of 8 along K, bias.
// RUN: %python %S/Inputs/compare_compiled.py %s --entry fc_int4 --input %t.jx.npy --input %t.jw.npy --input %t.fcb.npy | FileCheck %s --check-prefix=FC_INT4
// FC_INT4: fc_int4 output 0 (generic): bit-identical
// FC_INT4: fc_int4 output 0 (host): bit-identical
!j_w = !quant.uniform<i4:f32:{0:1, 1:8}, {{0.1, 0.2, 0.3, 0.4}, {0.5, 0.6, 0.7, 0.8}, {0.15, 0.25, 0.35, 0.45},
    {0.55, 0.65, 0.75, 0.85}, {0.12, 0.22, 0.32, 0.42}, {0.52, 0.62, 0.72, 0.82}, {0.13, 0.23, 0.33, 0.43},
    {0.53, 0.63, 0.73, 0.83}, {0.14, 0.24, 0.34, 0.44}, {0.54, 0.64, 0.74, 0.84}, {0.16, 0.26, 0.36, 0.46}}>
func.func @fc_int4(%x: tensor<5x32xf32>, %w: tensor<11x32x!j_w>, %b: tensor<11xf32>) -> tensor<5x11xf32> {
  %y = qnn.fully_connected %x, %w, %b : (tensor<5x32xf32>, tensor<11x32x!j_w>, tensor<11xf32>) -> tensor<5x11xf32>
  return %y : tensor<5x11xf32>
}

// Float with ±Inf and NaN, bias, relu.
// RUN: %python %S/Inputs/compare_compiled.py %s --entry fc_float --input %t.fcx.npy --input %t.fcz.npy --input %t.fcw.npy --input %t.fcb.npy | FileCheck %s --check-prefix=FC_FLOAT
// FC_FLOAT: fc_float output 0 (generic): bit-identical
// FC_FLOAT: fc_float output 0 (host): bit-identical
func.func @fc_float(%x: tensor<5x37xf32>, %z: tensor<5x37xf32>, %w: tensor<11x37xf32>, %b: tensor<11xf32>)
    -> tensor<5x11xf32> {
  %d = qnn.div %x, %z : (tensor<5x37xf32>, tensor<5x37xf32>) -> tensor<5x37xf32>
  %y = qnn.fully_connected %d, %w, %b {activation = #qnn.activation<relu>}
       : (tensor<5x37xf32>, tensor<11x37xf32>, tensor<11xf32>) -> tensor<5x11xf32>
  return %y : tensor<5x11xf32>
}

//===----------------------------------------------------------------------===//
// matmul
//===----------------------------------------------------------------------===//

// Static INT8, u8 lhs with batch dimensions, constant per-channel rhs.
// RUN: %python %S/Inputs/compare_compiled.py %s --entry matmul_int8_constant --input %t.kx.npy | FileCheck %s --check-prefix=MATMUL_INT8_CONSTANT
// MATMUL_INT8_CONSTANT: matmul_int8_constant output 0 (generic): bit-identical
// MATMUL_INT8_CONSTANT: matmul_int8_constant output 0 (host): bit-identical
!k_x = !quant.uniform<u8:f32, 0.03:77>
!k_w = !quant.uniform<i8<-127:127>:f32:1, {0.0052, 0.0134, 0.0249, 0.026, 0.0085, 0.0244}>
!k_y = !quant.uniform<i8:f32, 0.25:-6>
func.func @matmul_int8_constant(%x: tensor<2x3x20x!k_x>) -> tensor<2x3x6x!k_y> {
  %cw = arith.constant dense<"0xAB1B9E9EE4F37FCAB272A887ECE71F606ECA7B229270A4174AC0C6FA62BA2AF49D365513ADA8EC020DBF00CC2F4C27817D877F89049C992F3A9F7AD2D2CCF6AEEDB68EDF2C43DBD3492E5568526FEBE5D2BC3F374DABFEB964C5A512616A99D4A8CF09C892038EBA8197F059469A89D7273F52D8AB87A691"> : tensor<20x6xi8>
  %w = quant.scast %cw : tensor<20x6xi8> to tensor<20x6x!k_w>
  %y = qnn.matmul %x, %w : (tensor<2x3x20x!k_x>, tensor<20x6x!k_w>) -> tensor<2x3x6x!k_y>
  return %y : tensor<2x3x6x!k_y>
}

// Static INT8 of two activations: i8 lhs (z = -3) and u8 rhs (z = 9), batch
// dimensions broadcast ([2, 1] against [4]), relu.
// RUN: %python %S/Inputs/compare_compiled.py %s --entry matmul_int8_activations --input %t.ka.npy --input %t.kb.npy | FileCheck %s --check-prefix=MATMUL_INT8_ACTIVATIONS
// MATMUL_INT8_ACTIVATIONS: matmul_int8_activations output 0 (generic): bit-identical
// MATMUL_INT8_ACTIVATIONS: matmul_int8_activations output 0 (host): bit-identical
!k2_a = !quant.uniform<i8:f32, 0.05:-3>
!k2_b = !quant.uniform<u8:f32, 0.02:9>
!k2_y = !quant.uniform<u8:f32, 0.3:11>
func.func @matmul_int8_activations(%a: tensor<2x1x3x20x!k2_a>, %b: tensor<4x20x6x!k2_b>)
    -> tensor<2x4x3x6x!k2_y> {
  %y = qnn.matmul %a, %b {activation = #qnn.activation<relu>}
       : (tensor<2x1x3x20x!k2_a>, tensor<4x20x6x!k2_b>) -> tensor<2x4x3x6x!k2_y>
  return %y : tensor<2x4x3x6x!k2_y>
}

// Dynamic with a batched per-channel rhs at run time.
// RUN: %python %S/Inputs/compare_compiled.py %s --entry matmul_dynamic --input %t.kx.npy --input %t.lw.npy --input %t.s.npy --input %t.z.npy | FileCheck %s --check-prefix=MATMUL_DYNAMIC
// MATMUL_DYNAMIC: matmul_dynamic output 0 (generic): bit-identical
// MATMUL_DYNAMIC: matmul_dynamic output 0 (host): bit-identical
!l_w = !quant.uniform<i8<-127:127>:f32:2, {0.01, 0.02, 0.03, 0.015, 0.025, 0.035}>
func.func @matmul_dynamic(%q: tensor<2x3x20xui8>, %w: tensor<2x20x6x!l_w>, %s: tensor<f32>,
                          %z: tensor<i32>) -> tensor<2x3x6xf32> {
  %y = qnn.matmul %q, %w lhs_scale(%s, %z)
       : (tensor<2x3x20xui8>, tensor<2x20x6x!l_w>, tensor<f32>, tensor<i32>) -> tensor<2x3x6xf32>
  return %y : tensor<2x3x6xf32>
}

// Weight-only INT4, blocks of 8 along K.
// RUN: %python %S/Inputs/compare_compiled.py %s --entry matmul_int4 --input %t.mx.npy --input %t.mw.npy | FileCheck %s --check-prefix=MATMUL_INT4
// MATMUL_INT4: matmul_int4 output 0 (generic): bit-identical
// MATMUL_INT4: matmul_int4 output 0 (host): bit-identical
!m_w = !quant.uniform<i4:f32:{0:8, 1:1}, {{0.1, 0.2, 0.3, 0.4, 0.5, 0.6}, {0.15, 0.25, 0.35, 0.45, 0.55, 0.65}}>
func.func @matmul_int4(%x: tensor<2x3x16xf32>, %w: tensor<16x6x!m_w>) -> tensor<2x3x6xf32> {
  %y = qnn.matmul %x, %w : (tensor<2x3x16xf32>, tensor<16x6x!m_w>) -> tensor<2x3x6xf32>
  return %y : tensor<2x3x6xf32>
}

// Float with broadcast batch dimensions, ±Inf and NaN.
// RUN: %python %S/Inputs/compare_compiled.py %s --entry matmul_float --input %t.na.npy --input %t.nz.npy --input %t.nb.npy | FileCheck %s --check-prefix=MATMUL_FLOAT
// MATMUL_FLOAT: matmul_float output 0 (generic): bit-identical
// MATMUL_FLOAT: matmul_float output 0 (host): bit-identical
func.func @matmul_float(%a: tensor<2x1x3x8xf32>, %z: tensor<2x1x3x8xf32>, %b: tensor<5x8x6xf32>)
    -> tensor<2x5x3x6xf32> {
  %d = qnn.div %a, %z : (tensor<2x1x3x8xf32>, tensor<2x1x3x8xf32>) -> tensor<2x1x3x8xf32>
  %y = qnn.matmul %d, %b : (tensor<2x1x3x8xf32>, tensor<5x8x6xf32>) -> tensor<2x5x3x6xf32>
  return %y : tensor<2x5x3x6xf32>
}
