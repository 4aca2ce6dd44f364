"use client";
/**
 * Borrow: the position (collateral, line, rate, tier, what is due), the four actions (deposit and
 * withdraw collateral, draw, repay) with every transaction's state, the tier table and the full
 * statement history.
 */
import { useReadContract } from "wagmi";
import { formatAmount, formatBps, formatDuration, formatTime } from "@/lib/amounts";
import { contract } from "@/lib/contracts";
import { CHAIN_ID } from "@/lib/env";
import { explainError } from "@/lib/errors";
import { useBorrow } from "@/hooks/useBorrow";
import { useChainTime } from "@/hooks/useChainTime";
import { useCreditLine, type CreditLine } from "@/hooks/useCreditLine";
import { useRepay } from "@/hooks/useRepay";
import { useStatements } from "@/hooks/useStatements";
import { useTokens, type Tokens } from "@/hooks/useTokens";
import { useWallet } from "@/hooks/useWallet";
import { AmountForm } from "./AmountForm";
import { ConnectFirst, ErrorBox } from "./Notice";
import { StatementsTable } from "./Statements";

function Position({ line, tokens, now }: { line: CreditLine; tokens: Tokens; now?: bigint }) {
  const a = (v: bigint) => `${formatAmount(v, tokens.asset.decimals)} ${tokens.asset.symbol}`;
  const dueIn =
    now !== undefined && line.statementDueAt > 0n ? line.statementDueAt - now : undefined;
  return (
    <section className="card" data-testid="position">
      <h2>Your position</h2>
      <dl>
        <dt>Collateral</dt>
        <dd data-testid="position-collateral">
          {formatAmount(line.collateral, tokens.collateral.decimals, 4)} {tokens.collateral.symbol}
        </dd>
        <dt>Credit line</dt>
        <dd data-testid="credit-line">{a(line.line)}</dd>
        <dt>Available</dt>
        <dd data-testid="credit-available">{a(line.available)}</dd>
        <dt>Owed</dt>
        <dd data-testid="debt">{a(line.debt)}</dd>
        <dt>Tier</dt>
        <dd data-testid="tier">
          {line.tier.index}: {formatBps(line.tier.advanceRateBps)} of collateral value at{" "}
          {formatBps(line.tier.aprBps)} APR
        </dd>
        <dt>Rate on your debt</dt>
        <dd>{line.hasAccount ? formatBps(line.aprBps) : "—"} APR</dd>
        <dt>Minimum due this period</dt>
        <dd>
          {a(line.minimumDue)} (paid so far {a(line.paidInPeriod)})
        </dd>
        {line.monthsLate > 0 && (
          <>
            <dt>Missed minimums</dt>
            <dd className="bad">
              {line.monthsLate} in a row: drawing is blocked until you catch up
            </dd>
          </>
        )}
        <dt>Next statement</dt>
        <dd>
          {line.hasAccount
            ? `${formatTime(line.statementDueAt)}${dueIn !== undefined ? (dueIn > 0n ? ` (in ${formatDuration(dueIn)})` : " (due now)") : ""}`
            : "no account yet: your first collateral deposit opens it"}
        </dd>
        <dt>In your wallet</dt>
        <dd data-testid="wallet-balances">
          {a(line.wallet.asset)},{" "}
          {formatAmount(line.wallet.collateral, tokens.collateral.decimals, 4)}{" "}
          {tokens.collateral.symbol}
        </dd>
      </dl>
    </section>
  );
}

function TierTable({ current }: { current?: number }) {
  const { data: tiers } = useReadContract({
    ...contract("LendingPool"),
    functionName: "tiers",
    chainId: CHAIN_ID,
  });
  if (!tiers) return null;
  return (
    <table data-testid="tiers">
      <thead>
        <tr>
          <th>Tier</th>
          <th className="num">From score</th>
          <th className="num">Line (share of collateral value)</th>
          <th className="num">APR</th>
        </tr>
      </thead>
      <tbody>
        {tiers.map((t, i) => (
          <tr key={i} className={i === current ? "current" : undefined}>
            <td>{i}</td>
            <td className="num">{i === 0 ? "none / any" : t.minScore}</td>
            <td className="num">{formatBps(t.advanceRateBps)}</td>
            <td className="num">{formatBps(t.aprBps)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Borrow() {
  const wallet = useWallet();
  const { tokens, error: tokenError } = useTokens();
  const line = useCreditLine(wallet.address);
  const statements = useStatements(wallet.address);
  const now = useChainTime();
  const actions = useBorrow(tokens);
  const repay = useRepay(tokens);

  if (!wallet.connected) return <ConnectFirst what="your position" />;
  const error = tokenError ?? line.error ?? statements.error;
  const disabledReason = wallet.wrongNetwork
    ? "Switch your wallet to the app's network first."
    : undefined;
  const l = line.data;
  const repayMax =
    l &&
    (l.wallet.asset < l.debt
      ? { value: l.wallet.asset, what: "your wallet balance" }
      : { value: l.debt, what: "what you owe" });

  return (
    <div className="page">
      <h1>Borrow</h1>
      {error && <ErrorBox message={explainError(error).message} />}
      {l && tokens ? (
        <div className="grid">
          <Position line={l} tokens={tokens} now={now} />
          <section className="card">
            <h2>Collateral</h2>
            <AmountForm
              id="deposit-collateral"
              label="Deposit collateral"
              button="Deposit"
              unit={tokens.collateral}
              action={actions.depositCollateral}
              max={{ value: l.wallet.collateral, what: "your wallet balance" }}
              disabledReason={disabledReason}
            />
            <AmountForm
              id="withdraw-collateral"
              label="Withdraw collateral"
              button="Withdraw"
              unit={tokens.collateral}
              action={actions.withdrawCollateral}
              max={{ value: l.collateral, what: "your deposited collateral" }}
              disabledReason={disabledReason}
            />
            <h2>Credit</h2>
            <AmountForm
              id="draw"
              label="Draw"
              button="Draw"
              unit={tokens.asset}
              action={actions.draw}
              max={{ value: l.available, what: "your available credit" }}
              disabledReason={disabledReason}
            />
            <AmountForm
              id="repay"
              label="Repay"
              button="Repay"
              unit={tokens.asset}
              action={repay}
              max={repayMax}
              disabledReason={disabledReason ?? (l.debt === 0n ? "You owe nothing." : undefined)}
              extra={
                l.debt > 0n
                  ? { label: "Repay all", onClick: () => repay.repayAll(l.debt) }
                  : undefined
              }
            />
          </section>
        </div>
      ) : (
        <p>Loading your position…</p>
      )}
      <section className="card">
        <h2>Tiers</h2>
        <p className="muted">
          Your tier comes from your current, valid proven score; without one you are in tier 0.
        </p>
        <TierTable current={l?.tier.index} />
      </section>
      <section className="card">
        <h2>Statement history</h2>
        {statements.data && tokens ? (
          <StatementsTable statements={statements.data} unit={tokens.asset} />
        ) : (
          "Loading…"
        )}
      </section>
    </div>
  );
}
