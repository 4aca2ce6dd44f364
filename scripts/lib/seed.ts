/**
 * Seeding a local chain with credit histories: a lender funds the pool, then five borrowers live
 * six 30-day statement periods (time travel), each with a distinct, realistic behaviour, so the
 * feature extractor and the model have something true to read:
 *
 *   pays-in-full  uses the line every month and pays each statement in full       (status −1)
 *   revolver      draws once, then pays only the minimum, carrying a balance       (status 0)
 *   late-payer    pays the minimum, then misses the last two payments              (status 1, 2)
 *   liquidated    misses three payments in a row and is liquidated for delinquency (status 1..4)
 *   newcomer      opened two months ago, pays in full                               (thin file)
 *
 * Amounts are in the range of the reference model's training data (the dataset's credit lines run
 * from 10,000 to 1,000,000 currency units), here in whole zkUSD: 400 zkETH of collateral at
 * 2,000 zkUSD supports a 400,000 zkUSD line at the unscored tier's 50% advance rate.
 */
import type { NetworkConnection } from "hardhat/types/network";
import { getAddress, maxUint256, type Address, type Hash } from "viem";
import { LOCAL_DECIMALS, type ZkCredit } from "../../ignition/modules/ZkCredit.js";
import { timeTravel } from "./chain.js";

/** One zkUSD and one zkETH in base units. */
export const USD = 10n ** BigInt(LOCAL_DECIMALS.stable);
export const ETH = 10n ** BigInt(LOCAL_DECIMALS.collateral);
/** The pool's statement period, plus an hour so every borrower's statement is due. */
const MONTH = 30n * 24n * 3600n + 3600n;

/** What a borrower does in one statement period. */
interface MonthPlan {
  /** Repay the previous statement's balance in full, its minimum payment, or nothing. */
  pay?: "full" | "minimum";
  /** Whole zkUSD to draw. */
  draw?: bigint;
  /** The keeper liquidates the (delinquent) borrower at the start of this period. */
  liquidated?: boolean;
}

export interface BorrowerProfile {
  name: string;
  story: string;
  /** Collateral posted when the account opens, whole zkETH. */
  collateral: bigint;
  /** The period in which the account opens (0 = first). */
  opensIn: number;
  /** Plans by period, starting at `opensIn`. */
  plan: MonthPlan[];
}

export const PERIODS = 6;

export const PROFILES: readonly BorrowerProfile[] = [
  {
    name: "pays-in-full",
    story: "uses the line every month and pays each statement in full",
    collateral: 400n,
    opensIn: 0,
    plan: [32_000n, 28_500n, 35_200n, 30_100n, 41_800n, 26_400n].map((draw) => ({
      pay: "full",
      draw,
    })),
  },
  {
    name: "revolver",
    story: "draws once, then pays only the minimum and carries the balance",
    collateral: 400n,
    opensIn: 0,
    plan: [
      { draw: 85_000n },
      { pay: "minimum" },
      { pay: "minimum" },
      { pay: "minimum", draw: 6_000n },
      { pay: "minimum" },
      { pay: "minimum" },
    ],
  },
  {
    name: "late-payer",
    story: "pays the minimum for three months, then misses the last two payments",
    collateral: 400n,
    opensIn: 0,
    plan: [{ draw: 62_000n }, { pay: "minimum" }, { pay: "minimum" }, { pay: "minimum" }, {}, {}],
  },
  {
    name: "liquidated",
    story: "misses three payments in a row and is liquidated for delinquency",
    collateral: 400n,
    opensIn: 0,
    plan: [{ draw: 55_000n }, { pay: "minimum" }, {}, {}, {}, { liquidated: true }],
  },
  {
    name: "newcomer",
    story: "opened two months ago and pays in full (a thin file)",
    collateral: 40n,
    opensIn: 4,
    plan: [{ draw: 12_000n }, { pay: "full", draw: 9_000n }],
  },
];

export interface SeededBorrower {
  profile: BorrowerProfile;
  address: Address;
}

export interface SeedResult {
  lender: Address;
  keeper: Address;
  borrowers: SeededBorrower[];
}

/** Liquidity the lender deposits, whole zkUSD. */
const LIQUIDITY = 2_000_000n;

/**
 * Plays the profiles on `zk` (a local chain: it moves the clock). Wallet 0 is the keeper (closes
 * statements, liquidates), wallet 1 the lender, wallets 2.. the borrowers in PROFILES order.
 */
export async function seedHistories(
  connection: NetworkConnection,
  zk: ZkCredit,
  log: (line: string) => void = () => {},
): Promise<SeedResult> {
  const { viem } = connection;
  const publicClient = await viem.getPublicClient();
  const wallets = await viem.getWalletClients();
  const [keeper, lender, ...rest] = wallets;
  if (keeper === undefined || lender === undefined || rest.length < PROFILES.length) {
    throw new Error(
      `seed needs ${PROFILES.length + 2} accounts, the network has ${wallets.length}`,
    );
  }
  const mined = async (hash: Promise<Hash>): Promise<void> => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash: await hash });
    if (receipt.status !== "success")
      throw new Error(`seed: transaction ${receipt.transactionHash} reverted`);
  };
  const { lendingPool: pool, stableToken: usd, collateralToken: eth } = zk;
  const borrowers = PROFILES.map((profile, i) => ({ profile, wallet: rest[i]! }));

  // Tokens for everyone (the local mocks mint to anyone), approvals once.
  for (const w of [keeper, lender, ...borrowers.map((b) => b.wallet)]) {
    const account = w.account;
    await mined(usd.write.mint([account.address, LIQUIDITY * USD]));
    await mined(eth.write.mint([account.address, 1_000n * ETH]));
    await mined(usd.write.approve([pool.address, maxUint256], { account }));
    await mined(eth.write.approve([pool.address, maxUint256], { account }));
  }
  await mined(
    pool.write.deposit([LIQUIDITY * USD, lender.account.address], { account: lender.account }),
  );
  log(
    `  lender ${getAddress(lender.account.address)} deposited ${LIQUIDITY.toLocaleString("en-US")} zkUSD`,
  );

  for (let period = 0; period < PERIODS; period++) {
    for (const { profile, wallet } of borrowers) {
      const step = period - profile.opensIn;
      const plan = profile.plan[step];
      if (plan === undefined) continue;
      const account = wallet.account;
      const who = account.address;
      if (step === 0) {
        await mined(
          pool.write.depositCollateral([eth.address, profile.collateral * ETH], { account }),
        );
      }
      if (plan.liquidated) {
        await mined(pool.write.liquidate([who, maxUint256], { account: keeper.account }));
      }
      if (plan.pay !== undefined) {
        const a = await pool.read.accountOf([who]);
        const amount = plan.pay === "full" ? a.statementBalance : a.minimumDue;
        if (amount > 0n) await mined(pool.write.repay([who, amount], { account }));
      }
      if (plan.draw !== undefined) await mined(pool.write.draw([plan.draw * USD], { account }));
    }
    await timeTravel(connection, zk.priceFeed, MONTH);
    const open: Address[] = [];
    for (const b of borrowers) if (period >= b.profile.opensIn) open.push(b.wallet.account.address);
    await mined(pool.write.closeStatements([open], { account: keeper.account }));
    log(`  period ${period + 1}/${PERIODS} closed for ${open.length} borrowers`);
  }
  return {
    lender: getAddress(lender.account.address),
    keeper: getAddress(keeper.account.address),
    borrowers: borrowers.map((b) => ({
      profile: b.profile,
      address: getAddress(b.wallet.account.address),
    })),
  };
}
