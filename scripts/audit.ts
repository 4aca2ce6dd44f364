/**
 * Prints the audit trail of a deployment: models, attestors and every recorded score, each score's
 * proof recovered from its transaction's calldata and re-verified off-chain with snarkjs. Exits
 * with status 1 if any proof fails.
 *
 *   npx hardhat run --network localhost scripts/audit.ts
 */
import { auditTrail } from "./lib/audit.js";
import { loadZkCredit } from "./lib/deployments.js";
import { runScript } from "./lib/main.js";
import { auditReport } from "./lib/report.js";

await runScript("audit", async (connection) => {
  const { zk, entry, chainId } = await loadZkCredit(connection);
  const fromBlock = BigInt(
    Math.min(
      ...["ModelRegistry", "AttestorRegistry", "ScoreRegistry"].map(
        (n) => entry[n]?.deployedOnBlock ?? 0,
      ),
    ),
  );
  console.log(`Audit trail of chain ${chainId} from block ${fromBlock}\n`);
  const trail = await auditTrail(connection, zk, fromBlock);
  console.log(auditReport(trail));
  const failed = trail.scores.filter((s) => !s.proof.verified);
  if (failed.length > 0)
    throw new Error(`${failed.length} of ${trail.scores.length} recorded scores do not re-verify`);
  console.log(`\nAll ${trail.scores.length} recorded scores re-verified off-chain.`);
});
