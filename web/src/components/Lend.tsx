"use client";
/** Lend: the vault's totals, utilisation and rates, the lender's shares, deposit and withdraw. */
import { formatAmount, formatBps } from "@/lib/amounts";
import { explainError } from "@/lib/errors";
import { useTokens } from "@/hooks/useTokens";
import { useVault } from "@/hooks/useVault";
import { useWallet } from "@/hooks/useWallet";
import { AmountForm } from "./AmountForm";
import { ErrorBox } from "./Notice";

export function Lend() {
  const wallet = useWallet();
  const { tokens, error: tokenError } = useTokens();
  const vault = useVault(tokens);
  const s = vault.stats;
  const error = tokenError ?? vault.error;
  const disabledReason = !wallet.connected
    ? "Connect your wallet first."
    : wallet.wrongNetwork
      ? "Switch your wallet to the app's network first."
      : undefined;

  return (
    <div className="page">
      <h1>Lend</h1>
      {error && <ErrorBox message={explainError(error).message} />}
      {s && tokens ? (
        <div className="grid">
          <section className="card" data-testid="vault-stats">
            <h2>The pool</h2>
            <dl>
              <dt>Total assets</dt>
              <dd data-testid="total-assets">
                {formatAmount(s.totalAssets, tokens.asset.decimals)} {tokens.asset.symbol}
              </dd>
              <dt>Lent out</dt>
              <dd>
                {formatAmount(s.totalDebt, tokens.asset.decimals)} {tokens.asset.symbol}
              </dd>
              <dt>Cash</dt>
              <dd>
                {formatAmount(s.cash, tokens.asset.decimals)} {tokens.asset.symbol}
              </dd>
              <dt>Utilisation</dt>
              <dd data-testid="utilisation">
                <meter min={0} max={10_000} value={s.utilisationBps} />{" "}
                {formatBps(s.utilisationBps)}
              </dd>
              <dt>Borrowers pay</dt>
              <dd>
                {s.averageBorrowAprBps === undefined
                  ? "— (nothing lent out)"
                  : `${formatBps(s.averageBorrowAprBps)} APR on average`}
              </dd>
              <dt>Lenders earn</dt>
              <dd data-testid="lender-apr">
                {s.lenderAprBps === undefined ? "—" : `≈ ${formatBps(s.lenderAprBps)} APR`}{" "}
                (interest accruing now over total assets)
              </dd>
            </dl>
            <h3>Borrow rates by tier</h3>
            <ul className="tiers-inline">
              {s.tiers.map((t, i) => (
                <li key={i}>
                  tier {i} (score ≥ {t.minScore}): {formatBps(t.aprBps)}
                </li>
              ))}
            </ul>
          </section>
          <section className="card">
            <h2>Your deposit</h2>
            {wallet.connected && (
              <dl>
                <dt>Vault shares</dt>
                <dd data-testid="shares">{formatAmount(s.shares, s.shareDecimals, 4)}</dd>
                <dt>Worth</dt>
                <dd data-testid="shares-value">
                  {formatAmount(s.sharesValue, tokens.asset.decimals)} {tokens.asset.symbol}
                </dd>
                <dt>In your wallet</dt>
                <dd>
                  {formatAmount(s.walletAssets, tokens.asset.decimals)} {tokens.asset.symbol}
                </dd>
              </dl>
            )}
            <AmountForm
              id="vault-deposit"
              label="Deposit"
              button="Deposit"
              unit={tokens.asset}
              action={vault.deposit}
              max={{ value: s.walletAssets, what: "your wallet balance" }}
              disabledReason={disabledReason}
            />
            <AmountForm
              id="vault-withdraw"
              label="Withdraw"
              button="Withdraw"
              unit={tokens.asset}
              action={vault.withdraw}
              max={{
                value: s.maxWithdraw,
                what: "what you can withdraw now (your deposit, up to the pool's cash)",
              }}
              disabledReason={disabledReason}
            />
          </section>
        </div>
      ) : (
        !error && <p>Loading the pool…</p>
      )}
    </div>
  );
}
