//===- QNNAttrs.td - qnn attributes ------------------------*- tablegen -*-===//
//
// What upstream's quantized types do not carry: calibration statistics, fused
// activations and packed-weight layouts.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_ATTRS_TD
#define QNN_ATTRS_TD

include "qnn/Dialect/QNN/IR/QNNBase.td"
include "mlir/IR/EnumAttr.td"

class QNN_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<QNN_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

//===----------------------------------------------------------------------===//
// Enums
//===----------------------------------------------------------------------===//

def QNN_ActivationKind : I32EnumAttr<"ActivationKind", "fused activation", [
    I32EnumAttrCase<"relu", 0>,
    I32EnumAttrCase<"relu6", 1>,
    I32EnumAttrCase<"clamp", 2>
  ]> {
  let cppNamespace = "::mlir::qnn";
  let genSpecializedAttr = 0;
}

def QNN_LayoutKind : I32EnumAttr<"LayoutKind", "packed weight layout", [
    I32EnumAttrCase<"vnni", 0>,
    I32EnumAttrCase<"neon_sdot", 1>,
    I32EnumAttrCase<"neon_smmla", 2>
  ]> {
  let cppNamespace = "::mlir::qnn";
  let genSpecializedAttr = 0;
}

def QNN_LSTMDirection : I32EnumAttr<"LSTMDirection", "LSTM direction", [
    I32EnumAttrCase<"forward", 0>,
    I32EnumAttrCase<"reverse", 1>,
    I32EnumAttrCase<"bidirectional", 2>
  ]> {
  let cppNamespace = "::mlir::qnn";
  let genSpecializedAttr = 0;
}

/// `#qnn.lstm_direction<bidirectional>`
def QNN_LSTMDirectionAttr : EnumAttr<QNN_Dialect, QNN_LSTMDirection,
                                     "lstm_direction"> {
  let assemblyFormat = "`<` $value `>`";
}

//===----------------------------------------------------------------------===//
// #qnn.stats
//===----------------------------------------------------------------------===//

def QNN_StatsAttr : QNN_Attr<"Stats", "stats"> {
  let summary = "Calibration statistics of one tensor";
  let description = [{
    The running minimum and maximum of a tensor over the calibration set and,
    optionally, a histogram of its values: `bins.size()` equal-width bins
    covering `[range_lo, range_hi]`, bin `i` counting the values `x` with
    `range_lo + i * w <= x < range_lo + (i + 1) * w`, `w = (range_hi -
    range_lo) / bins.size()` (the last bin also holds `range_hi`).

    A calibrated module carries one `#qnn.stats` per observed tensor, so a
    calibrated `.mlir` file *is* the saved calibration.

    Requirements: `min <= max`, both finite; with a histogram, `range_lo <
    range_hi`, the range contains `[min, max]` and no count is negative.

    ```mlir
    #qnn.stats<min = -1.5, max = 3.0>
    #qnn.stats<min = -1.5, max = 3.0, range = [-2.0, 4.0], bins = [1, 7, 9]>
    ```
  }];
  let parameters = (ins
    APFloatParameter<"minimum">:$min,
    APFloatParameter<"maximum">:$max,
    APFloatParameter<"histogram range start">:$rangeLo,
    APFloatParameter<"histogram range end">:$rangeHi,
    ArrayRefParameter<"int64_t", "histogram counts">:$bins
  );
  let builders = [
    AttrBuilder<(ins "double":$min, "double":$max), [{
      return $_get($_ctxt, ::llvm::APFloat(min), ::llvm::APFloat(max),
                   ::llvm::APFloat(0.0), ::llvm::APFloat(0.0),
                   ::llvm::ArrayRef<int64_t>{});
    }]>,
    AttrBuilder<(ins "double":$min, "double":$max, "double":$rangeLo,
                     "double":$rangeHi, "::llvm::ArrayRef<int64_t>":$bins), [{
      return $_get($_ctxt, ::llvm::APFloat(min), ::llvm::APFloat(max),
                   ::llvm::APFloat(rangeLo), ::llvm::APFloat(rangeHi), bins);
    }]>
  ];
  let extraClassDeclaration = [{
    bool hasHistogram() const { return !getBins().empty(); }
    double getMinValue() const { return getMin().convertToDouble(); }
    double getMaxValue() const { return getMax().convertToDouble(); }
    double getRangeLoValue() const { return getRangeLo().convertToDouble(); }
    double getRangeHiValue() const { return getRangeHi().convertToDouble(); }
  }];
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
}

//===----------------------------------------------------------------------===//
// #qnn.activation
//===----------------------------------------------------------------------===//

def QNN_ActivationAttr : QNN_Attr<"Activation", "activation"> {
  let summary = "An activation fused into the op that produces a tensor";
  let description = [{
    Applied to the producer's result before it is written (and, for a
    quantized result, before it is rounded to the output type):

    * `relu`: `y = max(x, 0)`
    * `relu6`: `y = min(max(x, 0), 6)`
    * `clamp [lo, hi]`: `y = min(max(x, lo), hi)`, `lo < hi`

    `relu` and `relu6` may spell out their bounds (`relu6 [0.0, 6.0]`), which
    must then be the fixed ones above.

    ```mlir
    %0 = qnn.conv2d %x, %w {activation = #qnn.activation<relu6>} : ...
    %1 = qnn.add %a, %b {activation = #qnn.activation<clamp [-1.0, 1.0]>} : ...
    ```
  }];
  let parameters = (ins
    EnumParameter<QNN_ActivationKind>:$kind,
    APFloatParameter<"lower bound">:$lo,
    APFloatParameter<"upper bound">:$hi
  );
  let builders = [
    AttrBuilder<(ins "::mlir::qnn::ActivationKind":$kind)>,
    AttrBuilder<(ins "::mlir::qnn::ActivationKind":$kind, "double":$lo,
                     "double":$hi), [{
      return $_get($_ctxt, kind, ::llvm::APFloat(lo), ::llvm::APFloat(hi));
    }]>
  ];
  let extraClassDeclaration = [{
    /// Lower and upper bound of the output, infinite where unbounded.
    double getLowerBound() const { return getLo().convertToDouble(); }
    double getUpperBound() const { return getHi().convertToDouble(); }
  }];
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
}

//===----------------------------------------------------------------------===//
// #qnn.layout
//===----------------------------------------------------------------------===//

def QNN_LayoutAttr : QNN_Attr<"Layout", "layout"> {
  let summary = "Layout of a constant weight packed for a target kernel";
  let description = [{
    Describes how a constant weight of logical shape `[N, K]` (output
    channels, reduction) was re-laid-out for a target's dot-product
    instruction: tiles of `tile[0]` output channels by `tile[1]` reduction
    elements, stored contiguously, tiles ordered N-major.

    * `vnni`: x86 `vpdpbusd`, `tile = [16, 4]` (one zmm of i32 accumulators,
      four u8*s8 products per lane);
    * `neon_sdot`: AArch64 `sdot`, `tile = [4, 4]`;
    * `neon_smmla`: AArch64 `smmla`, `tile = [2, 8]`.

    ```mlir
    #qnn.layout<vnni, tile = [16, 4]>
    ```
  }];
  let parameters = (ins
    EnumParameter<QNN_LayoutKind>:$kind,
    ArrayRefParameter<"int64_t", "tile sizes">:$tile
  );
  let assemblyFormat = "`<` $kind `,` `tile` `=` `[` $tile `]` `>`";
  let genVerifyDecl = 1;
}

#endif // QNN_ATTRS_TD
