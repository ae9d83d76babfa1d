/* Exercises the C ABI of model libraries (qnn_runtime.h) as a deployer's
 * program would: dlopen, query, create, run.
 *
 *   model-abi-test [--contexts N] [--threads T] [--runs R] [--pool-threads P]
 *                  --model A.so [--input x.npy ...] [--expect y.npy ...]
 *                  [--model B.so ...]
 *
 * Every model is loaded first (so several live in one process), then each
 * is checked in turn, printing one line per check for FileCheck:
 *   info      what the queries report;
 *   aligned   a run on 64-byte aligned buffers; outputs equal --expect
 *             byte for byte (the reference interpreter's .npy files);
 *   mallocs   the allocations (malloc, calloc, realloc, aligned allocs)
 *             counted during create (some) and during that run (none)
 *             by the wrappers below, which interpose the C library's for
 *             the whole process (the program is linked with -rdynamic);
 *   offset    a run on buffers one byte off alignment, outputs equal;
 *   size      a buffer one byte short: QNN_ERROR_SIZE_MISMATCH, its
 *             message, and the outputs left untouched;
 *   overlap   an output overlapping an input: QNN_ERROR_INVALID_ARGUMENT;
 *   threads   T threads running the model R times each on their own
 *             buffers, every result compared.
 * Each model is created with P pool threads (qnn_model_create's
 * num_threads; default 0, the library's own default).
 * Exit status 1 on the first failed check. */

#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qnn/Runtime/qnn_runtime.h"

/*===-- Counting allocator ------------------------------------------------===*/

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);
extern void __libc_free(void *);

static atomic_int counting;
static atomic_long allocations;

static void count(void) {
  if (atomic_load(&counting))
    atomic_fetch_add(&allocations, 1);
}

void *malloc(size_t size) {
  count();
  return __libc_malloc(size);
}
void *calloc(size_t n, size_t size) {
  count();
  return __libc_calloc(n, size);
}
void *realloc(void *p, size_t size) {
  count();
  return __libc_realloc(p, size);
}
void *memalign(size_t alignment, size_t size) {
  count();
  return __libc_memalign(alignment, size);
}
void *aligned_alloc(size_t alignment, size_t size) {
  count();
  return __libc_memalign(alignment, size);
}
int posix_memalign(void **p, size_t alignment, size_t size) {
  count();
  *p = __libc_memalign(alignment, size);
  return *p ? 0 : 12 /* ENOMEM */;
}
void free(void *p) { __libc_free(p); }

/*===-- The ABI, looked up in one library ---------------------------------===*/

typedef struct Api {
  const char *path;
  uint32_t (*abi_version)(void);
  const char *(*compiler_version)(void);
  const char *(*target)(void);
  const char *(*cpu_features)(void);
  const char *(*last_error)(void);
  qnn_status (*create)(uint32_t, uint32_t, qnn_model **);
  void (*destroy)(qnn_model *);
  uint32_t (*num_threads)(const qnn_model *);
  uint32_t (*num_contexts)(const qnn_model *);
  size_t (*num_inputs)(const qnn_model *);
  size_t (*num_outputs)(const qnn_model *);
  qnn_status (*input_info)(const qnn_model *, size_t, qnn_tensor_info *);
  qnn_status (*output_info)(const qnn_model *, size_t, qnn_tensor_info *);
  qnn_status (*run)(qnn_model *, const void *const[], const size_t[],
                    void *const[], const size_t[]);
} Api;

#define MAX_TENSORS 16

typedef struct Model {
  Api api;
  qnn_model *model;
  size_t numInputs, numOutputs;
  qnn_tensor_info inputs[MAX_TENSORS], outputs[MAX_TENSORS];
  const char *inputFiles[MAX_TENSORS], *expectFiles[MAX_TENSORS];
  int numInputFiles, numExpectFiles;
  /* The data of the files: inputs, and the expected outputs. */
  unsigned char *input[MAX_TENSORS], *expected[MAX_TENSORS];
} Model;

static void die(const char *format, const char *a, const char *b) {
  fprintf(stderr, "FAIL: ");
  fprintf(stderr, format, a, b);
  fprintf(stderr, "\n");
  exit(1);
}

static void *lookup(void *handle, const char *path, const char *name) {
  void *symbol = dlsym(handle, name);
  if (!symbol)
    die("%s exports no %s", path, name);
  return symbol;
}

static void loadApi(Api *api, const char *path) {
  /* RTLD_LOCAL: each model's symbols stay in its own handle. */
  void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!handle)
    die("dlopen: %s%s", dlerror(), "");
  api->path = path;
#define LOOKUP(field, name) *(void **)&api->field = lookup(handle, path, name)
  LOOKUP(abi_version, "qnn_abi_version");
  LOOKUP(compiler_version, "qnn_compiler_version");
  LOOKUP(target, "qnn_target");
  LOOKUP(cpu_features, "qnn_cpu_features");
  LOOKUP(last_error, "qnn_last_error");
  LOOKUP(create, "qnn_model_create");
  LOOKUP(destroy, "qnn_model_destroy");
  LOOKUP(num_threads, "qnn_model_num_threads");
  LOOKUP(num_contexts, "qnn_model_num_contexts");
  LOOKUP(num_inputs, "qnn_model_num_inputs");
  LOOKUP(num_outputs, "qnn_model_num_outputs");
  LOOKUP(input_info, "qnn_model_input_info");
  LOOKUP(output_info, "qnn_model_output_info");
  LOOKUP(run, "qnn_model_run");
#undef LOOKUP
}

/* The data bytes of a .npy file (versions 1 to 3, C order), which must be
 * `bytes` long. */
static unsigned char *readNpy(const char *path, size_t bytes) {
  FILE *file = fopen(path, "rb");
  if (!file)
    die("cannot open %s%s", path, "");
  unsigned char head[12];
  if (fread(head, 1, 10, file) != 10 || memcmp(head, "\x93NUMPY", 6))
    die("%s is not a .npy file%s", path, "");
  size_t headerLength = head[8] | (head[9] << 8);
  long dataOffset = 10 + (long)headerLength;
  if (head[6] >= 2) {
    if (fread(head + 10, 1, 2, file) != 2)
      die("%s: truncated header%s", path, "");
    headerLength |= ((size_t)head[10] << 16) | ((size_t)head[11] << 24);
    dataOffset = 12 + (long)headerLength;
  }
  fseek(file, 0, SEEK_END);
  long size = ftell(file);
  if (size - dataOffset != (long)bytes)
    die("%s does not hold the tensor's byte size%s", path, "");
  unsigned char *data = aligned_alloc(64, bytes ? (bytes + 63) / 64 * 64 : 64);
  fseek(file, dataOffset, SEEK_SET);
  if (bytes && fread(data, 1, bytes, file) != bytes)
    die("%s: short read%s", path, "");
  fclose(file);
  return data;
}

static const char *typeName(qnn_element_type type) {
  switch (type) {
  case QNN_F32: return "f32";
  case QNN_F64: return "f64";
  case QNN_I8: return "i8";
  case QNN_U8: return "u8";
  case QNN_I16: return "i16";
  case QNN_U16: return "u16";
  case QNN_I32: return "i32";
  case QNN_I64: return "i64";
  case QNN_BOOL: return "bool";
  }
  return "?";
}

static void printTensor(const char *kind, size_t i, const qnn_tensor_info *t) {
  printf("  %s %zu: %s %s [", kind, i, t->name, typeName(t->element_type));
  for (uint32_t d = 0; d < t->rank; ++d)
    printf(d ? "x%lld" : "%lld", (long long)t->shape[d]);
  printf("] %s %zu bytes\n",
         t->layout == QNN_LAYOUT_NCHW   ? "NCHW"
         : t->layout == QNN_LAYOUT_NHWC ? "NHWC"
                                        : "row-major",
         t->byte_size);
}

/*===-- Runs ---------------------------------------------------------------===*/

/* Buffers for one run: each at `shift` bytes past a 64-byte boundary. */
typedef struct Buffers {
  unsigned char *inputMemory[MAX_TENSORS], *outputMemory[MAX_TENSORS];
  const void *inputs[MAX_TENSORS];
  void *outputs[MAX_TENSORS];
  size_t inputBytes[MAX_TENSORS], outputBytes[MAX_TENSORS];
} Buffers;

static void makeBuffers(const Model *m, Buffers *b, size_t shift) {
  for (size_t i = 0; i < m->numInputs; ++i) {
    size_t n = m->inputs[i].byte_size;
    b->inputMemory[i] = aligned_alloc(64, (n + shift + 63) / 64 * 64 + 64);
    memcpy(b->inputMemory[i] + shift, m->input[i], n);
    b->inputs[i] = b->inputMemory[i] + shift;
    b->inputBytes[i] = n;
  }
  for (size_t o = 0; o < m->numOutputs; ++o) {
    size_t n = m->outputs[o].byte_size;
    b->outputMemory[o] = aligned_alloc(64, (n + shift + 63) / 64 * 64 + 64);
    memset(b->outputMemory[o], 0xA5, n + shift);
    b->outputs[o] = b->outputMemory[o] + shift;
    b->outputBytes[o] = n;
  }
}

static void freeBuffers(const Model *m, Buffers *b) {
  for (size_t i = 0; i < m->numInputs; ++i)
    free(b->inputMemory[i]);
  for (size_t o = 0; o < m->numOutputs; ++o)
    free(b->outputMemory[o]);
}

/* Whether every output equals the expected bytes (with no --expect, the
 * first aligned run's outputs, kept in m->expected). */
static int outputsMatch(const Model *m, const Buffers *b) {
  for (size_t o = 0; o < m->numOutputs; ++o)
    if (memcmp(b->outputs[o], m->expected[o], m->outputs[o].byte_size))
      return 0;
  return 1;
}

static qnn_status run(Model *m, Buffers *b) {
  return m->api.run(m->model, b->inputs, b->inputBytes, b->outputs,
                    b->outputBytes);
}

typedef struct ThreadArgs {
  Model *model;
  int index; /* also the buffers' shift from alignment, modulo 4 */
  int runs;
  int mismatches;
} ThreadArgs;

static void *threadMain(void *opaque) {
  ThreadArgs *args = opaque;
  Buffers b;
  makeBuffers(args->model, &b, (size_t)args->index % 4);
  for (int r = 0; r < args->runs; ++r) {
    for (size_t o = 0; o < args->model->numOutputs; ++o)
      memset(b.outputs[o], 0x5A, b.outputBytes[o]);
    if (run(args->model, &b) != QNN_OK || !outputsMatch(args->model, &b))
      ++args->mismatches;
  }
  freeBuffers(args->model, &b);
  return NULL;
}

static void checkModel(Model *m, uint32_t numThreads, uint32_t numContexts,
                       uint32_t poolThreads, int runs) {
  Api *api = &m->api;
  printf("model %s\n", strrchr(api->path, '/') ? strrchr(api->path, '/') + 1
                                                : api->path);
  if (api->abi_version() != QNN_ABI_VERSION)
    die("ABI version mismatch%s%s", "", "");
  printf("  abi %u, target %s, features '%s'\n", api->abi_version(),
         api->target(), api->cpu_features());
  printf("  compiler %s\n", api->compiler_version());
  /* create allocates (the interposed allocator sees the library's calls). */
  atomic_store(&allocations, 0);
  atomic_store(&counting, 1);
  qnn_status created = api->create(poolThreads, numContexts, &m->model);
  atomic_store(&counting, 0);
  if (created != QNN_OK)
    die("create: %s%s", api->last_error(), "");
  printf("  mallocs during create: %ld\n", atomic_load(&allocations));
  printf("  threads %u, contexts %u\n", api->num_threads(m->model),
         api->num_contexts(m->model));
  m->numInputs = api->num_inputs(m->model);
  m->numOutputs = api->num_outputs(m->model);
  if (m->numInputs > MAX_TENSORS || m->numOutputs > MAX_TENSORS)
    die("too many tensors%s%s", "", "");
  for (size_t i = 0; i < m->numInputs; ++i) {
    api->input_info(m->model, i, &m->inputs[i]);
    printTensor("input", i, &m->inputs[i]);
  }
  for (size_t o = 0; o < m->numOutputs; ++o) {
    api->output_info(m->model, o, &m->outputs[o]);
    printTensor("output", o, &m->outputs[o]);
  }
  qnn_tensor_info none;
  if (api->input_info(m->model, m->numInputs, &none) !=
      QNN_ERROR_INVALID_ARGUMENT)
    die("an input index out of range was accepted%s%s", "", "");
  printf("  info out of range: %s\n", api->last_error());
  if ((size_t)m->numInputFiles != m->numInputs)
    die("give one --input per model input%s%s", "", "");
  for (size_t i = 0; i < m->numInputs; ++i)
    m->input[i] = readNpy(m->inputFiles[i], m->inputs[i].byte_size);

  /* aligned, mallocs */
  Buffers aligned;
  makeBuffers(m, &aligned, 0);
  atomic_store(&allocations, 0);
  atomic_store(&counting, 1);
  qnn_status status = run(m, &aligned);
  atomic_store(&counting, 0);
  if (status != QNN_OK)
    die("run: %s%s", api->last_error(), "");
  printf("  mallocs during run: %ld\n", atomic_load(&allocations));
  if (m->numExpectFiles) {
    if ((size_t)m->numExpectFiles != m->numOutputs)
      die("give one --expect per model output%s%s", "", "");
    for (size_t o = 0; o < m->numOutputs; ++o)
      m->expected[o] = readNpy(m->expectFiles[o], m->outputs[o].byte_size);
    if (!outputsMatch(m, &aligned))
      die("aligned run: outputs differ from the expected files%s%s", "", "");
    printf("  aligned: outputs equal the expected files\n");
  } else {
    for (size_t o = 0; o < m->numOutputs; ++o)
      m->expected[o] = aligned.outputs[o];
    printf("  aligned: ran\n");
  }

  /* offset */
  Buffers offset;
  makeBuffers(m, &offset, 1);
  if (run(m, &offset) != QNN_OK)
    die("offset run: %s%s", api->last_error(), "");
  if (!outputsMatch(m, &offset))
    die("buffers offset by one byte give other outputs%s%s", "", "");
  printf("  offset by one byte: outputs equal\n");

  /* size */
  Buffers wrong;
  makeBuffers(m, &wrong, 0);
  wrong.inputBytes[0] -= 1;
  status = run(m, &wrong);
  if (status != QNN_ERROR_SIZE_MISMATCH)
    die("a short input was not a size error%s%s", "", "");
  printf("  short input: status %d: %s\n", (int)status, api->last_error());
  wrong.inputBytes[0] += 1;
  wrong.outputBytes[m->numOutputs - 1] += 1;
  status = run(m, &wrong);
  if (status != QNN_ERROR_SIZE_MISMATCH)
    die("a long output was not a size error%s%s", "", "");
  printf("  long output: status %d: %s\n", (int)status, api->last_error());
  for (size_t o = 0; o < m->numOutputs; ++o)
    for (size_t k = 0; k < m->outputs[o].byte_size; ++k)
      if (((unsigned char *)wrong.outputs[o])[k] != 0xA5)
        die("a failed run wrote an output%s%s", "", "");
  printf("  failed runs left the outputs untouched\n");

  /* overlap */
  wrong.outputBytes[m->numOutputs - 1] -= 1;
  wrong.outputs[0] = (void *)wrong.inputs[0];
  if (m->outputs[0].byte_size && m->inputs[0].byte_size) {
    status = run(m, &wrong);
    if (status != QNN_ERROR_INVALID_ARGUMENT)
      die("an output overlapping an input was accepted%s%s", "", "");
    printf("  overlap: status %d: %s\n", (int)status, api->last_error());
  }
  wrong.outputs[0] = wrong.outputMemory[0];

  /* threads */
  pthread_t threads[64];
  ThreadArgs args[64];
  if (numThreads > 64)
    numThreads = 64;
  for (uint32_t t = 0; t < numThreads; ++t) {
    args[t].model = m;
    args[t].index = (int)t;
    args[t].runs = runs;
    args[t].mismatches = 0;
    pthread_create(&threads[t], NULL, threadMain, &args[t]);
  }
  int mismatches = 0;
  for (uint32_t t = 0; t < numThreads; ++t) {
    pthread_join(threads[t], NULL);
    mismatches += args[t].mismatches;
  }
  if (mismatches)
    die("concurrent runs gave other outputs%s%s", "", "");
  printf("  %u threads x %d runs: every output equal\n", numThreads, runs);

  freeBuffers(m, &offset);
  freeBuffers(m, &wrong);
  /* Kept for the next model's checks; freed with the process. */
  (void)aligned;
}

int main(int argc, char **argv) {
  /* Lines in order with the failure messages on stderr. */
  setvbuf(stdout, NULL, _IOLBF, 0);
  static Model models[4];
  int numModels = 0;
  uint32_t numThreads = 4, numContexts = 4, poolThreads = 0;
  int runs = 50;
  for (int i = 1; i < argc; ++i) {
    const char *arg = argv[i];
    const char *value = i + 1 < argc ? argv[i + 1] : NULL;
    if (!value)
      die("%s needs a value%s", arg, "");
    ++i;
    if (!strcmp(arg, "--model")) {
      if (numModels == 4)
        die("at most 4 models%s%s", "", "");
      loadApi(&models[numModels++].api, value);
    } else if (!numModels && strcmp(arg, "--threads") &&
               strcmp(arg, "--contexts") && strcmp(arg, "--runs") &&
               strcmp(arg, "--pool-threads")) {
      die("%s before --model%s", arg, "");
    } else if (!strcmp(arg, "--input")) {
      Model *m = &models[numModels - 1];
      if (m->numInputFiles < MAX_TENSORS)
        m->inputFiles[m->numInputFiles++] = value;
    } else if (!strcmp(arg, "--expect")) {
      Model *m = &models[numModels - 1];
      if (m->numExpectFiles < MAX_TENSORS)
        m->expectFiles[m->numExpectFiles++] = value;
    } else if (!strcmp(arg, "--threads")) {
      numThreads = (uint32_t)atoi(value);
    } else if (!strcmp(arg, "--contexts")) {
      numContexts = (uint32_t)atoi(value);
    } else if (!strcmp(arg, "--pool-threads")) {
      poolThreads = (uint32_t)atoi(value);
    } else if (!strcmp(arg, "--runs")) {
      runs = atoi(value);
    } else {
      die("unknown argument %s%s", arg, "");
    }
  }
  /* Every library is loaded before any runs: they live side by side. */
  for (int i = 0; i < numModels; ++i)
    checkModel(&models[i], numThreads, numContexts, poolThreads, runs);
  for (int i = 0; i < numModels; ++i)
    models[i].api.destroy(models[i].model);
  printf("all checks passed\n");
  return 0;
}
