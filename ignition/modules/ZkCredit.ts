/**
 * ZkCredit: the whole system. The generated Groth16 verifier of the model's shape, then Core
 * (timelock, model and attestor registries, ScoreRegistry), then Lending (the pool) wired to them;
 * on local chains also a mock stable asset ("zkUSD", 6 decimals), a collateral token ("zkETH",
 * 18 decimals) and a MockAggregator price feed. It is the fixture of the integration tests and
 * what scripts/deploy.ts deploys, so tests exercise what the operator deploys.
 *
 * Why stages instead of one `m.useModule` tree: Core and Lending take the addresses they depend
 * on as module parameters (so each is deployable alone against existing contracts), and Ignition
 * cannot feed one module's futures into another's parameters. `deployZkCredit` runs the stages in
 * order on one connection and passes the addresses along; each stage is an Ignition module.
 *
 * Nothing is registered here: the shape's verifier, the model and the attestor are governance
 * operations through the timelock (scripts/deploy.ts does them).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { NetworkConnection } from "hardhat/types/network";
import type { Address } from "viem";
import { REPO_ROOT } from "../../prover/proof/paths.js";
import { verifierContractName } from "../../prover/proof/setup.js";
import CoreModule from "./Core.js";
import LendingModule, { DEFAULT_RISK, DEFAULT_TIERS, type RiskParameter } from "./Lending.js";

/** The reference model the verifier (and the deploy script's registration) is for. */
export const REFERENCE_MODEL = resolve(REPO_ROOT, "data/models/reference/quantized.json");

/** The local collateral's price: 1 zkETH = 2,000 zkUSD, with the feed's 8 decimals. */
export const LOCAL_COLLATERAL_PRICE = 2000n * 10n ** 8n;
/** Decimals of the local mock tokens and feed. */
export const LOCAL_DECIMALS = { stable: 6, collateral: 18, feed: 8 } as const;

/**
 * Risk parameters of the zkcredit deployment: Lending's defaults, but lines up to 1,000,000 zkUSD
 * so that credit lines can reach the range the reference model was trained on (the dataset's
 * LIMIT_BAL runs from 10,000 to 1,000,000 currency units).
 */
export const ZKCREDIT_RISK: RiskParameter = {
  ...DEFAULT_RISK,
  maxCreditLine: 1_000_000n * 10n ** BigInt(LOCAL_DECIMALS.stable),
};

/** The shape name recorded in a quantized model file (without loading the whole model). */
export function shapeNameOf(modelPath: string): string {
  let doc: { shape?: { name?: unknown } };
  try {
    doc = JSON.parse(readFileSync(modelPath, "utf8")) as typeof doc;
  } catch (err) {
    throw new Error(
      `ZkCredit: cannot read the model file ${modelPath} (${(err as Error).message})`,
    );
  }
  const name = doc.shape?.name;
  if (typeof name !== "string") throw new Error(`ZkCredit: ${modelPath} has no shape.name`);
  return name;
}

/** Ignition module deploying the generated verifier of a shape (contracts/verifier/). */
export function verifierModule(shapeName: string) {
  const contractName = verifierContractName(shapeName);
  // One module per shape, so a deployment can hold the verifiers of several shapes.
  return buildModule(contractName, (m) => ({ verifier: m.contract(contractName) }));
}

/** Mock market for local chains: the stable asset, the collateral token and its price feed. */
export const LocalMarketModule = buildModule("ZkCreditLocalMarket", (m) => {
  const stableToken = m.contract("MockERC20", ["zkcredit USD", "zkUSD", LOCAL_DECIMALS.stable], {
    id: "StableToken",
  });
  const collateralToken = m.contract(
    "MockERC20",
    ["zkcredit Wrapped Ether", "zkETH", LOCAL_DECIMALS.collateral],
    { id: "CollateralToken" },
  );
  const priceFeed = m.contract("MockAggregator", [LOCAL_DECIMALS.feed, LOCAL_COLLATERAL_PRICE], {
    id: "PriceFeed",
  });
  return { stableToken, collateralToken, priceFeed };
});

export default LocalMarketModule;

export interface ZkCreditOptions {
  /** Quantized model whose shape's verifier is deployed; default the reference model. */
  model?: string;
  /** Use this deployed verifier instead of deploying the generated one. */
  verifier?: Address;
  /** Timelock delay, seconds; default Core's (2 days). */
  minDelay?: bigint;
  /** Timelock proposers; default the connection's first account. */
  proposers?: Address[];
  /** Pause guardian of the registry and the pool; default the first account. */
  pauser?: Address;
  freshnessWindow?: bigint;
  scoreValidity?: bigint;
  /** Ignition deployment id (persistent networks); default Ignition's chain-<id>. */
  deploymentId?: string;
}

/** Deploys the whole system on `connection` and returns every contract (viem instances). */
export async function deployZkCredit(connection: NetworkConnection, options: ZkCreditOptions = {}) {
  const { viem, ignition } = connection;
  const [deployer] = await viem.getWalletClients();
  if (deployer === undefined)
    throw new Error("deployZkCredit: the network has no account to deploy from");
  const admin = deployer.account.address;
  const deploymentId = options.deploymentId;

  let verifierAddress = options.verifier;
  if (verifierAddress === undefined) {
    const deployed = await ignition.deploy(
      verifierModule(shapeNameOf(options.model ?? REFERENCE_MODEL)),
      { deploymentId },
    );
    // The generated contract's name depends on the shape, so viem cannot type it statically.
    verifierAddress = (deployed.verifier as unknown as { address: Address }).address;
  }
  // Seen through its interface only: the rest of the system never depends on the generated code.
  const verifier = await viem.getContractAt("IScoreVerifier", verifierAddress);
  const market = await ignition.deploy(LocalMarketModule, { deploymentId });
  const core = await ignition.deploy(CoreModule, {
    deploymentId,
    parameters: {
      Core: {
        proposers: options.proposers ?? [admin],
        pauser: options.pauser ?? admin,
        verifier: verifier.address,
        ...(options.minDelay !== undefined && { minDelay: options.minDelay }),
        ...(options.freshnessWindow !== undefined && { freshnessWindow: options.freshnessWindow }),
        ...(options.scoreValidity !== undefined && { scoreValidity: options.scoreValidity }),
      },
    },
  });
  const { lendingPool } = await ignition.deploy(LendingModule, {
    deploymentId,
    parameters: {
      Lending: {
        asset: market.stableToken.address,
        collateral: market.collateralToken.address,
        priceFeed: market.priceFeed.address,
        scoreSource: core.scoreRegistry.address,
        governor: core.timelock.address,
        pauser: options.pauser ?? admin,
        tiers: DEFAULT_TIERS,
        risk: ZKCREDIT_RISK,
      },
    },
  });
  return {
    timelock: core.timelock,
    modelRegistry: core.modelRegistry,
    attestorRegistry: core.attestorRegistry,
    scoreRegistry: core.scoreRegistry,
    verifier,
    lendingPool,
    stableToken: market.stableToken,
    collateralToken: market.collateralToken,
    priceFeed: market.priceFeed,
  };
}

/** Everything deployZkCredit returns. */
export type ZkCredit = Awaited<ReturnType<typeof deployZkCredit>>;
