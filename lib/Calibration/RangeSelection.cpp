//===- RangeSelection.cpp - pick a quantization range from stats ----------===//

#include "qnn/Calibration/RangeSelection.h"
#include "qnn/Calibration/TensorStatistics.h"
#include "qnn/Dialect/QNN/Utils/QuantNumerics.h"

#include "llvm/ADT/StringSwitch.h"
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

using namespace mlir;
using namespace mlir::qnn;

std::optional<RangeMethod> mlir::qnn::parseRangeMethod(StringRef name) {
  return llvm::StringSwitch<std::optional<RangeMethod>>(name)
      .Case("minmax", RangeMethod::MinMax)
      .Case("percentile", RangeMethod::Percentile)
      .Case("entropy", RangeMethod::Entropy)
      .Case("mse", RangeMethod::MSE)
      .Default(std::nullopt);
}

AffineParams mlir::qnn::computeAffineParams(RealRange range, int64_t qmin,
                                            int64_t qmax) {
  double lo = std::min(range.lo, 0.0), hi = std::max(range.hi, 0.0);
  AffineParams params;
  if (!(hi > lo)) {
    params.scale = 1.0;
    params.zeroPoint = std::clamp<int64_t>(0, qmin, qmax);
    return params;
  }
  params.scale = (hi - lo) / static_cast<double>(qmax - qmin);
  double zero = std::nearbyint(qmin - lo / params.scale);
  params.zeroPoint = std::clamp<int64_t>(static_cast<int64_t>(zero), qmin, qmax);
  return params;
}

namespace {
/// The histogram of a StatsAttr with bin geometry.
struct Histogram {
  double lo, hi, width;
  ArrayRef<int64_t> bins;

  explicit Histogram(StatsAttr stats)
      : lo(stats.getRangeLoValue()), hi(stats.getRangeHiValue()),
        width((hi - lo) / std::max<size_t>(stats.getBins().size(), 1)),
        bins(stats.getBins()) {}

  double center(size_t i) const { return lo + (i + 0.5) * width; }
  double edge(size_t i) const { return lo + i * width; }
  /// The bin TensorStatistics::update counts x in.
  size_t binOf(double x) const {
    return HistogramBinning(lo, hi, bins.size()).getBin(x);
  }
  /// Index of the bin boundary at or beyond x, moving away from 0.
  size_t boundaryOutward(double x) const {
    double position = (x - lo) / width;
    double snapped = x >= 0 ? std::ceil(position - 1e-9) : std::floor(position + 1e-9);
    return static_cast<size_t>(
        std::clamp<double>(snapped, 0, static_cast<double>(bins.size())));
  }
};
} // namespace

/// Quantize-dequantize of x under params: the f32 arithmetic the model will
/// run (numerics::fakeQuantize), so the error model sees the real rounding.
static double fakeQuant(double x, AffineParams p, int64_t qmin, int64_t qmax) {
  return numerics::fakeQuantize(static_cast<float>(x),
                                static_cast<float>(p.scale), p.zeroPoint,
                                qmin, qmax);
}

double mlir::qnn::histogramQuantizationMSE(StatsAttr stats, AffineParams params,
                                           int64_t qmin, int64_t qmax) {
  Histogram h(stats);
  double total = 0, error = 0;
  for (size_t i = 0; i < h.bins.size(); ++i) {
    if (!h.bins[i])
      continue;
    double c = h.center(i);
    double d = c - fakeQuant(c, params, qmin, qmax);
    error += h.bins[i] * d * d;
    total += h.bins[i];
  }
  return total > 0 ? error / total : 0.0;
}

/// Percentile: drop (100 - p)% of the mass, from the tails in proportion to
/// their share of the values on each side of 0.
static RealRange percentileRange(StatsAttr stats, double percentile) {
  Histogram h(stats);
  double total = 0;
  for (int64_t c : h.bins)
    total += c;
  double drop = total * (100.0 - percentile) / 100.0;
  // Mass below 0 and above 0 decides how much each tail loses.
  size_t zeroBin = h.boundaryOutward(0.0);
  double below = 0;
  for (size_t i = 0; i < zeroBin; ++i)
    below += h.bins[i];
  double dropLow = total > 0 ? drop * below / total : 0, dropHigh = drop - dropLow;
  RealRange range{stats.getMinValue(), stats.getMaxValue()};
  double acc = 0;
  for (size_t i = 0; i < h.bins.size(); ++i) {
    acc += h.bins[i];
    if (acc > dropLow) {
      range.lo = std::max(range.lo, h.edge(i));
      break;
    }
  }
  acc = 0;
  for (size_t i = h.bins.size(); i-- > 0;) {
    acc += h.bins[i];
    if (acc > dropHigh) {
      range.hi = std::min(range.hi, h.edge(i + 1));
      break;
    }
  }
  return {std::min(range.lo, 0.0), std::max(range.hi, 0.0)};
}

/// The candidate clipping ranges of the entropy and MSE searches: [lo, hi]
/// bin-boundary indices.
static std::vector<std::pair<size_t, size_t>> candidateRanges(StatsAttr stats) {
  Histogram h(stats);
  double lo = std::min(stats.getMinValue(), 0.0);
  double hi = std::max(stats.getMaxValue(), 0.0);
  std::vector<std::pair<size_t, size_t>> candidates;
  for (int k = 128; k >= 1; --k) {
    double a = k / 128.0;
    size_t i = h.boundaryOutward(lo * a), j = h.boundaryOutward(hi * a);
    if (j > i && (candidates.empty() || candidates.back() != std::make_pair(i, j)))
      candidates.emplace_back(i, j);
  }
  return candidates;
}

/// The histogram's counts with the point mass at 0 taken out: the bin
/// holding 0 gets the mean count of its neighbours. Zero is a level of every
/// candidate range (ranges contain 0 and the zero point is exact), so the
/// exact zeros a ReLU leaves, often half the values, are reproduced without
/// error whatever the range. The KL below does not know that: Q spreads the
/// spike over the bins of its level, which costs about
/// spike * log(bins per level) and drowns every other term, so the search
/// picked the window with the fewest bins in the level at 0 and clipped the
/// real tail. What stays in the bin is what the neighbours predict for a
/// smooth density (NVIDIA's pytorch-quantization copies bin 1 into bin 0 of
/// its |x| histogram to the same end).
static std::vector<double> countsWithoutZeroSpike(const Histogram &h) {
  std::vector<double> counts(h.bins.begin(), h.bins.end());
  size_t n = counts.size();
  if (n < 2)
    return counts;
  size_t zero = h.binOf(0.0);
  double neighbours = 0;
  int numNeighbours = 0;
  if (zero > 0) {
    neighbours += counts[zero - 1];
    ++numNeighbours;
  }
  if (zero + 1 < n) {
    neighbours += counts[zero + 1];
    ++numNeighbours;
  }
  // Only ever lowered: a dip at 0 is data, not a point mass.
  counts[zero] = std::min(counts[zero], neighbours / numNeighbours);
  return counts;
}

/// KL(P || Q) as TensorRT calibrates, over `counts` (the histogram's bins,
/// zero spike removed): P is the histogram restricted to bins [i, j) with
/// the mass outside folded into the edge bins; Q quantizes the restricted
/// histogram *without* that mass to `levels` equal groups of bins, each
/// group's mass spread uniformly over its non-empty bins. Clipping too much
/// leaves the folded outliers unexplained by Q; clipping too little merges
/// many bins per level.
static double clippedKL(ArrayRef<double> counts, size_t i, size_t j,
                        int64_t levels) {
  size_t n = j - i;
  std::vector<double> window(n), p(n);
  for (size_t b = 0; b < n; ++b)
    window[b] = p[b] = counts[i + b];
  for (size_t b = 0; b < i; ++b)
    p.front() += counts[b];
  for (size_t b = j; b < counts.size(); ++b)
    p.back() += counts[b];
  std::vector<double> q(n, 0.0);
  int64_t groups = std::min<int64_t>(levels, n);
  for (int64_t g = 0; g < groups; ++g) {
    size_t start = g * n / groups, end = (g + 1) * n / groups;
    double mass = 0;
    size_t nonEmpty = 0;
    for (size_t b = start; b < end; ++b) {
      mass += window[b];
      nonEmpty += window[b] > 0;
    }
    for (size_t b = start; b < end; ++b)
      if (window[b] > 0)
        q[b] = mass / nonEmpty;
  }
  double totalP = 0, totalQ = 0;
  for (size_t b = 0; b < n; ++b) {
    totalP += p[b];
    totalQ += q[b];
  }
  if (totalP == 0 || totalQ == 0)
    return 0;
  // A bin P has mass in but Q does not (an edge bin that only holds folded
  // outliers) gets a small epsilon, as TensorRT does.
  constexpr double epsilon = 1e-4;
  double kl = 0;
  for (size_t b = 0; b < n; ++b) {
    if (p[b] == 0)
      continue;
    double pb = p[b] / totalP;
    double qb = q[b] > 0 ? q[b] / totalQ : epsilon / totalQ;
    kl += pb * std::log(pb / qb);
  }
  return kl;
}

RealRange mlir::qnn::selectRange(StatsAttr stats, RangeMethod method,
                                 double percentile, int64_t levels) {
  RealRange minmax{std::min(stats.getMinValue(), 0.0),
                   std::max(stats.getMaxValue(), 0.0)};
  if (method == RangeMethod::MinMax || !stats.hasHistogram() ||
      !(minmax.hi > minmax.lo))
    return minmax;
  if (method == RangeMethod::Percentile)
    return percentileRange(stats, percentile);

  Histogram h(stats);
  int64_t qmin = 0, qmax = levels - 1;
  auto errorOf = [&](RealRange range) {
    return histogramQuantizationMSE(
        stats, computeAffineParams(range, qmin, qmax), qmin, qmax);
  };
  std::vector<double> klCounts;
  double minmaxError = 0;
  if (method == RangeMethod::Entropy) {
    klCounts = countsWithoutZeroSpike(h);
    minmaxError = errorOf(minmax);
  }
  double best = std::numeric_limits<double>::infinity();
  RealRange chosen = minmax;
  for (auto [i, j] : candidateRanges(stats)) {
    // Snapped outwards, a candidate can pass the observed extremes: it is
    // judged as the range returned, never wider than what was observed
    // (the widest candidate is then min-max itself).
    RealRange candidate{std::max(std::min(h.edge(i), 0.0), minmax.lo),
                        std::min(std::max(h.edge(j), 0.0), minmax.hi)};
    double error = errorOf(candidate);
    double cost = error;
    if (method == RangeMethod::Entropy) {
      // KL counts the clipped values but not how far out they lie, so on a
      // histogram whose fine structure makes resolution look valuable it
      // drops a thin, long tail at many times min-max's squared error. Only
      // ranges no worse than not clipping, by the error model of the MSE
      // method, are eligible; min-max itself always is.
      if (error > minmaxError)
        continue;
      cost = clippedKL(klCounts, i, j, levels);
    }
    // Ties go to the wider range (candidates run from wide to narrow).
    if (cost < best) {
      best = cost;
      chosen = candidate;
    }
  }
  return chosen;
}
