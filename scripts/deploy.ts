/**
 * Deploys zkcredit (ZkCredit Ignition stages), registers the reference model's shape verifier, the
 * model and the attestor key through the timelock, and writes deployments/deployedContracts.ts.
 *
 *   npx hardhat run --network localhost scripts/deploy.ts
 *
 * Options (environment): ZKCREDIT_MODEL (quantized model, default the reference model),
 * ZKCREDIT_MODEL_CARD (default training.json beside it), ZKCREDIT_ATTESTOR_KEY (64 hex digits;
 * on local chains a dev key is generated into .tmp/scripts/ when unset), ZKCREDIT_ATTESTOR_LABEL.
 */
import { REFERENCE_MODEL } from "../ignition/modules/ZkCredit.js";
import { deploySystem, resetLocalIgnitionJournal } from "./lib/deploy.js";
import { runScript, option } from "./lib/main.js";

await runScript("deploy", async (connection) => {
  await resetLocalIgnitionJournal(connection);
  await deploySystem(connection, {
    modelPath: option("ZKCREDIT_MODEL", REFERENCE_MODEL),
    cardPath: process.env.ZKCREDIT_MODEL_CARD || undefined,
    attestorLabel: option("ZKCREDIT_ATTESTOR_LABEL", "zkcredit dev attestor"),
    log: console.log,
  });
});
