import { describe, it } from "node:test";
import assert from "node:assert/strict";
import onnxProto from "onnx-proto";
import { loadOnnxModel } from "../../../prover/model/onnx.js";
import { floatLogits } from "../../../prover/model/forward.js";
import { runFloat } from "../../../prover/model/float.js";
import { buildModel, denseModel, tensor, type NodeSpec } from "../../fixtures/onnx/build.js";

const f32 = (xs: number[]): number[] => xs.map(Math.fround);
const W1 = [0.5, -1.25, 0.75, 2, -0.3, 0.1, 0.9, -0.6, 1.5, 0.25, -2.5, 0.05]; // [3,4], [out][in]
const B1 = [0.1, -0.2, 0.3];
const W2 = [0.4, -0.7, 1.1, 0.2, -0.9, 0.6]; // [3,2], [in][out] (MatMul)
const B2 = [-0.15, 0.35];
const W3 = [1.3, -0.8]; // [2,1], [in][out] (Gemm transB=0)

/** Flatten → Gemm(α=0.5, β=2, transB=1) → Relu → Identity → MatMul → Add(bias first) → Relu → Reshape → Gemm → Sigmoid. */
function handModel(): Uint8Array {
  const nodes: NodeSpec[] = [
    { op: "Flatten", inputs: ["x"], output: "f", attrs: { axis: { int: 1 } } },
    {
      op: "Gemm",
      name: "dense1",
      inputs: ["f", "W1", "B1"],
      output: "z1",
      attrs: { alpha: 0.5, beta: 2, transB: { int: 1 } },
    },
    { op: "Relu", inputs: ["z1"], output: "h1" },
    { op: "Identity", inputs: ["h1"], output: "h1i" },
    { op: "MatMul", inputs: ["h1i", "W2"], output: "m2" },
    { op: "Add", inputs: ["B2", "m2"], output: "z2" },
    { op: "Relu", inputs: ["z2"], output: "h2" },
    {
      op: "Constant",
      inputs: [],
      output: "shape",
      attrs: { value: tensor("shape", [2], [-1, 2], "int64_data") },
    },
    { op: "Reshape", inputs: ["h2", "shape"], output: "r2" },
    { op: "Gemm", inputs: ["r2", "W3", "C3"], output: "logit" },
    { op: "Sigmoid", inputs: ["logit"], output: "p" },
  ];
  return buildModel({
    input: { name: "x", dims: ["N", 4] },
    output: { name: "p", dims: ["N", 1] },
    initializers: [
      tensor("W1", [3, 4], W1, "float_data"),
      tensor("B1", [3], B1, "raw_float32"),
      tensor("W2", [3, 2], W2, "raw_float32"),
      tensor("B2", [1, 2], B2, "float_data"),
      tensor("W3", [2, 1], W3, "float_data"),
      tensor("C3", [1], [0.05], "float_data"),
    ],
    nodes,
  });
}

function randomRows(n: number, width: number, seed: number): number[][] {
  let s = seed;
  const rnd = (): number => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 4 - 2;
  return Array.from({ length: n }, () => Array.from({ length: width }, rnd));
}

const close = (a: number, b: number, tol: number): boolean =>
  Math.abs(a - b) <= tol * (1 + Math.abs(b));

describe("loadOnnxModel", () => {
  it("imports Gemm(α, β, transB), MatMul + Add, Relu, pass-throughs and a final Sigmoid", () => {
    const m = loadOnnxModel(handModel(), { expectedInputs: 4 });
    assert.equal(m.inputName, "x");
    assert.equal(m.inputSize, 4);
    assert.equal(m.finalSigmoid, true);
    assert.deepEqual(
      m.layers.map((l) => l.relu),
      [true, true, false],
    );
    const w1 = f32(W1);
    assert.deepEqual(
      m.layers[0]!.W,
      [0, 1, 2].map((j) => w1.slice(j * 4, j * 4 + 4).map((w) => 0.5 * w)),
    );
    assert.deepEqual(
      m.layers[0]!.b,
      f32(B1).map((b) => 2 * b),
    );
    const w2 = f32(W2);
    assert.deepEqual(
      m.layers[1]!.W,
      [0, 1].map((j) => [0, 1, 2].map((i) => w2[i * 2 + j]!)),
    );
    assert.deepEqual(m.layers[1]!.b, f32(B2));
    assert.deepEqual(m.layers[2]!.W, [f32(W3)]);
    assert.deepEqual(m.layers[2]!.b, [Math.fround(0.05)]);
  });

  it("matches onnxruntime on 1500 rows, logits taken before the Sigmoid", async () => {
    const bytes = handModel();
    const rows = randomRows(1500, 4, 7); // two batches
    const ours = floatLogits(loadOnnxModel(bytes), rows);
    const ort = await runFloat(bytes, rows);
    assert.equal(ort.logits.length, 1500);
    ours.forEach((z, i) =>
      assert.ok(close(ort.logits[i]!, z, 1e-5), `row ${i}: ${ort.logits[i]} vs ${z}`),
    );
    ort.logits.forEach((z, i) =>
      assert.ok(close(ort.probabilities[i]!, 1 / (1 + Math.exp(-z)), 1e-6)),
    );
    // The logit is not a clamp of the sigmoid: some rows must be far from 0.
    assert.ok(ours.some((z) => Math.abs(z) > 1));
  });

  it("reads double_data and raw float64 weights exactly, and runs a double model", async () => {
    const W = [0.1, 0.2, -0.3, 0.4, 0.5, -0.6]; // [2,3]
    const bytes = buildModel({
      double: true,
      input: { name: "in", dims: [1, 3] },
      output: { name: "z", dims: [1, 1] },
      initializers: [
        tensor("W", [2, 3], W, "double_data"),
        tensor("b", [2], [0.01, -0.02], "raw_float64"),
        tensor("V", [2, 1], [0.7, -1.9], "raw_float64"),
      ],
      nodes: [
        { op: "Gemm", inputs: ["in", "W", "b"], output: "h", attrs: { transB: { int: 1 } } },
        { op: "Relu", inputs: ["h"], output: "r" },
        { op: "MatMul", inputs: ["r", "V"], output: "z" },
      ],
    });
    const m = loadOnnxModel(bytes);
    assert.deepEqual(m.layers[0]!.W, [W.slice(0, 3), W.slice(3)]);
    assert.deepEqual(m.layers[0]!.b, [0.01, -0.02]);
    assert.equal(m.finalSigmoid, false);
    const rows = randomRows(5, 3, 3); // fixed batch 1: one run per row
    const ort = await runFloat(bytes, rows);
    floatLogits(m, rows).forEach((z, i) => assert.ok(close(ort.logits[i]!, z, 1e-12)));
  });
});

describe("loadOnnxModel refuses bad input", () => {
  const ok = (): Parameters<typeof buildModel>[0] => ({
    input: { name: "x", dims: ["N", 3] },
    output: { name: "z", dims: ["N", 1] },
    initializers: [tensor("W", [1, 3], [1, 2, 3]), tensor("b", [1], [0.5])],
    nodes: [
      {
        op: "Gemm",
        name: "head",
        inputs: ["x", "W", "b"],
        output: "z",
        attrs: { transB: { int: 1 } },
      },
    ],
  });

  it("accepts the valid baseline", () => {
    assert.equal(loadOnnxModel(buildModel(ok())).inputSize, 3);
  });

  it("rejects bytes that are not protobuf", () => {
    assert.throws(
      () => loadOnnxModel(new Uint8Array([0xff, 0xff, 0xff])),
      /<bytes>: not an ONNX file/,
    );
    assert.throws(
      () => loadOnnxModel(new TextEncoder().encode("hello world, not onnx")),
      /not an ONNX file/,
    );
  });

  it("rejects a model without a graph, and a missing file by name", () => {
    const noGraph = onnxProto.onnx.ModelProto.encode({ irVersion: 8 }).finish();
    assert.throws(() => loadOnnxModel(noGraph), /has no graph/);
    assert.throws(
      () => loadOnnxModel("/nonexistent/model.onnx"),
      /\/nonexistent\/model\.onnx: cannot read/,
    );
  });

  it("names the op type and the node of an unsupported op", () => {
    const spec = ok();
    spec.nodes.unshift({ op: "Conv", name: "conv_layer", inputs: ["x", "W"], output: "c" });
    assert.throws(
      () => loadOnnxModel(buildModel(spec)),
      /node #0 "conv_layer" \(Conv\): unsupported op type "Conv"/,
    );
  });

  it("names the tensor and the index of a NaN or infinite weight", () => {
    const spec = ok();
    spec.initializers[0] = tensor("W", [1, 3], [1, NaN, 3]);
    assert.throws(
      () => loadOnnxModel(buildModel(spec)),
      /tensor "W" holds NaN at index 1 \(\[0\]\[1\]\)/,
    );
    spec.initializers[0] = tensor("W", [1, 3], [1, 2, 3]);
    spec.initializers[1] = tensor("b", [1], [Infinity], "raw_float64");
    assert.throws(() => loadOnnxModel(buildModel(spec)), /tensor "b" holds Infinity at index 0/);
  });

  it("rejects a feature count that differs from the schema", () => {
    assert.throws(
      () => loadOnnxModel(buildModel(ok()), { expectedInputs: 19 }),
      /reads 3 features but the feature schema has 19/,
    );
  });

  it("rejects a model built for another feature schema", () => {
    const spec = { ...ok(), metadata: { "zkcredit.feature_schema": "other/v9" } };
    assert.throws(
      () => loadOnnxModel(buildModel(spec), { expectedSchema: "zkcredit-features/v1" }),
      /built for features "other\/v9", not "zkcredit-features\/v1"/,
    );
    const same = { ...ok(), metadata: { "zkcredit.feature_schema": "zkcredit-features/v1" } };
    assert.equal(
      loadOnnxModel(buildModel(same), { expectedSchema: "zkcredit-features/v1" }).featureSchema,
      "zkcredit-features/v1",
    );
  });

  it("rejects a final Relu on the logit", () => {
    const spec = ok();
    spec.nodes[0]!.output = "z0";
    spec.nodes.push({ op: "Relu", inputs: ["z0"], output: "z" });
    assert.throws(
      () => loadOnnxModel(buildModel(spec)),
      /the last layer ends in a Relu; the logit must be linear/,
    );
  });

  it("rejects a dangling input, naming node and tensor", () => {
    const spec = ok();
    spec.nodes[0]!.inputs[1] = "W_missing";
    assert.throws(
      () => loadOnnxModel(buildModel(spec)),
      /"head" \(Gemm\): input "W_missing" is produced by no node.*dangling/,
    );
  });

  it("rejects non-2-D weights", () => {
    const spec = ok();
    spec.initializers[0] = tensor("W", [1, 3, 1], [1, 2, 3]);
    assert.throws(
      () => loadOnnxModel(buildModel(spec)),
      /weight tensor "W" has dims \[1,3,1\]; weights must be 2-D/,
    );
  });

  it("rejects a shape mismatch between layers", () => {
    const spec = ok();
    spec.initializers.push(
      tensor("W0", [4, 3], new Array(12).fill(0.1)),
      tensor("W9", [1, 5], [1, 1, 1, 1, 1]),
    );
    spec.nodes = [
      { op: "Gemm", name: "l0", inputs: ["x", "W0"], output: "h", attrs: { transB: { int: 1 } } },
      { op: "Gemm", name: "l1", inputs: ["h", "W9"], output: "z", attrs: { transB: { int: 1 } } },
    ];
    assert.throws(
      () => loadOnnxModel(buildModel(spec)),
      /"l1" \(Gemm\): shape mismatch: the layer takes 5 inputs but the previous layer has 4/,
    );
  });

  it("rejects a tensor whose data does not match its dims", () => {
    const spec = ok();
    spec.initializers[0] = tensor("W", [1, 3], [1, 2]);
    assert.throws(
      () => loadOnnxModel(buildModel(spec)),
      /tensor "W" has dims \[1,3\] \(3 values\) but holds 2/,
    );
  });

  it("rejects transA, a Sigmoid that is not last, and a multi-output head", () => {
    const a = ok();
    a.nodes[0]!.attrs = { transA: { int: 1 }, transB: { int: 1 } };
    assert.throws(() => loadOnnxModel(buildModel(a)), /transA=1 is not supported/);
    const s = ok();
    s.nodes[0]!.output = "z0";
    s.nodes.push(
      { op: "Sigmoid", inputs: ["z0"], output: "p" },
      { op: "Relu", name: "after", inputs: ["p"], output: "z" },
    );
    assert.throws(() => loadOnnxModel(buildModel(s)), /"after" \(Relu\): follows the Sigmoid/);
    const two = ok();
    two.initializers = [tensor("W", [2, 3], [1, 2, 3, 4, 5, 6]), tensor("b", [2], [0, 0])];
    assert.throws(() => loadOnnxModel(buildModel(two)), /the last layer has 2 outputs/);
  });

  it("checks onnxruntime's inputs row by row", async () => {
    const bytes = denseModel([{ W: [[1, 2]], b: [0] }]);
    await assert.rejects(
      runFloat(bytes, [[1, 2], [3]]),
      /row 1: 1 values; <bytes> takes 2 features/,
    );
  });
});
