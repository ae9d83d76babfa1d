//===- ThreadPoolTest.cpp - the runtime's pthread pool --------------------===//
//
// qnn_rt_parallel_for over the pool of lib/Runtime/ThreadPool.cpp: the
// chunks cover [0, n) once each, in contiguous ranges; they run on several
// threads at once; a call without a pool, with one thread, nested in a
// chunk or while another caller holds the pool runs inline.
//
//===----------------------------------------------------------------------===//

#include "qnn/Runtime/ThreadPool.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

using namespace qnn::runtime;

namespace {

/// Records every chunk and the number of chunks running at once.
struct Recorder {
  std::mutex mutex;
  std::vector<std::pair<int64_t, int64_t>> chunks;
  std::vector<std::thread::id> threads;
  std::atomic<int> running{0}, maxRunning{0};
  /// Each chunk waits (up to a second) for another to run beside it.
  bool waitForPeer = false;

  static void body(void *captures, int64_t begin, int64_t end) {
    auto &self = *static_cast<Recorder *>(captures);
    int now = ++self.running;
    int max = self.maxRunning.load();
    while (now > max && !self.maxRunning.compare_exchange_weak(max, now)) {
    }
    if (self.waitForPeer) {
      auto deadline =
          std::chrono::steady_clock::now() + std::chrono::seconds(1);
      while (self.maxRunning.load() < 2 &&
             std::chrono::steady_clock::now() < deadline)
        std::this_thread::yield();
    }
    {
      std::lock_guard<std::mutex> lock(self.mutex);
      self.chunks.emplace_back(begin, end);
      self.threads.push_back(std::this_thread::get_id());
    }
    --self.running;
  }

  /// The chunks sorted cover [0, n) without gap or overlap.
  void expectCover(int64_t n) {
    std::sort(chunks.begin(), chunks.end());
    int64_t next = 0;
    for (auto [begin, end] : chunks) {
      EXPECT_EQ(begin, next);
      EXPECT_LT(begin, end);
      next = end;
    }
    EXPECT_EQ(next, n);
  }
};

/// A pool made current for the test's duration.
struct CurrentPool {
  ThreadPool *pool;
  ThreadPool *previous;
  explicit CurrentPool(uint32_t threads)
      : pool(createThreadPool(threads)), previous(setCurrentThreadPool(pool)) {}
  ~CurrentPool() {
    setCurrentThreadPool(previous);
    destroyThreadPool(pool);
  }
};

TEST(ThreadPoolTest, NoPoolRunsInline) {
  Recorder recorder;
  qnn_rt_parallel_for(1000, Recorder::body, &recorder);
  ASSERT_EQ(recorder.chunks.size(), 1u);
  EXPECT_EQ(recorder.chunks[0], std::make_pair(int64_t(0), int64_t(1000)));
  EXPECT_EQ(recorder.threads[0], std::this_thread::get_id());
  qnn_rt_parallel_for(0, Recorder::body, &recorder);
  EXPECT_EQ(recorder.chunks.size(), 1u);
}

TEST(ThreadPoolTest, OneThreadRunsInline) {
  CurrentPool current(1);
  ASSERT_NE(current.pool, nullptr);
  Recorder recorder;
  qnn_rt_parallel_for(1000, Recorder::body, &recorder);
  ASSERT_EQ(recorder.chunks.size(), 1u);
  EXPECT_EQ(recorder.threads[0], std::this_thread::get_id());
}

TEST(ThreadPoolTest, ChunksCoverTheRangeOnSeveralThreads) {
  CurrentPool current(4);
  ASSERT_NE(current.pool, nullptr);
  for (int64_t n : {2, 3, 7, 16, 17, 1000, 1001}) {
    Recorder recorder;
    recorder.waitForPeer = true;
    qnn_rt_parallel_for(n, Recorder::body, &recorder);
    // min(n, 2 chunks per thread).
    EXPECT_EQ(static_cast<int64_t>(recorder.chunks.size()),
              std::min<int64_t>(n, 8));
    recorder.expectCover(n);
    EXPECT_GE(recorder.maxRunning.load(), 2) << "n = " << n;
  }
}

TEST(ThreadPoolTest, ChunkSizesDifferByAtMostOne) {
  CurrentPool current(3);
  Recorder recorder;
  qnn_rt_parallel_for(100, Recorder::body, &recorder);
  recorder.expectCover(100);
  ASSERT_EQ(recorder.chunks.size(), 6u);
  for (auto [begin, end] : recorder.chunks)
    EXPECT_TRUE(end - begin == 16 || end - begin == 17);
}

/// A body calling qnn_rt_parallel_for again: the inner loop runs inline.
struct Nested {
  std::atomic<int> innerChunks{0};
  static void inner(void *captures, int64_t, int64_t) {
    ++static_cast<Nested *>(captures)->innerChunks;
  }
  static void outer(void *captures, int64_t, int64_t) {
    qnn_rt_parallel_for(50, inner, captures);
  }
};

TEST(ThreadPoolTest, NestedCallsRunInline) {
  CurrentPool current(2);
  Nested nested;
  qnn_rt_parallel_for(8, Nested::outer, &nested);
  // 4 outer chunks (2 per thread), each one inline inner call.
  EXPECT_EQ(nested.innerChunks.load(), 4);
}

TEST(ThreadPoolTest, ConcurrentCallersShareOnePool) {
  ThreadPool *pool = createThreadPool(2);
  ASSERT_NE(pool, nullptr);
  std::vector<std::thread> callers;
  std::atomic<int> failures{0};
  for (int c = 0; c < 4; ++c)
    callers.emplace_back([&, c] {
      setCurrentThreadPool(pool);
      for (int r = 0; r < 200; ++r) {
        Recorder recorder;
        int64_t n = 10 + c + r % 7;
        qnn_rt_parallel_for(n, Recorder::body, &recorder);
        int64_t covered = 0;
        for (auto [begin, end] : recorder.chunks)
          covered += end - begin;
        if (covered != n)
          ++failures;
      }
      setCurrentThreadPool(nullptr);
    });
  for (std::thread &caller : callers)
    caller.join();
  EXPECT_EQ(failures.load(), 0);
  destroyThreadPool(pool);
}

TEST(ThreadPoolTest, CreateAndDestroyRepeatedly) {
  for (int i = 0; i < 20; ++i) {
    ThreadPool *pool = createThreadPool(3);
    ASSERT_NE(pool, nullptr);
    destroyThreadPool(pool);
  }
  destroyThreadPool(nullptr);
}

} // namespace
