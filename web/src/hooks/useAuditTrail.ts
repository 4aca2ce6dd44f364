"use client";
/**
 * What an auditor checks, from events only: every model governance approved or revoked, every
 * attestor key trusted or revoked, and every recorded score with the transaction that carried its
 * proof. `useRecordedProof` fetches one such transaction and decodes the proof from its calldata.
 */
import { useQuery } from "@tanstack/react-query";
import { useConfig, usePublicClient } from "wagmi";
import { readContract } from "wagmi/actions";
import type { Address, Hash, PublicClient } from "viem";
import { contract, contractNameAt } from "@/lib/contracts";
import { CHAIN_ID } from "@/lib/env";
import { contractEvents } from "@/lib/events";
import { decodeSubmitScore, type RecordedProof } from "@/lib/proof";

export interface AuditModel {
  commitment: bigint;
  shapeId: `0x${string}`;
  id: number;
  cardUri: string;
  cardHash: `0x${string}`;
  /** 1 active, 2 revoked (IModelRegistry.ModelStatus). */
  status: number;
  registeredAt: bigint;
  revokedAt: bigint;
}

export interface AuditAttestor {
  keyHash: bigint;
  id: number;
  label: string;
  /** 1 trusted, 2 revoked (IAttestorRegistry.AttestorStatus). */
  status: number;
  trustedAt: bigint;
  revokedAt: bigint;
}

export interface AuditScore {
  subject: Address;
  score: number;
  modelCommitment: bigint;
  attestorKeyHash: bigint;
  attestedAt: bigint;
  expiresAt: bigint;
  submitter: Address;
  blockNumber: bigint;
  transactionHash: Hash;
}

function useClient(): PublicClient {
  const client = usePublicClient({ chainId: CHAIN_ID });
  if (!client) throw new Error(`no RPC client for chain ${CHAIN_ID}`);
  return client;
}

export function useAuditTrail() {
  const client = useClient();
  const config = useConfig();
  const models = useQuery({
    queryKey: ["audit", "models", CHAIN_ID],
    queryFn: async (): Promise<AuditModel[]> => {
      const logs = await contractEvents(client, "ModelRegistry", "ModelRegistered");
      return Promise.all(
        logs.map(async ({ args }) => {
          const m = await readContract(config, {
            ...contract("ModelRegistry"),
            functionName: "modelOf",
            args: [args.commitment],
            chainId: CHAIN_ID,
          });
          return {
            commitment: args.commitment,
            shapeId: args.shapeId,
            id: args.id,
            cardUri: args.cardUri,
            cardHash: args.cardHash,
            status: m.status,
            registeredAt: m.registeredAt,
            revokedAt: m.revokedAt,
          };
        }),
      );
    },
  });
  const attestors = useQuery({
    queryKey: ["audit", "attestors", CHAIN_ID],
    queryFn: async (): Promise<AuditAttestor[]> => {
      const logs = await contractEvents(client, "AttestorRegistry", "AttestorTrusted");
      return Promise.all(
        logs.map(async ({ args }) => {
          const a = await readContract(config, {
            ...contract("AttestorRegistry"),
            functionName: "attestorOf",
            args: [args.keyHash],
            chainId: CHAIN_ID,
          });
          return {
            keyHash: args.keyHash,
            id: args.id,
            label: args.label,
            status: a.status,
            trustedAt: a.trustedAt,
            revokedAt: a.revokedAt,
          };
        }),
      );
    },
  });
  const scores = useQuery({
    queryKey: ["audit", "scores", CHAIN_ID],
    queryFn: async (): Promise<AuditScore[]> => {
      const logs = await contractEvents(client, "ScoreRegistry", "ScoreRecorded");
      return logs
        .map((l) => ({ ...l.args, blockNumber: l.blockNumber, transactionHash: l.transactionHash }))
        .reverse();
    },
  });
  return { models, attestors, scores };
}

/** The proof of a recorded score, decoded from its transaction's calldata. */
export function useRecordedProof(hash: Hash | undefined) {
  const client = useClient();
  return useQuery({
    queryKey: ["audit", "proof", CHAIN_ID, hash],
    enabled: !!hash,
    staleTime: Infinity,
    queryFn: async (): Promise<RecordedProof> => {
      if (!hash) throw new Error("no transaction hash");
      const tx = await client.getTransaction({ hash });
      const scoreRegistry = contract("ScoreRegistry").address;
      if (tx.to?.toLowerCase() !== scoreRegistry.toLowerCase()) {
        const name = contractNameAt(tx.to) ?? tx.to ?? "a contract creation";
        throw new Error(
          `transaction ${hash} calls ${name}, not ScoreRegistry directly, so its calldata does not hold the proof as submitScore arguments`,
        );
      }
      return decodeSubmitScore(tx.input);
    },
  });
}
