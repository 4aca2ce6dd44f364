/**
 * Any failure (wallet, RPC, contract revert) as one sentence a borrower can act on. Contract
 * reverts are custom errors: decoded against the deployed ABIs with viem's decodeErrorResult, then
 * phrased with their arguments in token units; the raw error name stays visible for support.
 */
import {
  BaseError,
  ContractFunctionRevertedError,
  decodeErrorResult,
  type Abi,
  type AbiParameter,
  type Hex,
} from "viem";
import { formatAmount, formatTime } from "./amounts";
import { allAbis } from "./contracts";
import { RPC_URL } from "./env";

/** A token's display units. */
export interface Unit {
  decimals: number;
  symbol: string;
}

/** Units for phrasing error arguments: the pool's asset, its collateral, and the token this call moves. */
export interface ErrorUnits {
  asset?: Unit;
  collateral?: Unit;
  /** The token the failing call moves (for ERC-20 balance/allowance errors). */
  token?: Unit;
}

/** What went wrong, in plain words, plus the decoded custom error when there was one. */
export interface Explained {
  message: string;
  /** "LendingPoolExceedsCreditLine(borrower=0x…, requested=…, available=…)" when a contract reverted. */
  customError?: string;
}

interface Decoded {
  errorName: string;
  args: readonly unknown[];
  inputs: readonly AbiParameter[];
}

type Fmt = {
  asset: (v: unknown) => string;
  collateral: (v: unknown) => string;
  token: (v: unknown) => string;
  time: (v: unknown) => string;
};

/** Plain-word phrasing of the custom errors a user of this app can run into. */
const PHRASES: Record<string, (a: readonly unknown[], f: Fmt) => string> = {
  LendingPoolZeroAmount: () => "The amount must be more than zero.",
  LendingPoolExceedsCreditLine: (a, f) =>
    `You asked to draw ${f.asset(a[1])} but only ${f.asset(a[2])} of your credit line is available.`,
  LendingPoolInsufficientLiquidity: (a, f) =>
    `The pool holds only ${f.asset(a[1])} in cash right now (the rest is lent out); you asked for ${f.asset(a[0])}.`,
  LendingPoolInsufficientCollateral: (a, f) =>
    `You have ${f.collateral(a[2])} of collateral deposited and tried to withdraw ${f.collateral(a[1])}.`,
  LendingPoolUnhealthyWithdrawal: (a, f) =>
    `Withdrawing that much would leave your debt (${f.asset(a[1])}) above the credit line the remaining collateral supports (${f.asset(a[2])}). Repay first or withdraw less.`,
  LendingPoolDelinquent: (a) =>
    `Your account has missed ${String(a[1])} minimum payment(s) in a row: repay at least the minimum before drawing again.`,
  LendingPoolNothingToRepay: () => "You owe nothing, so there is nothing to repay.",
  LendingPoolNoAccount: () => "You have no account yet: deposit collateral first, which opens it.",
  LendingPoolStalePrice: (a, f) =>
    `The collateral price is stale (last updated ${f.time(a[0])}); the pool refuses to price credit until the feed updates.`,
  LendingPoolInvalidPrice: (a) =>
    `The collateral price feed reports a non-positive price (${String(a[0])}).`,
  LendingPoolIncompleteRound: () =>
    "The collateral price feed's latest round is incomplete; try again shortly.",
  LendingPoolUnsupportedToken: (a) => `The token ${String(a[0])} is not this pool's collateral.`,
  ScoreRegistryPaused: () => "Score submissions are paused by governance; try again later.",
  ScoreRegistryScoreOutOfRange: (a) =>
    `The score ${String(a[0])} is outside ${String(a[1])}–${String(a[2])}.`,
  ScoreRegistryAttestationFromFuture: (a, f) =>
    `The attestation is dated ${f.time(a[0])}, after the current block (${f.time(a[1])}).`,
  ScoreRegistryStaleAttestation: (a, f) =>
    `The attested features are too old: signed ${f.time(a[0])}, and the oldest accepted now is ${f.time(a[1])}. Get a new proven score.`,
  ScoreRegistryAttestationNotNewer: (a, f) =>
    `This wallet already has a score attested at ${f.time(a[2])}; a new one must be attested later than that (this one: ${f.time(a[1])}).`,
  ScoreRegistryModelNotActive: () =>
    "The model that computed this score is not approved by governance (or was revoked).",
  ScoreRegistryAttestorNotTrusted: () =>
    "The attestor that signed these features is not trusted by governance (or was revoked).",
  ScoreRegistryInvalidProof: () => "The on-chain verifier rejected the proof for this claim.",
  ERC20InsufficientBalance: (a, f) =>
    `Your balance is ${f.token(a[1])}; this needs ${f.token(a[2])}.`,
  ERC20InsufficientAllowance: (a, f) =>
    `The pool may spend only ${f.token(a[1])} of your tokens; this needs ${f.token(a[2])}. Approve more first.`,
  ERC4626ExceededMaxWithdraw: (a, f) =>
    `You can withdraw at most ${f.asset(a[2])} from the vault now; you asked for ${f.asset(a[1])}.`,
  ERC4626ExceededMaxDeposit: (a, f) =>
    `The vault accepts at most ${f.asset(a[2])} now; you offered ${f.asset(a[1])}.`,
  ERC4626ExceededMaxRedeem: (a) => `You can redeem at most ${String(a[2])} shares now.`,
  EnforcedPause: () => "The contract is paused by governance; this action is blocked for now.",
};

function unitFormatter(unit: Unit | undefined): (v: unknown) => string {
  return (v) =>
    typeof v === "bigint" && unit
      ? `${formatAmount(v, unit.decimals, unit.decimals)} ${unit.symbol}`
      : String(v);
}

function formatter(units: ErrorUnits): Fmt {
  return {
    asset: unitFormatter(units.asset),
    collateral: unitFormatter(units.collateral),
    token: unitFormatter(units.token ?? units.asset),
    time: (v) => (typeof v === "bigint" || typeof v === "number" ? formatTime(v) : String(v)),
  };
}

/** "LendingPoolExceedsCreditLine" → "Lending pool: exceeds credit line". */
function humanise(errorName: string): string {
  const words = errorName.replace(/([a-z0-9])([A-Z])/g, "$1 $2").split(" ");
  const domains = ["Lending Pool", "Score Registry", "Model Registry", "Attestor Registry"];
  const joined = words.join(" ");
  const domain = domains.find((d) => joined.startsWith(d));
  const rest = (domain ? joined.slice(domain.length) : joined).trim().toLowerCase();
  return domain
    ? `${domain.charAt(0)}${domain.slice(1).toLowerCase()}: ${rest}.`
    : `${rest.charAt(0).toUpperCase()}${rest.slice(1)}.`;
}

function signature(d: Decoded): string {
  const args = d.args.map((v, i) => `${d.inputs[i]?.name || `arg${i}`}=${String(v)}`);
  return `${d.errorName}(${args.join(", ")})`;
}

/** Decodes revert data against every deployed ABI (a token or the verifier may have raised it). */
export function decodeRevert(data: Hex, abis: readonly Abi[] = allAbis): Decoded | undefined {
  for (const abi of abis) {
    try {
      const r = decodeErrorResult({ abi, data });
      return {
        errorName: r.errorName,
        args: r.args ?? [],
        inputs: r.abiItem && "inputs" in r.abiItem ? r.abiItem.inputs : [],
      };
    } catch {
      // not in this ABI: try the next one
    }
  }
  return undefined;
}

/** The error and its causes, outermost first (viem's and wagmi's errors both chain `cause`). */
function chain(err: unknown): { name?: unknown; code?: unknown }[] {
  const out: { name?: unknown; code?: unknown }[] = [];
  for (
    let e = err;
    e && typeof e === "object" && out.length < 20;
    e = (e as { cause?: unknown }).cause
  ) {
    out.push(e as { name?: unknown; code?: unknown });
  }
  return out;
}

function findRevert(err: BaseError): Decoded | { reason: string } | undefined {
  const reverted = err.walk((e) => e instanceof ContractFunctionRevertedError);
  if (reverted instanceof ContractFunctionRevertedError) {
    const d = reverted.data;
    if (d && d.errorName !== "Error" && d.errorName !== "Panic") {
      return {
        errorName: d.errorName,
        args: d.args ?? [],
        inputs: d.abiItem && "inputs" in d.abiItem ? d.abiItem.inputs : [],
      };
    }
    if (reverted.raw) {
      const decoded = decodeRevert(reverted.raw);
      if (decoded) return decoded;
    }
    if (reverted.reason) return { reason: reverted.reason };
  }
  // A revert surfaced as a raw RPC error (a wallet's own gas estimation, a replayed call) still
  // carries the revert data, as `data` or `data.data` depending on the node.
  for (const e of chain(err)) {
    const d = (e as { data?: unknown }).data;
    const hex = typeof d === "string" ? d : (d as { data?: unknown } | undefined)?.data;
    if (typeof hex === "string" && /^0x[0-9a-fA-F]{8,}$/.test(hex)) return decodeRevert(hex as Hex);
  }
  return undefined;
}

/** Explains a custom error already decoded (e.g. from a mined, reverted transaction). */
export function explainDecoded(d: Decoded, units: ErrorUnits = {}): Explained {
  const phrase = PHRASES[d.errorName];
  return {
    message: phrase ? phrase(d.args, formatter(units)) : humanise(d.errorName),
    customError: signature(d),
  };
}

/** Wallet and transport failures by error name (or EIP-1193 code), whichever library raised them. */
const BY_NAME: [names: string[], message: () => string][] = [
  [
    ["UserRejectedRequestError", "4001"],
    () => "You rejected the request in your wallet; nothing was sent.",
  ],
  [
    ["ProviderNotFoundError", "ConnectorNotFoundError"],
    () =>
      "No browser wallet found. Install an EIP-1193 wallet (such as MetaMask) or open this page in a browser that has one.",
  ],
  [
    ["ChainMismatchError", "ConnectorChainMismatchError"],
    () => "Your wallet is on another network. Use “Switch network” above, then try again.",
  ],
  [["InsufficientFundsError"], () => "Your wallet does not have enough ETH to pay for gas."],
  [
    ["HttpRequestError", "TimeoutError"],
    () => `Cannot reach the chain's RPC at ${RPC_URL}. Is the node running (npx hardhat node)?`,
  ],
];

/** Turns any thrown value into a plain-words message, decoding contract custom errors. */
export function explainError(err: unknown, units: ErrorUnits = {}): Explained {
  if (err instanceof BaseError) {
    const revert = findRevert(err);
    if (revert && "errorName" in revert) return explainDecoded(revert, units);
    if (revert) return { message: `The contract refused: ${revert.reason}.` };
  }
  const links = chain(err);
  for (const [names, message] of BY_NAME) {
    if (links.some((e) => names.includes(String(e.name)) || names.includes(String(e.code)))) {
      return { message: message() };
    }
  }
  if (err instanceof BaseError) {
    return { message: err.shortMessage || err.message.split("\n")[0] || "Unknown error." };
  }
  const text = err instanceof Error ? err.message : String(err);
  return { message: text.split("\n")[0] ?? text };
}
