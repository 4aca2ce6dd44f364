/**
 * `npm run serve` (scripts/serve.ts) as its own process against a test chain: the API test and the
 * load bench start it the same way, from the environment, as an operator would.
 */
import { spawn, type ChildProcess, type StdioOptions } from "node:child_process";
import { createServer } from "node:net";
import { REPO_ROOT } from "../../prover/proof/index.js";
import type { TestChain } from "./chain.js";
import { send } from "./http.js";

/** A loopback TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address !== null
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

export interface ServeProcess {
  url: string;
  child: ChildProcess;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /** What the process printed so far (only with `captureOutput`). */
  output(): string;
  /** SIGTERM, then wait for the exit. */
  stop(): Promise<number | null>;
}

/**
 * Runs an operator script (scripts/serve.ts, scripts/worker.ts) under tsx in its own process,
 * configured for `chain` from the environment as an operator would configure it.
 */
export function spawnScript(
  script: string,
  chain: TestChain,
  env: NodeJS.ProcessEnv,
  stdio: StdioOptions,
): ChildProcess {
  return spawn(process.execPath, ["--import", import.meta.resolve("tsx/esm"), script], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      ZKCREDIT_RPC_URL: chain.rpcUrl,
      ZKCREDIT_POOL: chain.zk.lendingPool.address,
      ZKCREDIT_MODEL: chain.modelPath,
      ZKCREDIT_ATTESTOR_KEY_FILE: chain.attestorKeyFile,
      ...env,
    },
    stdio,
  });
}

/**
 * Spawns scripts/serve.ts configured for `chain` (plus `env`) and waits until /healthz answers
 * 200; throws, with what the process printed, if it exits or is not healthy in `timeoutMs`.
 */
export async function startServeProcess(
  chain: TestChain,
  opts: { env?: Record<string, string>; captureOutput?: boolean; timeoutMs?: number } = {},
): Promise<ServeProcess> {
  const port = await freePort();
  const output = opts.captureOutput ? "pipe" : "inherit";
  const child = spawnScript("scripts/serve.ts", chain, { PORT: String(port), ...opts.env }, [
    "ignore",
    output,
    output,
  ]);
  let out = "";
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  const url = `http://127.0.0.1:${port}`;
  const timeoutMs = opts.timeoutMs ?? 120_000;
  for (const until = Date.now() + timeoutMs; ; await new Promise((r) => setTimeout(r, 200))) {
    const up = await send(url, { path: "/healthz" }).catch(() => undefined);
    if (up?.status === 200) break;
    if (child.exitCode !== null || Date.now() > until) {
      if (child.exitCode === null) child.kill("SIGKILL");
      throw new Error(`the service did not start (exit ${child.exitCode}): ${out}`);
    }
  }
  return {
    url,
    child,
    exited,
    output: () => out,
    async stop() {
      child.kill("SIGTERM");
      return exited;
    },
  };
}
