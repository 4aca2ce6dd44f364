/**
 * The model commitment (docs/architecture.md, "Model commitment"): shapeTag = sponge(encodeShape),
 * commitment = sponge([shapeTag, ...pack(W row-major at weightBits, then B at biasBits, per
 * layer)]). The circuit recomputes the second sponge; shapeTag is a constant of its main.
 */
import { pack, sponge, type PackedValue } from "../field/index.js";
import type { QuantizedModel } from "./types.js";
import { checkParams, encodeShape, shapeTag } from "./shape.js";

export { encodeShape, shapeTag };

/** The packed parameter chunks, in the order the circuit packs its private weight inputs. */
export function paramChunks(q: QuantizedModel): bigint[] {
  checkParams(q);
  const values: PackedValue[] = q.shape.layers.flatMap((l, k) => [
    ...q.weights[k]!.flat().map((value) => ({ value, bits: l.weightBits, signed: true })),
    ...q.biases[k]!.map((value) => ({ value, bits: l.biasBits, signed: true })),
  ]);
  return pack(values, "model parameter");
}

export function modelCommitment(q: QuantizedModel): bigint {
  return sponge([shapeTag(q.shape), ...paramChunks(q)]);
}
