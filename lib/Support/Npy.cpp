//===- Npy.cpp - NumPy .npy files
//------------------------------------------===//
//
// Format (numpy.lib.format): the magic "\x93NUMPY", a major and a minor
// version byte, the header length (u16 little endian in version 1, u32 in
// versions 2 and 3), the header — a Python dict literal with the keys
// 'descr', 'fortran_order' and 'shape' — and the raw data. Every read is
// bounds-checked against the file size; every error names the file.
//
//===----------------------------------------------------------------------===//

#include "qnn/Support/Npy.h"

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SwapByteOrder.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>
#include <limits>

using namespace mlir;
using namespace mlir::qnn;

static constexpr char kMagic[] = "\x93NUMPY";
static constexpr size_t kMagicSize = 6;

namespace {
/// The element kind of a .npy file.
struct Dtype {
  char kind = 0; // 'f', 'i' or 'u'
  unsigned bytes = 0;
};

/// The parsed header dict.
struct Header {
  Dtype dtype;
  bool fortranOrder = false;
  SmallVector<int64_t> shape;
};

/// A recursive-descent parser for the header dict literal.
class HeaderParser {
public:
  HeaderParser(StringRef text) : text(text) {}

  /// Parses the dict; on failure `error` says what is wrong.
  bool parse(Header &header, std::string &error);

private:
  void skipSpace() { text = text.ltrim(" \t\r\n"); }
  bool consume(char c) {
    skipSpace();
    if (!text.starts_with(StringRef(&c, 1)))
      return false;
    text = text.drop_front();
    return true;
  }
  bool parseString(std::string &out);
  bool parseShape(SmallVectorImpl<int64_t> &shape);
  bool parseDtype(StringRef descr, Dtype &dtype, std::string &error);

  StringRef text;
};
} // namespace

bool HeaderParser::parseString(std::string &out) {
  skipSpace();
  if (text.empty() || (text.front() != '\'' && text.front() != '"'))
    return false;
  char quote = text.front();
  size_t end = text.find(quote, 1);
  if (end == StringRef::npos)
    return false;
  out = text.slice(1, end).str();
  text = text.drop_front(end + 1);
  return true;
}

bool HeaderParser::parseShape(SmallVectorImpl<int64_t> &shape) {
  if (!consume('('))
    return false;
  while (true) {
    if (consume(')'))
      return true;
    skipSpace();
    size_t digits = 0;
    while (digits < text.size() && llvm::isDigit(text[digits]))
      ++digits;
    if (digits == 0 || digits > 18) // also rejects sizes that overflow
      return false;
    int64_t dim = 0;
    if (text.take_front(digits).getAsInteger(10, dim))
      return false;
    text = text.drop_front(digits);
    shape.push_back(dim);
    if (!consume(','))
      return consume(')');
  }
}

bool HeaderParser::parseDtype(StringRef descr, Dtype &dtype,
                              std::string &error) {
  if (descr.size() < 3) {
    error = "unsupported dtype '" + descr.str() + "'";
    return false;
  }
  char order = descr[0];
  dtype.kind = descr[1];
  unsigned bytes = 0;
  if (descr.drop_front(2).getAsInteger(10, bytes)) {
    error = "unsupported dtype '" + descr.str() + "'";
    return false;
  }
  dtype.bytes = bytes;
  bool supported = (dtype.kind == 'f' && (bytes == 4 || bytes == 8)) ||
                   (dtype.kind == 'i' &&
                    (bytes == 1 || bytes == 2 || bytes == 4 || bytes == 8)) ||
                   (dtype.kind == 'u' && (bytes == 1 || bytes == 2));
  if (!supported) {
    error = "unsupported dtype '" + descr.str() +
            "' (supported: f4, f8, i1, i2, i4, i8, u1, u2)";
    return false;
  }
  bool littleEndian = order == '<' || order == '|' ||
                      (order == '=' && llvm::sys::IsLittleEndianHost);
  if (!littleEndian && bytes > 1) {
    error = "big-endian dtype '" + descr.str() + "' is not supported";
    return false;
  }
  if (order != '<' && order != '>' && order != '|' && order != '=') {
    error = "unsupported dtype '" + descr.str() + "'";
    return false;
  }
  return true;
}

bool HeaderParser::parse(Header &header, std::string &error) {
  bool hasDescr = false, hasOrder = false, hasShape = false;
  error = "malformed header";
  if (!consume('{'))
    return false;
  while (!consume('}')) {
    std::string key;
    if (!parseString(key) || !consume(':'))
      return false;
    if (key == "descr") {
      std::string descr;
      if (!parseString(descr))
        return false;
      if (!parseDtype(descr, header.dtype, error))
        return false;
      hasDescr = true;
    } else if (key == "fortran_order") {
      skipSpace();
      if (text.consume_front("True"))
        header.fortranOrder = true;
      else if (text.consume_front("False"))
        header.fortranOrder = false;
      else
        return false;
      hasOrder = true;
    } else if (key == "shape") {
      if (!parseShape(header.shape)) {
        error = "malformed shape in header";
        return false;
      }
      hasShape = true;
    } else {
      error = "unexpected key '" + key + "' in header";
      return false;
    }
    if (!consume(',')) {
      if (!consume('}'))
        return false;
      break;
    }
  }
  if (!hasDescr || !hasOrder || !hasShape) {
    error = "header lacks one of 'descr', 'fortran_order', 'shape'";
    return false;
  }
  error.clear();
  return true;
}

static llvm::Error fileError(StringRef path, const Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "'" + path + "': " + message);
}

/// Row-major position of the element stored at column-major position
/// `linear` of `shape` (Fortran order).
static int64_t fortranToC(ArrayRef<int64_t> shape, int64_t linear) {
  int64_t result = 0, stride = 1;
  SmallVector<int64_t> index(shape.size());
  for (size_t d = 0; d < shape.size(); ++d) {
    index[d] = linear % shape[d];
    linear /= shape[d];
  }
  for (int64_t d = static_cast<int64_t>(shape.size()) - 1; d >= 0; --d) {
    result += index[d] * stride;
    stride *= shape[d];
  }
  return result;
}

namespace {
/// Where the data of a .npy file starts, and what it holds.
struct Layout {
  Header header;
  size_t dataOffset = 0;
  int64_t count = 0; // elements
};
} // namespace

/// Parses the magic, version and header at the start of `data` (the whole
/// file, or at least its first `dataOffset` bytes); `fileSize` is the size
/// of the whole file, checked against the element count.
static llvm::Expected<Layout> parseLayout(StringRef path, StringRef data,
                                          uint64_t fileSize) {
  if (data.size() < kMagicSize + 4 ||
      data.substr(0, kMagicSize) != StringRef(kMagic, kMagicSize))
    return fileError(path, "not a .npy file (bad magic)");
  unsigned major = static_cast<unsigned char>(data[6]);
  size_t headerStart, headerSize;
  if (major == 1) {
    headerStart = 10;
    headerSize = llvm::support::endian::read16le(data.data() + 8);
  } else if (major == 2 || major == 3) {
    if (data.size() < 12)
      return fileError(path, "truncated header");
    headerStart = 12;
    headerSize = llvm::support::endian::read32le(data.data() + 8);
  } else {
    return fileError(path, "unsupported .npy version " + Twine(major));
  }
  if (headerSize > data.size() - headerStart)
    return fileError(path, "truncated header");

  Layout layout;
  std::string error;
  HeaderParser parser(data.substr(headerStart, headerSize));
  if (!parser.parse(layout.header, error))
    return fileError(path, error);
  layout.dataOffset = headerStart + headerSize;

  // Element count, guarding against overflow (and absurd sizes).
  int64_t count = 1;
  for (int64_t dim : layout.header.shape) {
    if (dim != 0 && count > std::numeric_limits<int32_t>::max() / dim)
      return fileError(path, "array too large");
    count *= dim;
  }
  layout.count = count;
  uint64_t available = fileSize - layout.dataOffset;
  uint64_t needed = static_cast<uint64_t>(count) * layout.header.dtype.bytes;
  if (available < needed)
    return fileError(path, "truncated data: expected " + Twine(needed) +
                               " bytes, found " + Twine(available));
  if (available > needed)
    return fileError(path, "has " + Twine(available - needed) +
                               " bytes after the data");
  return layout;
}

/// The element type the interpreter holds values of `dtype` in.
static Type elementTypeOf(MLIRContext *context, const Dtype &dtype) {
  if (dtype.kind == 'f')
    return Float32Type::get(context);
  return IntegerType::get(context, dtype.bytes * 8,
                          dtype.kind == 'u' ? IntegerType::Unsigned
                                            : IntegerType::Signless);
}

/// Decodes `tensor.getNumElements()` stored elements at `raw` into `tensor`
/// (permuted from column-major when `fortranOrder`). `firstElement` is the
/// index of the first decoded element in the whole file, for messages.
static llvm::Error decodeElements(StringRef path, const char *raw,
                                  const Dtype &dtype, bool fortranOrder,
                                  int64_t firstElement, HostTensor &tensor) {
  ArrayRef<int64_t> shape = tensor.getShape();
  int64_t count = tensor.getNumElements();
  bool permute = fortranOrder && shape.size() > 1;
  for (int64_t i = 0; i < count; ++i) {
    const char *p = raw + i * dtype.bytes;
    int64_t at = permute ? fortranToC(shape, i) : i;
    if (dtype.kind == 'f') {
      float value;
      if (dtype.bytes == 4) {
        uint32_t bits = llvm::support::endian::read32le(p);
        std::memcpy(&value, &bits, 4);
      } else {
        uint64_t bits = llvm::support::endian::read64le(p);
        double wide;
        std::memcpy(&wide, &bits, 8);
        value = static_cast<float>(wide);
      }
      tensor.getFloats()[at] = value;
      continue;
    }
    int64_t value;
    switch (dtype.bytes) {
    case 1:
      value = dtype.kind == 'u' ? static_cast<uint8_t>(*p)
                                : static_cast<int8_t>(*p);
      break;
    case 2: {
      uint16_t bits = llvm::support::endian::read16le(p);
      value = dtype.kind == 'u' ? bits : static_cast<int16_t>(bits);
      break;
    }
    case 4:
      value = static_cast<int32_t>(llvm::support::endian::read32le(p));
      break;
    default:
      value = static_cast<int64_t>(llvm::support::endian::read64le(p));
      break;
    }
    if (value < std::numeric_limits<int32_t>::min() ||
        value > std::numeric_limits<int32_t>::max())
      return fileError(path, "value " + Twine(value) + " at element " +
                                 Twine(firstElement + i) +
                                 " does not fit in 32 bits, the widest "
                                 "integer the interpreter holds");
    tensor.getInts()[at] = static_cast<int32_t>(value);
  }
  return llvm::Error::success();
}

llvm::Expected<HostTensor> mlir::qnn::readNpy(MLIRContext *context,
                                              StringRef path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  if (!file)
    return fileError(path, "cannot open: " + file.getError().message());
  StringRef data = (*file)->getBuffer();
  llvm::Expected<Layout> layout = parseLayout(path, data, data.size());
  if (!layout)
    return layout.takeError();
  HostTensor tensor(RankedTensorType::get(
      layout->header.shape, elementTypeOf(context, layout->header.dtype)));
  if (llvm::Error error = decodeElements(
          path, data.data() + layout->dataOffset, layout->header.dtype,
          layout->header.fortranOrder, 0, tensor))
    return std::move(error);
  return std::move(tensor);
}

//===----------------------------------------------------------------------===//
// NpySampleReader
//===----------------------------------------------------------------------===//

struct NpySampleReader::Impl {
  std::string path;
  llvm::sys::fs::file_t file = llvm::sys::fs::kInvalidFile;
  Layout layout;
  RankedTensorType sampleType;
  std::vector<char> buffer; // one sample's bytes, reused

  ~Impl() {
    if (file != llvm::sys::fs::kInvalidFile)
      llvm::sys::fs::closeFile(file);
  }
};

NpySampleReader::NpySampleReader(std::unique_ptr<Impl> impl)
    : impl(std::move(impl)) {}
NpySampleReader::~NpySampleReader() = default;
NpySampleReader::NpySampleReader(NpySampleReader &&) = default;

llvm::Expected<NpySampleReader> NpySampleReader::open(MLIRContext *context,
                                                      StringRef path) {
  auto impl = std::make_unique<Impl>();
  impl->path = path.str();
  llvm::Expected<llvm::sys::fs::file_t> file =
      llvm::sys::fs::openNativeFileForRead(path);
  if (!file)
    return fileError(path, "cannot open: " + toString(file.takeError()));
  impl->file = *file;
  uint64_t fileSize = 0;
  if (std::error_code ec = llvm::sys::fs::file_size(path, fileSize))
    return fileError(path, "cannot read its size: " + ec.message());

  // The header is at most 4 GiB in theory, a few hundred bytes in practice:
  // read the magic and length first, then exactly the header.
  std::vector<char> head(12, 0);
  llvm::Expected<size_t> got = llvm::sys::fs::readNativeFileSlice(
      impl->file, MutableArrayRef<char>(head), 0);
  if (!got)
    return fileError(path, "cannot read: " + toString(got.takeError()));
  head.resize(*got);
  size_t headerEnd = head.size();
  if (head.size() >= 10) {
    unsigned major = static_cast<unsigned char>(head[6]);
    headerEnd = major == 1
                    ? 10 + llvm::support::endian::read16le(head.data() + 8)
                    : (head.size() >= 12
                           ? 12 + llvm::support::endian::read32le(head.data() + 8)
                           : head.size());
    headerEnd = std::min<uint64_t>(headerEnd, fileSize);
    head.resize(headerEnd);
    got = llvm::sys::fs::readNativeFileSlice(
        impl->file, MutableArrayRef<char>(head), 0);
    if (!got)
      return fileError(path, "cannot read: " + toString(got.takeError()));
    head.resize(*got);
  }
  llvm::Expected<Layout> layout =
      parseLayout(path, StringRef(head.data(), head.size()), fileSize);
  if (!layout)
    return layout.takeError();
  if (layout->header.shape.empty())
    return fileError(path, "holds a scalar, not samples stacked on axis 0");
  if (layout->header.fortranOrder && layout->header.shape.size() > 1)
    return fileError(path, "is in Fortran order: samples cannot be read one "
                           "at a time (save it with numpy's default C order)");
  impl->layout = std::move(*layout);
  impl->sampleType = RankedTensorType::get(
      ArrayRef<int64_t>(impl->layout.header.shape).drop_front(),
      elementTypeOf(context, impl->layout.header.dtype));
  impl->buffer.resize(impl->sampleType.getNumElements() *
                      impl->layout.header.dtype.bytes);
  return NpySampleReader(std::move(impl));
}

int64_t NpySampleReader::getNumSamples() const {
  return impl->layout.header.shape.front();
}

RankedTensorType NpySampleReader::getSampleType() const {
  return impl->sampleType;
}

llvm::Expected<HostTensor> NpySampleReader::readSample(int64_t index) {
  if (index < 0 || index >= getNumSamples())
    return fileError(impl->path, "has no sample " + Twine(index));
  size_t bytes = impl->buffer.size();
  uint64_t offset = impl->layout.dataOffset + uint64_t(index) * bytes;
  llvm::Expected<size_t> got = llvm::sys::fs::readNativeFileSlice(
      impl->file, MutableArrayRef<char>(impl->buffer), offset);
  if (!got)
    return fileError(impl->path, "cannot read: " + toString(got.takeError()));
  if (*got != bytes)
    return fileError(impl->path, "truncated data in sample " + Twine(index));
  HostTensor tensor(impl->sampleType);
  if (llvm::Error error = decodeElements(
          impl->path, impl->buffer.data(), impl->layout.header.dtype,
          /*fortranOrder=*/false, index * tensor.getNumElements(), tensor))
    return std::move(error);
  return std::move(tensor);
}

/// The .npy descr of a tensor's stored values.
static std::string getDescr(Type element) {
  if (element.isF32())
    return "<f4";
  unsigned width;
  bool isSigned;
  if (auto qtype = dyn_cast<quant::QuantizedType>(element)) {
    width = qtype.getStorageTypeIntegralWidth();
    isSigned = qtype.isSigned();
  } else {
    auto integer = cast<IntegerType>(element);
    width = integer.getWidth();
    isSigned = !integer.isUnsigned() && width > 1;
  }
  if (width <= 8)
    return isSigned ? "|i1" : "|u1";
  if (width <= 16)
    return isSigned ? "<i2" : "<u2";
  if (width <= 32)
    return "<i4";
  return "<i8";
}

llvm::Error mlir::qnn::writeNpy(const HostTensor &tensor, StringRef path) {
  Type element = tensor.getElementType();
  if (!element || !(element.isF32() || isa<IntegerType>(element) ||
                    isa<quant::QuantizedType>(element)))
    return fileError(path, "cannot write element type to .npy");
  std::string descr = getDescr(element);

  ArrayRef<int64_t> dims = tensor.getShape();
  std::string shape = "(";
  for (auto [i, dim] : llvm::enumerate(dims))
    shape += (i ? ", " : "") + std::to_string(dim);
  shape += dims.size() == 1 ? ",)" : ")";
  std::string dict =
      "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape;
  dict += ", }";
  // Pad with spaces so that the data starts on a 64-byte boundary.
  size_t prefix = kMagicSize + 2 + 2;
  size_t total = prefix + dict.size() + 1;
  dict.append((64 - total % 64) % 64, ' ');
  dict += '\n';
  bool version2 = dict.size() > std::numeric_limits<uint16_t>::max();

  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_None);
  if (ec)
    return fileError(path, "cannot write: " + ec.message());
  os.write(kMagic, kMagicSize);
  os << static_cast<char>(version2 ? 2 : 1) << static_cast<char>(0);
  char length[4];
  if (version2) {
    llvm::support::endian::write32le(length, dict.size());
    os.write(length, 4);
  } else {
    llvm::support::endian::write16le(length, dict.size());
    os.write(length, 2);
  }
  os << dict;

  if (element.isF32()) {
    for (float v : tensor.getFloats()) {
      uint32_t bits;
      std::memcpy(&bits, &v, 4);
      char bytes[4];
      llvm::support::endian::write32le(bytes, bits);
      os.write(bytes, 4);
    }
  } else {
    unsigned bytes = descr[2] - '0';
    for (int32_t v : tensor.getInts()) {
      char buffer[8];
      llvm::support::endian::write64le(buffer, static_cast<int64_t>(v));
      os.write(buffer, bytes);
    }
  }
  os.close();
  if (os.has_error()) {
    std::string message = os.error().message();
    os.clear_error();
    return fileError(path, "cannot write: " + message);
  }
  return llvm::Error::success();
}
