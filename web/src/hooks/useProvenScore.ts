"use client";
/**
 * "Get a proven score": asks the prover service for a job, follows it through its stages
 * (features → attestation → proving), then submits the proof to ScoreRegistry from the connected
 * wallet (submitting → confirmed). The wallet, not the service, sends the transaction: the proof
 * binds the subject, so the service never needs a key.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import type { Address } from "viem";
import {
  getScoreJob,
  ProverError,
  startScoreJob,
  type JobResult,
  type JobStage,
} from "@/lib/prover";
import { prepareCall, useTxSequence, type TxSequence } from "./useTxSequence";

export type ProvenStage = "features" | "attestation" | "proving" | "submitting" | "confirmed";

/** Where a running job is, in the user's stages (a queued job has not begun its features yet). */
function provenStage(stage: JobStage): ProvenStage {
  return stage === "queued" || stage === "failed"
    ? "features"
    : stage === "done"
      ? "proving"
      : stage;
}

/** The stages in the order the user sees them. */
export const PROVEN_STAGES: readonly ProvenStage[] = [
  "features",
  "attestation",
  "proving",
  "submitting",
  "confirmed",
];

export interface ProvenScore {
  phase: "idle" | "working" | "failed" | "done";
  stage?: ProvenStage;
  /** The job waits for a free prover worker. */
  queued?: boolean;
  jobId?: string;
  result?: JobResult;
  /** Plain-words failure. */
  error?: string;
  /** True when the service could not be reached at all (show how to start it). */
  proverDown: boolean;
  /** The submitScore transaction. */
  tx: TxSequence;
  start: () => Promise<void>;
}

const POLL_MS = 1_000;
/** A proof takes seconds on these machines; give a queued job generous room before giving up. */
const JOB_TIMEOUT_MS = 5 * 60_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function useProvenScore(subject: Address | undefined): ProvenScore {
  const tx = useTxSequence();
  const [state, setState] = useState<Omit<ProvenScore, "tx" | "start">>({
    phase: "idle",
    proverDown: false,
  });
  // Stop polling when the page goes away or the wallet changes.
  const generation = useRef(0);
  useEffect(() => {
    generation.current += 1;
    setState({ phase: "idle", proverDown: false });
  }, [subject]);

  const start = useCallback(async () => {
    if (!subject) return;
    const mine = ++generation.current;
    const live = () => generation.current === mine;
    tx.reset();
    setState({ phase: "working", stage: "features", proverDown: false });
    try {
      let job = await startScoreJob(subject);
      const deadline = Date.now() + JOB_TIMEOUT_MS;
      while (job.status === "queued" || job.status === "running") {
        if (!live()) return;
        setState((s) => ({
          ...s,
          jobId: job.id,
          stage: provenStage(job.stage),
          queued: job.stage === "queued",
        }));
        if (Date.now() > deadline) {
          throw new ProverError(
            `The prover did not finish job ${job.id} within ${JOB_TIMEOUT_MS / 60_000} minutes.`,
            "timeout",
          );
        }
        await sleep(POLL_MS);
        job = await getScoreJob(job.id);
      }
      if (!live()) return;
      if (job.status === "failed" || !job.result) {
        const why = job.error ? `${job.error.message} (${job.error.code})` : "no reason given";
        throw new ProverError(`The prover could not score this wallet: ${why}.`, "job-failed");
      }
      const result = job.result;
      if (result.calldata.claim.subject.toLowerCase() !== subject.toLowerCase()) {
        throw new ProverError(
          `The prover returned a proof for ${result.calldata.claim.subject}, not for ${subject}.`,
          "malformed",
        );
      }
      setState((s) => ({ ...s, jobId: job.id, result, stage: "submitting", queued: false }));
      const { claim, proof } = result.calldata;
      const ok = await tx.run([
        {
          label: "Submit the proven score to ScoreRegistry",
          call: prepareCall("ScoreRegistry", "submitScore", [claim, proof]),
        },
      ]);
      if (!live()) return;
      setState((s) =>
        ok
          ? { ...s, phase: "done", stage: "confirmed" }
          : {
              ...s,
              phase: "failed",
              error: "The proof was made, but the transaction did not go through (see below).",
            },
      );
    } catch (e) {
      if (!live()) return;
      const down = e instanceof ProverError && e.kind === "unreachable";
      setState((s) => ({
        ...s,
        phase: "failed",
        proverDown: down,
        error: e instanceof Error ? e.message : String(e),
      }));
    }
  }, [subject, tx]);

  return { ...state, tx, start };
}
