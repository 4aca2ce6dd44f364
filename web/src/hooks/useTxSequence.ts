"use client";
/**
 * Sends one or more contract calls from the connected wallet, in order (e.g. approve, then repay),
 * and exposes every step's state: checking (simulated first, so a revert is decoded before the
 * wallet is asked), waiting for the wallet, pending (hash known), confirmed, or reverted/failed
 * with the decoded custom error in plain words. A failed step stops the sequence.
 */
import { useCallback, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useConfig, useConnection } from "wagmi";
import {
  call as rpcCall,
  simulateContract,
  waitForTransactionReceipt,
  writeContract,
} from "wagmi/actions";
import {
  encodeFunctionData,
  type Abi,
  type Address,
  type ContractFunctionArgs,
  type ContractFunctionName,
  type Hash,
} from "viem";
import { contract, type ContractName, type DeployedContract } from "@/lib/contracts";
import { CHAIN_ID } from "@/lib/env";
import { explainError, type ErrorUnits } from "@/lib/errors";

/** A state-changing call, built with `prepareCall` so names and arguments are checked against the ABI. */
export interface ContractCall {
  address: Address;
  abi: Abi;
  functionName: string;
  args: readonly unknown[];
}

type Writable = "nonpayable" | "payable";

/** A call of `functionName` on the deployed contract `name`, type-checked against its ABI. */
export function prepareCall<
  N extends ContractName,
  F extends ContractFunctionName<DeployedContract<N>["abi"], Writable>,
>(
  name: N,
  functionName: F,
  args: ContractFunctionArgs<DeployedContract<N>["abi"], Writable, F>,
): ContractCall {
  const c = contract(name) as { address: Address; abi: Abi };
  return { address: c.address, abi: c.abi, functionName, args: args as readonly unknown[] };
}

export type StepStatus =
  "queued" | "checking" | "signing" | "pending" | "confirmed" | "reverted" | "failed";

export interface TxStep {
  /** What the step does, for people ("Approve USDC", "Repay"). */
  label: string;
  status: StepStatus;
  hash?: Hash;
  blockNumber?: bigint;
  /** Plain-words reason when reverted or failed. */
  message?: string;
  /** The decoded custom error, e.g. LendingPoolExceedsCreditLine(…). */
  customError?: string;
  /** False when the revert was caught by simulation, before anything was signed. */
  sent?: boolean;
}

export interface TxSequence {
  steps: TxStep[];
  busy: boolean;
  /** Runs the calls in order; resolves true when every one confirmed. Never throws. */
  run: (calls: { label: string; call: ContractCall }[]) => Promise<boolean>;
  /** Shows a failure that happened before any call (e.g. reading an allowance). */
  fail: (label: string, error: unknown) => void;
  reset: () => void;
}

/** A form's action: its transaction sequence and how to send it for an amount. */
export interface TxAction {
  tx: TxSequence;
  /** Sends the action for `amount` base units; true when every transaction confirmed. */
  send: (amount: bigint) => Promise<boolean>;
}

export function useTxSequence(units: ErrorUnits = {}): TxSequence {
  const config = useConfig();
  const { address } = useConnection();
  const queryClient = useQueryClient();
  const [steps, setSteps] = useState<TxStep[]>([]);
  const [busy, setBusy] = useState(false);

  const fail = useCallback(
    (label: string, error: unknown) =>
      setSteps([{ label, status: "failed", ...explainError(error, units) }]),
    [units],
  );

  const run = useCallback(
    async (calls: { label: string; call: ContractCall }[]): Promise<boolean> => {
      const update = (i: number, patch: Partial<TxStep>) =>
        setSteps((s) => s.map((step, j) => (j === i ? { ...step, ...patch } : step)));
      setSteps(calls.map(({ label }) => ({ label, status: "queued" })));
      setBusy(true);
      try {
        for (const [i, { call }] of calls.entries()) {
          if (!address) {
            update(i, { status: "failed", message: "Connect a wallet first." });
            return false;
          }
          const request = { ...call, account: address, chainId: CHAIN_ID };
          update(i, { status: "checking" });
          try {
            await simulateContract(config, request);
          } catch (e) {
            update(i, { status: "reverted", sent: false, ...explainError(e, units) });
            return false;
          }
          update(i, { status: "signing" });
          let hash: Hash;
          try {
            hash = await writeContract(config, request);
          } catch (e) {
            update(i, { status: "failed", ...explainError(e, units) });
            return false;
          }
          update(i, { status: "pending", hash });
          try {
            const receipt = await waitForTransactionReceipt(config, { hash, chainId: CHAIN_ID });
            if (receipt.status === "reverted") {
              // Replay the call at the block it was mined in to recover the custom error.
              const why = await rpcCall(config, {
                account: address,
                to: call.address,
                data: encodeFunctionData(call),
                blockNumber: receipt.blockNumber,
                chainId: CHAIN_ID,
              }).then(
                () => ({
                  message:
                    "The transaction reverted on chain (the replay did not reproduce the error).",
                }),
                (e: unknown) => explainError(e, units),
              );
              update(i, {
                status: "reverted",
                sent: true,
                blockNumber: receipt.blockNumber,
                ...why,
              });
              return false;
            }
            update(i, { status: "confirmed", blockNumber: receipt.blockNumber });
          } catch (e) {
            update(i, { status: "failed", ...explainError(e, units) });
            return false;
          }
        }
        return true;
      } finally {
        setBusy(false);
        // Balances, lines and logs may all have moved: refetch every read.
        await queryClient.invalidateQueries();
      }
    },
    [address, config, queryClient, units],
  );

  return { steps, busy, run, fail, reset: useCallback(() => setSteps([]), []) };
}
