//===- NpyTest.cpp - .npy reading and writing, and its errors -------------===//
//
// Round trips of every element kind, files written by hand as numpy writes
// them (Fortran order, versions 2 and 3), and every error path of the
// reader: each must name the file and say what is wrong, never overread.
//
//===----------------------------------------------------------------------===//

#include "qnn/Support/Npy.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <unistd.h>

using namespace mlir::qnn;

namespace {

class NpyTest : public ::testing::Test {
protected:
  NpyTest() {
    char pattern[] = "/tmp/qnn-npy-XXXXXX";
    if (const char *made = ::mkdtemp(pattern))
      dir = made;
  }
  void SetUp() override { ASSERT_FALSE(dir.empty()) << "mkdtemp failed"; }
  ~NpyTest() override {
    for (const std::string &path : paths)
      std::remove(path.c_str());
    ::rmdir(dir.c_str());
  }

  std::string path(const std::string &name) {
    paths.push_back(dir + "/" + name);
    return paths.back();
  }

  /// Writes `bytes` as the file `name`; returns its path.
  std::string writeFile(const std::string &name, const std::string &bytes) {
    std::string file = path(name);
    std::ofstream(file, std::ios::binary) << bytes;
    return file;
  }

  static std::string readFile(const std::string &file) {
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  /// A version 1 file with header dict `dict` (no padding) and `data`.
  std::string npyFile(const std::string &name, const std::string &dict,
                      const std::string &data) {
    std::string bytes("\x93NUMPY\x01\x00", 8);
    bytes += static_cast<char>(dict.size() & 0xff);
    bytes += static_cast<char>(dict.size() >> 8);
    return writeFile(name, bytes + dict + data);
  }

  /// The error of reading `file` ("no error" when it reads).
  static std::string readError(const std::string &file) {
    Result<Buffer> result = readNpy(file);
    return result ? "no error" : result.getError();
  }

  std::string dir;
  std::vector<std::string> paths;
};

/// A buffer of `kind` holding 0, 1, ... (wrapped to the type) minus an
/// offset, so that signed kinds get negative values.
Buffer ramp(ElementKind kind, std::vector<int64_t> shape) {
  Buffer buffer(kind, std::move(shape));
  for (int64_t i = 0; i < buffer.getNumElements(); ++i) {
    switch (kind) {
    case ElementKind::F32:
      buffer.getData<float>()[i] = i * 0.25f - 1.0f;
      break;
    case ElementKind::F64:
      buffer.getData<double>()[i] = i * 0.1 - 1.0;
      break;
    case ElementKind::I8:
      buffer.getData<int8_t>()[i] = static_cast<int8_t>(i * 37 - 128);
      break;
    case ElementKind::U8:
      buffer.getData<uint8_t>()[i] = static_cast<uint8_t>(i * 37);
      break;
    case ElementKind::I16:
      buffer.getData<int16_t>()[i] = static_cast<int16_t>(i * 3001 - 32768);
      break;
    case ElementKind::U16:
      buffer.getData<uint16_t>()[i] = static_cast<uint16_t>(i * 6007);
      break;
    case ElementKind::I32:
      buffer.getData<int32_t>()[i] = static_cast<int32_t>(i * 100003 - 7);
      break;
    case ElementKind::I64:
      buffer.getData<int64_t>()[i] = (int64_t(1) << 40) * (i - 3);
      break;
    }
  }
  return buffer;
}

TEST_F(NpyTest, EveryKindRoundTrips) {
  for (ElementKind kind : {ElementKind::F32, ElementKind::F64, ElementKind::I8,
                           ElementKind::U8, ElementKind::I16, ElementKind::U16,
                           ElementKind::I32, ElementKind::I64}) {
    SCOPED_TRACE(getElementKindName(kind));
    Buffer written = ramp(kind, {2, 3, 2});
    std::string file = path(std::string(getElementKindName(kind)) + ".npy");
    Status status = writeNpy(written, file);
    ASSERT_TRUE(status) << status.getError();
    // The data starts on a 64-byte boundary, as numpy aligns it.
    EXPECT_EQ(readFile(file).size() % 64, written.getSizeInBytes() % 64);
    Result<Buffer> read = readNpy(file);
    ASSERT_TRUE(read) << read.getError();
    EXPECT_EQ(read->getKind(), kind);
    EXPECT_EQ(read->getShape(), written.getShape());
    EXPECT_EQ(std::memcmp(read->getRawData(), written.getRawData(),
                          written.getSizeInBytes()),
              0);
  }
}

TEST_F(NpyTest, HeaderIsNumpys) {
  std::string file = path("header.npy");
  ASSERT_TRUE(writeNpy(Buffer(ElementKind::U8, {3}), file));
  std::string bytes = readFile(file);
  // Byte for byte what numpy 1.24's np.save(np.zeros(3, np.uint8)) writes:
  // the dict padded with spaces so that the data starts at byte 128.
  std::string dict = "{'descr': '|u1', 'fortran_order': False, 'shape': "
                     "(3,), }" +
                     std::string(60, ' ') + "\n";
  EXPECT_EQ(bytes, std::string("\x93NUMPY\x01\x00v\x00", 10) + dict +
                       std::string(3, '\0'));
  // Scalars have the shape ().
  ASSERT_TRUE(writeNpy(Buffer(ElementKind::F32, {}), file));
  EXPECT_NE(readFile(file).find("'shape': (), }"), std::string::npos);
  Result<Buffer> scalar = readNpy(file);
  ASSERT_TRUE(scalar) << scalar.getError();
  EXPECT_TRUE(scalar->getShape().empty());
  EXPECT_EQ(scalar->getNumElements(), 1);
}

// A header too long for version 1's 16-bit length is written as version 2.
TEST_F(NpyTest, LongHeadersUseVersion2) {
  std::string file = path("v2.npy");
  Buffer buffer(ElementKind::I8, std::vector<int64_t>(25000, 1));
  buffer.getData<int8_t>()[0] = -5;
  ASSERT_TRUE(writeNpy(buffer, file));
  std::string bytes = readFile(file);
  EXPECT_EQ(bytes[6], 2);
  EXPECT_EQ(bytes.size() % 64, 1u);
  Result<Buffer> read = readNpy(file);
  ASSERT_TRUE(read) << read.getError();
  EXPECT_EQ(read->getShape().size(), 25000u);
  EXPECT_EQ(read->getData<int8_t>()[0], -5);
}

TEST_F(NpyTest, ReadsVersion3) {
  std::string dict = "{'descr': '<i2', 'fortran_order': False, 'shape': (2,)}";
  std::string bytes("\x93NUMPY\x03\x00", 8);
  bytes += std::string(1, static_cast<char>(dict.size())) +
           std::string(3, '\0') + dict + std::string("\x01\x00\xff\xff", 4);
  Result<Buffer> read = readNpy(writeFile("v3.npy", bytes));
  ASSERT_TRUE(read) << read.getError();
  EXPECT_EQ(read->getKind(), ElementKind::I16);
  EXPECT_EQ(read->getData<int16_t>()[0], 1);
  EXPECT_EQ(read->getData<int16_t>()[1], -1);
}

TEST_F(NpyTest, FortranOrderIsRearranged) {
  // Column-major [[0, 1, 2], [3, 4, 5]].
  std::string data;
  for (int32_t v : {0, 3, 1, 4, 2, 5})
    data.append(reinterpret_cast<const char *>(&v), 4);
  std::string file = npyFile(
      "fortran.npy",
      "{'descr': '<i4', 'fortran_order': True, 'shape': (2, 3), }\n", data);
  Result<Buffer> read = readNpy(file);
  ASSERT_TRUE(read) << read.getError();
  for (int32_t i = 0; i < 6; ++i)
    EXPECT_EQ(read->getData<int32_t>()[i], i);

  // Three dimensions: element [i][j][k] is stored at i + 2 j + 4 k.
  std::string data3;
  for (int linear = 0; linear < 12; ++linear) {
    int i = linear % 2, j = (linear / 2) % 2, k = linear / 4;
    float v = 100 * i + 10 * j + k;
    data3.append(reinterpret_cast<const char *>(&v), 4);
  }
  Result<Buffer> read3 = readNpy(npyFile(
      "fortran3.npy",
      "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2, 3), }", data3));
  ASSERT_TRUE(read3) << read3.getError();
  const float *v = read3->getData<float>();
  EXPECT_EQ(v[0 * 6 + 1 * 3 + 2], 12.0f);
  EXPECT_EQ(v[1 * 6 + 0 * 3 + 1], 101.0f);
  EXPECT_EQ(v[1 * 6 + 1 * 3 + 2], 112.0f);
}

// Every truncation of a valid file is an error naming the file, never a
// crash or an overread.
TEST_F(NpyTest, TruncatedFilesAreErrors) {
  std::string full = path("full.npy");
  ASSERT_TRUE(writeNpy(ramp(ElementKind::F32, {2, 2}), full));
  std::string bytes = readFile(full);
  for (size_t size = 0; size < bytes.size(); ++size) {
    std::string cut = writeFile("cut.npy", bytes.substr(0, size));
    Result<Buffer> result = readNpy(cut);
    ASSERT_FALSE(result) << "prefix of " << size << " bytes was read";
    EXPECT_EQ(result.getError().rfind("'" + cut + "': ", 0), 0u)
        << result.getError();
    EXPECT_FALSE(NpySampleReader::open(cut));
  }
  EXPECT_EQ(readError(writeFile("short.npy", bytes.substr(0, 40))),
            "'" + dir + "/short.npy': truncated header");
  EXPECT_EQ(readError(writeFile("data.npy", bytes.substr(0, bytes.size() - 4))),
            "'" + dir +
                "/data.npy': truncated data: expected 16 bytes, "
                "found 12");
  EXPECT_EQ(readError(writeFile("trailing.npy", bytes + "xx")),
            "'" + dir + "/trailing.npy': has 2 bytes after the data");
}

TEST_F(NpyTest, BadMagicAndVersion) {
  std::string bytes = readFile([&] {
    std::string file = path("ok.npy");
    EXPECT_TRUE(writeNpy(Buffer(ElementKind::F32, {4}), file));
    return file;
  }());
  std::string magic = writeFile("magic.npy", "NOTNPY" + bytes.substr(6));
  EXPECT_EQ(readError(magic), "'" + magic + "': not a .npy file (bad magic)");
  std::string empty = writeFile("empty.npy", "");
  EXPECT_EQ(readError(empty), "'" + empty + "': not a .npy file (bad magic)");
  std::string text = writeFile("text.npy", "just some text, long enough");
  EXPECT_EQ(readError(text), "'" + text + "': not a .npy file (bad magic)");
  std::string version = bytes;
  version[6] = 4;
  std::string v4 = writeFile("v4.npy", version);
  EXPECT_EQ(readError(v4), "'" + v4 + "': unsupported .npy version 4");
}

TEST_F(NpyTest, WrongDtypes) {
  auto error = [&](const std::string &descr, size_t bytes) {
    return readError(npyFile("dtype.npy",
                             "{'descr': '" + descr +
                                 "', 'fortran_order': False, 'shape': (2,), }",
                             std::string(2 * bytes, '\0')));
  };
  std::string file = "'" + dir + "/dtype.npy': ";
  EXPECT_EQ(error("<c8", 8),
            file + "unsupported dtype '<c8' (supported: f4, f8, i1, i2, i4, "
                   "i8, u1, u2)");
  EXPECT_EQ(error("<u4", 4),
            file + "unsupported dtype '<u4' (supported: f4, f8, i1, i2, i4, "
                   "i8, u1, u2)");
  EXPECT_EQ(error("<f2", 2),
            file + "unsupported dtype '<f2' (supported: f4, f8, i1, i2, i4, "
                   "i8, u1, u2)");
  EXPECT_EQ(error(">f4", 4), file + "big-endian dtype '>f4' is not supported");
  EXPECT_EQ(error("|b1", 1),
            file + "unsupported dtype '|b1' (supported: f4, f8, i1, i2, i4, "
                   "i8, u1, u2)");
  EXPECT_EQ(error("f4", 4), file + "unsupported dtype 'f4'");
  EXPECT_EQ(error("<U10", 40),
            file + "unsupported dtype '<U10' (supported: f4, f8, i1, i2, i4, "
                   "i8, u1, u2)");
  EXPECT_EQ(error("<i99999999999", 4), file + "unsupported dtype "
                                              "'<i99999999999'");
  EXPECT_EQ(error("*i4", 4), file + "unsupported dtype '*i4'");
  // A byte order mark is irrelevant for one-byte types.
  EXPECT_EQ(error(">u1", 1), "no error");
  EXPECT_EQ(error("|i1", 1), "no error");
}

TEST_F(NpyTest, MalformedHeaders) {
  auto error = [&](const std::string &dict, size_t dataBytes) {
    return readError(npyFile("bad.npy", dict, std::string(dataBytes, '\0')));
  };
  std::string file = "'" + dir + "/bad.npy': ";
  EXPECT_EQ(
      error("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }\n", 8),
      "no error");
  EXPECT_EQ(error("{\"descr\": \"<f4\", \"fortran_order\": False, "
                  "\"shape\": (2, )}",
                  8),
            "no error");
  EXPECT_EQ(error("{'descr': '<f4', 'fortran_order': False}\n", 8),
            file + "header lacks one of 'descr', 'fortran_order', 'shape'");
  EXPECT_EQ(error("{'descr': '<f4', 'fortran_order': False, 'shape': "
                  "(99999999999999999999,), }",
                  8),
            file + "malformed shape in header");
  EXPECT_EQ(
      error("{'descr': '<f4', 'fortran_order': False, 'shape': (2, x)}", 8),
      file + "malformed shape in header");
  EXPECT_EQ(
      error("{'descr': '<f4', 'fortran_order': False, 'shape': (-2,)}", 8),
      file + "malformed shape in header");
  EXPECT_EQ(error("{'descr': '<f4', 'fortran_order': False, 'shape': (65536, "
                  "65536, 65536), }",
                  8),
            file + "array too large");
  EXPECT_EQ(
      error("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1}",
            8),
      file + "unexpected key 'x' in header");
  EXPECT_EQ(error("{'descr': '<f4', 'fortran_order': Maybe, 'shape': (2,)}", 8),
            file + "malformed header");
  EXPECT_EQ(error("{'descr': '<f4", 8), file + "malformed header");
  EXPECT_EQ(error("", 8), file + "malformed header");
  EXPECT_EQ(
      error("{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }", 0),
      file + "truncated data: expected 8 bytes, found 0");
}

TEST_F(NpyTest, FilesThatCannotBeOpened) {
  std::string missing = dir + "/missing.npy";
  EXPECT_EQ(readError(missing),
            "'" + missing + "': cannot open: No such file or directory");
  EXPECT_EQ(readError(dir), "'" + dir + "': cannot open: Is a directory");
  Status write = writeNpy(Buffer(), dir + "/no/such/dir.npy");
  ASSERT_FALSE(write);
  EXPECT_EQ(write.getError(), "'" + dir +
                                  "/no/such/dir.npy': cannot write: No such "
                                  "file or directory");
}

TEST_F(NpyTest, SamplesReadOneAtATime) {
  std::string file = path("samples.npy");
  Buffer all = ramp(ElementKind::I16, {4, 2, 3});
  ASSERT_TRUE(writeNpy(all, file));
  Result<NpySampleReader> reader = NpySampleReader::open(file);
  ASSERT_TRUE(reader) << reader.getError();
  EXPECT_EQ(reader->getNumSamples(), 4);
  EXPECT_EQ(reader->getSampleShape(), std::vector<int64_t>({2, 3}));
  EXPECT_EQ(reader->getElementKind(), ElementKind::I16);
  EXPECT_EQ(reader->getPath(), file);
  for (int64_t s = 3; s >= 0; --s) {
    Result<Buffer> sample = reader->readSample(s);
    ASSERT_TRUE(sample) << sample.getError();
    EXPECT_EQ(sample->getShape(), std::vector<int64_t>({2, 3}));
    EXPECT_EQ(
        std::memcmp(sample->getRawData(), all.getData<int16_t>() + 6 * s, 12),
        0);
  }
  Result<Buffer> beyond = reader->readSample(4);
  ASSERT_FALSE(beyond);
  EXPECT_EQ(beyond.getError(), "'" + file + "': has no sample 4");
  EXPECT_FALSE(reader->readSample(-1));
}

TEST_F(NpyTest, SampleReaderErrors) {
  std::string scalar = path("scalar.npy");
  ASSERT_TRUE(writeNpy(Buffer(ElementKind::F32, {}), scalar));
  Result<NpySampleReader> reader = NpySampleReader::open(scalar);
  ASSERT_FALSE(reader);
  EXPECT_EQ(reader.getError(),
            "'" + scalar + "': holds a scalar, not samples stacked on axis 0");

  std::string fortran =
      npyFile("fortran.npy",
              "{'descr': '|u1', 'fortran_order': True, 'shape': (2, 2), }",
              std::string(4, '\0'));
  reader = NpySampleReader::open(fortran);
  ASSERT_FALSE(reader);
  EXPECT_EQ(reader.getError(),
            "'" + fortran +
                "': is in Fortran order: samples cannot be read "
                "one at a time (save it with numpy's default C "
                "order)");

  std::string empty = path("none.npy");
  ASSERT_TRUE(writeNpy(Buffer(ElementKind::F32, {0, 5}), empty));
  reader = NpySampleReader::open(empty);
  ASSERT_TRUE(reader) << reader.getError();
  EXPECT_EQ(reader->getNumSamples(), 0);
  EXPECT_FALSE(reader->readSample(0));

  // A file cut after opening: the read says so instead of returning junk.
  std::string shrinking = path("shrinking.npy");
  ASSERT_TRUE(writeNpy(ramp(ElementKind::F32, {3, 4}), shrinking));
  reader = NpySampleReader::open(shrinking);
  ASSERT_TRUE(reader) << reader.getError();
  std::string bytes = readFile(shrinking);
  ASSERT_EQ(::truncate(shrinking.c_str(), bytes.size() - 8), 0);
  EXPECT_TRUE(reader->readSample(1));
  Result<Buffer> cut = reader->readSample(2);
  ASSERT_FALSE(cut);
  EXPECT_EQ(cut.getError(), "'" + shrinking + "': truncated data in sample 2");
}

} // namespace
