//===- ContractionKernel.h - register-tiled contractions --------*- C++ -*-===//
//
// The one kernel behind the convolutions and matmuls:
//
//   out[outer..., row, col] = out[outer..., row, col]
//                             + sum_r lhs(outer..., row, r) * rhs(outer..., r,
//                             col)
//
// in f32, with r = (r0, r1, ...) walked in lexicographic order, one rounded
// multiply then one add per product; or in i32 (the INT8 contractions, their
// operands widened), wrapping modulo 2^32. Columns (output channels) are
// vectorized; a tile of `rows` rows shares each rhs vector and keeps its
// `rows x vectors` accumulators in registers for the whole reduction. The
// rhs is read from a packed copy [outer..., column block, r..., block
// columns], zero-filled past the last column, so that a tile's weights are
// one contiguous vector per reduction step.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_LIB_CONVERSION_LINALGTOKERNELS_CONTRACTIONKERNEL_H
#define QNN_LIB_CONVERSION_LINALGTOKERNELS_CONTRACTIONKERNEL_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <functional>

#include <optional>

namespace mlir::qnn {

/// The register tile: `rows` rows times `vectors` vectors of `vectorWidth`
/// 32-bit (f32 or i32) columns.
struct ContractionTile {
  int64_t vectorWidth = 4;
  int64_t vectors = 2;
  int64_t rows = 4;

  int64_t columns() const { return vectorWidth * vectors; }
  /// The tile for a vector width: as many accumulators as the register file
  /// holds with room for the rhs vectors and one broadcast (32 zmm for
  /// AVX-512, 16 ymm / xmm / q registers otherwise); f32 (`isFloat`) or
  /// i32 accumulators.
  static ContractionTile forVectorWidth(int64_t vectorWidth,
                                        bool isFloat = false);
  /// The tile of the dot-product kernels for `width` i32 lanes (16: zmm,
  /// 8: ymm) and `columns` output columns.
  static ContractionTile forDotWidth(int64_t width, int64_t columns);
};

/// Where one row's operands are: the values computed once per row (a
/// convolution's window origin, say).
using RowOrigin = SmallVector<Value, 4>;

/// The indices into a contraction's output of a row's column `col`.
using OutIndex = std::function<SmallVector<Value>(
    OpBuilder &, Location, ValueRange outer, const RowOrigin &, Value col)>;

/// Whether the innermost dimension of a buffer has unit stride.
inline bool hasContiguousRows(Value v) {
  SmallVector<int64_t> strides;
  int64_t offset;
  auto type = cast<MemRefType>(v.getType());
  return succeeded(type.getStridesAndOffset(strides, offset)) &&
         strides.back() == 1;
}

/// A contraction with static sizes, its operands reached through callbacks
/// that know their layouts. `outer` are the leading parallel dimensions
/// (batch, group) the callbacks receive first.
struct ContractionProblem {
  SmallVector<int64_t> outer;
  int64_t rows = 0, columns = 0;
  SmallVector<int64_t> reduction;
  /// The packed rhs, memref<outer (those that index it)... x blocks x
  /// reduction... x tile columns> of f32, i32 or i16 (sign-extended to
  /// i32 as loaded); `packedOuter` selects which outer indices it takes.
  Value packedRhs;
  SmallVector<unsigned> packedOuter;
  /// Reduction elements per product: 1, or 4 for a 4-way u8 x s8 dot
  /// product (packDotRhs). With 4, the last reduction dimension counts
  /// groups of four; the packed rhs holds i8, [...][tile columns x 4] (a
  /// column's four bytes adjacent); loadLhs returns the group's four u8
  /// as one i32 (byte j the element 4 * group + j); each step adds, per
  /// lane, the sum of the four u8 x s8 products (a vector.contract).
  int64_t dotGroup = 1;
  /// Optional: i32 added once to each column's accumulators,
  /// memref<outer (packedOuter)... x blocks x tile columns>.
  Value columnOffsets;

  /// Values derived once from a row index.
  llvm::function_ref<RowOrigin(OpBuilder &, Location, ValueRange outer,
                               Value row)>
      rowOrigin;
  /// lhs(outer, row, r) as an f32 scalar, or an i32 one (widened) when the
  /// packed rhs is an integer.
  llvm::function_ref<Value(OpBuilder &, Location, ValueRange outer,
                           const RowOrigin &, ValueRange r)>
      loadLhs;
  /// The output, read as the initial value and written back: out(outer,
  /// row, col) is `out[outIndex(outer, row's origin, col)]`. With
  /// `contiguousColumns` (the index's last dimension is col, of unit
  /// stride) a vector's columns are read and written at once.
  Value out;
  OutIndex outIndex;
  bool contiguousColumns = false;
  /// Optional (fusion, EpilogueFusion.cpp): the initial accumulators of
  /// columns [col, col + lanes) of every row, instead of out's values.
  std::function<Value(OpBuilder &, Location, VectorType, ValueRange outer,
                      const RowOrigin &, Value col, int64_t lanes)>
      initVector;
  /// Optional: consumes the final accumulators of columns [col, col +
  /// lanes) of one row instead of storing them to out.
  std::function<void(OpBuilder &, Location, Value, ValueRange outer,
                     const RowOrigin &, Value col, int64_t lanes)>
      epilogue;
};

/// Emits the kernel at the builder's insertion point: an scf.parallel over
/// the outer dimensions, the column blocks and the row tiles (no reduction
/// crosses its iterations), the reduction as scf.for loops carrying the
/// accumulators with its innermost dimensions unrolled.
void emitContraction(OpBuilder &b, Location loc, const ContractionProblem &p,
                     const ContractionTile &tile);

/// How an integer operand is widened to i32 (None: an f32 operand).
enum class IntegerExtension { None, Signed, Unsigned };

/// How a source rhs buffer maps onto the logical (outer..., col, r...)
/// order: `sourceDims[i]` is the logical dimension of source dimension i.
/// The packed buffer is memref<outer... x ceil(C / T) x r... x T>.
///
/// Its elements are f32 copies of an f32 source (extension None), or
/// `ext(w) - zeroPoint` for an integer source, ext the sign or zero
/// extension: the i32 factor of the INT8 lowering's `ext(x) * (ext(w) -
/// zw)`, computed once, stored as i16 when every value of the source type
/// fits (8-bit weights: half the memory of i32, and SSE2 multiplies
/// i16 x i16 -> i32 natively) and as i32 otherwise.
struct RhsPacking {
  SmallVector<int64_t> outer;
  int64_t columns = 0;
  SmallVector<int64_t> reduction;
  SmallVector<unsigned> sourceDims;
  int64_t tileColumns = 0;
  IntegerExtension extension = IntegerExtension::None;
  int64_t zeroPoint = 0;

  /// The packed element type for a source of element type `source`.
  Type getElementType(Type source) const;

  int64_t blocks() const { return (columns + tileColumns - 1) / tileColumns; }
  MemRefType getPackedType(Type source) const;
};

/// The elements `ext(w) - zeroPoint` (i32, wrapping) of the constant
/// integer global `source` reads, seen through reshapes, in row-major
/// order; nullopt when `source` is not such a constant.
std::optional<SmallVector<int32_t>>
getConstantWidenedInts(Value source, SymbolTable &symbols,
                       IntegerExtension extension, int64_t zeroPoint = 0);

/// The rhs of a dot-product kernel (ContractionProblem::dotGroup = 4),
/// packed now from constant weights: `packed`, i8 memref<outer... x blocks
/// x reduction[0 .. n-2]... x groups x T * 4>, its element [o, b, r..., q,
/// 4c + j] = w(o, b * T + c, r..., 4q + j), zero past the last column and
/// the last element of a group; and `offsets`, when `lhsOffset` is not 0,
/// the i32 memref<outer... x blocks x T> of -lhsOffset * sum_r w(o, col, r)
/// (a kernel that adds lhsOffset to every lhs element subtracts it back).
struct DotRhs {
  Value packed, offsets;
};

/// `values` are w(o, col, r...) in row-major order of [outer..., columns,
/// reduction...]. Fails, creating nothing, unless every value fits in i8.
FailureOr<DotRhs> packDotRhs(OpBuilder &b, Location loc, SymbolTable &symbols,
                             ArrayRef<int32_t> values, ArrayRef<int64_t> outer,
                             int64_t columns, ArrayRef<int64_t> reduction,
                             int64_t tileColumns, int32_t lhsOffset);

/// The four elements [index .. index + 3] (along the last dimension) of an
/// 8-bit `buffer` as one i32, the element index + j in byte j: group
/// `group` of a reduction dimension of `length` elements, those past it
/// read as 0 (a masked load). With `flipSign`, each byte is xor'ed with
/// 0x80: an i8 x as the u8 x + 128.
Value loadDotGroup(OpBuilder &b, Location loc, Value buffer, ValueRange index,
                   Value group, int64_t length, bool flipSign);

/// The packed rhs: a new constant global (computed now) when `source` is
/// read from a constant memref.global, possibly through reshapes, otherwise
/// a buffer filled by a packing loop emitted at the builder's point.
Value packRhs(OpBuilder &b, Location loc, SymbolTable &symbols, Value source,
              const RhsPacking &packing);

} // namespace mlir::qnn

#endif // QNN_LIB_CONVERSION_LINALGTOKERNELS_CONTRACTIONKERNEL_H
