/**
 * `npm run bench`: every speed, size, gas and accuracy figure the issues set targets for, printed
 * as a table with the target beside each, and written to bench/results/latest.json.
 *
 * BENCH_RUNS (default 10) sets the proving rounds; BENCH_ONLY=proving,chain,… runs some sections.
 * Sections whose inputs come from other commands (the model card's proofs, the web build, the
 * browser) read those commands' result files and say so when they are missing.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../prover/proof/paths.js";
import { terminateCurves } from "../prover/proof/curves.js";
import { benchProving } from "./proving.js";
import { benchChain, gasTheoreticalMin } from "./chain.js";

type Figures = Record<string, number | string | null>;

interface Target {
  key: string;
  /** "≤" or "≥" the bound. */
  op: "≤" | "≥";
  bound: number;
  issue: number;
}

const TARGETS: Target[] = [
  { key: "constraints", op: "≤", bound: 20_000, issue: 2 },
  { key: "witnessPlusProveMsMedian", op: "≤", bound: 1_000, issue: 2 },
  { key: "verifierGas", op: "≤", bound: 215_000, issue: 2 },
  { key: "submitScoreGas", op: "≤", bound: 280_000, issue: 2 },
  { key: "aucFloat", op: "≥", bound: 0.77, issue: 3 },
  { key: "aucCircuitMinusFloat", op: "≤", bound: 0.002, issue: 3 },
  { key: "maxScoreDiffPoints", op: "≤", bound: 1, issue: 3 },
  { key: "webFirstLoadKb", op: "≤", bound: 350, issue: 5 },
  { key: "browserVerifyMs", op: "≤", bound: 1_000, issue: 5 },
  { key: "proofsPerMinute2Workers", op: "≥", bound: 60, issue: 6 },
  { key: "workerScaling", op: "≥", bound: 1.7, issue: 6 },
  { key: "workerPeakRssMb", op: "≤", bound: 1_024, issue: 6 },
];

const RESULTS = join(REPO_ROOT, "bench", "results");
const runs = Number(process.env.BENCH_RUNS ?? 10);
const only = process.env.BENCH_ONLY?.split(",").map((s) => s.trim());
const wanted = (section: string): boolean => only === undefined || only.includes(section);

/** Reads a JSON result another command wrote, or explains which command makes it. */
function readResult(path: string, command: string): Record<string, unknown> | undefined {
  const full = join(REPO_ROOT, path);
  if (!existsSync(full)) {
    console.log(`  (${path} is missing: run ${command})`);
    return undefined;
  }
  return JSON.parse(readFileSync(full, "utf8")) as Record<string, unknown>;
}

function pick(from: Record<string, unknown> | undefined, keys: string[]): Figures {
  const out: Figures = {};
  for (const k of keys) {
    const v = from?.[k];
    if (typeof v === "number" || typeof v === "string") out[k] = v;
  }
  return out;
}

async function main(): Promise<void> {
  const figures: Figures = {};
  if (wanted("proving")) {
    console.log(`proving: ${runs} rounds of witness + prove + verify on the reference circuit`);
    Object.assign(figures, await benchProving(runs));
  }
  if (wanted("chain")) {
    console.log("chain: deploy, seed, prove and submit on the in-process chain");
    Object.assign(figures, await benchChain());
  }
  if (typeof figures.publicSignals === "number" || wanted("chain")) {
    const n = typeof figures.publicSignals === "number" ? figures.publicSignals : 5;
    figures.gasTheoreticalMin = gasTheoreticalMin(n);
    if (typeof figures.verifierGas === "number") {
      figures["verifierGas / gasTheoreticalMin"] = figures.verifierGas / figures.gasTheoreticalMin;
    }
  }
  if (wanted("accuracy")) {
    const card = readResult("docs/model-card/metrics.json", "npm run model-card");
    Object.assign(
      figures,
      pick(card, [
        "aucFloat",
        "aucQuantized",
        "aucCircuit",
        "aucFloatOnSample",
        "maxScoreDiffPoints",
        "fractionWithin1Point",
        "provedRows",
      ]),
    );
    if (typeof figures.aucCircuit === "number" && typeof figures.aucFloatOnSample === "number") {
      figures.aucCircuitMinusFloat = Math.abs(figures.aucCircuit - figures.aucFloatOnSample);
    }
  }
  if (wanted("web")) {
    const web = readResult(
      "bench/results/web.json",
      "bash test/e2e/run.sh (builds the app and measures it)",
    );
    Object.assign(figures, pick(web, ["webFirstLoadKb", "browserVerifyMs"]));
  }
  if (wanted("service")) {
    const servicePath = join(REPO_ROOT, "bench", "service.ts");
    if (existsSync(servicePath)) {
      console.log("service: load run against the prover service on loopback");
      // Imported by path: the service bench is optional until the service exists.
      const { benchService } = (await import(servicePath)) as {
        benchService: () => Promise<Record<string, number>>;
      };
      Object.assign(figures, await benchService());
      if (
        typeof figures.proofsPerMinute1Worker === "number" &&
        typeof figures.proofsPerMinute2Workers === "number"
      ) {
        figures.workerScaling = figures.proofsPerMinute2Workers / figures.proofsPerMinute1Worker;
      }
    }
  }

  const rows = Object.entries(figures).map(([key, value]) => {
    const t = TARGETS.find((x) => x.key === key);
    const shown =
      typeof value === "number"
        ? Number.isInteger(value)
          ? value.toLocaleString("en-US")
          : value.toFixed(4)
        : String(value);
    if (t === undefined || typeof value !== "number") return [key, shown, "", ""];
    const met = t.op === "≤" ? value <= t.bound : value >= t.bound;
    return [
      key,
      shown,
      `${t.op} ${t.bound.toLocaleString("en-US")} (#${t.issue})`,
      met ? "met" : "MISSED",
    ];
  });
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length), 6));
  console.log();
  for (const r of [["figure", "value", "target", ""], ...rows]) {
    console.log(r.map((c, i) => c.padEnd(widths[i]!)).join("  "));
  }
  mkdirSync(RESULTS, { recursive: true });
  const out = {
    generatedBy: "npm run bench (bench/run.ts)",
    date: new Date().toISOString(),
    runs,
    ...figures,
  };
  writeFileSync(join(RESULTS, "latest.json"), JSON.stringify(out, null, 2) + "\n");
  console.log(`\nwrote bench/results/latest.json`);
}

main()
  .catch((e: unknown) => {
    console.error(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exitCode = 1;
  })
  .finally(() => terminateCurves());
