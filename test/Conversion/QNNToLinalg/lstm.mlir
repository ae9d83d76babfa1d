// RUN: quant-opt %s -split-input-file --qnn-lower-to-linalg --canonicalize --mlir-print-debuginfo=false | FileCheck %s

// Forward with bias and initial state: one scf.for over the 5 steps
// carrying H, C and Y; per step the gate products are f32 reductions over
// k from 0, g = ((XW + HR) + Wb) + Rb, then one cell generic writing H_t
// and C_t over H_{t-1} and C_{t-1}: sigmoid = 1 / (1 + exp(-x)),
// C_t = f * C_{t-1} + i * c, H_t = o * tanh(C_t).
// CHECK-DAG: #[[LHS:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[RHS:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @forward
// CHECK-SAME: (%[[X:.*]]: tensor<5x2x3xf32>, %[[W:.*]]: tensor<1x16x3xf32>, %[[R:.*]]: tensor<1x16x4xf32>, %[[B:.*]]: tensor<1x32xf32>, %[[H0:.*]]: tensor<1x2x4xf32>, %[[C0:.*]]: tensor<1x2x4xf32>)
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-DAG: %[[WB:.*]] = tensor.extract_slice %[[B]][0, 0] [1, 16] [1, 1] : tensor<1x32xf32> to tensor<16xf32>
// CHECK-DAG: %[[RB:.*]] = tensor.extract_slice %[[B]][0, 16] [1, 16] [1, 1] : tensor<1x32xf32> to tensor<16xf32>
// CHECK-DAG: %[[HI:.*]] = tensor.extract_slice %[[H0]][0, 0, 0] [1, 2, 4] [1, 1, 1] : tensor<1x2x4xf32> to tensor<2x4xf32>
// CHECK-DAG: %[[CI:.*]] = tensor.extract_slice %[[C0]][0, 0, 0] [1, 2, 4] [1, 1, 1] : tensor<1x2x4xf32> to tensor<2x4xf32>
// CHECK: %[[LOOP:.*]]:3 = scf.for %[[T:.*]] = %c0 to %c5 step %c1 iter_args(%[[H:.*]] = %[[HI]], %[[C:.*]] = %[[CI]], %[[Y:.*]] = %{{.*}})
// CHECK: %[[XT:.*]] = tensor.extract_slice %[[X]][%[[T]], 0, 0] [1, 2, 3] [1, 1, 1] : tensor<5x2x3xf32> to tensor<2x3xf32>
// CHECK: %[[XW:.*]] = linalg.generic {indexing_maps = [#[[LHS]], #[[RHS]], #[[OUT]]], iterator_types = ["parallel", "parallel", "reduction"]}
// CHECK-SAME: ins(%[[XT]], %{{.*}} : tensor<2x3xf32>, tensor<16x3xf32>)
// CHECK: %[[P:.*]] = arith.mulf
// CHECK: arith.addf %{{.*}}, %[[P]] : f32
// CHECK: %[[HR:.*]] = linalg.generic {indexing_maps = [#[[LHS]], #[[RHS]], #[[OUT]]], iterator_types = ["parallel", "parallel", "reduction"]}
// CHECK-SAME: ins(%[[H]], %{{.*}} : tensor<2x4xf32>, tensor<16x4xf32>)
// CHECK: %[[G:.*]] = linalg.generic
// CHECK-SAME: ins(%[[XW]], %[[HR]], %[[WB]], %[[RB]] :
// CHECK: ^bb0(%[[A0:.*]]: f32, %[[A1:.*]]: f32, %[[A2:.*]]: f32, %[[A3:.*]]: f32,
// CHECK: %[[S0:.*]] = arith.addf %[[A0]], %[[A1]] : f32
// CHECK: %[[S1:.*]] = arith.addf %[[S0]], %[[A2]] : f32
// CHECK: arith.addf %[[S1]], %[[A3]] : f32
// CHECK-DAG: %[[GI:.*]] = tensor.extract_slice %[[G]][0, 0] [2, 4] [1, 1]
// CHECK-DAG: %[[GO:.*]] = tensor.extract_slice %[[G]][0, 4] [2, 4] [1, 1]
// CHECK-DAG: %[[GF:.*]] = tensor.extract_slice %[[G]][0, 8] [2, 4] [1, 1]
// CHECK-DAG: %[[GC:.*]] = tensor.extract_slice %[[G]][0, 12] [2, 4] [1, 1]
// CHECK: %[[CELL:.*]]:2 = linalg.generic
// CHECK-SAME: ins(%[[GI]], %[[GO]], %[[GF]], %[[GC]] : {{.*}}) outs(%[[H]], %[[C]] : tensor<2x4xf32>, tensor<2x4xf32>)
// CHECK: ^bb0(%[[I:.*]]: f32, %[[O:.*]]: f32, %[[F:.*]]: f32, %[[CC:.*]]: f32, %{{.*}}: f32, %[[CPREV:.*]]: f32):
// CHECK: %[[NI:.*]] = arith.negf %[[I]] : f32
// CHECK: %[[EI:.*]] = math.exp %[[NI]] : f32
// CHECK: %[[DI:.*]] = arith.addf %[[EI]], %[[ONE]] : f32
// CHECK: %[[SI:.*]] = arith.divf %[[ONE]], %[[DI]] : f32
// CHECK: %[[SO:.*]] = arith.divf %[[ONE]], %{{.*}} : f32
// CHECK: %[[SF:.*]] = arith.divf %[[ONE]], %{{.*}} : f32
// CHECK: %[[TC:.*]] = math.tanh %[[CC]] : f32
// CHECK: %[[KEEP:.*]] = arith.mulf %[[SF]], %[[CPREV]] : f32
// CHECK: %[[ADD:.*]] = arith.mulf %[[SI]], %[[TC]] : f32
// CHECK: %[[NEWC:.*]] = arith.addf %[[KEEP]], %[[ADD]] : f32
// CHECK: %[[TN:.*]] = math.tanh %[[NEWC]] : f32
// CHECK: %[[NEWH:.*]] = arith.mulf %[[SO]], %[[TN]] : f32
// CHECK: linalg.yield %[[NEWH]], %[[NEWC]] : f32, f32
// CHECK: %[[YN:.*]] = tensor.insert_slice %[[CELL]]#0 into %[[Y]][%[[T]], 0, 0, 0] [1, 1, 2, 4] [1, 1, 1, 1]
// CHECK: scf.yield %[[CELL]]#0, %[[CELL]]#1, %[[YN]]
// CHECK: tensor.insert_slice %[[LOOP]]#0 into %{{.*}}[0, 0, 0] [1, 2, 4]
// CHECK: tensor.insert_slice %[[LOOP]]#1 into %{{.*}}[0, 0, 0] [1, 2, 4]
func.func @forward(%x: tensor<5x2x3xf32>, %w: tensor<1x16x3xf32>, %r: tensor<1x16x4xf32>,
                   %b: tensor<1x32xf32>, %h: tensor<1x2x4xf32>, %c: tensor<1x2x4xf32>)
    -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>) {
  %y, %yh, %yc = qnn.lstm %x, %w, %r, %b initial_h(%h) initial_c(%c) {hidden_size = 4 : i64}
      : (tensor<5x2x3xf32>, tensor<1x16x3xf32>, tensor<1x16x4xf32>, tensor<1x32xf32>,
         tensor<1x2x4xf32>, tensor<1x2x4xf32>)
      -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>)
  return %y, %yh, %yc : tensor<5x1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>
}

// -----

// Bidirectional, no bias or initial state: two loops, the second reading
// X and writing Y at t = 4 - step, direction 1's weights, zero states.
// CHECK-LABEL: func.func @bidirectional
// CHECK-SAME: (%[[X:.*]]: tensor<5x2x3xf32>, %[[W:.*]]: tensor<2x16x3xf32>
// CHECK-DAG: %[[C4:.*]] = arith.constant 4 : index
// CHECK: tensor.extract_slice %[[W]][0, 0, 0] [1, 16, 3]
// CHECK: %[[L0:.*]]:3 = scf.for %[[S0:.*]] = %c0 to %c5
// CHECK: tensor.extract_slice %[[X]][%[[S0]], 0, 0]
// CHECK: tensor.insert_slice %{{.*}}[%[[S0]], 0, 0, 0] [1, 1, 2, 4]
// CHECK: tensor.extract_slice %[[W]][1, 0, 0] [1, 16, 3]
// CHECK: %[[Z:.*]] = linalg.fill
// CHECK: scf.for %[[S1:.*]] = %c0 to %c5 step %c1 iter_args({{.*}}, %{{.*}} = %[[L0]]#2)
// CHECK: %[[T:.*]] = arith.subi %[[C4]], %[[S1]] : index
// CHECK: tensor.extract_slice %[[X]][%[[T]], 0, 0]
// CHECK: tensor.insert_slice %{{.*}}[%[[T]], 1, 0, 0] [1, 1, 2, 4]
func.func @bidirectional(%x: tensor<5x2x3xf32>, %w: tensor<2x16x3xf32>, %r: tensor<2x16x4xf32>)
    -> (tensor<5x2x2x4xf32>, tensor<2x2x4xf32>) {
  %y, %yh, %yc = qnn.lstm %x, %w, %r {hidden_size = 4 : i64, direction = #qnn.lstm_direction<bidirectional>}
      : (tensor<5x2x3xf32>, tensor<2x16x3xf32>, tensor<2x16x4xf32>)
      -> (tensor<5x2x2x4xf32>, tensor<2x2x4xf32>, tensor<2x2x4xf32>)
  return %y, %yc : tensor<5x2x2x4xf32>, tensor<2x2x4xf32>
}

// -----

// Quantized W (per gate row) and R (per tensor): each product dynamically
// quantizes its whole left operand (range reduction, run-time s and z),
// sums (q_x - z_x) * q_w in i32 (u8 zero-extended, s8 sign-extended), then
// y = f32(acc) * (s_x * s_w[row]).
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @quantized
// CHECK-SAME: %{{.*}}: tensor<1x16x3xi8>, %{{.*}}: tensor<1x16x4xi8>
// CHECK-DAG: %[[RS:.*]] = arith.constant dense<3.000000e-03> : tensor<16xf32>
// CHECK-DAG: %[[WS:.*]] = arith.constant dense<[2.000000e-03, 2.500000e-03, {{.*}}]> : tensor<16xf32>
// CHECK: scf.for
// CHECK: linalg.generic {{.*}} iterator_types = ["reduction", "reduction"]
// CHECK: arith.minnumf
// CHECK: arith.maxnumf
// CHECK: %[[SX:.*]] = arith.select
// CHECK: %[[ZX:.*]] = arith.fptosi
// CHECK: %[[QX:.*]] = linalg.generic
// CHECK: arith.trunci %{{.*}} : i32 to i8
// CHECK: %[[ACC:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]
// CHECK-SAME: ins(%[[QX]], %{{.*}} : tensor<2x3xi8>, tensor<16x3xi8>) outs(%{{.*}} : tensor<2x16xi32>)
// CHECK: %[[XE:.*]] = arith.extui %{{.*}} : i8 to i32
// CHECK: %[[WE:.*]] = arith.extsi %{{.*}} : i8 to i32
// CHECK: %[[XC:.*]] = arith.subi %[[XE]], %[[ZX]] : i32
// CHECK: %[[PR:.*]] = arith.muli %[[XC]], %[[WE]] : i32
// CHECK: arith.addi %{{.*}}, %[[PR]] : i32
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[ROW]], #{{.*}}]
// CHECK-SAME: ins(%[[ACC]], %[[WS]] : tensor<2x16xi32>, tensor<16xf32>)
// CHECK: ^bb0(%[[A:.*]]: i32, %[[SW:.*]]: f32,
// CHECK: %[[AF:.*]] = arith.sitofp %[[A]] : i32 to f32
// CHECK: %[[SS:.*]] = arith.mulf %[[SX]], %[[SW]] : f32
// CHECK: arith.mulf %[[AF]], %[[SS]] : f32
// CHECK: ins(%{{.*}}, %[[RS]] : tensor<2x16xi32>, tensor<16xf32>)
!w = !quant.uniform<i8<-127:127>:f32:1, {0.002, 0.0025, 0.003, 0.0035, 0.004, 0.0045, 0.005, 0.0055, 0.006, 0.0065, 0.007, 0.0075, 0.008, 0.0085, 0.009, 0.0095}>
!r = !quant.uniform<i8<-127:127>:f32, 0.003>
func.func @quantized(%x: tensor<5x2x3xf32>, %w: tensor<1x16x3x!w>, %r: tensor<1x16x4x!r>,
                     %b: tensor<1x32xf32>) -> tensor<5x1x2x4xf32> {
  %y, %yh, %yc = qnn.lstm %x, %w, %r, %b {hidden_size = 4 : i64, direction = #qnn.lstm_direction<reverse>}
      : (tensor<5x2x3xf32>, tensor<1x16x3x!w>, tensor<1x16x4x!r>, tensor<1x32xf32>)
      -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>)
  return %y : tensor<5x1x2x4xf32>
}
