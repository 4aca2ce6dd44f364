#!/usr/bin/env node
// The zkcredit command (prover/cli.ts) under the project's Node 22 (node_modules/.bin/node, from the
// `node` package) through tsx, whatever Node runs this launcher: the host may have Node 20.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const node22 = join(root, "node_modules", ".bin", "node");
const node = existsSync(node22) ? node22 : process.execPath;
const tsx = join(root, "node_modules", "tsx", "dist", "cli.mjs");

const child = spawn(node, [tsx, join(root, "prover", "cli.ts"), ...process.argv.slice(2)], {
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => {
  if (signal) {
    // Die of the same signal, without our forwarding handler catching it again.
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  } else process.exit(code ?? 1);
});
