/**
 * npm run demo: the whole story on Hardhat's in-process chain (or a node: `npx hardhat run
 * --network localhost scripts/demo.ts`). See scripts/lib/demo.ts for the steps.
 */
import { runDemo } from "./lib/demo.js";
import { runScript } from "./lib/main.js";

await runScript("demo", async (connection) => {
  await runDemo(connection);
});
