"use client";
/**
 * A wallet's recorded score and what stands behind it: the ScoreRegistry record, whether a lender
 * may rely on it now (unexpired, model still approved, attestor still trusted), the pool tier it
 * earns, and the model and attestor that produced it.
 */
import { useReadContracts } from "wagmi";
import { zeroAddress, type Address } from "viem";
import { contract } from "@/lib/contracts";
import { CHAIN_ID } from "@/lib/env";

export interface CreditScore {
  /** 0 when the wallet has no recorded score. */
  score: number;
  /** What `validScoreOf` says: unexpired, model active, attestor trusted. */
  valid: boolean;
  attestedAt: bigint;
  recordedAt: bigint;
  expiresAt: bigint;
  modelCommitment: bigint;
  attestorKeyHash: bigint;
  /** Tier index in the pool's table and its terms (tier 0 without a valid score). */
  tier: { index: number; minScore: number; advanceRateBps: number; aprBps: number };
  model?: {
    shapeId: `0x${string}`;
    cardUri: string;
    cardHash: `0x${string}`;
    status: number;
    id: number;
  };
  attestor?: { label: string; status: number; id: number };
}

export function useCreditScore(subject: Address | undefined): {
  data?: CreditScore;
  isLoading: boolean;
  error: Error | null;
} {
  const scores = contract("ScoreRegistry");
  const pool = contract("LendingPool");
  const base = useReadContracts({
    allowFailure: false,
    contracts: [
      { ...scores, functionName: "scoreOf", args: [subject ?? zeroAddress], chainId: CHAIN_ID },
      {
        ...scores,
        functionName: "validScoreOf",
        args: [subject ?? zeroAddress],
        chainId: CHAIN_ID,
      },
      { ...pool, functionName: "tierOf", args: [subject ?? zeroAddress], chainId: CHAIN_ID },
    ],
    query: { enabled: !!subject },
  });
  const record = base.data?.[0];
  const hasScore = !!record && record.score > 0;
  const details = useReadContracts({
    allowFailure: false,
    contracts: [
      {
        ...contract("ModelRegistry"),
        functionName: "modelOf",
        args: [record?.modelCommitment ?? 0n],
        chainId: CHAIN_ID,
      },
      {
        ...contract("AttestorRegistry"),
        functionName: "attestorOf",
        args: [record?.attestorKeyHash ?? 0n],
        chainId: CHAIN_ID,
      },
    ],
    query: { enabled: hasScore },
  });

  if (!base.data || !record) return { isLoading: base.isLoading, error: base.error };
  const [, [valid], [tierIndex, tier]] = base.data;
  const [model, attestor] = details.data ?? [];
  return {
    isLoading: base.isLoading || (hasScore && details.isLoading),
    error: base.error ?? details.error,
    data: {
      score: record.score,
      valid,
      attestedAt: record.attestedAt,
      recordedAt: record.recordedAt,
      expiresAt: record.expiresAt,
      modelCommitment: record.modelCommitment,
      attestorKeyHash: record.attestorKeyHash,
      tier: {
        index: tierIndex,
        minScore: tier.minScore,
        advanceRateBps: tier.advanceRateBps,
        aprBps: tier.aprBps,
      },
      model: model && {
        shapeId: model.shapeId,
        cardUri: model.cardUri,
        cardHash: model.cardHash,
        status: model.status,
        id: model.id,
      },
      attestor: attestor && { label: attestor.label, status: attestor.status, id: attestor.id },
    },
  };
}
