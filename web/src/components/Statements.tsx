"use client";
/**
 * The statements the model reads: a table (newest first) and a small inline SVG chart of balance
 * against payment per month (oldest left), each bar pair marked by its repayment status.
 */
import { formatAmount, formatTime } from "@/lib/amounts";
import type { Unit } from "@/lib/errors";
import { statusText, type Statement } from "@/hooks/useStatements";

export function StatementsTable({
  statements,
  unit,
}: {
  statements: readonly Statement[];
  unit: Unit;
}) {
  if (statements.length === 0) {
    return (
      <p className="muted">
        No closed statements yet: a thin file. The model reads missing months as “no use”.
      </p>
    );
  }
  return (
    <table data-testid="statements">
      <thead>
        <tr>
          <th>#</th>
          <th>Closed</th>
          <th className="num">Credit line</th>
          <th className="num">Balance</th>
          <th className="num">Paid</th>
          <th>Status</th>
        </tr>
      </thead>
      <tbody>
        {statements.map((s) => (
          <tr key={s.index.toString()}>
            <td>{s.index.toString()}</td>
            <td>{formatTime(s.closedAt)}</td>
            <td className="num">{formatAmount(s.creditLine, unit.decimals)}</td>
            <td className="num">{formatAmount(s.balance, unit.decimals)}</td>
            <td className="num">{formatAmount(s.paid, unit.decimals)}</td>
            <td className={`status status-${s.status > 0 ? "late" : "ok"}`}>
              {statusText(s.status)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const W = 360;
const H = 160;
/** Left and bottom margins (axis labels), and the top band for the legend and status dots. */
const PAD = 18;
const TOP = 34;

export function StatementsChart({ statements }: { statements: readonly Statement[] }) {
  const months = [...statements].reverse();
  if (months.length === 0) return null;
  const top = months.reduce(
    (m, s) => [s.balance, s.paid, s.creditLine].reduce((a, b) => (b > a ? b : a), m),
    1n,
  );
  const slot = (W - PAD) / months.length;
  const bar = Math.min(18, slot / 3);
  const height = (v: bigint) => Number((v * BigInt(H - TOP - PAD)) / top);
  // The credit line of each month, as a dashed step: balances read against what could be drawn.
  const linePath = months
    .map(
      (s, i) =>
        `${i === 0 ? "M" : "L"}${PAD + i * slot} ${H - PAD - height(s.creditLine)} h${slot}`,
    )
    .join(" ");
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      className="chart"
      role="img"
      aria-label="Balance and payment per statement"
      data-testid="statements-chart"
    >
      <line x1={PAD} y1={H - PAD} x2={W} y2={H - PAD} className="axis" />
      <path d={linePath} className="credit-line" />
      {months.map((s, i) => {
        const x = PAD + i * slot + slot / 2 - bar;
        const hb = height(s.balance);
        const hp = height(s.paid);
        return (
          <g key={s.index.toString()}>
            <title>{`#${s.index}: balance ${s.balance}, paid ${s.paid}, ${statusText(s.status)}`}</title>
            <rect x={x} y={H - PAD - hb} width={bar} height={hb} className="bar-balance" />
            <rect x={x + bar} y={H - PAD - hp} width={bar} height={hp} className="bar-paid" />
            <circle
              cx={x + bar}
              cy={TOP - 10}
              r={4}
              className={s.status > 0 ? "dot-late" : "dot-ok"}
            />
            <text x={x + bar} y={H - 4} textAnchor="middle" className="tick">
              #{s.index.toString()}
            </text>
          </g>
        );
      })}
      <g className="legend">
        <rect x={W - 150} y={2} width={8} height={8} className="bar-balance" />
        <text x={W - 138} y={10}>
          balance
        </text>
        <rect x={W - 85} y={2} width={8} height={8} className="bar-paid" />
        <text x={W - 73} y={10}>
          paid
        </text>
      </g>
    </svg>
  );
}
