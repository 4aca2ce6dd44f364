/**
 * Trains the small credit MLP (ReLU hidden layers, sigmoid output, binary cross-entropy, Adam)
 * with TensorFlow.js on its pure-JavaScript CPU backend: no native binaries, and bit-for-bit
 * reproducible from the seed (seeded Glorot initialisers, our own seeded batch shuffle, no
 * dropout). Inputs are standardised with the training split's mean and std; `foldNormalisation`
 * moves that into the first layer so the exported model reads the raw integer features.
 * Early stopping keeps the weights of the epoch with the best validation AUC.
 */
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import * as tfl from "@tensorflow/tfjs-layers";
import { rocAuc } from "./metrics.js";
import { seededRandom, shuffleInPlace } from "./random.js";

/** Feature rows (schema order, as numbers) and their labels. */
export interface Examples {
  features: readonly (readonly number[])[];
  labels: readonly (0 | 1)[];
}

/** A dense layer in ONNX Gemm orientation: y = act(W·x + b) with W as [out][in]. */
export interface DenseLayer {
  weights: number[][];
  biases: number[];
  activation: "relu" | "sigmoid";
}

export interface MlpOptions {
  /** Hidden layer widths, e.g. [16, 8]. */
  hidden: number[];
  /** Seeds the initialisers and the batch order. */
  seed: number;
  /** Upper bound on epochs; early stopping usually ends sooner. */
  maxEpochs: number;
  /** Epochs without a better validation AUC before stopping. */
  patience: number;
  batchSize: number;
  learningRate: number;
  onEpoch?: (progress: EpochProgress) => void;
}

export interface EpochProgress {
  epoch: number;
  /** Mean training loss over the epoch's batches. */
  loss: number;
  validationAuc: number;
  bestEpoch: number;
}

/** The trained network in standardised-input space, plus the standardisation. */
export interface TrainedMlp {
  layers: DenseLayer[];
  mean: number[];
  std: number[];
  bestEpoch: number;
  epochsRun: number;
  history: EpochProgress[];
  /** Default probabilities of raw feature rows from the in-memory TensorFlow.js model. */
  predict(features: readonly (readonly number[])[]): Float32Array;
  /** Frees the TensorFlow.js model; `predict` fails afterwards. */
  dispose(): void;
}

let backendReady: Promise<boolean> | undefined;
function cpuBackend(): Promise<boolean> {
  // Production mode silences the "install tfjs-node" banner; we want the pure-JS backend.
  tf.enableProdMode();
  backendReady ??= tf.setBackend("cpu");
  return backendReady;
}

/** Per-column mean and (population) std of the training features; constant columns get std 1. */
export function standardisation(features: readonly (readonly number[])[]): {
  mean: number[];
  std: number[];
} {
  const n = features.length;
  const d = features[0]?.length ?? 0;
  if (n === 0 || d === 0) throw new Error("standardisation needs at least one non-empty row");
  const mean = new Array<number>(d).fill(0);
  const sq = new Array<number>(d).fill(0);
  for (const row of features) row.forEach((x, j) => (mean[j]! += x / n));
  for (const row of features) row.forEach((x, j) => (sq[j]! += (x - mean[j]!) ** 2 / n));
  return { mean, std: sq.map((v) => (v > 0 ? Math.sqrt(v) : 1)) };
}

function standardisedMatrix(
  features: readonly (readonly number[])[],
  mean: number[],
  std: number[],
): tf.Tensor2D {
  const d = mean.length;
  const data = new Float32Array(features.length * d);
  features.forEach((row, i) => {
    if (row.length !== d)
      throw new Error(`feature row ${i} has ${row.length} values, expected ${d}`);
    row.forEach((x, j) => (data[i * d + j] = (x - mean[j]!) / std[j]!));
  });
  return tf.tensor2d(data, [features.length, d]);
}

function buildModel(inputs: number, hidden: number[], random: () => number): tfl.Sequential {
  const model = tfl.sequential();
  const widths = [...hidden, 1];
  widths.forEach((units, l) => {
    model.add(
      tfl.layers.dense({
        units,
        inputShape: l === 0 ? [inputs] : undefined,
        activation: l === widths.length - 1 ? "sigmoid" : "relu",
        kernelInitializer: tfl.initializers.glorotUniform({ seed: Math.floor(random() * 2 ** 31) }),
        biasInitializer: "zeros",
      }),
    );
  });
  return model;
}

function predictTensor(model: tfl.Sequential, x: tf.Tensor2D): Float32Array {
  return tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync() as Float32Array).slice();
}

/** Trains the MLP; returns the best-validation-AUC weights in Gemm orientation. */
export async function trainMlp(
  train: Examples,
  validation: Examples,
  options: MlpOptions,
): Promise<TrainedMlp> {
  await cpuBackend();
  const { mean, std } = standardisation(train.features);
  const random = seededRandom(options.seed);
  const model = buildModel(mean.length, options.hidden, random);
  model.compile({ optimizer: tf.train.adam(options.learningRate), loss: "binaryCrossentropy" });

  const xTrain = standardisedMatrix(train.features, mean, std);
  const yTrain = tf.tensor2d(Float32Array.from(train.labels), [train.labels.length, 1]);
  const xVal = standardisedMatrix(validation.features, mean, std);
  const order = Array.from({ length: train.labels.length }, (_, i) => i);
  const history: EpochProgress[] = [];
  let best = { auc: -Infinity, epoch: 0, weights: model.getWeights().map((w) => w.clone()) };
  let trained = false;
  try {
    for (let epoch = 1; epoch <= options.maxEpochs; epoch++) {
      shuffleInPlace(order, random);
      let lossSum = 0;
      let batches = 0;
      for (let start = 0; start < order.length; start += options.batchSize) {
        const idx = tf.tensor1d(order.slice(start, start + options.batchSize), "int32");
        const xb = tf.gather(xTrain, idx);
        const yb = tf.gather(yTrain, idx);
        lossSum += (await model.trainOnBatch(xb, yb)) as number;
        batches++;
        tf.dispose([idx, xb, yb]);
      }
      const validationAuc = rocAuc(predictTensor(model, xVal), validation.labels);
      if (validationAuc > best.auc) {
        tf.dispose(best.weights);
        best = { auc: validationAuc, epoch, weights: model.getWeights().map((w) => w.clone()) };
      }
      const progress = { epoch, loss: lossSum / batches, validationAuc, bestEpoch: best.epoch };
      history.push(progress);
      options.onEpoch?.(progress);
      if (epoch - best.epoch >= options.patience) break;
    }
    model.setWeights(best.weights);
    trained = true;
    return {
      layers: denseLayers(model),
      mean,
      std,
      bestEpoch: best.epoch,
      epochsRun: history.length,
      history,
      predict: (features) => {
        const x = standardisedMatrix(features, mean, std);
        try {
          return predictTensor(model, x);
        } finally {
          x.dispose();
        }
      },
      dispose: () => model.dispose(),
    };
  } finally {
    tf.dispose([xTrain, yTrain, xVal, ...best.weights]);
    if (!trained) model.dispose();
  }
}

/** Reads the Keras kernels ([in][out]) back as Gemm weights ([out][in]). */
function denseLayers(model: tfl.Sequential): DenseLayer[] {
  return model.layers.map((layer, l) => {
    const [kernel, bias] = layer.getWeights();
    const k = kernel!.arraySync() as number[][];
    const weights = k[0]!.map((_, j) => k.map((row) => row[j]!));
    const activation = l === model.layers.length - 1 ? "sigmoid" : "relu";
    return { weights, biases: Array.from(bias!.dataSync()), activation };
  });
}

/**
 * Standardisation folded into the first layer: W·((x − μ)/σ) + b = (W/σ)·x + (b − Σ_i W_i μ_i/σ_i),
 * so the network reads raw features. Computed in float64.
 */
export function foldNormalisation(model: TrainedMlp): DenseLayer[] {
  const [first, ...rest] = model.layers;
  if (!first) throw new Error("model has no layers");
  const weights = first.weights.map((row) => row.map((w, i) => w / model.std[i]!));
  const biases = first.biases.map(
    (b, j) =>
      b - first.weights[j]!.reduce((s, w, i) => s + (w * model.mean[i]!) / model.std[i]!, 0),
  );
  return [{ weights, biases, activation: first.activation }, ...rest];
}

/** Float64 forward pass of dense layers on raw rows: the trainer's in-memory prediction. */
export function forwardDense(
  layers: readonly DenseLayer[],
  features: readonly (readonly number[])[],
): Float64Array {
  return Float64Array.from(features, (row) => {
    let x: number[] = [...row];
    for (const layer of layers) {
      x = layer.weights.map((w, j) => {
        const z = w.reduce((s, wi, i) => s + wi * x[i]!, layer.biases[j]!);
        return layer.activation === "relu" ? Math.max(z, 0) : 1 / (1 + Math.exp(-z));
      });
    }
    return x[0]!;
  });
}
