// RUN: quant-opt %s -split-input-file --qnn-equalize-concat-ranges --mlir-print-debuginfo=false | FileCheck %s

// Two conv branches 100x apart, a conv consumer. The narrow branch (width 1)
// is brought to the wide one's width (100): its weight, bias, fused relu6
// and statistics scale by 100, the consumer's weights for its two channels
// by 1/100. The concat's statistics are merged from the branches'.

// CHECK-LABEL: func.func @conv_branches
// CHECK: %[[WB:.*]] = arith.constant dense<1.000000e+02> : tensor<1x1x1x1xf32>
// CHECK: %[[WA:.*]] = arith.constant dense<{{\[}}[{{\[}}[1.000000e+02]]], [{{\[}}[2.000000e+02]]]]> : tensor<2x1x1x1xf32>
// CHECK: %[[BA:.*]] = arith.constant dense<[5.000000e+01, 2.500000e+01]> : tensor<2xf32>
// CHECK: %[[A:.*]] = qnn.conv2d %{{.*}}, %[[WA]], %[[BA]] {activation = #qnn.activation<clamp [0.000000e+00, 6.000000e+02]>, qnn.equalized_by = array<f64: 1.000000e+02>}
// CHECK: %[[AO:.*]] = qnn.observe %[[A]] {stats = #qnn.stats<min = 0.000000e+00, max = 1.000000e+02, range = [0.000000e+00, 1.000000e+02], bins = [3, 1]>}
// CHECK: %[[B:.*]] = qnn.conv2d %{{.*}}, %[[WB]] :
// CHECK: %[[BO:.*]] = qnn.observe %[[B]] {stats = #qnn.stats<min = -5.000000e+01, max = 5.000000e+01, range = [-6.400000e+01, 6.400000e+01], bins = [1, 2, 3, 4]>}
// CHECK: %[[C:.*]] = qnn.concat %[[AO]], %[[BO]] {axis = 1 : i64, qnn.equalized_axis = 1 : i64, qnn.equalized_by = array<f64: 1.000000e+02, 1.000000e+02, 1.000000e+00>}
// CHECK: %[[CO:.*]] = qnn.observe %[[C]] {stats = #qnn.stats<min = -5.000000e+01, max = 1.000000e+02, range = [-6.400000e+01, 1.000000e+02], bins = [1, 5, 7, 1]>}
// CHECK: %[[WC:.*]] = arith.constant dense<{{\[}}[{{\[}}[0.00999999977]], {{\[}}[2.000000e-02]], {{\[}}[3.000000e+00]]]]> : tensor<1x3x1x1xf32>
// CHECK: qnn.conv2d %[[CO]], %[[WC]] :
func.func @conv_branches(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %wa = arith.constant dense<[[[[1.0]]], [[[2.0]]]]> : tensor<2x1x1x1xf32>
  %ba = arith.constant dense<[0.5, 0.25]> : tensor<2xf32>
  %wb = arith.constant dense<[[[[100.0]]]]> : tensor<1x1x1x1xf32>
  %wc = arith.constant dense<[[[[1.0]], [[2.0]], [[3.0]]]]> : tensor<1x3x1x1xf32>
  %a = qnn.conv2d %x, %wa, %ba {activation = #qnn.activation<relu6>} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %ao = qnn.observe %a {stats = #qnn.stats<min = 0.0, max = 1.0, range = [0.0, 1.0], bins = [3, 1]>} : tensor<1x2x2x2xf32>
  %b = qnn.conv2d %x, %wb : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %bo = qnn.observe %b {stats = #qnn.stats<min = -50.0, max = 50.0, range = [-64.0, 64.0], bins = [1, 2, 3, 4]>} : tensor<1x1x2x2xf32>
  %c = qnn.concat %ao, %bo {axis = 1 : i64} : (tensor<1x2x2x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x3x2x2xf32>
  %co = qnn.observe %c {stats = #qnn.stats<min = -50.0, max = 50.0>} : tensor<1x3x2x2xf32>
  %y = qnn.conv2d %co, %wc : (tensor<1x3x2x2xf32>, tensor<1x3x1x1xf32>) -> tensor<1x1x2x2xf32>
  return %y : tensor<1x1x2x2xf32>
}

// -----

// A graph input cannot be rescaled: it is the reference (width 200). The
// conv branches (widths 0.5 and 2) rise to it, the first through a max
// pool. The consumer is a depthwise conv (groups = 3): each filter sees one
// channel.

// CHECK-LABEL: func.func @fixed_input_branch_depthwise
// CHECK: %[[W:.*]] = arith.constant dense<4.000000e+02> : tensor<1x1x1x1xf32>
// CHECK: %[[A:.*]] = qnn.conv2d %{{.*}}, %[[W]] {activation = #qnn.activation<relu>, qnn.equalized_by = array<f64: 4.000000e+02>}
// CHECK: qnn.observe %[[A]] {stats = #qnn.stats<min = 0.000000e+00, max = 2.000000e+02>}
// CHECK: qnn.max_pool2d %{{.*}} {kernel = array<i64: 2, 2>, qnn.equalized_by = array<f64: 4.000000e+02>, strides = array<i64: 2, 2>}
// CHECK: %[[W2:.*]] = arith.constant dense<1.000000e+02> : tensor<1x1x1x1xf32>
// CHECK: %[[B:.*]] = qnn.conv2d %{{.*}}, %[[W2]] {qnn.equalized_by = array<f64: 1.000000e+02>} :
// CHECK: qnn.observe %[[B]] {stats = #qnn.stats<min = -1.000000e+02, max = 1.000000e+02>}
// CHECK: %[[C:.*]] = qnn.concat {{.*}} {axis = 1 : i64, qnn.equalized_axis = 1 : i64, qnn.equalized_by = array<f64: 1.000000e+00, 4.000000e+02, 1.000000e+02>}
// CHECK: qnn.observe %[[C]] {stats = #qnn.stats<min = -1.000000e+02, max = 2.000000e+02>}
// CHECK: %[[WD:.*]] = arith.constant dense<{{\[\[\[\[}}1.000000e+00]]], {{\[\[\[}}2.500000e-03]]], {{\[\[\[}}2.000000e-02]]]]> : tensor<3x1x1x1xf32>
// CHECK: qnn.conv2d %{{.*}}, %[[WD]] {groups = 3 : i64}
func.func @fixed_input_branch_depthwise(%x: tensor<1x1x4x4xf32>) -> tensor<1x3x2x2xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1x1x1xf32>
  %wd = arith.constant dense<[[[[1.0]]], [[[1.0]]], [[[2.0]]]]> : tensor<3x1x1x1xf32>
  %xo = qnn.observe %x {stats = #qnn.stats<min = -100.0, max = 100.0>} : tensor<1x1x4x4xf32>
  %xp = qnn.max_pool2d %xo {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32>
  %a = qnn.conv2d %xo, %w {activation = #qnn.activation<relu>} : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  %ao = qnn.observe %a {stats = #qnn.stats<min = 0.0, max = 0.5>} : tensor<1x1x4x4xf32>
  %ap = qnn.max_pool2d %ao {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32>
  %b = qnn.conv2d %xp, %w : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %bo = qnn.observe %b {stats = #qnn.stats<min = -1.0, max = 1.0>} : tensor<1x1x2x2xf32>
  %c = qnn.concat %xp, %ap, %bo {axis = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x3x2x2xf32>
  %co = qnn.observe %c {stats = #qnn.stats<min = -100.0, max = 100.0>} : tensor<1x3x2x2xf32>
  %y = qnn.conv2d %co, %wd {groups = 3 : i64} : (tensor<1x3x2x2xf32>, tensor<3x1x1x1xf32>) -> tensor<1x3x2x2xf32>
  return %y : tensor<1x3x2x2xf32>
}

// -----

// fully_connected branches concatenated on the feature axis feed a
// fully_connected and a matmul: columns (fc) and rows (matmul) of the
// narrow branch's features are divided. The clamp bounds scale too.

// CHECK-LABEL: func.func @fc_branches
// CHECK: %[[WA:.*]] = arith.constant dense<{{\[}}[1.000000e+02, 2.000000e+02]]> : tensor<1x2xf32>
// CHECK: qnn.fully_connected %{{.*}}, %[[WA]] {activation = #qnn.activation<clamp [-1.000000e+02, 1.000000e+02]>, qnn.equalized_by = array<f64: 1.000000e+02>}
// CHECK: qnn.observe %{{.*}} {stats = #qnn.stats<min = -1.000000e+02, max = 1.000000e+02>}
// CHECK-NOT: arith.constant
// CHECK: qnn.fully_connected %{{.*}}, %{{.*}} : (tensor<1x2xf32>, tensor<1x2xf32>)
// CHECK: qnn.concat {{.*}} {axis = 1 : i64, qnn.equalized_axis = 1 : i64, qnn.equalized_by = array<f64: 1.000000e+02, 1.000000e+00>}
// CHECK: %[[WF:.*]] = arith.constant dense<{{\[}}[0.00999999977, 2.000000e+00], [3.000000e-02, 4.000000e+00]]> : tensor<2x2xf32>
// CHECK: qnn.fully_connected %{{.*}}, %[[WF]] :
// CHECK: %[[WM:.*]] = arith.constant dense<{{\[}}[5.000000e-02], [6.000000e+00]]> : tensor<2x1xf32>
// CHECK: qnn.matmul %{{.*}}, %[[WM]] :
func.func @fc_branches(%x: tensor<1x2xf32>) -> (tensor<1x2xf32>, tensor<1x1xf32>) {
  %wa = arith.constant dense<[[1.0, 2.0]]> : tensor<1x2xf32>
  %wb = arith.constant dense<[[100.0, 100.0]]> : tensor<1x2xf32>
  %wf = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %wm = arith.constant dense<[[5.0], [6.0]]> : tensor<2x1xf32>
  %a = qnn.fully_connected %x, %wa {activation = #qnn.activation<clamp [-1.0, 1.0]>} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x1xf32>
  %ao = qnn.observe %a {stats = #qnn.stats<min = -1.0, max = 1.0>} : tensor<1x1xf32>
  %b = qnn.fully_connected %x, %wb : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x1xf32>
  %bo = qnn.observe %b {stats = #qnn.stats<min = -100.0, max = 100.0>} : tensor<1x1xf32>
  %c = qnn.concat %ao, %bo {axis = 1 : i64} : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x2xf32>
  %co = qnn.observe %c {stats = #qnn.stats<min = -100.0, max = 100.0>} : tensor<1x2xf32>
  %y = qnn.fully_connected %co, %wf : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  %z = qnn.matmul %co, %wm : (tensor<1x2xf32>, tensor<2x1xf32>) -> tensor<1x1xf32>
  return %y, %z : tensor<1x2xf32>, tensor<1x1xf32>
}

// -----

// Left alone: branch widths only 2x apart (below min-ratio = 4).

// CHECK-LABEL: func.func @below_min_ratio
// CHECK: arith.constant dense<1.000000e+00> : tensor<1x1x1x1xf32>
// CHECK: qnn.observe %{{.*}} {stats = #qnn.stats<min = 0.000000e+00, max = 1.000000e+00>}
// CHECK: qnn.observe %{{.*}} {stats = #qnn.stats<min = 0.000000e+00, max = 2.000000e+00>}
// CHECK: qnn.observe %{{.*}} {stats = #qnn.stats<min = 0.000000e+00, max = 2.000000e+00>}
func.func @below_min_ratio(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1x1x1xf32>
  %wc = arith.constant dense<1.0> : tensor<1x2x1x1xf32>
  %a = qnn.conv2d %x, %w : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %ao = qnn.observe %a {stats = #qnn.stats<min = 0.0, max = 1.0>} : tensor<1x1x2x2xf32>
  %b = qnn.conv2d %x, %w : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %bo = qnn.observe %b {stats = #qnn.stats<min = 0.0, max = 2.0>} : tensor<1x1x2x2xf32>
  %c = qnn.concat %ao, %bo {axis = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32>
  %co = qnn.observe %c {stats = #qnn.stats<min = 0.0, max = 2.0>} : tensor<1x2x2x2xf32>
  %y = qnn.conv2d %co, %wc : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<1x1x2x2xf32>
  return %y : tensor<1x1x2x2xf32>
}

// -----

// Left alone: the concat also feeds an add, which cannot absorb a
// per-channel factor, so rescaling a branch would change the result.

// CHECK-LABEL: func.func @unabsorbing_consumer
// CHECK: qnn.observe %{{.*}} {stats = #qnn.stats<min = 0.000000e+00, max = 1.000000e+00>}
// CHECK: qnn.observe %{{.*}} {stats = #qnn.stats<min = 0.000000e+00, max = 1.000000e+02>}
// CHECK: qnn.observe %{{.*}} {stats = #qnn.stats<min = 0.000000e+00, max = 1.000000e+02>}
// CHECK-NOT: 1.000000e+02>
func.func @unabsorbing_consumer(%x: tensor<1x1x2x2xf32>) -> (tensor<1x1x2x2xf32>, tensor<1x2x2x2xf32>) {
  %w = arith.constant dense<1.0> : tensor<1x1x1x1xf32>
  %wc = arith.constant dense<1.0> : tensor<1x2x1x1xf32>
  %a = qnn.conv2d %x, %w : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %ao = qnn.observe %a {stats = #qnn.stats<min = 0.0, max = 1.0>} : tensor<1x1x2x2xf32>
  %b = qnn.conv2d %x, %w : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %bo = qnn.observe %b {stats = #qnn.stats<min = 0.0, max = 100.0>} : tensor<1x1x2x2xf32>
  %c = qnn.concat %ao, %bo {axis = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32>
  %co = qnn.observe %c {stats = #qnn.stats<min = 0.0, max = 100.0>} : tensor<1x2x2x2xf32>
  %y = qnn.conv2d %co, %wc : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<1x1x2x2xf32>
  %s = qnn.add %co, %co : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  return %y, %s : tensor<1x1x2x2xf32>, tensor<1x2x2x2xf32>
}

// -----

// The narrow branch's conv result is also used outside the concat, so it
// cannot be rescaled; the wide branch is, and comes down to the narrow
// one's width (the widest fixed branch is the reference).

// CHECK-LABEL: func.func @shared_branch_is_fixed
// CHECK: qnn.observe %{{.*}} {stats = #qnn.stats<min = 0.000000e+00, max = 1.000000e+00>}
// CHECK: %[[WB:.*]] = arith.constant dense<0.00999999977> : tensor<1x1x1x1xf32>
// CHECK: qnn.conv2d %{{.*}}, %[[WB]] {qnn.equalized_by = array<f64: 1.000000e-02>} :
// CHECK: qnn.observe %{{.*}} {stats = #qnn.stats<min = 0.000000e+00, max = 1.000000e+00>}
// CHECK: qnn.observe %{{.*}} {stats = #qnn.stats<min = 0.000000e+00, max = 1.000000e+00>}
// CHECK: %[[WC:.*]] = arith.constant dense<{{\[}}[{{\[}}[1.000000e+00]], {{\[}}[1.000000e+02]]]]> : tensor<1x2x1x1xf32>
// CHECK: qnn.conv2d %{{.*}}, %[[WC]] :
func.func @shared_branch_is_fixed(%x: tensor<1x1x2x2xf32>) -> (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>) {
  %w = arith.constant dense<1.0> : tensor<1x1x1x1xf32>
  %wc = arith.constant dense<1.0> : tensor<1x2x1x1xf32>
  %a = qnn.conv2d %x, %w : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %ao = qnn.observe %a {stats = #qnn.stats<min = 0.0, max = 1.0>} : tensor<1x1x2x2xf32>
  %b = qnn.conv2d %x, %w : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %bo = qnn.observe %b {stats = #qnn.stats<min = 0.0, max = 100.0>} : tensor<1x1x2x2xf32>
  %c = qnn.concat %ao, %bo {axis = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32>
  %co = qnn.observe %c {stats = #qnn.stats<min = 0.0, max = 100.0>} : tensor<1x2x2x2xf32>
  %y = qnn.conv2d %co, %wc : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<1x1x2x2xf32>
  return %y, %ao : tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>
}
// -----

// Branches reach the concat through an average pool (positively
// homogeneous: its factor passes), and one is produced by a matmul with a
// constant rhs (a weighted op like conv2d). The narrow branches rise to the
// wide one's width, 200.

// CHECK-LABEL: func.func @avg_pool_and_matmul_branches
// CHECK: %[[WA:.*]] = arith.constant dense<2.000000e+02> : tensor<1x1x1x1xf32>
// CHECK: %[[A:.*]] = qnn.conv2d %{{.*}}, %[[WA]] {qnn.equalized_by = array<f64: 2.000000e+02>}
// CHECK: qnn.observe %[[A]] {stats = #qnn.stats<min = 0.000000e+00, max = 2.000000e+02>}
// CHECK: %[[P:.*]] = qnn.avg_pool2d %{{.*}} {kernel = array<i64: 2, 2>, qnn.equalized_by = array<f64: 2.000000e+02>, strides = array<i64: 2, 2>}
// CHECK: qnn.observe %[[P]] {stats = #qnn.stats<min = 0.000000e+00, max = 2.000000e+02>}
// CHECK: qnn.concat {{.*}} {axis = 1 : i64, qnn.equalized_axis = 1 : i64, qnn.equalized_by = array<f64: 2.000000e+02, 1.000000e+00>}
// CHECK: %[[WC:.*]] = arith.constant dense<{{\[}}[{{\[}}[5.000000e-03]], {{\[}}[1.000000e+00]]]]> : tensor<1x2x1x1xf32>
// CHECK: qnn.conv2d %{{.*}}, %[[WC]] :
// CHECK-LABEL: func.func @matmul_branch
// CHECK: %[[WM:.*]] = arith.constant dense<{{\[}}[1.000000e+02], [2.000000e+02]]> : tensor<2x1xf32>
// CHECK: qnn.matmul %{{.*}}, %[[WM]] {qnn.equalized_by = array<f64: 1.000000e+02>}
// CHECK: qnn.observe %{{.*}} {stats = #qnn.stats<min = -1.000000e+02, max = 1.000000e+02>}
// CHECK: %[[WF:.*]] = arith.constant dense<{{\[}}[0.00999999977, 1.000000e+00]]> : tensor<1x2xf32>
// CHECK: qnn.fully_connected %{{.*}}, %[[WF]] :
func.func @avg_pool_and_matmul_branches(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1x1x1xf32>
  %wc = arith.constant dense<1.0> : tensor<1x2x1x1xf32>
  %a = qnn.conv2d %x, %w : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  %ao = qnn.observe %a {stats = #qnn.stats<min = 0.0, max = 1.0>} : tensor<1x1x4x4xf32>
  %ap = qnn.avg_pool2d %ao {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32>
  %apo = qnn.observe %ap {stats = #qnn.stats<min = 0.0, max = 1.0>} : tensor<1x1x2x2xf32>
  %xp = qnn.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32>
  %b = qnn.conv2d %xp, %w : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %bo = qnn.observe %b {stats = #qnn.stats<min = -100.0, max = 100.0>} : tensor<1x1x2x2xf32>
  %c = qnn.concat %apo, %bo {axis = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32>
  %co = qnn.observe %c {stats = #qnn.stats<min = -100.0, max = 100.0>} : tensor<1x2x2x2xf32>
  %y = qnn.conv2d %co, %wc : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<1x1x2x2xf32>
  return %y : tensor<1x1x2x2xf32>
}

func.func @matmul_branch(%x: tensor<1x2xf32>) -> tensor<1x1xf32> {
  %wa = arith.constant dense<[[1.0], [2.0]]> : tensor<2x1xf32>
  %wb = arith.constant dense<[[100.0, 100.0]]> : tensor<1x2xf32>
  %wf = arith.constant dense<[[1.0, 1.0]]> : tensor<1x2xf32>
  %a = qnn.matmul %x, %wa : (tensor<1x2xf32>, tensor<2x1xf32>) -> tensor<1x1xf32>
  %ao = qnn.observe %a {stats = #qnn.stats<min = -1.0, max = 1.0>} : tensor<1x1xf32>
  %b = qnn.fully_connected %x, %wb : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x1xf32>
  %bo = qnn.observe %b {stats = #qnn.stats<min = -100.0, max = 100.0>} : tensor<1x1xf32>
  %c = qnn.concat %ao, %bo {axis = 1 : i64} : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x2xf32>
  %co = qnn.observe %c {stats = #qnn.stats<min = -100.0, max = 100.0>} : tensor<1x2xf32>
  %y = qnn.fully_connected %co, %wf : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x1xf32>
  return %y : tensor<1x1xf32>
}

// -----

// Per-channel factors pass an average pool after the concat (it keeps each
// NCHW channel in place), which is marked with them.

// CHECK-LABEL: func.func @avg_pool_after_concat
// CHECK: qnn.concat {{.*}} {axis = 1 : i64, qnn.equalized_axis = 1 : i64, qnn.equalized_by = array<f64: 1.000000e+02, 1.000000e+00>}
// CHECK: qnn.avg_pool2d %{{.*}} {kernel = array<i64: 2, 2>, qnn.equalized_axis = 1 : i64, qnn.equalized_by = array<f64: 1.000000e+02, 1.000000e+00>, strides
// CHECK: %[[WC:.*]] = arith.constant dense<{{\[}}[{{\[}}[0.00999999977]], {{\[}}[1.000000e+00]]]]> : tensor<1x2x1x1xf32>
// CHECK: qnn.conv2d %{{.*}}, %[[WC]] :
func.func @avg_pool_after_concat(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1x1x1xf32>
  %wc = arith.constant dense<1.0> : tensor<1x2x1x1xf32>
  %a = qnn.conv2d %x, %w : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  %ao = qnn.observe %a {stats = #qnn.stats<min = 0.0, max = 1.0>} : tensor<1x1x4x4xf32>
  %b = qnn.conv2d %x, %w : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  %bo = qnn.observe %b {stats = #qnn.stats<min = 0.0, max = 100.0>} : tensor<1x1x4x4xf32>
  %c = qnn.concat %ao, %bo {axis = 1 : i64} : (tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32>
  %co = qnn.observe %c {stats = #qnn.stats<min = 0.0, max = 100.0>} : tensor<1x2x4x4xf32>
  %p = qnn.avg_pool2d %co {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32>
  %y = qnn.conv2d %p, %wc : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<1x1x2x2xf32>
  return %y : tensor<1x1x2x2xf32>
}

// -----

// Left alone: a concat on the W axis followed by a max pool, which takes
// the max over neighbouring W positions (so over different factors): no
// per-channel factor passes it to the matmul contracting W.

// CHECK-LABEL: func.func @max_pool_mixes_concat_axis
// CHECK-NOT: qnn.equalized_by
func.func @max_pool_mixes_concat_axis(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x1x1xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1x1x1xf32>
  %wm = arith.constant dense<1.0> : tensor<2x1xf32>
  %a = qnn.conv2d %x, %w : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %ao = qnn.observe %a {stats = #qnn.stats<min = 0.0, max = 1.0>} : tensor<1x1x2x2xf32>
  %b = qnn.conv2d %x, %w : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %bo = qnn.observe %b {stats = #qnn.stats<min = 0.0, max = 100.0>} : tensor<1x1x2x2xf32>
  %c = qnn.concat %ao, %bo {axis = 3 : i64} : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x1x2x4xf32>
  %co = qnn.observe %c {stats = #qnn.stats<min = 0.0, max = 100.0>} : tensor<1x1x2x4xf32>
  %p = qnn.max_pool2d %co {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x1x2x4xf32>) -> tensor<1x1x1x2xf32>
  %y = qnn.matmul %p, %wm : (tensor<1x1x1x2xf32>, tensor<2x1xf32>) -> tensor<1x1x1x1xf32>
  return %y : tensor<1x1x1x1xf32>
}
