/**
 * Bad input in the browser: no wallet, a wallet on the wrong network, amounts that are empty, zero, negative,
 * not numbers, too precise or above the line, a rejected signature, a contract revert, and a
 * prover that is down or never answers. Each must give a clear message and keep what was typed,
 * and nothing may be sent that the app could have refused itself.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import type { Address } from "viem";
import { accounts, mint } from "./chain.js";
import {
  E2E,
  connect,
  openBrowser,
  screenshot,
  skipReason,
  walletPage,
  type Browser,
} from "./harness.js";

/** Calls the injected wallet received, to prove a refused amount never reached it. */
const walletCalls = (page: Page) =>
  page.evaluate(() => (window as unknown as { __zkWallet: { calls: string[] } }).__zkWallet.calls);

describe("bad input in the browser", { skip: skipReason }, () => {
  let browser: Browser;
  let account: Address;

  before(async () => {
    browser = await openBrowser();
    // The last node account: the seed script's demo wallets come first. Fund it like a new user.
    const all = await accounts();
    account = all[all.length - 1] as Address;
    await mint("CollateralToken", account, "10");
    await mint("StableToken", account, "1000");
  });
  after(async () => browser?.close());

  it("explains that no wallet is installed", async () => {
    const page = await browser.context.newPage();
    await page.goto(E2E.baseUrl);
    await page.getByTestId("connect").click();
    const error = page.getByTestId("wallet-error");
    await error.waitFor();
    assert.match((await error.textContent()) ?? "", /No browser wallet found/);
    await page.close();
  });

  it("detects a wallet on the wrong network and switches it", async () => {
    const page = await walletPage(browser.context, { account, chainId: "0x1" });
    await page.goto(E2E.baseUrl);
    await connect(page);
    const banner = page.getByTestId("wrong-network");
    await banner.waitFor();
    assert.match((await banner.textContent()) ?? "", /chain 1\b/);
    assert.equal(
      await page.getByTestId("get-proven-score").isDisabled(),
      true,
      "no proof submission from the wrong chain",
    );
    await screenshot(page, "wrong-network");
    await page.getByTestId("switch-network").click();
    await banner.waitFor({ state: "detached" });
    await page.close();
  });

  it("refuses bad amounts before sending anything and keeps what was typed", async () => {
    const page = await walletPage(browser.context, { account });
    await page.goto(`${E2E.baseUrl}/borrow`);
    await connect(page);
    const input = page.getByTestId("input-draw");
    await input.waitFor();
    const cases: [string, RegExp][] = [
      ["", /enter an amount/],
      ["0", /more than zero/],
      ["-5", /cannot be negative/],
      ["abc", /"abc" is not a number/],
      ["1.1234567", /has 6 decimals/],
      ["1000000000", /above your available credit/],
    ];
    for (const [typed, message] of cases) {
      await input.fill(typed);
      await page.getByTestId("submit-draw").click();
      const error = page.getByTestId("error-draw");
      await error.waitFor();
      assert.match((await error.textContent()) ?? "", message, `message for "${typed}"`);
      assert.equal(await input.inputValue(), typed, `the field keeps "${typed}"`);
    }
    await screenshot(page, "borrow-validation");
    assert.deepEqual(
      (await walletCalls(page)).filter((m) => m === "eth_sendTransaction"),
      [],
      "no transaction was sent",
    );
    // What was typed survives leaving the page and coming back.
    await page.goto(`${E2E.baseUrl}/lend`);
    await page.goto(`${E2E.baseUrl}/borrow`);
    await input.waitFor();
    await page.waitForFunction(
      () =>
        (document.querySelector('[data-testid="input-draw"]') as HTMLInputElement)?.value ===
        "1000000000",
    );
    await page.close();
  });

  it("shows a rejected signature in plain words and keeps the form", async () => {
    const page = await walletPage(browser.context, { account });
    await page.goto(`${E2E.baseUrl}/borrow`);
    await connect(page);
    const input = page.getByTestId("input-deposit-collateral");
    await input.fill("2");
    await page.evaluate(
      () =>
        ((window as unknown as { __zkWallet: { rejectNext: boolean } }).__zkWallet.rejectNext =
          true),
    );
    await page.getByTestId("submit-deposit-collateral").click();
    const failed = page.locator('[data-testid="tx-deposit-collateral"] li[data-status="failed"]');
    await failed.waitFor({ timeout: 30_000 });
    assert.match(
      (await failed.textContent()) ?? "",
      /You rejected the request in your wallet; nothing was sent/,
    );
    assert.equal(await input.inputValue(), "2");
    await screenshot(page, "rejected-signature");
    await page.close();
  });

  it("decodes a contract's custom error when it refuses a transaction", async () => {
    const page = await walletPage(browser.context, { account });
    await page.goto(`${E2E.baseUrl}/borrow`);
    await connect(page);
    // Collateral in, something drawn: withdrawing all collateral must then be refused by the pool.
    await page.getByTestId("input-deposit-collateral").fill("2");
    await page.getByTestId("submit-deposit-collateral").click();
    await page
      .locator('[data-testid="tx-deposit-collateral"] li:last-child[data-status="confirmed"]')
      .waitFor({ timeout: 30_000 });
    await page.getByTestId("input-draw").fill("1");
    await page.getByTestId("submit-draw").click();
    await page
      .locator('[data-testid="tx-draw"] li[data-status="confirmed"]')
      .waitFor({ timeout: 30_000 });
    const withdraw = page.getByTestId("input-withdraw-collateral");
    await withdraw.fill("2");
    await page.getByTestId("submit-withdraw-collateral").click();
    const refused = page.locator(
      '[data-testid="tx-withdraw-collateral"] li[data-status="reverted"]',
    );
    await refused.waitFor({ timeout: 30_000 });
    const text = (await refused.textContent()) ?? "";
    assert.match(text, /refused by the contract \(nothing was sent\)/);
    assert.match(
      text,
      /LendingPoolUnhealthyWithdrawal\(borrower=0x[0-9a-fA-F]{40}, debt=\d+, creditLineAfter=\d+\)/,
    );
    assert.match(text, /Repay first or withdraw less/);
    assert.equal(await withdraw.inputValue(), "2");
    await screenshot(page, "decoded-revert");
    await page.close();
  });

  it("explains a prover that is down, and how to start it", async () => {
    const page = await walletPage(browser.context, { account });
    // Connection refused, as the browser sees a service that is not running.
    await page.route(`${E2E.proverUrl}/**`, (route) => route.abort("connectionrefused"));
    await page.goto(E2E.baseUrl);
    await connect(page);
    await page.getByTestId("get-proven-score").click();
    const error = page.getByTestId("proven-error");
    await error.waitFor({ timeout: 15_000 });
    assert.match((await error.textContent()) ?? "", /is not reachable/);
    assert.match((await page.getByTestId("prover-help").textContent()) ?? "", /npm run serve/);
    await screenshot(page, "prover-down");
    await page.close();
  });

  it("gives up on a prover that never answers, with a clear message", async () => {
    const page = await walletPage(browser.context, { account });
    // Accepts the connection and never answers.
    await page.route(`${E2E.proverUrl}/**`, () => undefined);
    await page.goto(E2E.baseUrl);
    await connect(page);
    await page.getByTestId("get-proven-score").click();
    const error = page.getByTestId("proven-error");
    await error.waitFor({ timeout: 30_000 });
    assert.match((await error.textContent()) ?? "", /did not answer within 10 s/);
    await page.close();
  });
});
