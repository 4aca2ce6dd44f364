/** Evaluation metrics of the training report (and of the model card). */

/**
 * ROC AUC as the Mann–Whitney statistic: the probability that a random defaulter scores above a
 * random non-defaulter, ties counted one half (midranks), so it is exact for any score ties.
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  if (scores.length !== labels.length) {
    throw new Error(`rocAuc: ${scores.length} scores but ${labels.length} labels`);
  }
  for (let i = 0; i < scores.length; i++) {
    if (!Number.isFinite(scores[i]))
      throw new Error(`rocAuc: score ${scores[i]} at index ${i} is not finite`);
  }
  const order = Array.from({ length: scores.length }, (_, i) => i).sort(
    (a, b) => scores[a]! - scores[b]!,
  );
  let rankSumPos = 0;
  let positives = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1]!] === scores[order[i]!]) j++;
    const midrank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      const label = labels[order[k]!];
      if (label !== 0 && label !== 1)
        throw new Error(`rocAuc: label ${label} at index ${order[k]} is not 0 or 1`);
      if (label === 1) {
        rankSumPos += midrank;
        positives++;
      }
    }
    i = j + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) throw new Error("rocAuc needs both classes");
  return (rankSumPos - (positives * (positives + 1)) / 2) / (positives * negatives);
}
