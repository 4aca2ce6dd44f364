/**
 * ONNX import: reads a dense feed-forward network (Gemm, or MatMul + Add, with Relu between layers
 * and an optional final Sigmoid) into plain float matrices. Everything else is refused with an
 * error that names the node, the tensor or the file, because a silently misread model would be
 * proven faithfully and still be the wrong model.
 */
import {
  attr,
  decodeTensor,
  floatAttr,
  intAttr,
  readOnnx,
  valueDims,
  type Constant,
  type NodeProto,
  type OnnxSource,
  type TensorProto,
} from "./onnx-read.js";

/** One dense layer in float: y = W·x + b, then ReLU if `relu`. */
export interface FloatLayer {
  /** W[out][in]. */
  W: number[][];
  b: number[];
  relu: boolean;
}

/** A dense network as imported: the last layer outputs the logit of default. */
export interface FloatModel {
  /** Name of the graph input that takes the feature vector. */
  inputName: string;
  inputSize: number;
  layers: FloatLayer[];
  /** The ONNX graph ended in a Sigmoid, dropped here: the circuit works on the logit. */
  finalSigmoid: boolean;
  /** Feature schema id the model declares in its metadata (prover/train writes it), if any. */
  featureSchema?: string;
}

export interface LoadOptions {
  /** The feature schema's width: the model must read exactly this many features. */
  expectedInputs?: number;
  /** The feature schema id: refused if the model's metadata declares another one. */
  expectedSchema?: string;
}

/** metadata_props key under which prover/train records the feature schema id. */
export const SCHEMA_METADATA_KEY = "zkcredit.feature_schema";

const PASS_THROUGH = new Set(["Identity", "Flatten", "Reshape"]);

/** Which stage of a dense layer the running activation is at. */
type Stage = "input" | "linear" | "relu" | "sigmoid";

/** Walks the (topologically ordered) graph as one chain: input → [linear (+bias) (relu)]* → sigmoid? */
class ChainReader {
  readonly layers: FloatLayer[] = [];
  private readonly constants = new Map<string, Constant>();
  private readonly stale = new Set<string>();
  private act: string;
  private width: number | undefined;
  private stage: Stage = "input";

  constructor(
    private readonly label: string,
    inputName: string,
    inputWidth: number | undefined,
  ) {
    this.act = inputName;
    this.width = inputWidth;
  }

  get output(): string {
    return this.act;
  }

  get endsInSigmoid(): boolean {
    return this.stage === "sigmoid";
  }

  addConstant(c: Constant): void {
    this.constants.set(c.name, c);
  }

  read(node: NodeProto, index: number): void {
    const where = `${this.label}: node #${index} "${node.name || "(unnamed)"}" (${node.opType})`;
    if (node.domain && node.domain !== "ai.onnx") {
      throw new Error(`${where}: operator domain "${node.domain}" is not supported`);
    }
    if (node.opType === "Constant") return this.readConstant(node, where);
    if (this.stage === "sigmoid") {
      throw new Error(`${where}: follows the Sigmoid; a Sigmoid is only supported as the final op`);
    }
    switch (node.opType) {
      case "Gemm":
        return this.readGemm(node, where);
      case "MatMul":
        return this.readMatMul(node, where);
      case "Add":
        return this.readAdd(node, where);
      case "Relu":
        return this.readUnary(node, where, "relu");
      case "Sigmoid":
        return this.readUnary(node, where, "sigmoid");
      default:
        if (PASS_THROUGH.has(node.opType)) return this.readPassThrough(node, where);
        throw new Error(
          `${where}: unsupported op type "${node.opType}"; supported: Gemm, MatMul, Add, Relu, Sigmoid (final), Flatten, Reshape, Identity`,
        );
    }
  }

  private readConstant(node: NodeProto, where: string): void {
    const value = attr(node, "value");
    if (!value?.t)
      throw new Error(`${where}: only the tensor form (attribute "value") is supported`);
    const c = decodeTensor(value.t as TensorProto, where);
    this.addConstant({ ...c, name: node.output[0] ?? "" });
  }

  /** The node's activation input (exactly one), checking it is the live end of the chain. */
  private activationInput(node: NodeProto, where: string, position: number): string {
    const name = node.input[position] ?? "";
    if (name !== this.act) {
      if (this.stale.has(name)) {
        throw new Error(
          `${where}: reads "${name}" again after it was consumed; only a single chain of layers is supported`,
        );
      }
      if (this.constants.has(name)) {
        throw new Error(
          `${where}: input ${position} "${name}" is a constant; it must be the activation`,
        );
      }
      throw new Error(
        `${where}: input "${name}" is produced by no node, initializer or graph input (dangling)`,
      );
    }
    return name;
  }

  private constantInput(node: NodeProto, where: string, position: number): Constant {
    const name = node.input[position] ?? "";
    const c = this.constants.get(name);
    if (c) return c;
    if (name === this.act || this.stale.has(name)) {
      throw new Error(
        `${where}: input ${position} "${name}" is an activation; it must be a constant weight`,
      );
    }
    throw new Error(
      `${where}: input "${name}" is produced by no node, initializer or graph input (dangling)`,
    );
  }

  private advance(node: NodeProto, where: string): void {
    if (node.output.length !== 1) {
      throw new Error(`${where}: has ${node.output.length} outputs; expected 1`);
    }
    this.stale.add(this.act);
    this.act = node.output[0]!;
  }

  private weight2d(
    c: Constant,
    where: string,
  ): { rows: number; cols: number; at: (r: number, k: number) => number } {
    if (c.dims.length !== 2) {
      throw new Error(
        `${where}: weight tensor "${c.name}" has dims [${c.dims}]; weights must be 2-D`,
      );
    }
    const [rows, cols] = c.dims as [number, number];
    return { rows, cols, at: (r, k) => c.values[r * cols + k]! };
  }

  private startLayer(W: number[][], where: string): void {
    const inputs = W[0]?.length ?? 0;
    if (W.length === 0 || inputs === 0) throw new Error(`${where}: weight matrix is empty`);
    if (this.width !== undefined && inputs !== this.width) {
      throw new Error(
        `${where}: shape mismatch: the layer takes ${inputs} inputs but the previous ${this.layers.length === 0 ? "graph input" : "layer"} has ${this.width} values`,
      );
    }
    this.layers.push({ W, b: new Array<number>(W.length).fill(0), relu: false });
    this.width = W.length;
    this.stage = "linear";
  }

  private readGemm(node: NodeProto, where: string): void {
    this.activationInput(node, where, 0);
    if (intAttr(node, "transA", 0) !== 0) throw new Error(`${where}: transA=1 is not supported`);
    const transB = intAttr(node, "transB", 0);
    const alpha = floatAttr(node, "alpha", 1);
    const beta = floatAttr(node, "beta", 1);
    const B = this.weight2d(this.constantInput(node, where, 1), where);
    // transB=0: B is [in][out]; transB=1: B is [out][in] (PyTorch's Linear layout).
    const [outs, ins] = transB ? [B.rows, B.cols] : [B.cols, B.rows];
    const W = Array.from({ length: outs }, (_, j) =>
      Array.from({ length: ins }, (_, i) => alpha * (transB ? B.at(j, i) : B.at(i, j))),
    );
    this.startLayer(W, where);
    if (node.input[2]) this.addBias(this.constantInput(node, where, 2), beta, where);
    this.advance(node, where);
  }

  private readMatMul(node: NodeProto, where: string): void {
    this.activationInput(node, where, 0);
    const B = this.weight2d(this.constantInput(node, where, 1), where);
    const W = Array.from({ length: B.cols }, (_, j) =>
      Array.from({ length: B.rows }, (_, i) => B.at(i, j)),
    );
    this.startLayer(W, where);
    this.advance(node, where);
  }

  private readAdd(node: NodeProto, where: string): void {
    const actFirst = node.input[0] === this.act;
    this.activationInput(node, where, actFirst ? 0 : 1);
    const bias = this.constantInput(node, where, actFirst ? 1 : 0);
    if (this.stage !== "linear") {
      throw new Error(
        `${where}: a bias Add must directly follow a MatMul or Gemm (found it after ${this.stage})`,
      );
    }
    this.addBias(bias, 1, where);
    this.advance(node, where);
  }

  /** Adds beta · C to the open layer's bias; C broadcasts as [out], [1,out], [1] or a scalar. */
  private addBias(c: Constant, beta: number, where: string): void {
    const layer = this.layers[this.layers.length - 1]!;
    const outs = layer.b.length;
    const size = c.values.length;
    const shapeOk = (size === outs && c.dims.filter((d) => d !== 1).length <= 1) || size === 1;
    if (!shapeOk) {
      throw new Error(
        `${where}: bias tensor "${c.name}" has dims [${c.dims}]; expected [${outs}], [1,${outs}] or a scalar`,
      );
    }
    layer.b = layer.b.map((b, j) => b + beta * c.values[size === 1 ? 0 : j]!);
  }

  private readUnary(node: NodeProto, where: string, op: "relu" | "sigmoid"): void {
    this.activationInput(node, where, 0);
    if (this.stage === "input") throw new Error(`${where}: must follow a Gemm or MatMul layer`);
    if (op === "relu") {
      if (this.stage !== "relu") this.layers[this.layers.length - 1]!.relu = true;
      this.stage = "relu";
    } else {
      if (this.stage !== "linear") {
        throw new Error(
          `${where}: the final Sigmoid must take the last layer's linear output (found it after ${this.stage})`,
        );
      }
      this.stage = "sigmoid";
    }
    this.advance(node, where);
  }

  /** Flatten/Reshape/Identity on a [1,n] or [n] activation change nothing; check that claim. */
  private readPassThrough(node: NodeProto, where: string): void {
    this.activationInput(node, where, 0);
    if (node.opType === "Reshape") {
      const target = this.constantInput(node, where, 1).values;
      // Batch-like entries (1, 0 = copy, at most one −1) plus at most one entry that is the width.
      const sized = target.filter((d) => d !== 1 && d !== 0 && d !== -1);
      const ok =
        target.filter((d) => d === -1).length <= 1 &&
        sized.length <= 1 &&
        sized.every((d) => this.width === undefined || d === this.width);
      if (!ok) {
        throw new Error(
          `${where}: reshape to [${target}] is not a pass-through of a vector of ${this.width ?? "?"} values`,
        );
      }
    }
    if (node.opType === "Flatten") {
      const axis = intAttr(node, "axis", 1);
      if (axis !== 1 && axis !== -1) {
        throw new Error(
          `${where}: Flatten with axis ${axis} is not supported (expected 1 on a [1,n] activation)`,
        );
      }
    }
    this.advance(node, where);
  }
}

/**
 * Loads a dense ONNX network. `pathOrBytes` is a file path or the model's bytes; `expectedInputs`
 * (the feature schema's width) is checked against the first layer.
 */
export function loadOnnxModel(
  pathOrBytes: string | Uint8Array,
  options: LoadOptions = {},
): FloatModel {
  return interpretOnnx(readOnnx(pathOrBytes), options);
}

/** loadOnnxModel on an already decoded model (which it does not modify). */
export function interpretOnnx(source: OnnxSource, options: LoadOptions = {}): FloatModel {
  const { proto, graph, label } = source;
  const featureSchema =
    proto.metadataProps.find((p) => p.key === SCHEMA_METADATA_KEY)?.value ?? undefined;
  if (
    options.expectedSchema !== undefined &&
    featureSchema !== undefined &&
    featureSchema !== options.expectedSchema
  ) {
    throw new Error(
      `${label}: the model was built for features "${featureSchema}", not "${options.expectedSchema}"`,
    );
  }
  const initNames = new Set(graph.initializer.map((t) => t.name ?? ""));
  // Before IR v4 initializers are also listed as graph inputs: the feature input is the one that is not.
  const inputs = graph.input.filter((v) => !initNames.has(v.name ?? ""));
  if (inputs.length !== 1) {
    throw new Error(
      `${label}: the graph has ${inputs.length} non-constant inputs (${inputs.map((v) => `"${v.name}"`).join(", ")}); expected exactly 1 feature input`,
    );
  }
  const input = inputs[0]!;
  const inputName = input.name ?? "";
  const dims = valueDims(input);
  const declaredWidth = dims && dims.length > 0 ? dims[dims.length - 1] : undefined;

  const reader = new ChainReader(label, inputName, declaredWidth);
  for (const t of graph.initializer)
    reader.addConstant(decodeTensor(t as TensorProto, `${label}: initializer`));
  graph.node.forEach((n, i) => reader.read(n as NodeProto, i));

  if (graph.output.length !== 1) {
    throw new Error(
      `${label}: the graph has ${graph.output.length} outputs; expected exactly 1 (the default logit or probability)`,
    );
  }
  const outName = graph.output[0]!.name ?? "";
  if (outName !== reader.output) {
    throw new Error(
      `${label}: the graph output "${outName}" is not the end of the layer chain ("${reader.output}")`,
    );
  }
  const layers = reader.layers;
  if (layers.length === 0) throw new Error(`${label}: the graph has no Gemm or MatMul layer`);
  const last = layers[layers.length - 1]!;
  if (last.relu)
    throw new Error(`${label}: the last layer ends in a Relu; the logit must be linear`);
  const outputs = last.b.length;
  if (outputs !== 1) {
    throw new Error(
      `${label}: the last layer has ${outputs} outputs; a credit model outputs one logit`,
    );
  }
  const inputSize = layers[0]!.W[0]!.length;
  if (options.expectedInputs !== undefined && inputSize !== options.expectedInputs) {
    throw new Error(
      `${label}: the model reads ${inputSize} features but the feature schema has ${options.expectedInputs}`,
    );
  }
  return {
    inputName,
    inputSize,
    layers,
    finalSigmoid: reader.endsInSigmoid,
    ...(featureSchema !== undefined && { featureSchema }),
  };
}
