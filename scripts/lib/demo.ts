/**
 * The demo, end to end on one chain: deploy zkcredit (governance through the timelock), seed six
 * months of borrower histories, prove the scores of two contrasting wallets with real Groth16
 * proofs, show that the better score earns the larger credit line, borrow and repay on it, and
 * print the audit trail with every proof re-verified off-chain from calldata.
 */
import type { NetworkConnection } from "hardhat/types/network";
import { maxUint256, type Address } from "viem";
import { LOCAL_DECIMALS } from "../../ignition/modules/ZkCredit.js";
import { extractHistory } from "../../prover/index.js";
import { auditTrail, type AuditTrail } from "./audit.js";
import { deploySystem, resetLocalIgnitionJournal } from "./deploy.js";
import { amount, bps, heading } from "./format.js";
import { auditReport, historiesTable, scoreReport } from "./report.js";
import { scoreAndSubmit, type SubmittedScore } from "./score.js";
import { seedHistories, USD } from "./seed.js";

/** The two wallets the demo scores: the best and a bad payer with the same collateral. */
export const DEMO_WALLETS = ["pays-in-full", "late-payer"] as const;

export interface DemoResult {
  scores: Record<(typeof DEMO_WALLETS)[number], SubmittedScore>;
  trail: AuditTrail;
}

export async function runDemo(
  connection: NetworkConnection,
  log: (line: string) => void = console.log,
): Promise<DemoResult> {
  const fmt = (v: bigint): string => `${amount(v, LOCAL_DECIMALS.stable)} zkUSD`;

  log(heading("1. Deploy zkcredit"));
  // The demo always starts from a fresh system, also on a long-running local node.
  await resetLocalIgnitionJournal(connection, { always: true });
  const system = await deploySystem(connection, { log });
  const { zk, model, attestorKey, poolFromBlock } = system;
  const client = await connection.viem.getPublicClient();

  log(heading("2. Seed six months of borrower history (time travel)"));
  const seeded = await seedHistories(connection, zk, log);
  const histories = [];
  for (const b of seeded.borrowers) {
    const history = await extractHistory({
      client,
      pool: zk.lendingPool.address,
      wallet: b.address,
      fromBlock: poolFromBlock,
    });
    histories.push({ name: b.profile.name, history });
  }
  log("");
  log(historiesTable(histories));

  const walletOf = (name: string): Address => {
    const found = seeded.borrowers.find((b) => b.profile.name === name);
    if (found === undefined) throw new Error(`demo: no seeded wallet "${name}"`);
    return found.address;
  };
  const before = new Map<string, bigint>();
  for (const name of DEMO_WALLETS)
    before.set(name, (await zk.lendingPool.read.creditLineOf([walletOf(name)]))[0]);

  log(heading("3. Prove and submit the scores of two contrasting wallets"));
  const scores = {} as DemoResult["scores"];
  for (const name of DEMO_WALLETS) {
    log(`  ${name}:`);
    scores[name] = await scoreAndSubmit(connection, zk, {
      model,
      attestorKey,
      wallet: walletOf(name),
      fromBlock: poolFromBlock,
      log,
    });
    log(scoreReport(name, scores[name]));
  }

  log(heading("4. The better score gets the larger credit line"));
  const [good, bad] = DEMO_WALLETS.map((n) => ({ name: n, r: scores[n] }));
  for (const { name, r } of [good!, bad!]) {
    log(
      `  ${name.padEnd(13)} score ${r.scored.score} → tier ${r.tier} (advance ${bps(r.advanceRateBps)}, APR ${bps(r.aprBps)}): line ${fmt(before.get(name)!)} → ${fmt(r.creditLine)}`,
    );
  }
  if (!(good!.r.scored.score > bad!.r.scored.score && good!.r.creditLine > bad!.r.creditLine)) {
    throw new Error(
      `expected ${good!.name} (score ${good!.r.scored.score}) to get a larger line than ${bad!.name} (score ${bad!.r.scored.score}) on the same collateral`,
    );
  }
  log(
    `  same collateral, ${fmt(good!.r.creditLine - bad!.r.creditLine)} more credit for the better score`,
  );

  log(heading(`5. ${good!.name} borrows on its new line and repays`));
  const borrower = (await connection.viem.getWalletClients()).find(
    (w) => w.account.address.toLowerCase() === walletOf(good!.name).toLowerCase(),
  )!;
  const account = borrower.account;
  const draw = 50_000n * USD;
  const mined = async (hash: `0x${string}`) => {
    const receipt = await client.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`transaction ${hash} reverted`);
    return receipt;
  };
  log(`  debt before      ${fmt(await zk.lendingPool.read.debtOf([account.address]))}`);
  const drawn = await mined(await zk.lendingPool.write.draw([draw], { account }));
  log(
    `  draw ${fmt(draw)} (${drawn.gasUsed.toLocaleString("en-US")} gas) → debt ${fmt(await zk.lendingPool.read.debtOf([account.address]))}`,
  );
  const repaid = await mined(
    await zk.lendingPool.write.repay([account.address, maxUint256], { account }),
  );
  log(
    `  repay everything (${repaid.gasUsed.toLocaleString("en-US")} gas) → debt ${fmt(await zk.lendingPool.read.debtOf([account.address]))}`,
  );
  const [line, available] = await zk.lendingPool.read.creditLineOf([account.address]);
  log(`  line ${fmt(line)}, available ${fmt(available)}`);

  log(heading("6. Audit trail (every proof re-verified off-chain from calldata)"));
  const trail = await auditTrail(connection, zk, system.coreFromBlock);
  const names = new Map(seeded.borrowers.map((b) => [b.address, b.profile.name] as const));
  log(auditReport(trail, names));
  return { scores, trail };
}
