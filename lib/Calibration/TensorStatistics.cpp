//===- TensorStatistics.cpp - streaming statistics of one tensor ----------===//

#include "qnn/Calibration/TensorStatistics.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <limits>

using namespace mlir::qnn;

// On x86-64 the loops over every value are compiled for AVX-512 and AVX2
// besides the baseline (SSE2), and the loader picks the one the CPU runs
// (an ifunc): 2 doubles a vector become 8 or 4. The operations are the
// same IEEE ones (no contraction applies: no product is added to), so the
// results are too.
#if defined(__x86_64__) && defined(__ELF__)
#define QNN_VECTOR_CLONES                                                      \
  __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define QNN_VECTOR_CLONES
#endif

void TensorStatistics::growTo(double newMin, double newMax) {
  while (newMax > hi || newMin < lo) {
    double width = hi - lo;
    bool up = newMax > hi;
    std::vector<int64_t> merged(kNumBins, 0);
    // The merged pairs fill the lower half when growing up, the upper half
    // when growing down.
    int64_t offset = up ? 0 : kNumBins / 2;
    for (int64_t i = 0; i < kNumBins; ++i)
      merged[offset + i / 2] += bins[i];
    bins = std::move(merged);
    if (up)
      hi = lo + 2 * width;
    else
      lo = hi - 2 * width;
  }
}

/// The order key of a float: its bits as a signed integer, the magnitude
/// bits flipped for negative values, so that keys compare as the floats do
/// (finite ones; -0 orders just below +0). The map is its own inverse.
static int32_t getOrderKey(int32_t bits) {
  return bits ^ ((bits >> 31) & 0x7fffffff);
}

static int32_t getBits(float x) {
  int32_t bits;
  std::memcpy(&bits, &x, sizeof(bits));
  return bits;
}

static float fromBits(int32_t bits) {
  float x;
  std::memcpy(&x, &bits, sizeof(x));
  return x;
}

QNN_VECTOR_CLONES bool mlir::qnn::allFinite(const float *values, size_t size) {
  // A float is not finite when its exponent bits are all ones.
  int32_t notFinite = 0;
  for (size_t i = 0; i < size; ++i)
    notFinite |= (getBits(values[i]) & 0x7f800000) == 0x7f800000;
  return !notFinite;
}

/// The smallest and largest order keys of `values` (integer min / max
/// vectorize, float ones do not without fast-math). Plain loops only in the
/// cloned functions.
QNN_VECTOR_CLONES static void getOrderKeyRange(const float *values, size_t size,
                                               int32_t &lowKey,
                                               int32_t &highKey) {
  int32_t low = INT32_MAX, high = INT32_MIN;
  for (size_t i = 0; i < size; ++i) {
    int32_t key = getOrderKey(getBits(values[i]));
    low = key < low ? key : low;
    high = key > high ? key : high;
  }
  lowKey = low;
  highKey = high;
}

/// What std::minmax_element gives for finite values: the first smallest and
/// the last largest element, found through order keys; equal finite floats
/// have equal bits but for zeros, whose sign is then taken from the element
/// std::minmax_element would pick.
static std::pair<float, float> getMinMax(const float *values, size_t size) {
  int32_t lowKey, highKey;
  getOrderKeyRange(values, size, lowKey, highKey);
  float low = fromBits(getOrderKey(lowKey));
  float high = fromBits(getOrderKey(highKey));
  if (low == 0)
    low = *std::find(values, values + size, 0.0f);
  if (high == 0)
    high = *std::find(std::reverse_iterator<const float *>(values + size),
                      std::reverse_iterator<const float *>(values), 0.0f);
  return {low, high};
}

/// The bins of `size` values.
QNN_VECTOR_CLONES static void computeBins(const HistogramBinning &binning,
                                          const float *values, size_t size,
                                          int32_t *bins) {
  for (size_t i = 0; i < size; ++i)
    bins[i] = static_cast<int32_t>(binning.getBin(values[i]));
}

void TensorStatistics::addToBins(const float *values, size_t size) {
  HistogramBinning binning(lo, hi, kNumBins);
  // Bins of a block of values first (a loop that vectorizes), then the
  // counts. Large tensors count into kNumCopies interleaved copies of the
  // histogram, added up at the end: runs of values in one bin (the zeros
  // of a ReLU) then do not wait on one counter's previous increment.
  // Integer counts, so the sum is the same in any order.
  constexpr size_t kBlock = 512;
  constexpr size_t kNumCopies = 4;
  bool copies = size >= kNumCopies * kNumBins;
  // Each copy counts at most size / kNumCopies + 1 values per call.
  copies &= size / kNumCopies < std::numeric_limits<uint32_t>::max();
  thread_local std::vector<uint32_t> counts;
  if (copies)
    counts.assign(kNumCopies * kNumBins, 0);
  int32_t block[kBlock];
  for (size_t start = 0; start < size; start += kBlock) {
    size_t n = std::min(kBlock, size - start);
    computeBins(binning, values + start, n, block);
    if (!copies) {
      for (size_t i = 0; i < n; ++i)
        ++bins[block[i]];
      continue;
    }
    size_t i = 0;
    for (; i + kNumCopies <= n; i += kNumCopies)
      for (size_t c = 0; c < kNumCopies; ++c)
        ++counts[c * kNumBins + block[i + c]];
    for (; i < n; ++i)
      ++counts[block[i]];
  }
  if (copies)
    for (size_t c = 0; c < kNumCopies; ++c)
      for (int64_t b = 0; b < kNumBins; ++b)
        bins[b] += counts[c * kNumBins + b];
}

void TensorStatistics::update(const float *values, size_t size) {
  if (size == 0)
    return;
  auto [low, high] = getMinMax(values, size);
  double sampleMin = low, sampleMax = high;
  if (count == 0) {
    min = sampleMin;
    max = sampleMax;
    lo = std::min(0.0, sampleMin);
    hi = std::max(0.0, sampleMax);
    if (!(lo < hi))
      hi = lo + 1.0;
    bins.assign(kNumBins, 0);
  } else {
    min = std::min(min, sampleMin);
    max = std::max(max, sampleMax);
    growTo(sampleMin, sampleMax);
  }
  addToBins(values, size);
  count += static_cast<int64_t>(size);
}

CalibrationStats TensorStatistics::getStats() const {
  if (count == 0)
    return {};
  return {min, max, lo, hi, bins};
}

CalibrationStats mlir::qnn::scaleStats(const CalibrationStats &stats,
                                       double factor) {
  return {stats.min * factor, stats.max * factor, stats.rangeLo * factor,
          stats.rangeHi * factor, stats.bins};
}

CalibrationStats
mlir::qnn::mergeStats(const std::vector<CalibrationStats> &parts) {
  if (parts.empty())
    return {};
  CalibrationStats merged{parts.front().min,
                          parts.front().max,
                          parts.front().rangeLo,
                          parts.front().rangeHi,
                          {}};
  bool histograms = true;
  size_t numBins = 0;
  for (const CalibrationStats &part : parts) {
    merged.min = std::min(merged.min, part.min);
    merged.max = std::max(merged.max, part.max);
    merged.rangeLo = std::min(merged.rangeLo, part.rangeLo);
    merged.rangeHi = std::max(merged.rangeHi, part.rangeHi);
    histograms &= part.hasHistogram();
    numBins = std::max(numBins, part.bins.size());
  }
  if (!histograms || !(merged.rangeLo < merged.rangeHi))
    return {merged.min, merged.max, 0, 0, {}};
  merged.bins.assign(numBins, 0);
  HistogramBinning binning(merged.rangeLo, merged.rangeHi,
                           static_cast<int64_t>(numBins));
  for (const CalibrationStats &part : parts) {
    double width = (part.rangeHi - part.rangeLo) / part.bins.size();
    for (size_t i = 0, e = part.bins.size(); i < e; ++i) {
      double centre = part.rangeLo + (i + 0.5) * width;
      merged.bins[binning.getBin(centre)] += part.bins[i];
    }
  }
  return merged;
}
