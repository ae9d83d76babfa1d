//===- Npy.cpp - NumPy .npy files -----------------------------------------===//
//
// Format (numpy.lib.format): the magic "\x93NUMPY", a major and a minor
// version byte, the header length (u16 little endian in version 1, u32 in
// versions 2 and 3), the header — a Python dict literal with the keys
// 'descr', 'fortran_order' and 'shape' — and the raw data. Every read is
// bounds-checked against the file size; every error names the file.
//
//===----------------------------------------------------------------------===//

#include "qnn/Support/Npy.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <limits>
#include <string_view>
#include <sys/stat.h>
#include <unistd.h>

using namespace mlir::qnn;

static constexpr char kMagic[] = "\x93NUMPY";
static constexpr size_t kMagicSize = 6;

//===----------------------------------------------------------------------===//
// Byte order
//===----------------------------------------------------------------------===//

static bool isLittleEndianHost() {
  uint16_t one = 1;
  unsigned char first;
  std::memcpy(&first, &one, 1);
  return first == 1;
}

/// Unsigned little-endian integer of `bytes` bytes at `p`.
static uint64_t readLittleEndian(const char *p, unsigned bytes) {
  uint64_t value = 0;
  for (unsigned i = 0; i < bytes; ++i)
    value |= uint64_t(static_cast<unsigned char>(p[i])) << (8 * i);
  return value;
}

static void writeLittleEndian(char *p, uint64_t value, unsigned bytes) {
  for (unsigned i = 0; i < bytes; ++i)
    p[i] = static_cast<char>((value >> (8 * i)) & 0xff);
}

/// Reverses the bytes of each element: little endian <-> host order on a
/// big-endian host.
static void swapElements(char *data, int64_t count, size_t elementSize) {
  if (elementSize == 1)
    return;
  for (int64_t i = 0; i < count; ++i)
    std::reverse(data + i * elementSize, data + (i + 1) * elementSize);
}

//===----------------------------------------------------------------------===//
// Header
//===----------------------------------------------------------------------===//

namespace {
/// The parsed header dict.
struct Header {
  ElementKind kind = ElementKind::F32;
  bool fortranOrder = false;
  std::vector<int64_t> shape;
};

/// A recursive-descent parser for the header dict literal.
class HeaderParser {
public:
  explicit HeaderParser(std::string_view text) : text(text) {}

  /// Parses the dict; on failure `error` says what is wrong.
  bool parse(Header &header, std::string &error);

private:
  void skipSpace() {
    size_t n = 0;
    while (n < text.size() && (text[n] == ' ' || text[n] == '\t' ||
                               text[n] == '\r' || text[n] == '\n'))
      ++n;
    text.remove_prefix(n);
  }
  bool consume(char c) {
    skipSpace();
    if (text.empty() || text.front() != c)
      return false;
    text.remove_prefix(1);
    return true;
  }
  bool consumeWord(std::string_view word) {
    skipSpace();
    if (text.substr(0, word.size()) != word)
      return false;
    text.remove_prefix(word.size());
    return true;
  }
  bool parseString(std::string &out);
  bool parseShape(std::vector<int64_t> &shape);

  std::string_view text;
};
} // namespace

bool HeaderParser::parseString(std::string &out) {
  skipSpace();
  if (text.empty() || (text.front() != '\'' && text.front() != '"'))
    return false;
  size_t end = text.find(text.front(), 1);
  if (end == std::string_view::npos)
    return false;
  out = std::string(text.substr(1, end - 1));
  text.remove_prefix(end + 1);
  return true;
}

bool HeaderParser::parseShape(std::vector<int64_t> &shape) {
  if (!consume('('))
    return false;
  while (true) {
    if (consume(')'))
      return true;
    skipSpace();
    size_t digits = 0;
    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9')
      ++digits;
    if (digits == 0 || digits > 18) // also rejects sizes that overflow
      return false;
    int64_t dim = 0;
    for (size_t i = 0; i < digits; ++i)
      dim = dim * 10 + (text[i] - '0');
    text.remove_prefix(digits);
    shape.push_back(dim);
    if (!consume(','))
      return consume(')');
  }
}

/// The dtypes read and written: the kind character of the descr ('<f4') for
/// each ElementKind; the size is the kind's.
namespace {
struct Dtype {
  ElementKind kind;
  char type;
};
} // namespace
static constexpr Dtype kDtypes[] = {
    {ElementKind::F32, 'f'}, {ElementKind::F64, 'f'}, {ElementKind::I8, 'i'},
    {ElementKind::I16, 'i'}, {ElementKind::I32, 'i'}, {ElementKind::I64, 'i'},
    {ElementKind::U8, 'u'},  {ElementKind::U16, 'u'}};

/// The element kind of a dtype descr such as '<f4'.
static bool parseDescr(const std::string &descr, ElementKind &kind,
                       std::string &error) {
  auto unsupported = [&](const char *detail) {
    error = "unsupported dtype '" + descr + "'" + detail;
    return false;
  };
  if (descr.size() < 3 ||
      !std::all_of(descr.begin() + 2, descr.end(),
                   [](char c) { return c >= '0' && c <= '9'; }) ||
      descr.size() > 5)
    return unsupported("");
  char order = descr[0], type = descr[1];
  int bytes = 0;
  for (char c : descr.substr(2))
    bytes = bytes * 10 + (c - '0');
  const Dtype *entry =
      std::find_if(std::begin(kDtypes), std::end(kDtypes), [&](const Dtype &d) {
        return d.type == type &&
               static_cast<int>(getElementSize(d.kind)) == bytes;
      });
  if (entry == std::end(kDtypes))
    return unsupported(" (supported: f4, f8, i1, i2, i4, i8, u1, u2)");
  if (order != '<' && order != '>' && order != '|' && order != '=')
    return unsupported("");
  bool littleEndian =
      order == '<' || order == '|' || (order == '=' && isLittleEndianHost());
  if (!littleEndian && bytes > 1) {
    error = "big-endian dtype '" + descr + "' is not supported";
    return false;
  }
  kind = entry->kind;
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
      if (!parseDescr(descr, header.kind, error))
        return false;
      hasDescr = true;
    } else if (key == "fortran_order") {
      if (consumeWord("True"))
        header.fortranOrder = true;
      else if (consumeWord("False"))
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

//===----------------------------------------------------------------------===//
// Files
//===----------------------------------------------------------------------===//

static Status fileError(const std::string &path, const std::string &message) {
  return Status::error("'" + path + "': " + message);
}

namespace {
/// An open file descriptor, closed on destruction.
class File {
public:
  File() = default;
  explicit File(int fd) : fd(fd) {}
  File(File &&other) noexcept : fd(other.fd) { other.fd = -1; }
  File &operator=(File &&other) noexcept {
    std::swap(fd, other.fd);
    return *this;
  }
  ~File() {
    if (fd >= 0)
      ::close(fd);
  }
  int get() const { return fd; }

  /// Reads up to `size` bytes at `offset`, retrying short reads; returns
  /// the number of bytes read (fewer at the end of the file) or -1 with
  /// errno set.
  ssize_t readAt(char *out, size_t size, uint64_t offset) const {
    size_t done = 0;
    while (done < size) {
      ssize_t got = ::pread(fd, out + done, size - done,
                            static_cast<off_t>(offset + done));
      if (got < 0 && errno == EINTR)
        continue;
      if (got < 0)
        return -1;
      if (got == 0)
        break;
      done += static_cast<size_t>(got);
    }
    return static_cast<ssize_t>(done);
  }

private:
  int fd = -1;
};

/// An open .npy file: where its data starts and what it holds.
struct OpenedFile {
  File file;
  Header header;
  uint64_t dataOffset = 0;
  int64_t count = 0; // elements
};
} // namespace

/// Opens `path` and reads and checks its header; the data size must match
/// the header exactly.
static Result<OpenedFile> openNpy(const std::string &path) {
  OpenedFile opened;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return fileError(path, std::string("cannot open: ") + std::strerror(errno));
  opened.file = File(fd);
  struct stat info;
  if (::fstat(fd, &info) != 0)
    return fileError(path, std::string("cannot read its size: ") +
                               std::strerror(errno));
  if (S_ISDIR(info.st_mode))
    return fileError(path, "cannot open: Is a directory");
  uint64_t fileSize = static_cast<uint64_t>(info.st_size);

  // Magic, version and header length first, then exactly the header (a few
  // hundred bytes in practice, at most 4 GiB in theory, never more than the
  // file holds).
  char prefix[12];
  ssize_t got = opened.file.readAt(prefix, sizeof(prefix), 0);
  if (got < 0)
    return fileError(path, std::string("cannot read: ") + std::strerror(errno));
  if (got < static_cast<ssize_t>(kMagicSize + 4) ||
      std::memcmp(prefix, kMagic, kMagicSize) != 0)
    return fileError(path, "not a .npy file (bad magic)");
  unsigned major = static_cast<unsigned char>(prefix[6]);
  uint64_t headerStart, headerSize;
  if (major == 1) {
    headerStart = 10;
    headerSize = readLittleEndian(prefix + 8, 2);
  } else if (major == 2 || major == 3) {
    if (got < 12)
      return fileError(path, "truncated header");
    headerStart = 12;
    headerSize = readLittleEndian(prefix + 8, 4);
  } else {
    return fileError(path, "unsupported .npy version " + std::to_string(major));
  }
  if (headerSize > fileSize - headerStart)
    return fileError(path, "truncated header");
  std::string text(headerSize, '\0');
  got = opened.file.readAt(text.data(), headerSize, headerStart);
  if (got < 0)
    return fileError(path, std::string("cannot read: ") + std::strerror(errno));
  if (static_cast<uint64_t>(got) != headerSize)
    return fileError(path, "truncated header");

  std::string error;
  if (!HeaderParser(text).parse(opened.header, error))
    return fileError(path, error);
  opened.dataOffset = headerStart + headerSize;

  // Element count, guarding against overflow (and absurd sizes).
  int64_t count = 1;
  for (int64_t dim : opened.header.shape) {
    if (dim != 0 && count > std::numeric_limits<int32_t>::max() / dim)
      return fileError(path, "array too large");
    count *= dim;
  }
  opened.count = count;
  uint64_t available = fileSize - opened.dataOffset;
  uint64_t needed =
      static_cast<uint64_t>(count) * getElementSize(opened.header.kind);
  if (available < needed)
    return fileError(path, "truncated data: expected " +
                               std::to_string(needed) + " bytes, found " +
                               std::to_string(available));
  if (available > needed)
    return fileError(path, "has " + std::to_string(available - needed) +
                               " bytes after the data");
  return opened;
}

/// Reads `buffer.getSizeInBytes()` bytes at `offset` into `buffer` and
/// brings them into host byte order.
static Status readElements(const File &file, const std::string &path,
                           uint64_t offset, Buffer &buffer,
                           const std::string &what) {
  size_t bytes = buffer.getSizeInBytes();
  char *out = static_cast<char *>(buffer.getRawData());
  ssize_t got = file.readAt(out, bytes, offset);
  if (got < 0)
    return fileError(path, std::string("cannot read: ") + std::strerror(errno));
  if (static_cast<size_t>(got) != bytes)
    return fileError(path, "truncated data" + what);
  if (!isLittleEndianHost())
    swapElements(out, buffer.getNumElements(),
                 getElementSize(buffer.getKind()));
  return Status::success();
}

/// `buffer` rearranged from column-major (Fortran) into row-major order.
static Buffer fortranToC(const Buffer &buffer) {
  const std::vector<int64_t> &shape = buffer.getShape();
  Buffer result(buffer.getKind(), shape);
  size_t size = getElementSize(buffer.getKind());
  const char *in = static_cast<const char *>(buffer.getRawData());
  char *out = static_cast<char *>(result.getRawData());
  std::vector<int64_t> index(shape.size(), 0);
  // Walk the column-major positions in order, keeping the index (first
  // dimension fastest) and its row-major offset.
  for (int64_t linear = 0, e = buffer.getNumElements(); linear < e; ++linear) {
    int64_t at = 0;
    for (size_t d = 0; d < shape.size(); ++d)
      at = at * shape[d] + index[d];
    std::memcpy(out + at * size, in + linear * size, size);
    for (size_t d = 0; d < shape.size(); ++d) {
      if (++index[d] < shape[d])
        break;
      index[d] = 0;
    }
  }
  return result;
}

Result<Buffer> mlir::qnn::readNpy(const std::string &path) {
  Result<OpenedFile> opened = openNpy(path);
  if (!opened)
    return opened.getStatus();
  Result<Buffer> buffer =
      Buffer::allocate(opened->header.kind, opened->header.shape);
  if (!buffer)
    return fileError(path, buffer.getError());
  Status read =
      readElements(opened->file, path, opened->dataOffset, *buffer, "");
  if (!read)
    return read;
  if (opened->header.fortranOrder && opened->header.shape.size() > 1)
    return fortranToC(*buffer);
  return buffer;
}

//===----------------------------------------------------------------------===//
// NpySampleReader
//===----------------------------------------------------------------------===//

struct NpySampleReader::Impl {
  std::string path;
  OpenedFile opened;
  std::vector<int64_t> sampleShape;
};

NpySampleReader::NpySampleReader(std::unique_ptr<Impl> impl)
    : impl(std::move(impl)) {}
NpySampleReader::~NpySampleReader() = default;
NpySampleReader::NpySampleReader(NpySampleReader &&other) noexcept = default;
NpySampleReader &
NpySampleReader::operator=(NpySampleReader &&other) noexcept = default;

Result<NpySampleReader> NpySampleReader::open(const std::string &path) {
  Result<OpenedFile> opened = openNpy(path);
  if (!opened)
    return opened.getStatus();
  const Header &header = opened->header;
  if (header.shape.empty())
    return fileError(path, "holds a scalar, not samples stacked on axis 0");
  if (header.fortranOrder && header.shape.size() > 1)
    return fileError(path, "is in Fortran order: samples cannot be read one "
                           "at a time (save it with numpy's default C order)");
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->sampleShape.assign(header.shape.begin() + 1, header.shape.end());
  impl->opened = std::move(*opened);
  return NpySampleReader(std::move(impl));
}

const std::string &NpySampleReader::getPath() const { return impl->path; }

int64_t NpySampleReader::getNumSamples() const {
  return impl->opened.header.shape.front();
}

const std::vector<int64_t> &NpySampleReader::getSampleShape() const {
  return impl->sampleShape;
}

ElementKind NpySampleReader::getElementKind() const {
  return impl->opened.header.kind;
}

Result<Buffer> NpySampleReader::readSample(int64_t index) const {
  if (index < 0 || index >= getNumSamples())
    return fileError(impl->path, "has no sample " + std::to_string(index));
  Buffer sample(getElementKind(), impl->sampleShape);
  uint64_t offset = impl->opened.dataOffset +
                    static_cast<uint64_t>(index) * sample.getSizeInBytes();
  Status read = readElements(impl->opened.file, impl->path, offset, sample,
                             " in sample " + std::to_string(index));
  if (!read)
    return read;
  return sample;
}

//===----------------------------------------------------------------------===//
// Writing
//===----------------------------------------------------------------------===//

/// The .npy descr of `kind`: little endian ('<'), or '|' (no byte order)
/// for one-byte kinds, then the type character and the size.
static std::string getDescr(ElementKind kind) {
  const Dtype *dtype =
      std::find_if(std::begin(kDtypes), std::end(kDtypes),
                   [&](const Dtype &d) { return d.kind == kind; });
  size_t size = getElementSize(kind);
  return std::string(1, size == 1 ? '|' : '<') + dtype->type +
         std::to_string(size);
}

Status mlir::qnn::writeNpy(const Buffer &buffer, const std::string &path) {
  const std::vector<int64_t> &dims = buffer.getShape();
  std::string shape = "(";
  for (size_t i = 0; i < dims.size(); ++i)
    shape += (i ? ", " : "") + std::to_string(dims[i]);
  shape += dims.size() == 1 ? ",)" : ")";
  std::string dict = "{'descr': '" + getDescr(buffer.getKind()) +
                     "', 'fortran_order': False, 'shape': " + shape + ", }";
  // Pad with spaces so that the data starts on a 64-byte boundary; version
  // 2 (a 4-byte header length) only when version 1's 2 bytes cannot hold it.
  dict += '\n';
  auto padded = [&](size_t prefix) {
    return dict.size() + (64 - (prefix + dict.size()) % 64) % 64;
  };
  bool version2 = padded(kMagicSize + 4) > std::numeric_limits<uint16_t>::max();
  size_t prefix = kMagicSize + (version2 ? 6 : 4);
  dict.insert(dict.size() - 1, padded(prefix) - dict.size(), ' ');

  std::string head(kMagic, kMagicSize);
  head += static_cast<char>(version2 ? 2 : 1);
  head += '\0';
  char length[4];
  writeLittleEndian(length, dict.size(), version2 ? 4 : 2);
  head.append(length, version2 ? 4 : 2);
  head += dict;

  std::FILE *file = std::fopen(path.c_str(), "wb");
  if (!file)
    return fileError(path,
                     std::string("cannot write: ") + std::strerror(errno));
  bool ok = std::fwrite(head.data(), 1, head.size(), file) == head.size();
  size_t bytes = buffer.getSizeInBytes();
  const char *data = static_cast<const char *>(buffer.getRawData());
  if (ok && bytes) {
    if (isLittleEndianHost()) {
      ok = std::fwrite(data, 1, bytes, file) == bytes;
    } else {
      std::vector<char> swapped(data, data + bytes);
      swapElements(swapped.data(), buffer.getNumElements(),
                   getElementSize(buffer.getKind()));
      ok = std::fwrite(swapped.data(), 1, bytes, file) == bytes;
    }
  }
  int writeErrno = ok ? 0 : errno;
  if (std::fclose(file) != 0 && ok) {
    ok = false;
    writeErrno = errno;
  }
  if (!ok)
    return fileError(path, std::string("cannot write: ") +
                               std::strerror(writeErrno ? writeErrno : EIO));
  return Status::success();
}
