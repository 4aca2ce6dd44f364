/**
 * The quantized model and its circuit shape: the one source of truth for the model's shape and
 * scales. Everything compile-time lives in `CircuitShape` (one Groth16 setup per shape); only
 * weights and biases are private inputs, bound by the model commitment. See docs/architecture.md
 * for the exact integer semantics every part (reference, circuit, generator) must share.
 */

/** One dense layer: acc = W·x + b, then out = floor(acc / 2^shift), optionally ReLU. */
export interface LayerSpec {
  /** Input width. */
  inputs: number;
  /** Output width. */
  outputs: number;
  /** Whether ReLU follows the rescale (all layers but the last). */
  relu: boolean;
  /** Signed weight width: every weight is in [-2^(weightBits-1), 2^(weightBits-1)). */
  weightBits: number;
  /** Signed bias width: every bias is in [-2^(biasBits-1), 2^(biasBits-1)). */
  biasBits: number;
  /** Floor-division exponent of the rescale: out = floor(acc / 2^shift). */
  shift: number;
  /**
   * Signed width of the rescaled output: out is in [-2^(outBits-1), 2^(outBits-1)) for EVERY valid
   * input (interval arithmetic over the feature ranges and the declared weight/bias widths), so an
   * honest proof never fails, and the circuit range-checks it so a dishonest one cannot wrap.
   */
  outBits: number;
  /** Fractional bits of the weights (W_int = round(W * 2^weightFrac)); bookkeeping, not proved. */
  weightFrac: number;
  /** Fractional bits of this layer's output (the next layer's input scale); bookkeeping. */
  outFrac: number;
}

/**
 * score = clamp(floor((offsetNum - factorNum * logitQ) / 2^fracBits), minScore, maxScore)
 * where logitQ is the last layer's output (logit * 2^logitFrac). offsetNum folds in +1/2 so the
 * floor rounds half up: offsetNum = round((offset + 1/2) * 2^fracBits),
 * factorNum = round(factor * 2^(fracBits - logitFrac)).
 */
export interface ScorecardSpec {
  /** Points to double the odds (scorecard convention). */
  pdo: number;
  /** The score at `baseOdds` (good:bad). */
  baseScore: number;
  /** Odds good:bad at which the score is `baseScore`. */
  baseOdds: number;
  /** Fractional bits of the fixed-point scorecard arithmetic. */
  fracBits: number;
  offsetNum: bigint;
  factorNum: bigint;
  /** Signed width bound of the unclamped score (range-checked before the clamp comparisons). */
  rawBits: number;
  minScore: 300;
  maxScore: 850;
}

export interface CircuitShape {
  /** Human-readable, derived from the numbers below (e.g. "mlp-19x16x8x1-w12"). */
  name: string;
  /** Feature schema id the inputs follow (prover/features/schema.ts). */
  featureSchema: string;
  /** Declared bit width of each feature (unsigned), from the schema. */
  featureBits: number[];
  layers: LayerSpec[];
  scorecard: ScorecardSpec;
}

export interface QuantizedModel {
  shape: CircuitShape;
  /** weights[layer][out][in], signed integers within the layer's weightBits. */
  weights: bigint[][][];
  /** biases[layer][out], signed integers within the layer's biasBits. */
  biases: bigint[][];
}
