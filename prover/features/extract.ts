/**
 * Features from chain history: rebuilds a wallet's raw credit history (schema.ts) from the lending
 * pool's `StatementClosed` events over JSON-RPC, then derives the feature vector with
 * `deriveFeatures`, the one derivation every part of zkcredit shares.
 *
 * Logs are read in pages (logs.ts: real nodes cap eth_getLogs) walking BACKWARD from the requested
 * block: the newest statement's `index` says how many statements exist, so a wallet with history
 * stops after a page or two instead of scanning back to the pool's deployment block.
 *
 * Thin files follow the schema's rule: fewer than six statements are padded (by deriveFeatures)
 * with EMPTY_STATEMENT for the missing older months; a wallet with no statement at all also has no
 * credit line on record, so its `creditLimit` is 0.
 */
import {
  createPublicClient,
  getAddress,
  http,
  isAddress,
  parseAbi,
  parseAbiItem,
  type Address,
  type Hash,
  type PublicClient,
} from "viem";
import { DEFAULT_PAGE_SIZE, firstLine, scanLogs } from "./logs.js";
import {
  deriveFeatures,
  STATEMENT_COUNT,
  type RawCreditHistory,
  type RawStatement,
} from "./schema.js";

/**
 * The pool's statement event (contracts/interfaces/ILendingPool.sol). Spelled out so the prover
 * does not read build artifacts; test/prover/features/extract.test.ts checks it against the ABI.
 */
export const STATEMENT_CLOSED_EVENT = parseAbiItem(
  "event StatementClosed(address indexed borrower, uint256 indexed index, uint64 closedAt, uint256 creditLine, uint256 balance, uint256 paid, int8 status)",
);

const DECIMALS_ABI = parseAbi([
  "function asset() view returns (address)",
  "function decimals() view returns (uint8)",
]);

/** Where the chain is: a JSON-RPC URL, or a viem client already connected. */
export type ChainSource =
  { rpcUrl: string; client?: undefined } | { client: PublicClient; rpcUrl?: undefined };

export type ExtractOptions = ChainSource & {
  /** The LendingPool address. */
  pool: string;
  /** The borrower whose history is read. */
  wallet: string;
  /** Read the history as of this block (inclusive); default the chain head. */
  blockNumber?: bigint;
  /** Decimals of the pool's stable asset; default read from `pool.asset().decimals()`. */
  assetDecimals?: number;
  /** The pool's deployment block (where the scan stops); default found by bisecting eth_getCode. */
  fromBlock?: bigint;
  /** Blocks per eth_getLogs page; default 2,000. */
  pageSize?: bigint;
};

/** One closed statement, amounts in whole asset units (base units kept for display and audit). */
export interface ChainStatement extends RawStatement {
  /** The pool's statement number for this wallet, 0 for the first. */
  index: bigint;
  /** Unix seconds. */
  closedAt: bigint;
  /** Credit line at close, whole units. */
  creditLine: bigint;
  /** The event's amounts in the asset's base units, as emitted. */
  baseUnits: { creditLine: bigint; balance: bigint; paid: bigint };
  blockNumber: bigint;
  transactionHash: Hash;
}

export interface ChainCreditHistory extends RawCreditHistory {
  statements: ChainStatement[];
  wallet: Address;
  pool: Address;
  chainId: number;
  /** The block the history is read at, and its timestamp (unix seconds). */
  blockNumber: bigint;
  blockTimestamp: bigint;
  assetDecimals: number;
  /** Statements the wallet has ever closed up to `blockNumber` (the schema reads the newest 6). */
  statementCount: bigint;
  /** Fewer than six statements: the older months are padded with EMPTY_STATEMENT. */
  thinFile: boolean;
  /** How the logs were read: eth_getLogs calls, retries after "range too large", range, final page size. */
  scan: { pages: number; retries: number; fromBlock: bigint; toBlock: bigint; pageSize: bigint };
}

/** A viem public client for `source` (an RPC URL gets an HTTP transport). */
export function publicClientFor(source: ChainSource): PublicClient {
  if (source.client !== undefined) return source.client;
  let url: URL;
  try {
    url = new URL(source.rpcUrl);
  } catch {
    throw new Error(`rpcUrl "${source.rpcUrl}" is not a URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error(`rpcUrl "${source.rpcUrl}" must be http(s)`);
  }
  // No transport retries: scanLogs handles refused pages, anything else should surface at once.
  return createPublicClient({ transport: http(source.rpcUrl, { retryCount: 0 }) });
}

function parseAddress(value: string, what: string): Address {
  if (typeof value !== "string" || !isAddress(value, { strict: false })) {
    throw new Error(`${what} "${String(value)}" is not an address (0x followed by 40 hex digits)`);
  }
  // A mixed-case address carries an EIP-55 checksum: a typo in it must not go unnoticed.
  if (
    value !== value.toLowerCase() &&
    value.slice(2) !== value.slice(2).toUpperCase() &&
    !isAddress(value)
  ) {
    throw new Error(`${what} "${value}" has an invalid EIP-55 checksum`);
  }
  return getAddress(value);
}

type StatementLog = {
  blockNumber: bigint;
  logIndex: number;
  transactionHash: Hash;
  args: {
    borrower: Address;
    index: bigint;
    closedAt: bigint;
    creditLine: bigint;
    balance: bigint;
    paid: bigint;
    status: number;
  };
};

/** The first block at which `address` has code, by bisection over eth_getCode (archive reads). */
export async function findDeploymentBlock(
  client: PublicClient,
  address: Address,
  head: bigint,
): Promise<bigint> {
  let lo = 0n;
  let hi = head; // invariant: code at hi (checked by the caller)
  while (lo < hi) {
    const mid = (lo + hi) / 2n;
    let code: string | undefined;
    try {
      code = await client.getCode({ address, blockNumber: mid });
    } catch (err) {
      throw new Error(
        `cannot find the pool's deployment block (eth_getCode at block ${mid} failed: ${firstLine(err)}); pass fromBlock`,
      );
    }
    if (code !== undefined && code !== "0x") hi = mid;
    else lo = mid + 1n;
  }
  return lo;
}

const wholeUnits = (amount: bigint, decimals: number): bigint => amount / 10n ** BigInt(decimals);

/** The wallet's raw credit history at `blockNumber`, rebuilt from the pool's statement events. */
export async function extractHistory(options: ExtractOptions): Promise<ChainCreditHistory> {
  const wallet = parseAddress(options.wallet, "wallet");
  const pool = parseAddress(options.pool, "pool");
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  if (options.assetDecimals !== undefined) {
    const d = options.assetDecimals;
    if (!Number.isInteger(d) || d < 0 || d > 36) {
      throw new Error(`assetDecimals must be an integer in [0, 36], got ${d}`);
    }
  }
  const client = publicClientFor(options);

  // One head for the whole read, so every query sees the same chain.
  const head = await client.getBlockNumber();
  const blockNumber = options.blockNumber ?? head;
  if (blockNumber < 0n) throw new Error(`blockNumber must not be negative, got ${blockNumber}`);
  if (blockNumber > head) {
    throw new Error(`block ${blockNumber} is beyond the chain head (block ${head}): unknown block`);
  }
  const code = await client.getCode({ address: pool, blockNumber });
  if (code === undefined || code === "0x") {
    throw new Error(
      `pool ${pool} has no contract code at block ${blockNumber}: not a lending pool address`,
    );
  }
  const fromBlock = options.fromBlock ?? (await findDeploymentBlock(client, pool, blockNumber));
  if (fromBlock < 0n || fromBlock > blockNumber) {
    throw new Error(`fromBlock ${fromBlock} must be in [0, ${blockNumber}]`);
  }
  const [block, chainId, assetDecimals] = await Promise.all([
    client.getBlock({ blockNumber }),
    client.getChainId(),
    options.assetDecimals ?? readAssetDecimals(client, pool, blockNumber),
  ]);

  // Walk back page by page; the newest statement's index says how many there are to collect.
  const found: StatementLog[] = [];
  let expected: bigint | undefined;
  const stats = await scanLogs<StatementLog>({
    fromBlock,
    toBlock: blockNumber,
    pageSize,
    direction: "backward",
    what: `StatementClosed logs of ${wallet} on pool ${pool}`,
    fetch: async (from, to) =>
      (await client.getLogs({
        address: pool,
        event: STATEMENT_CLOSED_EVENT,
        args: { borrower: wallet },
        fromBlock: from,
        toBlock: to,
        strict: true,
      })) as StatementLog[],
    onPage: (logs) => {
      const newestFirst = [...logs].sort((a, b) =>
        a.blockNumber === b.blockNumber
          ? b.logIndex - a.logIndex
          : a.blockNumber > b.blockNumber
            ? -1
            : 1,
      );
      for (const log of newestFirst) {
        if (expected === undefined) {
          const total = log.args.index + 1n;
          expected = total < BigInt(STATEMENT_COUNT) ? total : BigInt(STATEMENT_COUNT);
        }
        if (BigInt(found.length) < expected) found.push(log);
      }
      return expected !== undefined && BigInt(found.length) >= expected;
    },
  });

  const statementCount = found[0] === undefined ? 0n : found[0].args.index + 1n;
  // The pool numbers statements 0, 1, 2, ... per borrower: a gap means the node lost a log.
  found.forEach((log, i) => {
    const want = statementCount - 1n - BigInt(i);
    if (log.args.index !== want) {
      throw new Error(
        `StatementClosed logs of ${wallet} are not consecutive: expected statement ${want}, got ${log.args.index} (block ${log.blockNumber})`,
      );
    }
  });
  if (BigInt(found.length) < (expected ?? 0n)) {
    throw new Error(
      `the newest statement of ${wallet} is number ${statementCount - 1n}, but only ${found.length} StatementClosed logs were found from block ${fromBlock}: is fromBlock after the pool's deployment?`,
    );
  }

  const statements: ChainStatement[] = found.map(({ args, blockNumber: at, transactionHash }) => ({
    balance: wholeUnits(args.balance, assetDecimals),
    paid: wholeUnits(args.paid, assetDecimals),
    status: BigInt(args.status),
    index: args.index,
    closedAt: args.closedAt,
    creditLine: wholeUnits(args.creditLine, assetDecimals),
    baseUnits: { creditLine: args.creditLine, balance: args.balance, paid: args.paid },
    blockNumber: at,
    transactionHash,
  }));

  return {
    // The schema's creditLimit is the line of the newest statement; no statement, no line on record.
    creditLimit: statements[0]?.creditLine ?? 0n,
    statements,
    wallet,
    pool,
    chainId,
    blockNumber,
    blockTimestamp: block.timestamp,
    assetDecimals,
    statementCount,
    thinFile: statements.length < STATEMENT_COUNT,
    scan: {
      pages: stats.pages,
      retries: stats.retries,
      fromBlock,
      toBlock: blockNumber,
      pageSize: stats.pageSize,
    },
  };
}

async function readAssetDecimals(
  client: PublicClient,
  pool: Address,
  blockNumber: bigint,
): Promise<number> {
  try {
    const asset = await client.readContract({
      address: pool,
      abi: DECIMALS_ABI,
      functionName: "asset",
      blockNumber,
    });
    return await client.readContract({
      address: asset,
      abi: DECIMALS_ABI,
      functionName: "decimals",
      blockNumber,
    });
  } catch (err) {
    throw new Error(
      `cannot read the decimals of pool ${pool}'s asset (is it a LendingPool?): ${firstLine(err)}; pass assetDecimals`,
    );
  }
}

/** The schema's feature vector of the wallet at `blockNumber`: deriveFeatures(extractHistory(...)). */
export async function extractFeatures(options: ExtractOptions): Promise<bigint[]> {
  return deriveFeatures(await extractHistory(options));
}
