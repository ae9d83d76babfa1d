//===- ConstantFolder.h - the import-time constant folder -------*- C++ -*-===//
//
// Private to the constant folder: ConstantFolder.cpp holds the driver
// (isFoldable, foldNode) and the table of folders, which FoldShapeOps.cpp
// (shapes, data movement, index generation) and FoldArithmetic.cpp
// (elementwise arithmetic, comparisons, logic, reductions, casts) fill.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_LIB_IMPORT_ONNX_CONSTANTFOLDER_H
#define QNN_LIB_IMPORT_ONNX_CONSTANTFOLDER_H

#include "GraphImporter.h"

#include "llvm/ADT/StringMap.h"

#include <functional>

namespace mlir::qnn::onnx_import {

/// The constant inputs of a node, null for absent optional ones.
using FoldInputs = SmallVector<const ConstTensor *, 3>;

/// A folder gets the node and its constant inputs and sets the outputs;
/// false when it declines (the converter then handles the node).
using FoldFn = FailureOr<bool> (*)(GraphImporter &, const onnx::NodeProto &,
                                   const FoldInputs &);

/// The folders by ONNX op type.
using FolderMap = llvm::StringMap<FoldFn>;

/// Adds the folders of FoldShapeOps.cpp: Shape, ConstantOfShape, Reshape,
/// Flatten, Squeeze, Unsqueeze, Transpose, Concat, Gather, Slice, Split,
/// Expand, Tile, Range.
void addShapeOpFolders(FolderMap &folders);
/// Adds the folders of FoldArithmetic.cpp: Cast, QuantizeLinear, Clip, Where,
/// the Reduce* ops and the elementwise arithmetic, comparison and logic ops.
void addArithmeticFolders(FolderMap &folders);

/// Advances a row-major multi-index over `shape`.
inline void incrementIndex(SmallVectorImpl<int64_t> &index,
                           ArrayRef<int64_t> shape) {
  for (int64_t d = static_cast<int64_t>(shape.size()) - 1; d >= 0; --d) {
    if (++index[d] < shape[d])
      return;
    index[d] = 0;
  }
}

/// Evaluates an elementwise op with NumPy broadcasting. `fn` gets the input
/// elements as doubles (floats) or, when every input is an integer tensor
/// and `intFn` is given, `intFn` gets them as int64.
FailureOr<ConstTensor> evalElementwise(
    GraphImporter &importer, const onnx::NodeProto &node, const FoldInputs &ins,
    int32_t resultType, const std::function<double(ArrayRef<double>)> &fn,
    const std::function<int64_t(ArrayRef<int64_t>)> &intFn = nullptr);

} // namespace mlir::qnn::onnx_import

#endif // QNN_LIB_IMPORT_ONNX_CONSTANTFOLDER_H
