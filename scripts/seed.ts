/**
 * Seeds a deployed local chain with six months of borrower histories (time travel) and prints
 * them as the feature extractor reads them.
 *
 *   npx hardhat run --network localhost scripts/seed.ts      (after scripts/deploy.ts)
 */
import { extractHistory } from "../prover/index.js";
import { loadZkCredit } from "./lib/deployments.js";
import { runScript } from "./lib/main.js";
import { historiesTable } from "./lib/report.js";
import { seedHistories } from "./lib/seed.js";

await runScript("seed", async (connection) => {
  const { zk, entry } = await loadZkCredit(connection);
  console.log("Seeding six statement periods of borrower history");
  const seeded = await seedHistories(connection, zk, console.log);
  const client = await connection.viem.getPublicClient();
  const rows = [];
  for (const b of seeded.borrowers) {
    const history = await extractHistory({
      client,
      pool: zk.lendingPool.address,
      wallet: b.address,
      fromBlock: BigInt(entry.LendingPool?.deployedOnBlock ?? 0),
    });
    rows.push({ name: b.profile.name, history });
  }
  console.log(`\n${historiesTable(rows)}`);
  for (const b of seeded.borrowers)
    console.log(`  ${b.profile.name.padEnd(13)} ${b.address}  ${b.profile.story}`);
});
