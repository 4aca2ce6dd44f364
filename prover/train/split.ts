/**
 * Fixed-seed stratified train/validation/test split: each class is shuffled on its own and cut at
 * the same fractions, so every part keeps the dataset's default rate. The split is identified by
 * a hash of its row ids, written into the training report so the model card can prove it scores
 * the same held-out rows.
 */
import { createHash } from "node:crypto";
import { seededRandom, shuffleInPlace } from "./random.js";

export interface SplitFractions {
  train: number;
  validation: number;
}

/** 70 / 15 / 15. */
export const DEFAULT_FRACTIONS: SplitFractions = Object.freeze({ train: 0.7, validation: 0.15 });

/** The split of the reference model (a property of the data, not of any one model's seed). */
export const DEFAULT_SPLIT_SEED = 20090301;

export interface LabelledRow {
  id: number;
  label: 0 | 1;
}

export interface DataSplit<T extends LabelledRow> {
  train: T[];
  validation: T[];
  test: T[];
  /** sha256 of the three id lists (see `splitHash`). */
  hash: string;
}

/** Splits `rows` per class; the result does not depend on the input order, only on ids and seed. */
export function stratifiedSplit<T extends LabelledRow>(
  rows: readonly T[],
  seed: number,
  fractions: SplitFractions = DEFAULT_FRACTIONS,
): DataSplit<T> {
  const { train: ft, validation: fv } = fractions;
  if (!(ft > 0 && fv > 0 && ft + fv < 1)) {
    throw new Error(
      `split fractions train=${ft}, validation=${fv} must be positive and leave room for a test part`,
    );
  }
  const random = seededRandom(seed);
  const parts: { train: T[]; validation: T[]; test: T[] } = { train: [], validation: [], test: [] };
  for (const label of [0, 1] as const) {
    const cls = rows.filter((r) => r.label === label).sort((a, b) => a.id - b.id);
    shuffleInPlace(cls, random);
    const nTrain = Math.round(cls.length * ft);
    const nVal = Math.round(cls.length * fv);
    parts.train.push(...cls.slice(0, nTrain));
    parts.validation.push(...cls.slice(nTrain, nTrain + nVal));
    parts.test.push(...cls.slice(nTrain + nVal));
  }
  for (const p of Object.values(parts)) p.sort((a, b) => a.id - b.id);
  return { ...parts, hash: splitHash(parts) };
}

/** sha256 hex of "train:<ids>\nvalidation:<ids>\ntest:<ids>\n", ids ascending, comma-separated. */
export function splitHash(parts: {
  train: readonly LabelledRow[];
  validation: readonly LabelledRow[];
  test: readonly LabelledRow[];
}): string {
  const ids = (rs: readonly LabelledRow[]): string =>
    rs
      .map((r) => r.id)
      .sort((a, b) => a - b)
      .join(",");
  const text = `train:${ids(parts.train)}\nvalidation:${ids(parts.validation)}\ntest:${ids(parts.test)}\n`;
  return createHash("sha256").update(text).digest("hex");
}
