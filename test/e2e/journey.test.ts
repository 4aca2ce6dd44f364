/**
 * The borrower's and the auditor's journey in a real browser against a seeded local chain, the
 * prover service and the built app: connect the injected wallet, post collateral, get a proven
 * score (prover job, then submitScore from the wallet) and see the credit line grow, borrow,
 * repay, lend, then open the audit page and verify the recorded proof with snarkjs in the page.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import type { Address } from "viem";
import { accounts, mint } from "./chain.js";
import {
  E2E,
  amountIn,
  connect,
  openBrowser,
  recordMetric,
  screenshot,
  skipReason,
  walletPage,
  withScreenshotOnFailure,
  type Browser,
} from "./harness.js";

/** Generous: a proof takes seconds, but the machine is shared and the job may queue. */
const PROOF_TIMEOUT_MS = 5 * 60_000;
const TX_TIMEOUT_MS = 30_000;

const lastStep = (page: Page, form: string, status: string) =>
  page.locator(`[data-testid="tx-${form}"] li:last-child[data-status="${status}"]`);

/** Waits until the amount shown in [data-testid=testId] satisfies `op` against `than`. */
const amountBecomes = (page: Page, testId: string, op: ">" | ">=" | "==", than: number) =>
  page.waitForFunction(
    ([id, o, t]) => {
      const text = document.querySelector(`[data-testid="${id}"]`)?.textContent ?? "";
      const v = Number(text.replace(/[^\d.]/g, ""));
      return text !== "" && (o === ">" ? v > t : o === ">=" ? v >= t : v === t);
    },
    [testId, op, than] as const,
  );

describe("borrower and auditor journey", { skip: skipReason }, () => {
  let browser: Browser;
  let page: Page;
  let borrower: Address;
  let lineBefore = 0;

  /** A journey step: a test that leaves FAILED-<shot>.png when it fails. */
  const step = (name: string, shot: string, body: () => Promise<void>) =>
    it(
      name,
      withScreenshotOnFailure(() => page, shot, body),
    );

  before(async () => {
    browser = await openBrowser();
    // E2E_BORROWER: a seeded wallet with a good repayment history and no score yet (run.sh).
    borrower =
      (process.env.E2E_BORROWER as Address | undefined) ?? ((await accounts())[2] as Address);
    // Tokens to post as collateral and to pay interest with, as a new user would bring.
    await mint("CollateralToken", borrower, "5");
    await mint("StableToken", borrower, "500");
    page = await walletPage(browser.context, { account: borrower });
  });
  after(async () => browser?.close());

  step("connects the injected wallet", "connect", async () => {
    await page.goto(E2E.baseUrl);
    await connect(page);
    const shown = await page.getByTestId("wallet-address").getAttribute("title");
    assert.equal(shown?.toLowerCase(), borrower.toLowerCase());
    await page.getByTestId("score-card").waitFor();
    await screenshot(page, "1-my-credit");
  });

  step("posts collateral, which opens or raises the credit line", "collateral", async () => {
    await page.goto(`${E2E.baseUrl}/borrow`);
    await page.getByTestId("credit-line").waitFor();
    const before = await amountIn(page, "credit-line");
    await page.getByTestId("input-deposit-collateral").fill("2");
    await page.getByTestId("submit-deposit-collateral").click();
    await lastStep(page, "deposit-collateral", "confirmed").waitFor({ timeout: TX_TIMEOUT_MS });
    await amountBecomes(page, "credit-line", ">", before);
    lineBefore = await amountIn(page, "credit-line");
    await screenshot(page, "2-borrow-collateral");
  });

  step(
    "gets a proven score, submits it from the wallet, and the line grows",
    "proven-score",
    async () => {
      await page.goto(E2E.baseUrl);
      await page.getByTestId("get-proven-score").click();
      await page
        .locator('[data-testid="stages"] li[data-stage="confirmed"][data-state="done"]')
        .waitFor({ timeout: PROOF_TIMEOUT_MS });
      const proven = Number(await page.getByTestId("proven-score-value").textContent());
      assert.ok(proven >= 300 && proven <= 850, `score ${proven} in [300, 850]`);
      await amountBecomes(page, "score-value", "==", proven);
      assert.match((await page.getByTestId("score-validity").textContent()) ?? "", /valid/);
      await screenshot(page, "3-my-credit-proven");
      await amountBecomes(page, "credit-line", ">", lineBefore).catch(async () => {
        const tier = await page.getByTestId("score-tier").textContent();
        throw new Error(
          `the line stayed at ${lineBefore} after a proven score of ${proven} (tier: ${tier})`,
        );
      });
    },
  );

  step("draws on the line", "draw", async () => {
    await page.goto(`${E2E.baseUrl}/borrow`);
    await page.getByTestId("debt").waitFor();
    // A seeded borrower may still owe its last statement: compare with what is owed now.
    const owed = await amountIn(page, "debt");
    await page.getByTestId("input-draw").fill("100");
    await page.getByTestId("submit-draw").click();
    await lastStep(page, "draw", "confirmed").waitFor({ timeout: TX_TIMEOUT_MS });
    await amountBecomes(page, "debt", ">=", owed + 100);
    assert.equal(
      await page.getByTestId("input-draw").inputValue(),
      "",
      "a confirmed draw clears the field",
    );
    await screenshot(page, "4-borrow-drawn");
  });

  step("repays everything", "repay", async () => {
    await page.getByRole("button", { name: "Repay all" }).click();
    await lastStep(page, "repay", "confirmed").waitFor({ timeout: TX_TIMEOUT_MS });
    await amountBecomes(page, "debt", "==", 0);
    await screenshot(page, "5-borrow-repaid");
  });

  step("deposits into and withdraws from the vault", "vault", async () => {
    await page.goto(`${E2E.baseUrl}/lend`);
    await page.getByTestId("shares-value").waitFor();
    const before = await amountIn(page, "shares-value");
    await page.getByTestId("input-vault-deposit").fill("50");
    await page.getByTestId("submit-vault-deposit").click();
    await lastStep(page, "vault-deposit", "confirmed").waitFor({ timeout: TX_TIMEOUT_MS });
    await amountBecomes(page, "shares-value", ">=", before + 49);
    await page.getByTestId("input-vault-withdraw").fill("20");
    await page.getByTestId("submit-vault-withdraw").click();
    await lastStep(page, "vault-withdraw", "confirmed").waitFor({ timeout: TX_TIMEOUT_MS });
    await screenshot(page, "6-lend");
  });

  step(
    "shows the audit trail and verifies the recorded proof in the browser",
    "audit",
    async () => {
      await page.goto(`${E2E.baseUrl}/audit`);
      await page.locator('[data-testid="models"] tbody tr').first().waitFor();
      await page.locator('[data-testid="attestors"] tbody tr').first().waitFor();
      const row = page.locator(`[data-testid="score-row"][data-subject="${borrower}" i]`).first();
      await row.waitFor();
      await row.getByTestId("show-proof").click();
      await page.getByTestId("proof-details").waitFor();
      await page.getByTestId("verify-in-browser").click();
      const result = page.getByTestId("verify-result");
      await result.waitFor({ timeout: 60_000 });
      assert.equal(
        await result.getAttribute("data-valid"),
        "true",
        (await result.textContent()) ?? "",
      );
      recordMetric(
        "browserVerifyMs",
        Math.round(Number(await result.getAttribute("data-verify-ms"))),
      );
      recordMetric(
        "browserVerifyWithLoadMs",
        Math.round(Number(await result.getAttribute("data-total-ms"))),
      );
      await screenshot(page, "7-audit-verified");
    },
  );
});
