/**
 * The inverse of the prover's calldata layout (prover/proof/prove.ts toCalldata): snarkjs's proof
 * JSON from the 8 words ScoreRegistry.submitScore takes. The generated Solidity verifier wants each
 * G2 coordinate pair swapped (pB = [[b01, b00], [b11, b10]]), so the JSON gets them back as
 * [[b00, b01], [b10, b11]]. A copy of the prover's fromCalldata, because that module cannot be
 * bundled for the browser (its NodeNext ".js" imports); test/e2e/calldata.test.ts checks that the
 * two agree.
 */

/** snarkjs's Groth16 proof JSON. */
export interface SnarkjsProof {
  pi_a: [string, string, string];
  pi_b: [[string, string], [string, string], [string, string]];
  pi_c: [string, string, string];
  protocol: "groth16";
  curve: "bn128";
}

export function proofFromCalldata(words: readonly bigint[]): SnarkjsProof {
  if (words.length !== 8) throw new Error(`a Groth16 proof has 8 words, got ${words.length}`);
  const [a0, a1, b01, b00, b11, b10, c0, c1] = words.map(String) as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  return {
    pi_a: [a0, a1, "1"],
    pi_b: [
      [b00, b01],
      [b10, b11],
      ["1", "0"],
    ],
    pi_c: [c0, c1, "1"],
    protocol: "groth16",
    curve: "bn128",
  };
}
