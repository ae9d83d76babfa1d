/*===- time_model.c - time a model .so through its C ABI ------------------===*\
|*                                                                            *|
|* benchmarks/models.py compiles this with `cc -O2 time_model.c -ldl` and     *|
|* runs                                                                       *|
|*                                                                            *|
|*   time_model model.so WARMUP REPEATS out.bin in0.bin [in1.bin ...]         *|
|*                                                                            *|
|* which opens the library (dlopen), creates the model on one thread, reads   *|
|* each input's raw bytes (the tensor's byte_size exactly), runs WARMUP       *|
|* untimed runs, then times REPEATS samples. A sample is a batch of B         *|
|* back-to-back qnn_model_run calls divided by B, where B is the smallest     *|
|* power of two whose batch lasts at least 0.5 ms (B = 1 for any model        *|
|* that takes longer: resnet18, mobilenet_v2), so that models running in a    *|
|* microsecond are still resolved by the clock. Prints one line of JSON with  *|
|* the median, min and max of the samples in ns; writes output 0's bytes to   *|
|* out.bin. Nothing but qnn_model_run is inside the timed region.             *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#include "qnn/Runtime/qnn_runtime.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_TENSORS 16

typedef uint32_t (*abi_version_fn)(void);
typedef const char *(*last_error_fn)(void);
typedef qnn_status (*create_fn)(uint32_t, uint32_t, qnn_model **);
typedef size_t (*count_fn)(const qnn_model *);
typedef qnn_status (*info_fn)(const qnn_model *, size_t, qnn_tensor_info *);
typedef qnn_status (*run_fn)(qnn_model *, const void *const[], const size_t[],
                             void *const[], const size_t[]);

static void *lookup(void *library, const char *name) {
  void *symbol = dlsym(library, name);
  if (!symbol) {
    fprintf(stderr, "time_model: %s: %s\n", name, dlerror());
    exit(1);
  }
  return symbol;
}

static double now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return 1e9 * (double)t.tv_sec + (double)t.tv_nsec;
}

static int compare(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  if (argc < 5) {
    fprintf(stderr, "usage: time_model model.so WARMUP REPEATS out.bin "
                    "[in.bin ...]\n");
    return 2;
  }
  void *library = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (!library) {
    fprintf(stderr, "time_model: %s\n", dlerror());
    return 1;
  }
  long warmup = atol(argv[2]), repeats = atol(argv[3]);
  if (repeats < 1) {
    fprintf(stderr, "time_model: REPEATS must be at least 1\n");
    return 2;
  }
  last_error_fn last_error = (last_error_fn)lookup(library, "qnn_last_error");
  if (((abi_version_fn)lookup(library, "qnn_abi_version"))() !=
      QNN_ABI_VERSION) {
    fprintf(stderr, "time_model: ABI version mismatch\n");
    return 1;
  }
  qnn_model *model;
  if (((create_fn)lookup(library, "qnn_model_create"))(1, 1, &model) !=
      QNN_OK) {
    fprintf(stderr, "time_model: create: %s\n", last_error());
    return 1;
  }
  size_t num_inputs =
      ((count_fn)lookup(library, "qnn_model_num_inputs"))(model);
  size_t num_outputs =
      ((count_fn)lookup(library, "qnn_model_num_outputs"))(model);
  if (num_inputs != (size_t)(argc - 5) || num_outputs > MAX_TENSORS ||
      num_outputs == 0) {
    fprintf(stderr,
            "time_model: the model has %zu inputs and %zu outputs, "
            "got %d input files\n",
            num_inputs, num_outputs, argc - 5);
    return 1;
  }
  info_fn input_info = (info_fn)lookup(library, "qnn_model_input_info");
  info_fn output_info = (info_fn)lookup(library, "qnn_model_output_info");
  run_fn run = (run_fn)lookup(library, "qnn_model_run");

  const void *inputs[MAX_TENSORS];
  size_t input_bytes[MAX_TENSORS];
  for (size_t i = 0; i < num_inputs; ++i) {
    qnn_tensor_info info;
    input_info(model, i, &info);
    FILE *file = fopen(argv[5 + i], "rb");
    void *data = malloc(info.byte_size + 1);
    size_t got = file ? fread(data, 1, info.byte_size + 1, file) : 0;
    if (!file || got != info.byte_size) {
      fprintf(stderr, "time_model: %s: want %zu bytes for input %zu\n",
              argv[5 + i], info.byte_size, i);
      return 1;
    }
    fclose(file);
    inputs[i] = data;
    input_bytes[i] = info.byte_size;
  }
  void *outputs[MAX_TENSORS];
  size_t output_bytes[MAX_TENSORS];
  qnn_tensor_info out0;
  for (size_t o = 0; o < num_outputs; ++o) {
    qnn_tensor_info info;
    output_info(model, o, &info);
    if (o == 0)
      out0 = info;
    outputs[o] = malloc(info.byte_size ? info.byte_size : 1);
    output_bytes[o] = info.byte_size;
  }

#define RUN()                                                                  \
  if (run(model, inputs, input_bytes, outputs, output_bytes) != QNN_OK) {      \
    fprintf(stderr, "time_model: run: %s\n", last_error());                    \
    return 1;                                                                  \
  }
  for (long i = 0; i < warmup; ++i)
    RUN();
  long batch = 1;
  for (;;) {
    double start = now_ns();
    for (long i = 0; i < batch; ++i)
      RUN();
    if (now_ns() - start >= 5e5 || batch >= (1l << 20))
      break;
    batch *= 2;
  }
  double *samples = malloc(sizeof(double) * repeats);
  for (long r = 0; r < repeats; ++r) {
    double start = now_ns();
    for (long i = 0; i < batch; ++i)
      RUN();
    samples[r] = (now_ns() - start) / (double)batch;
  }
  qsort(samples, repeats, sizeof(double), compare);
  double median = repeats % 2
                      ? samples[repeats / 2]
                      : (samples[repeats / 2 - 1] + samples[repeats / 2]) / 2;

  FILE *out = fopen(argv[4], "wb");
  if (!out || fwrite(outputs[0], 1, out0.byte_size, out) != out0.byte_size) {
    fprintf(stderr, "time_model: cannot write %s\n", argv[4]);
    return 1;
  }
  fclose(out);
  ((void (*)(qnn_model *))lookup(library, "qnn_model_destroy"))(model);
  printf("{\"median_ns\": %.1f, \"min_ns\": %.1f, \"max_ns\": %.1f, "
         "\"samples\": %ld, \"batch\": %ld, \"output_type\": %d}\n",
         median, samples[0], samples[repeats - 1], repeats, batch,
         (int)out0.element_type);
  return 0;
}
