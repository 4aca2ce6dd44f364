/**
 * Browser harness of the end-to-end tests: headless Debian Chromium driven by playwright-core, a
 * fresh profile per run, the injected EIP-1193 wallet (injected-wallet.js) in every page, and
 * screenshots under test/e2e/screenshots/. test/e2e/run.sh starts the chain, the prover and the
 * app and sets the E2E_* variables; without them (e.g. under `npm test`) the tests are skipped.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));

export const E2E = {
  baseUrl: process.env.E2E_BASE_URL ?? "",
  rpcUrl: process.env.E2E_RPC_URL ?? "http://127.0.0.1:8545",
  proverUrl: (process.env.E2E_PROVER_URL ?? "http://127.0.0.1:8787").replace(/\/+$/, ""),
  chromium: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  screenshots: path.join(here, "screenshots"),
};

/** Why the suite is skipped, or false when run.sh configured it. */
export const skipReason: string | false = E2E.baseUrl
  ? false
  : "E2E_BASE_URL is not set: run the browser tests with `bash test/e2e/run.sh`";

/** Chromium flags: no background traffic, no sandbox (containers), a fresh profile (below). */
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
];

export interface Browser {
  context: BrowserContext;
  close: () => Promise<void>;
}

/** Launches Chromium with a throwaway --user-data-dir. */
export async function openBrowser(): Promise<Browser> {
  const profile = mkdtempSync(path.join(tmpdir(), "zkcredit-e2e-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: E2E.chromium,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface WalletOptions {
  /** The account the wallet exposes (unlocked on the Hardhat node). */
  account: `0x${string}`;
  /** Hex chain id the wallet starts on; defaults to the node's. */
  chainId?: string;
}

/** Chain id of the node, hex ("0x7a69"). */
export async function nodeChainId(): Promise<string> {
  return await rpc<string>("eth_chainId", []);
}

/** One JSON-RPC call to the node from the test process. */
export async function rpc<T>(method: string, params: unknown[]): Promise<T> {
  const res = await fetch(E2E.rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await res.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

const walletSource = readFileSync(path.join(here, "injected-wallet.js"), "utf8");

/** A new page with the injected wallet installed before any of the app's scripts run. */
export async function walletPage(context: BrowserContext, opts: WalletOptions): Promise<Page> {
  const node = await nodeChainId();
  const config = {
    account: opts.account,
    chainId: opts.chainId ?? node,
    nodeChainId: node,
    rpcUrl: E2E.rpcUrl,
  };
  const page = await context.newPage();
  await page.addInitScript({
    content: `window.__zkWalletConfig = ${JSON.stringify(config)};\n${walletSource}`,
  });
  page.on("pageerror", (e) => console.error(`[page error] ${e.message}`));
  return page;
}

/** Saves a full-page screenshot as test/e2e/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(E2E.screenshots, { recursive: true });
  await page.screenshot({ path: path.join(E2E.screenshots, `${name}.png`), fullPage: true });
}

/**
 * Wraps a test body so a failure leaves a screenshot (FAILED-<name>.png) of where the page was:
 * a timeout alone does not say what the user would have seen.
 */
export function withScreenshotOnFailure(
  page: () => Page | undefined,
  name: string,
  body: () => Promise<void>,
) {
  return async () => {
    try {
      await body();
    } catch (err) {
      const p = page();
      if (p && !p.isClosed()) await screenshot(p, `FAILED-${name}`).catch(() => undefined);
      throw err;
    }
  };
}

/**
 * Records a measured number in E2E_METRICS (run.sh: a file of this run, published as
 * bench/results/web.json when every test passed), merged with what is there.
 */
export function recordMetric(name: string, value: number): void {
  const file = process.env.E2E_METRICS ?? path.join(E2E.screenshots, "metrics.json");
  mkdirSync(path.dirname(file), { recursive: true });
  const current = existsSync(file)
    ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, number>)
    : {};
  writeFileSync(file, `${JSON.stringify({ ...current, [name]: value }, null, 2)}\n`);
}

/** Connects the injected wallet through the app's button and waits for the address to show. */
export async function connect(page: Page): Promise<void> {
  await page.getByTestId("connect").click();
  await page.getByTestId("wallet-address").waitFor({ timeout: 15_000 });
}

/** The number in an element's text ("1,234.5 USDC" → 1234.5). */
export async function amountIn(page: Page, testId: string): Promise<number> {
  const text = (await page.getByTestId(testId).textContent()) ?? "";
  const m = /-?[\d,]+(\.\d+)?/.exec(text);
  if (!m) throw new Error(`no amount in [data-testid=${testId}]: "${text}"`);
  return Number(m[0].replace(/,/g, ""));
}
