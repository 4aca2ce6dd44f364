/**
 * Proves a wallet's credit score from its on-chain history and submits it to the ScoreRegistry:
 * features (JSON-RPC) → attestation → Groth16 proof → submitScore.
 *
 *   ZKCREDIT_WALLET=0x… npx hardhat run --network localhost scripts/score.ts
 *
 * Options (environment): ZKCREDIT_WALLET (required), ZKCREDIT_MODEL (default the reference
 * model), ZKCREDIT_ATTESTOR_KEY (default the local dev key).
 */
import { getAddress, isAddress } from "viem";
import { REFERENCE_MODEL } from "../ignition/modules/ZkCredit.js";
import { loadScoringModel } from "../prover/index.js";
import { scriptAttestorKey } from "./lib/deploy.js";
import { loadZkCredit } from "./lib/deployments.js";
import { option, runScript } from "./lib/main.js";
import { scoreReport } from "./lib/report.js";
import { scoreAndSubmit } from "./lib/score.js";

await runScript("score", async (connection) => {
  const wallet = option("ZKCREDIT_WALLET");
  if (!isAddress(wallet, { strict: false }))
    throw new Error(`ZKCREDIT_WALLET "${wallet}" is not an address`);
  const model = loadScoringModel(option("ZKCREDIT_MODEL", REFERENCE_MODEL));
  const { zk, entry } = await loadZkCredit(connection);
  const { key } = await scriptAttestorKey(connection);
  console.log(`Scoring ${getAddress(wallet)} with model ${model.model.shape.name}`);
  const result = await scoreAndSubmit(connection, zk, {
    model,
    attestorKey: key,
    wallet: getAddress(wallet),
    fromBlock: BigInt(entry.LendingPool?.deployedOnBlock ?? 0),
    log: console.log,
  });
  console.log(scoreReport("wallet", result));
});
