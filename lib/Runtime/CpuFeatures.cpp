//===- CpuFeatures.cpp - CPUID checks of CpuFeatures.def
//-------------------===//

#include "CpuFeatures.h"

#include <cstdint>
#include <cstring>

#if defined(__x86_64__)
#include <cpuid.h>
#endif

using namespace qnn::runtime;

namespace {
struct FeatureBit {
  const char *name;
  uint32_t leaf, subleaf, reg, bit, state;
};

const FeatureBit kFeatures[] = {
#define QNN_CPU_FEATURE(NAME, LEAF, SUBLEAF, REG, BIT, STATE)                  \
  {NAME, LEAF, SUBLEAF, REG, BIT, STATE},
#include "qnn/Runtime/CpuFeatures.def"
};

/// Appends `text` to `out` (after a comma when `separate` and `out` is not
/// empty), within `size` bytes.
void append(char *out, size_t size, const char *text, size_t length,
            bool separate) {
  size_t used = std::strlen(out);
  if (separate && used && used + 1 < size)
    out[used++] = ',';
  size_t room = used < size ? size - 1 - used : 0;
  size_t n = length < room ? length : room;
  std::memcpy(out + used, text, n);
  out[used + n] = '\0';
}

#if defined(__x86_64__)
/// Whether CPUID reports bit `f.bit` of register `f.reg` of the leaf.
bool hasCpuidBit(const FeatureBit &f) {
  unsigned maxLeaf = __get_cpuid_max(f.leaf & 0x80000000u, nullptr);
  if (maxLeaf < f.leaf)
    return false;
  unsigned regs[4] = {0, 0, 0, 0};
  __cpuid_count(f.leaf, f.subleaf, regs[0], regs[1], regs[2], regs[3]);
  return (regs[f.reg] >> f.bit) & 1u;
}

/// Whether the OS saves the register state a feature needs: XCR0 bits 1-2
/// (SSE, AVX), 5-7 (opmask, ZMM) for AVX-512, 17-18 for AMX tiles.
bool hasOsState(uint32_t state) {
  if (state == 0)
    return true;
  unsigned eax, ebx, ecx, edx;
  __cpuid(1, eax, ebx, ecx, edx);
  if (!((ecx >> 27) & 1u)) // OSXSAVE: XGETBV is available.
    return false;
  uint32_t lo, hi;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  uint64_t xcr0 = (static_cast<uint64_t>(hi) << 32) | lo;
  uint64_t needed = 0x6;
  if (state == 2)
    needed |= 0xe0;
  if (state == 3)
    needed |= 0x60000;
  return (xcr0 & needed) == needed;
}
#endif

/// 1: present, 0: missing, -1: not a name of CpuFeatures.def.
int hasFeature(const char *name, size_t length) {
  for (const FeatureBit &f : kFeatures) {
    if (std::strlen(f.name) != length || std::memcmp(f.name, name, length))
      continue;
#if defined(__x86_64__)
    return hasCpuidBit(f) && hasOsState(f.state);
#else
    return 0;
#endif
  }
  return -1;
}
} // namespace

bool qnn::runtime::checkCpuFeatures(const char *features, char *missing,
                                    size_t missingSize) {
  if (missingSize)
    missing[0] = '\0';
  bool ok = true;
  const char *p = features;
  while (*p) {
    const char *end = std::strchr(p, ',');
    size_t length = end ? static_cast<size_t>(end - p) : std::strlen(p);
    if (length) {
      int has = hasFeature(p, length);
      if (has != 1) {
        ok = false;
        append(missing, missingSize, p, length, /*separate=*/true);
        if (has < 0)
          append(missing, missingSize, " (unknown)", 10, /*separate=*/false);
      }
    }
    p += length;
    if (*p == ',')
      ++p;
  }
  return ok;
}
