/**
 * Paged eth_getLogs. Real nodes cap a query's block range or result size (Alchemy 2k blocks,
 * Infura 10k results, geth's configurable range), so one unbounded query works only on a local
 * chain. `scanLogs` walks a block range in pages, in either direction, and when the node refuses
 * a page as too large it retries that page with half the range, keeping the smaller range for the
 * pages that follow (a node's limit does not change between calls).
 */

/** Blocks per eth_getLogs page unless told otherwise (Alchemy's free tier accepts 2,000). */
export const DEFAULT_PAGE_SIZE = 2000n;

/**
 * Whether a node refused eth_getLogs because the range or the result is too large. Providers say
 * it in different words (and codes): -32005 "limit exceeded", geth "exceed maximum block range",
 * Alchemy "Log response size exceeded ... up to a 2K block range", Infura "query returned more
 * than 10000 results", QuickNode "eth_getLogs is limited to a 10,000 range".
 */
export function isRangeTooLarge(err: unknown): boolean {
  const pattern =
    /block range|range (is )?too (large|wide|big)|limited to .*range|exceeds? (the )?max(imum)?|more than \d+ (results|logs)|response size|too many (results|logs|blocks)/i;
  for (let e: unknown = err, depth = 0; e !== undefined && e !== null && depth < 8; depth++) {
    const { code, message, details, cause } = e as {
      code?: unknown;
      message?: unknown;
      details?: unknown;
      cause?: unknown;
    };
    if (code === -32005) return true;
    if (typeof message === "string" && pattern.test(message)) return true;
    if (typeof details === "string" && pattern.test(details)) return true;
    e = cause;
  }
  return false;
}

export interface ScanOptions<T> {
  /** Inclusive block range. */
  fromBlock: bigint;
  toBlock: bigint;
  /** Blocks per page (before any halving). */
  pageSize?: bigint;
  /** "backward" reads the newest page first. */
  direction: "forward" | "backward";
  /** One eth_getLogs query over [from, to]. */
  fetch: (from: bigint, to: bigint) => Promise<T[]>;
  /** Receives each page's logs in the node's order; return true to stop scanning. */
  onPage: (logs: T[], from: bigint, to: bigint) => boolean | void;
  /** Names the query in errors. */
  what: string;
}

export interface ScanStats {
  /** eth_getLogs calls made, including refused ones. */
  pages: number;
  /** Pages refused as too large and retried with half the range. */
  retries: number;
  /** The range per page at the end (after any halving). */
  pageSize: bigint;
}

export async function scanLogs<T>(options: ScanOptions<T>): Promise<ScanStats> {
  const { fromBlock, toBlock, direction, fetch, onPage, what } = options;
  let range = options.pageSize ?? DEFAULT_PAGE_SIZE;
  if (range < 1n) throw new Error(`${what}: page size must be at least 1 block, got ${range}`);
  if (fromBlock < 0n || fromBlock > toBlock) {
    throw new Error(`${what}: block range ${fromBlock}..${toBlock} is empty or negative`);
  }
  const stats: ScanStats = { pages: 0, retries: 0, pageSize: range };
  // [lo, hi] is what remains to be read.
  let lo = fromBlock;
  let hi = toBlock;
  while (lo <= hi) {
    const span = hi - lo + 1n < range ? hi - lo + 1n : range;
    const from = direction === "forward" ? lo : hi - span + 1n;
    const to = from + span - 1n;
    let logs: T[];
    stats.pages++;
    try {
      logs = await fetch(from, to);
    } catch (err) {
      if (isRangeTooLarge(err) && span > 1n) {
        stats.retries++;
        range = span / 2n;
        stats.pageSize = range;
        continue;
      }
      throw new Error(`${what}: eth_getLogs over blocks ${from}..${to} failed: ${firstLine(err)}`);
    }
    if (onPage(logs, from, to) === true) break;
    if (direction === "forward") lo = to + 1n;
    else hi = from - 1n;
  }
  return stats;
}

/** The first line of an error's message (viem appends multi-line request details). */
export function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split("\n")[0] ?? message;
}
