/**
 * Error-feedback rounding of one dense layer (the idea of GPTQ, Frantar et al. 2022, on a small
 * scale): weights are rounded one input column at a time, and each rounding error is pushed onto
 * the columns not yet rounded (and finally the bias) by least squares over the calibration
 * inputs, so that W·x + b changes as little as possible on the data the model actually sees.
 *
 * Why it matters here: the first layer reads features of very different magnitudes (statuses up
 * to 10, log-amounts up to 384) under one weight scale, so plain rounding of the small
 * amount weights costs about one score point; error feedback removes most of that at no
 * circuit cost (the circuit only sees the resulting integers).
 */
/** The rounded layer as floats exactly representable at the given scales. */
export interface RoundedLayer {
  W: number[][];
  b: number[];
}

/** Solves A·x = y by Gaussian elimination with partial pivoting (A is small and SPD here). */
function solve(A: number[][], y: number[]): number[] {
  const n = y.length;
  const M = A.map((row, i) => [...row, y[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[p]![c]!)) p = r;
    [M[c], M[p]] = [M[p]!, M[c]!];
    const pivot = M[c]![c]!;
    if (pivot === 0) continue;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r]![c]! / pivot;
      if (f !== 0) for (let k = c; k <= n; k++) M[r]![k]! -= f * M[c]![k]!;
    }
  }
  return M.map((row, i) => (row[i] === 0 ? 0 : row[n]! / row[i]!));
}

/**
 * Rounds W to multiples of 2^−weightFrac within signed weightBits, compensating on `inputs`
 * (the layer's float inputs on the calibration rows); b is left exact (the caller rounds it at
 * the accumulator scale, far finer than the weights'). Without inputs, plain rounding.
 */
export function roundLayer(
  W: readonly (readonly number[])[],
  b: readonly number[],
  weightFrac: number,
  weightBits: number,
  inputs: readonly (readonly number[])[],
): RoundedLayer {
  const scale = 2 ** weightFrac;
  const half = 2 ** (weightBits - 1);
  const roundOne = (w: number): number =>
    Math.min(Math.max(Math.round(w * scale), -half), half - 1) / scale;
  if (inputs.length === 0) return { W: W.map((row) => row.map(roundOne)), b: [...b] };

  const nIn = W[0]!.length;
  const n = nIn + 1; // the bias is column n−1, with constant input 1
  // H = E[x xᵀ] over the calibration inputs (with the constant column), lightly damped so that
  // constant or dead inputs keep it invertible without biasing the live ones.
  const H = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (const x of inputs) {
    const v = [...x, 1];
    for (let a = 0; a < n; a++) for (let c = a; c < n; c++) H[a]![c]! += v[a]! * v[c]!;
  }
  const maxDiag = Math.max(...H.map((row, a) => row[a]!));
  for (let a = 0; a < n; a++) {
    for (let c = 0; c < a; c++) H[a]![c] = H[c]![a]!;
    H[a]![a]! += 0.01 * H[a]![a]! + 1e-9 * maxDiag;
  }
  // Round the most energetic inputs first, so the later (quieter) ones absorb their error.
  const order = Array.from({ length: nIn }, (_, i) => i).sort((p, q) => H[q]![q]! - H[p]![p]!);

  const outW: number[][] = [];
  const outB: number[] = [];
  W.forEach((row, j) => {
    const w = [...row, b[j]!];
    order.forEach((i, t) => {
      const rounded = roundOne(w[i]!);
      const err = w[i]! - rounded;
      w[i] = rounded;
      if (err === 0) return;
      // Keep H-weighted output unchanged: Δ_R = H_RR⁻¹ H_Ri · err over the columns R left.
      const rest = [...order.slice(t + 1), n - 1];
      const delta = solve(
        rest.map((r) => rest.map((c) => H[r]![c]!)),
        rest.map((r) => H[r]![i]! * err),
      );
      rest.forEach((r, k) => (w[r] = w[r]! + delta[k]!));
    });
    outW.push(w.slice(0, nIn));
    outB.push(w[nIn]!);
  });
  return { W: outW, b: outB };
}
