/**
 * First-load JS of each page of the built web app. Next.js 16 no longer prints "First Load JS"
 * in `next build`; it writes the chunk list of every route to
 * <distDir>/diagnostics/route-bundle-stats.json. We sum those chunks raw and gzipped (level 9,
 * what a server sends) and record the first page's gzipped size as webFirstLoadKb.
 *
 * Usage: npx tsx test/e2e/first-load.ts [web dir]   (after next build)
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { recordMetric } from "./harness.js";

interface RouteStats {
  route: string;
  firstLoadUncompressedJsBytes: number;
  firstLoadChunkPaths: string[];
}

const webDir = path.resolve(process.argv[2] ?? "web");
const statsFile = path.join(webDir, ".next", "diagnostics", "route-bundle-stats.json");
let rows: RouteStats[];
try {
  rows = JSON.parse(readFileSync(statsFile, "utf8")) as RouteStats[];
} catch (e) {
  throw new Error(`${statsFile}: ${(e as Error).message} (run next build first)`);
}

const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;
for (const r of rows) {
  const gz = r.firstLoadChunkPaths.reduce(
    (sum, p) => sum + gzipSync(readFileSync(path.join(webDir, p)), { level: 9 }).length,
    0,
  );
  console.log(
    `${r.route.padEnd(12)} ${String(kb(r.firstLoadUncompressedJsBytes)).padStart(7)} kB raw ${String(kb(gz)).padStart(7)} kB gzip`,
  );
  if (r.route === "/") {
    recordMetric("webFirstLoadKb", kb(gz));
    recordMetric("webFirstLoadRawKb", kb(r.firstLoadUncompressedJsBytes));
  }
}
