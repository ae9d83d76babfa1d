//===- ModelRuntime.cpp - the C ABI of qnn_runtime.h ----------------------===//
//
// Implements the model library's C ABI over the descriptor quant-compile
// emits (qnn/Runtime/ModelDescriptor.h). Linked into every model .so, which
// may need only libc, libm and libpthread: no C++ library here (no
// operator new, std::string, exceptions or function-local statics), only
// malloc, pthread and memcpy. Compiled for the baseline ISA.
//
// A model owns `num_contexts` execution contexts, each one allocation
// holding the arena of every intermediate tensor, aligned staging space for
// each input and output, and the memref descriptors the generated entry
// takes. `run` claims a free context under the model's mutex (waiting on a
// condition variable when all are busy), fills the descriptors' pointers
// and calls the entry with the model's thread pool current (ThreadPool.h):
// it allocates nothing. The pool's threads start in create and stop in
// destroy; one run at a time uses them, a concurrent run's parallel loops
// run on its own thread.
//
//===----------------------------------------------------------------------===//

#include "qnn/Runtime/qnn_runtime.h"

#include "CpuFeatures.h"
#include "qnn/Runtime/ModelDescriptor.h"
#include "qnn/Runtime/ThreadPool.h"

#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <pthread.h>

static_assert(sizeof(void *) == sizeof(int64_t),
              "memref descriptors are laid out for 64-bit pointers");

/// Emitted by quant-compile into the model's object (hidden).
extern "C" const qnn_model_descriptor __qnn_model_descriptor;

namespace {
/// Where one run's memory is: the descriptors point into it.
struct Context {
  bool busy = false;
  void *memory = nullptr;
  unsigned char *arena = nullptr;
  /// Per input, then per output: 64-byte aligned space of its byte size.
  unsigned char **staging = nullptr;
  /// Per memref argument of the entry (inputs, outputs, arena): a pointer
  /// to its descriptor { allocated, aligned, offset, sizes[], strides[] }.
  void **descriptors = nullptr;
};

constexpr size_t kAlignment = 64;

size_t alignUp(size_t value) {
  return (value + kAlignment - 1) / kAlignment * kAlignment;
}

/// The calling thread's last error (trivially destructible: no C++ runtime
/// needed for the thread-local).
thread_local char lastError[512];

qnn_status fail(qnn_status status, const char *format, ...)
    __attribute__((format(printf, 2, 3)));
qnn_status fail(qnn_status status, const char *format, ...) {
  va_list args;
  va_start(args, format);
  std::vsnprintf(lastError, sizeof(lastError), format, args);
  va_end(args);
  return status;
}

const qnn_model_descriptor &getDescriptor() { return __qnn_model_descriptor; }

uint32_t getNumBuffers(const qnn_model_descriptor &d) {
  return d.num_inputs + d.num_outputs;
}

const qnn_tensor_descriptor &getTensor(const qnn_model_descriptor &d,
                                       uint32_t buffer) {
  return buffer < d.num_inputs ? d.inputs[buffer]
                               : d.outputs[buffer - d.num_inputs];
}

/// Bytes of a memref descriptor of `rank`: two pointers, the offset, then
/// sizes and strides.
size_t getDescriptorSize(uint32_t rank) {
  return sizeof(int64_t) * (3 + 2 * static_cast<size_t>(rank));
}

size_t getElementSize(uint32_t type) {
  switch (type) {
  case QNN_F64:
  case QNN_I64:
    return 8;
  case QNN_F32:
  case QNN_I32:
    return 4;
  case QNN_I16:
  case QNN_U16:
    return 2;
  default:
    return 1;
  }
}

/// Writes a descriptor of `rank` with constant sizes and row-major strides;
/// the pointers are set per run (or once, for the arena).
void initDescriptor(int64_t *descriptor, uint32_t rank, const int64_t *shape,
                    void *pointer) {
  std::memcpy(&descriptor[0], &pointer, sizeof(pointer));
  std::memcpy(&descriptor[1], &pointer, sizeof(pointer));
  descriptor[2] = 0;
  int64_t stride = 1;
  for (uint32_t i = rank; i-- > 0;) {
    descriptor[3 + i] = shape[i];
    descriptor[3 + rank + i] = stride;
    stride *= shape[i];
  }
}

void setDescriptorPointer(void *descriptor, const void *pointer) {
  auto *words = static_cast<int64_t *>(descriptor);
  std::memcpy(&words[0], &pointer, sizeof(pointer));
  std::memcpy(&words[1], &pointer, sizeof(pointer));
}

/// Allocates one context: [arena][staging...][descriptor pointers]
/// [descriptors], every part 64-byte aligned.
bool initContext(Context &context, const qnn_model_descriptor &d) {
  uint32_t numBuffers = getNumBuffers(d);
  size_t size = alignUp(d.arena_bytes);
  for (uint32_t b = 0; b < numBuffers; ++b)
    size += alignUp(getTensor(d, b).byte_size);
  size_t pointersOffset = size;
  size += alignUp(sizeof(void *) * (2 * numBuffers + 1));
  size_t descriptorsOffset = size;
  for (uint32_t b = 0; b < numBuffers; ++b)
    size += getDescriptorSize(getTensor(d, b).rank);
  size += getDescriptorSize(1);

  void *memory = nullptr;
  if (posix_memalign(&memory, kAlignment, size ? size : kAlignment))
    return false;
  std::memset(memory, 0, size);
  auto *bytes = static_cast<unsigned char *>(memory);
  context.memory = memory;
  context.arena = bytes;
  auto **pointers = reinterpret_cast<void **>(bytes + pointersOffset);
  context.staging = reinterpret_cast<unsigned char **>(pointers);
  context.descriptors = pointers + numBuffers;

  size_t stagingOffset = alignUp(d.arena_bytes);
  auto *descriptor = reinterpret_cast<int64_t *>(bytes + descriptorsOffset);
  for (uint32_t b = 0; b < numBuffers; ++b) {
    const qnn_tensor_descriptor &t = getTensor(d, b);
    context.staging[b] = bytes + stagingOffset;
    stagingOffset += alignUp(t.byte_size);
    initDescriptor(descriptor, t.rank, t.shape, nullptr);
    context.descriptors[b] = descriptor;
    descriptor += 3 + 2 * t.rank;
  }
  int64_t arenaShape = static_cast<int64_t>(d.arena_bytes);
  initDescriptor(descriptor, 1, &arenaShape, context.arena);
  context.descriptors[numBuffers] = descriptor;
  return true;
}

/// "input 0 ('x', f32 1x3x8x8)".
void describeTensor(char *out, size_t size, const char *kind, uint32_t index,
                    const qnn_tensor_descriptor &t) {
  int n = std::snprintf(out, size, "%s %u ('%s', %lu bytes, shape ", kind,
                        index, t.name, static_cast<unsigned long>(t.byte_size));
  if (t.rank == 0 && n > 0 && static_cast<size_t>(n) < size)
    n += std::snprintf(out + n, size - n, "scalar");
  for (uint32_t i = 0; i < t.rank && n > 0 && static_cast<size_t>(n) < size;
       ++i)
    n += std::snprintf(out + n, size - n, i ? "x%lld" : "%lld",
                       static_cast<long long>(t.shape[i]));
  if (n > 0 && static_cast<size_t>(n) < size)
    std::snprintf(out + n, size - n, ")");
}

bool overlaps(const void *a, size_t aBytes, const void *b, size_t bBytes) {
  auto x = reinterpret_cast<uintptr_t>(a), y = reinterpret_cast<uintptr_t>(b);
  return aBytes && bBytes && x < y + bBytes && y < x + aBytes;
}
} // namespace

struct qnn_model {
  const qnn_model_descriptor *descriptor;
  uint32_t numThreads, numContexts;
  pthread_mutex_t mutex;
  pthread_cond_t contextFreed;
  Context *contexts;
  qnn::runtime::ThreadPool *pool;
};

//===----------------------------------------------------------------------===//
// Queries
//===----------------------------------------------------------------------===//

uint32_t qnn_abi_version(void) { return QNN_ABI_VERSION; }

const char *qnn_compiler_version(void) {
  return getDescriptor().compiler_version;
}

const char *qnn_target(void) { return getDescriptor().target; }

const char *qnn_cpu_features(void) { return getDescriptor().cpu_features; }

const char *qnn_last_error(void) { return lastError; }

uint32_t qnn_model_num_threads(const qnn_model *model) {
  return model ? model->numThreads : 0;
}

uint32_t qnn_model_num_contexts(const qnn_model *model) {
  return model ? model->numContexts : 0;
}

size_t qnn_model_num_inputs(const qnn_model *model) {
  return model ? model->descriptor->num_inputs : 0;
}

size_t qnn_model_num_outputs(const qnn_model *model) {
  return model ? model->descriptor->num_outputs : 0;
}

static qnn_status getInfo(const qnn_model *model, size_t index,
                          qnn_tensor_info *info, bool output) {
  if (!model || !info)
    return fail(QNN_ERROR_INVALID_ARGUMENT, "null model or info");
  const qnn_model_descriptor &d = *model->descriptor;
  size_t count = output ? d.num_outputs : d.num_inputs;
  if (index >= count)
    return fail(QNN_ERROR_INVALID_ARGUMENT,
                "%s index %lu out of range: the model has %lu",
                output ? "output" : "input", static_cast<unsigned long>(index),
                static_cast<unsigned long>(count));
  const qnn_tensor_descriptor &t = output ? d.outputs[index] : d.inputs[index];
  info->name = t.name;
  info->element_type = static_cast<qnn_element_type>(t.element_type);
  info->layout = static_cast<qnn_layout>(t.layout);
  info->rank = t.rank;
  info->shape = t.shape;
  info->byte_size = static_cast<size_t>(t.byte_size);
  return QNN_OK;
}

qnn_status qnn_model_input_info(const qnn_model *model, size_t index,
                                qnn_tensor_info *info) {
  return getInfo(model, index, info, /*output=*/false);
}

qnn_status qnn_model_output_info(const qnn_model *model, size_t index,
                                 qnn_tensor_info *info) {
  return getInfo(model, index, info, /*output=*/true);
}

//===----------------------------------------------------------------------===//
// create, destroy
//===----------------------------------------------------------------------===//

static void freeModel(qnn_model *model) {
  qnn::runtime::destroyThreadPool(model->pool);
  for (uint32_t c = 0; c < model->numContexts; ++c)
    std::free(model->contexts[c].memory);
  std::free(model->contexts);
  pthread_cond_destroy(&model->contextFreed);
  pthread_mutex_destroy(&model->mutex);
  std::free(model);
}

qnn_status qnn_model_create(uint32_t numThreads, uint32_t numContexts,
                            qnn_model **result) {
  if (!result)
    return fail(QNN_ERROR_INVALID_ARGUMENT, "null result pointer");
  *result = nullptr;
  const qnn_model_descriptor &d = getDescriptor();
  if (d.version != QNN_MODEL_DESCRIPTOR_VERSION)
    return fail(QNN_ERROR_INTERNAL,
                "the model descriptor has version %u, the runtime reads %u: "
                "the library is damaged",
                d.version, QNN_MODEL_DESCRIPTOR_VERSION);
  char missing[256];
  if (!qnn::runtime::checkCpuFeatures(d.cpu_features, missing, sizeof(missing)))
    return fail(QNN_ERROR_UNSUPPORTED_CPU,
                "this CPU lacks features the model was compiled for "
                "(target %s): %s; recompile it for this CPU (quant-compile "
                "--target host, or generic without --cpu-features)",
                d.target, missing);

  if (numThreads > QNN_MAX_THREADS)
    return fail(QNN_ERROR_INVALID_ARGUMENT, "%u threads asked for; at most %u",
                numThreads, QNN_MAX_THREADS);
  auto *model = static_cast<qnn_model *>(std::calloc(1, sizeof(qnn_model)));
  if (!model)
    return fail(QNN_ERROR_OUT_OF_MEMORY, "cannot allocate the model");
  model->descriptor = &d;
  model->numThreads = numThreads ? numThreads : d.default_threads;
  if (!model->numThreads)
    model->numThreads = 1;
  uint32_t contexts = numContexts ? numContexts : 1;
  pthread_mutex_init(&model->mutex, nullptr);
  pthread_cond_init(&model->contextFreed, nullptr);
  model->contexts =
      static_cast<Context *>(std::calloc(contexts, sizeof(Context)));
  if (!model->contexts) {
    freeModel(model);
    return fail(QNN_ERROR_OUT_OF_MEMORY, "cannot allocate %u contexts",
                contexts);
  }
  for (uint32_t c = 0; c < contexts; ++c) {
    if (!initContext(model->contexts[c], d)) {
      freeModel(model);
      return fail(QNN_ERROR_OUT_OF_MEMORY,
                  "cannot allocate execution context %u (%lu arena bytes)", c,
                  static_cast<unsigned long>(d.arena_bytes));
    }
    model->numContexts = c + 1;
  }
  model->pool = qnn::runtime::createThreadPool(model->numThreads);
  if (!model->pool) {
    freeModel(model);
    return fail(QNN_ERROR_OUT_OF_MEMORY, "cannot start %u threads",
                model->numThreads);
  }
  *result = model;
  return QNN_OK;
}

void qnn_model_destroy(qnn_model *model) {
  if (model)
    freeModel(model);
}

//===----------------------------------------------------------------------===//
// run
//===----------------------------------------------------------------------===//

/// Checks the buffers before anything is read: counts, sizes, null
/// pointers, overlaps of an output with any other buffer.
static qnn_status checkBuffers(const qnn_model_descriptor &d,
                               const void *const inputs[],
                               const size_t inputBytes[], void *const outputs[],
                               const size_t outputBytes[]) {
  if ((d.num_inputs && (!inputs || !inputBytes)) ||
      (d.num_outputs && (!outputs || !outputBytes)))
    return fail(QNN_ERROR_INVALID_ARGUMENT,
                "null buffer array: the model has %u inputs and %u outputs",
                d.num_inputs, d.num_outputs);
  uint32_t numBuffers = getNumBuffers(d);
  for (uint32_t b = 0; b < numBuffers; ++b) {
    bool output = b >= d.num_inputs;
    uint32_t i = output ? b - d.num_inputs : b;
    const qnn_tensor_descriptor &t = getTensor(d, b);
    size_t bytes = output ? outputBytes[i] : inputBytes[i];
    const void *pointer = output ? outputs[i] : inputs[i];
    char what[160];
    describeTensor(what, sizeof(what), output ? "output" : "input", i, t);
    if (bytes != t.byte_size)
      return fail(QNN_ERROR_SIZE_MISMATCH, "%s: got a buffer of %lu bytes",
                  what, static_cast<unsigned long>(bytes));
    if (bytes && !pointer)
      return fail(QNN_ERROR_INVALID_ARGUMENT, "%s: null buffer", what);
  }
  for (uint32_t o = 0; o < d.num_outputs; ++o) {
    for (uint32_t b = 0; b < numBuffers; ++b) {
      if (b == d.num_inputs + o)
        continue;
      bool output = b >= d.num_inputs;
      uint32_t i = output ? b - d.num_inputs : b;
      if (overlaps(outputs[o], outputBytes[o], output ? outputs[i] : inputs[i],
                   output ? outputBytes[i] : inputBytes[i]))
        return fail(QNN_ERROR_INVALID_ARGUMENT,
                    "output %u ('%s') overlaps %s %u ('%s')", o,
                    d.outputs[o].name, output ? "output" : "input", i,
                    getTensor(d, b).name);
    }
  }
  return QNN_OK;
}

static Context *acquireContext(qnn_model *model) {
  pthread_mutex_lock(&model->mutex);
  for (;;) {
    for (uint32_t c = 0; c < model->numContexts; ++c) {
      if (!model->contexts[c].busy) {
        model->contexts[c].busy = true;
        pthread_mutex_unlock(&model->mutex);
        return &model->contexts[c];
      }
    }
    pthread_cond_wait(&model->contextFreed, &model->mutex);
  }
}

static void releaseContext(qnn_model *model, Context *context) {
  pthread_mutex_lock(&model->mutex);
  context->busy = false;
  pthread_cond_signal(&model->contextFreed);
  pthread_mutex_unlock(&model->mutex);
}

/// Whether generated code may access `pointer` as elements of `t`: LLVM
/// assumes each element at its natural alignment.
static bool isAligned(const void *pointer, const qnn_tensor_descriptor &t) {
  return reinterpret_cast<uintptr_t>(pointer) %
             getElementSize(t.element_type) ==
         0;
}

qnn_status qnn_model_run(qnn_model *model, const void *const inputs[],
                         const size_t inputBytes[], void *const outputs[],
                         const size_t outputBytes[]) {
  if (!model)
    return fail(QNN_ERROR_INVALID_ARGUMENT, "null model");
  const qnn_model_descriptor &d = *model->descriptor;
  if (qnn_status status =
          checkBuffers(d, inputs, inputBytes, outputs, outputBytes))
    return status;

  Context *context = acquireContext(model);
  for (uint32_t i = 0; i < d.num_inputs; ++i) {
    const void *pointer = inputs[i];
    if (!isAligned(pointer, d.inputs[i])) {
      std::memcpy(context->staging[i], pointer, inputBytes[i]);
      pointer = context->staging[i];
    }
    setDescriptorPointer(context->descriptors[i], pointer);
  }
  for (uint32_t o = 0; o < d.num_outputs; ++o) {
    void *pointer = outputs[o];
    if (!isAligned(pointer, d.outputs[o]))
      pointer = context->staging[d.num_inputs + o];
    setDescriptorPointer(context->descriptors[d.num_inputs + o], pointer);
  }
  qnn::runtime::ThreadPool *previous =
      qnn::runtime::setCurrentThreadPool(model->pool);
  d.invoke(context->descriptors);
  qnn::runtime::setCurrentThreadPool(previous);
  for (uint32_t o = 0; o < d.num_outputs; ++o)
    if (!isAligned(outputs[o], d.outputs[o]))
      std::memcpy(outputs[o], context->staging[d.num_inputs + o],
                  outputBytes[o]);
  releaseContext(model, context);
  lastError[0] = '\0';
  return QNN_OK;
}
