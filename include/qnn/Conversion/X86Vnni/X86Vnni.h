//===- X86Vnni.h - INT8 dot products to x86 VNNI ----------------*- C++ -*-===//

#ifndef QNN_CONVERSION_X86VNNI_X86VNNI_H
#define QNN_CONVERSION_X86VNNI_X86VNNI_H

namespace mlir {
class RewritePatternSet;

namespace qnn {

/// Rewrites the per-lane 4-way u8 x s8 `vector.contract` of the INT8
/// kernels (8 or 16 i32 lanes) into `llvm.x86.avx512.vpdpbusd.{256,512}`
/// (qnn-lower-x86-vnni).
void populateX86VnniPatterns(RewritePatternSet &patterns);

} // namespace qnn
} // namespace mlir

#endif // QNN_CONVERSION_X86VNNI_X86VNNI_H
