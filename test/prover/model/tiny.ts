/**
 * A 2→2→1 model small enough to run by hand (see reference.test.ts for the worked examples):
 * features in 4 bits, weights in 4 bits, raw = floor((2402 − 300 · logitQ) / 4).
 */
import type { CircuitShape, QuantizedModel } from "../../../prover/model/types.js";
import { shapeName } from "../../../prover/model/shape.js";

export function tinyModel(): QuantizedModel {
  const unnamed: Omit<CircuitShape, "name"> = {
    featureSchema: "test/tiny",
    featureBits: [4, 4],
    layers: [
      {
        inputs: 2,
        outputs: 2,
        relu: true,
        weightBits: 4,
        biasBits: 4,
        shift: 2,
        outBits: 5,
        weightFrac: 2,
        outFrac: 0,
      },
      {
        inputs: 2,
        outputs: 1,
        relu: false,
        weightBits: 4,
        biasBits: 5,
        shift: 1,
        outBits: 5,
        weightFrac: 1,
        outFrac: 0,
      },
    ],
    scorecard: {
      pdo: 40,
      baseScore: 600,
      baseOdds: 20,
      fracBits: 2,
      offsetNum: 2402n,
      factorNum: 300n,
      rawBits: 11,
      minScore: 300,
      maxScore: 850,
    },
  };
  return {
    shape: { ...unnamed, name: shapeName(unnamed) },
    weights: [
      [
        [3n, -2n],
        [-4n, 1n],
      ],
      [[2n, -3n]],
    ],
    biases: [[1n, -3n], [1n]],
  };
}
