/**
 * Approves a quantized model in the ModelRegistry through the timelock. If its shape has no
 * verifier yet, the shape's generated Groth16 verifier is deployed and registered in the same
 * governance operation.
 *
 *   ZKCREDIT_MODEL=data/models/alt/quantized.json npx hardhat run --network localhost scripts/register-model.ts
 *
 * Options (environment): ZKCREDIT_MODEL (required), ZKCREDIT_MODEL_CARD (default training.json
 * beside the model).
 */
import type { Address } from "viem";
import { verifierModule } from "../ignition/modules/ZkCredit.js";
import { loadScoringModel } from "../prover/index.js";
import { modelCard, modelRegistrationCalls } from "./lib/deploy.js";
import { loadZkCredit } from "./lib/deployments.js";
import { shortField } from "./lib/format.js";
import { governed } from "./lib/governance.js";
import { option, runScript } from "./lib/main.js";

const ZERO = "0x0000000000000000000000000000000000000000";

await runScript("register-model", async (connection) => {
  const model = loadScoringModel(option("ZKCREDIT_MODEL"));
  const { zk } = await loadZkCredit(connection);
  let verifier: Address = await zk.modelRegistry.read.verifierFor([model.shapeId]);
  if (verifier === ZERO) {
    console.log(
      `Shape ${model.model.shape.name} has no verifier: deploying ${model.verifierContract}`,
    );
    const deployed = await connection.ignition.deploy(verifierModule(model.model.shape.name));
    verifier = (deployed.verifier as unknown as { address: Address }).address;
  }
  const calls = await modelRegistrationCalls(
    zk,
    model,
    verifier,
    modelCard(model, process.env.ZKCREDIT_MODEL_CARD || undefined),
  );
  if (calls.length === 0) {
    console.log(`Model ${shortField(model.commitment)} is already registered.`);
    return;
  }
  await governed(connection, zk, calls, console.log);
  console.log(`Model ${model.commitment} (${model.model.shape.name}) is active.`);
});
