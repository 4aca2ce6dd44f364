"use client";
/**
 * One amount field and its action. The amount is checked before anything is sent (empty, zero,
 * negative, not a number, too many decimals, above the limit); a refused or failed transaction
 * keeps the value so the user can correct it; only a confirmed one clears it.
 */
import { useState, type FormEvent } from "react";
import { checkAmount, formatAmount } from "@/lib/amounts";
import type { Unit } from "@/lib/errors";
import type { TxAction } from "@/hooks/useTxSequence";
import { useSessionInput } from "@/hooks/useSessionInput";
import { TxStatus } from "./TxStatus";

export interface AmountFormProps {
  /** Stable id: the sessionStorage key and the test id. */
  id: string;
  label: string;
  button: string;
  unit: Unit;
  action: TxAction;
  /** Upper bound checked before sending, with what it is ("your available credit"). */
  max?: { value: bigint; what: string };
  /** Disabled with this reason (not connected, wrong network, …). */
  disabledReason?: string;
  /** An extra button that sends something other than the typed amount (e.g. "Repay all"). */
  extra?: { label: string; onClick: () => Promise<boolean> };
}

export function AmountForm({
  id,
  label,
  button,
  unit,
  action,
  max,
  disabledReason,
  extra,
}: AmountFormProps) {
  const [text, setText] = useSessionInput(id);
  const [error, setError] = useState<string>();
  const busy = action.tx.busy;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const check = checkAmount(text, { label, decimals: unit.decimals, symbol: unit.symbol, max });
    if (!check.ok) {
      setError(check.error);
      return;
    }
    setError(undefined);
    if (await action.send(check.value)) setText("");
  };

  return (
    <form className="amount-form" onSubmit={submit} data-testid={`form-${id}`} noValidate>
      <label htmlFor={`input-${id}`}>{label}</label>
      <div className="row">
        <input
          id={`input-${id}`}
          data-testid={`input-${id}`}
          inputMode="decimal"
          autoComplete="off"
          placeholder={`0.00 ${unit.symbol}`}
          value={text}
          aria-invalid={!!error}
          onChange={(e) => {
            setText(e.target.value);
            setError(undefined);
          }}
        />
        <span className="unit">{unit.symbol}</span>
        <button
          type="submit"
          data-testid={`submit-${id}`}
          disabled={busy || !!disabledReason}
          title={disabledReason}
        >
          {busy ? "Working…" : button}
        </button>
        {extra && (
          <button
            type="button"
            className="secondary"
            disabled={busy || !!disabledReason}
            onClick={() => void extra.onClick()}
          >
            {extra.label}
          </button>
        )}
      </div>
      {max && (
        <div className="hint">
          Up to {formatAmount(max.value, unit.decimals)} {unit.symbol} ({max.what})
        </div>
      )}
      {disabledReason && <div className="hint">{disabledReason}</div>}
      {error && (
        <div className="field-error" role="alert" data-testid={`error-${id}`}>
          {error}
        </div>
      )}
      <TxStatus steps={action.tx.steps} testId={`tx-${id}`} />
    </form>
  );
}
