// Times one ONNX model in ONNX Runtime (onnxruntime-node) on one thread,
// for benchmarks/models.py, which installs the package and runs:
//
//   node ort_bench.js --ort DIR/node_modules/onnxruntime-node --model m.onnx
//       --input x.bin --shape 1,3,224,224 [--output y.bin]
//       [--optimized m.opt.onnx] [--warmup 10] [--repeats 50]
//
// x.bin holds the float32 input (little-endian, row-major); the session
// uses graphOptimizationLevel 'all', one intra-op and one inter-op thread
// and sequential execution. Each of --repeats runs is timed around
// session.run with process.hrtime.bigint() after --warmup untimed runs;
// prints one line of JSON: {"median_ms", "min_ms", "max_ms", "runs",
// "version"}. --output writes the first output's float32 data;
// --optimized makes ORT save the graph it runs (which ops it fused).
'use strict';

const fs = require('fs');

function parseArgs(argv) {
  const args = {warmup: 10, repeats: 50};
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (i + 1 >= argv.length) throw new Error(`--${key} needs a value`);
    args[key] = argv[i + 1];
  }
  for (const key of ['ort', 'model', 'input', 'shape'])
    if (!(key in args)) throw new Error(`--${key} is required`);
  args.warmup = Number(args.warmup);
  args.repeats = Number(args.repeats);
  return args;
}

function median(sorted) {
  const n = sorted.length;
  return n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const ort = require(args.ort);
  const options = {
    graphOptimizationLevel: 'all',
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    executionProviders: ['cpu'],
  };
  if (args.optimized) options.optimizedModelFilePath = args.optimized;
  const session = await ort.InferenceSession.create(args.model, options);

  const shape = args.shape.split(',').map(Number);
  const bytes = fs.readFileSync(args.input);
  const data = new Float32Array(bytes.buffer.slice(
      bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const expected = shape.reduce((a, b) => a * b, 1);
  if (data.length !== expected)
    throw new Error(`${args.input} holds ${data.length} floats, shape ` +
                    `${args.shape} needs ${expected}`);
  const input = new ort.Tensor('float32', data, shape);
  const feeds = {[session.inputNames[0]]: input};

  let outputs;
  for (let i = 0; i < args.warmup; ++i) outputs = await session.run(feeds);
  const times = [];
  for (let i = 0; i < Math.max(1, args.repeats); ++i) {
    const start = process.hrtime.bigint();
    outputs = await session.run(feeds);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  if (args.output) {
    const out = outputs[session.outputNames[0]].data;
    fs.writeFileSync(args.output, Buffer.from(out.buffer, out.byteOffset,
                                              out.byteLength));
  }
  times.sort((a, b) => a - b);
  console.log(JSON.stringify({
    median_ms: median(times),
    min_ms: times[0],
    max_ms: times[times.length - 1],
    runs: times.length,
    version: ort.env.versions.common,
  }));
}

main().catch((error) => {
  console.error(error.stack || String(error));
  process.exit(1);
});
