/**
 * Trusts an attestor key in the AttestorRegistry through the timelock.
 *
 *   ZKCREDIT_ATTESTOR_KEY_FILE=key.json ZKCREDIT_ATTESTOR_LABEL="Acme data, key 2025-01" \
 *     npx hardhat run --network localhost scripts/register-attestor.ts
 *
 * The key: ZKCREDIT_ATTESTOR_KEY_FILE (an attestor key file), else ZKCREDIT_ATTESTOR_KEY, else (local
 * chains) the dev key. Only its public hash goes on chain.
 */
import { loadAttestorKey } from "../prover/index.js";
import { attestorRegistrationCalls, scriptAttestorKey } from "./lib/deploy.js";
import { loadZkCredit } from "./lib/deployments.js";
import { shortField } from "./lib/format.js";
import { governed } from "./lib/governance.js";
import { option, runScript } from "./lib/main.js";

await runScript("register-attestor", async (connection) => {
  const { zk } = await loadZkCredit(connection);
  const file = process.env.ZKCREDIT_ATTESTOR_KEY_FILE;
  const key = file ? await loadAttestorKey({ file }) : (await scriptAttestorKey(connection)).key;
  const calls = await attestorRegistrationCalls(
    zk,
    key,
    option("ZKCREDIT_ATTESTOR_LABEL", "zkcredit attestor"),
  );
  if (calls.length === 0) {
    console.log(`Attestor ${shortField(key.keyHash)} is already registered (trusted or revoked).`);
    return;
  }
  await governed(connection, zk, calls, console.log);
  console.log(`Attestor ${key.keyHash} is trusted.`);
});
