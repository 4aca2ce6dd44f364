"use client";
/**
 * My credit: the connected wallet's recorded score (validity, tier, expiry, model, attestor), the
 * credit line it earns, the six statements the model reads, and "Get a proven score".
 */
import { formatAmount, formatBps, formatDuration, formatTime, shortHex } from "@/lib/amounts";
import { explainError } from "@/lib/errors";
import { useChainTime } from "@/hooks/useChainTime";
import { useCreditLine } from "@/hooks/useCreditLine";
import { useCreditScore, type CreditScore } from "@/hooks/useCreditScore";
import { useStatements } from "@/hooks/useStatements";
import { useTokens } from "@/hooks/useTokens";
import { useWallet } from "@/hooks/useWallet";
import { CardLink } from "./CardLink";
import { ProvenScorePanel } from "./ProvenScorePanel";
import { StatementsChart, StatementsTable } from "./Statements";
import { ConnectFirst, ErrorBox } from "./Notice";

/** The model reads the newest six statements (prover/features/schema.ts, STATEMENT_COUNT). */
const MODEL_STATEMENTS = 6;

function Validity({ score, now }: { score: CreditScore; now?: bigint }) {
  if (score.score === 0) return <span className="pill">no score</span>;
  if (score.valid) {
    const left = now !== undefined ? score.expiresAt - now : undefined;
    return (
      <span className="pill ok" data-testid="score-validity">
        valid{left !== undefined && left > 0n ? `, expires in ${formatDuration(left)}` : ""}
      </span>
    );
  }
  const why =
    now !== undefined && now >= score.expiresAt
      ? `expired ${formatDuration(now - score.expiresAt)} ago`
      : score.model?.status === 2
        ? "its model was revoked"
        : score.attestor?.status === 2
          ? "its attestor was revoked"
          : "not valid";
  return (
    <span className="pill bad" data-testid="score-validity">
      {why}
    </span>
  );
}

function ScoreCard({ score, now }: { score: CreditScore; now?: bigint }) {
  return (
    <section className="card" data-testid="score-card">
      <h2>Score</h2>
      <div className="score">
        <span className="big" data-testid="score-value">
          {score.score === 0 ? "—" : score.score}
        </span>
        <Validity score={score} now={now} />
      </div>
      <dl>
        <dt>Tier</dt>
        <dd data-testid="score-tier">
          {score.tier.index} (
          {score.tier.minScore === 0 ? "no score needed" : `score ≥ ${score.tier.minScore}`}): line{" "}
          {formatBps(score.tier.advanceRateBps)} of collateral value, {formatBps(score.tier.aprBps)}{" "}
          APR
        </dd>
        {score.score > 0 && (
          <>
            <dt>Attested</dt>
            <dd>{formatTime(score.attestedAt)}</dd>
            <dt>Recorded</dt>
            <dd>{formatTime(score.recordedAt)}</dd>
            <dt>Expires</dt>
            <dd>{formatTime(score.expiresAt)}</dd>
            <dt>Model</dt>
            <dd>
              #{score.model?.id ?? "?"}{" "}
              <code title={score.modelCommitment.toString()}>
                {shortHex(`0x${score.modelCommitment.toString(16)}`, 6)}
              </code>
              {score.model?.status === 2 && <span className="pill bad">revoked</span>}
              {score.model?.cardUri && (
                <>
                  {" "}
                  model card <CardLink uri={score.model.cardUri} />
                </>
              )}
            </dd>
            <dt>Attestor</dt>
            <dd>
              {score.attestor?.label ?? "unknown"}{" "}
              <code title={score.attestorKeyHash.toString()}>
                {shortHex(`0x${score.attestorKeyHash.toString(16)}`, 6)}
              </code>
              {score.attestor?.status === 2 && <span className="pill bad">revoked</span>}
            </dd>
          </>
        )}
      </dl>
      {score.score === 0 && (
        <p className="muted">
          No proven score yet: the pool prices your line at its most conservative tier.
        </p>
      )}
    </section>
  );
}

export function MyCredit() {
  const wallet = useWallet();
  const { tokens, error: tokenError } = useTokens();
  const score = useCreditScore(wallet.address);
  const line = useCreditLine(wallet.address);
  const statements = useStatements(wallet.address);
  const now = useChainTime();

  if (!wallet.connected) return <ConnectFirst what="your credit" />;
  const error = tokenError ?? score.error ?? line.error ?? statements.error;
  return (
    <div className="page">
      <h1>My credit</h1>
      {error && <ErrorBox message={explainError(error).message} />}
      <div className="grid">
        {score.data ? (
          <ScoreCard score={score.data} now={now} />
        ) : (
          <section className="card">Loading score…</section>
        )}
        <section className="card" data-testid="line-card">
          <h2>Credit line</h2>
          {line.data && tokens ? (
            <dl>
              <dt>Line</dt>
              <dd data-testid="credit-line">
                {formatAmount(line.data.line, tokens.asset.decimals)} {tokens.asset.symbol}
              </dd>
              <dt>Available</dt>
              <dd data-testid="credit-available">
                {formatAmount(line.data.available, tokens.asset.decimals)} {tokens.asset.symbol}
              </dd>
              <dt>Owed</dt>
              <dd>
                {formatAmount(line.data.debt, tokens.asset.decimals)} {tokens.asset.symbol}
              </dd>
              <dt>Collateral</dt>
              <dd>
                {formatAmount(line.data.collateral, tokens.collateral.decimals, 4)}{" "}
                {tokens.collateral.symbol}
              </dd>
            </dl>
          ) : (
            "Loading…"
          )}
        </section>
      </div>
      <ProvenScorePanel wallet={wallet} />
      <section className="card">
        <h2>Your last {MODEL_STATEMENTS} statements</h2>
        <p className="muted">
          What the feature extractor reads from the pool’s events; the attestor signs them and the
          model scores them.
        </p>
        {statements.data && tokens ? (
          <>
            <StatementsChart statements={statements.data.slice(0, MODEL_STATEMENTS)} />
            <StatementsTable
              statements={statements.data.slice(0, MODEL_STATEMENTS)}
              unit={tokens.asset}
            />
          </>
        ) : (
          "Loading…"
        )}
      </section>
    </div>
  );
}
