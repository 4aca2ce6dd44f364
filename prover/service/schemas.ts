/**
 * JSON schemas of every route: Fastify validates requests with them (Ajv, no type coercion, no
 * silent removal of unknown fields), serializes responses with them, and @fastify/swagger turns
 * them into the OpenAPI document at GET /openapi.json.
 */
import { JOB_ID_PATTERN } from "./job.js";

const decimal = { type: "string", pattern: "^[0-9]+$" } as const;
const address = { type: "string", pattern: "^0x[0-9a-fA-F]{40}$" } as const;
const ms = { type: "number", minimum: 0 } as const;

export const errorSchema = {
  $id: "Error",
  type: "object",
  description: "Every error response.",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: {
          type: "string",
          description:
            "Stable machine-readable code, e.g. invalid_address, invalid_block, unknown_block, missing_field, unknown_field, malformed_json, empty_body, body_too_large, unsupported_media_type, not_found, job_not_found, invalid_job_id, method_not_allowed, uri_too_long, bad_url, bad_request, rate_limited, queue_full, rpc_unavailable, queue_unavailable, shutting_down, internal_error.",
        },
        message: { type: "string", description: "What was wrong, for humans." },
      },
    },
  },
} as const;

const errorRef = { $ref: "Error#" } as const;

export const scoreRequestSchema = {
  type: "object",
  additionalProperties: false,
  required: ["subject"],
  properties: {
    subject: {
      ...address,
      description: "The wallet to score (EIP-55 checksum checked if mixed-case).",
    },
    block: {
      description:
        'Score the history as of this block: "latest" (default: the head at request time), an integer, or a decimal or 0x-hex string. Must not be beyond the head.',
      anyOf: [
        { type: "integer", minimum: 0 },
        { type: "string", pattern: "^(latest|0x[0-9a-fA-F]{1,16}|[0-9]{1,20})$" },
      ],
    },
  },
} as const;

export const jobIdParamsSchema = {
  type: "object",
  required: ["id"],
  properties: { id: { type: "string", pattern: JOB_ID_PATTERN, description: "Job id." } },
} as const;

const timingsSchema = {
  type: "object",
  description: "Wall time per stage, ms; present once the stage has ended.",
  properties: {
    queuedMs: ms,
    featuresMs: ms,
    attestationMs: ms,
    witnessMs: ms,
    proveMs: ms,
    totalMs: ms,
  },
} as const;

const resultSchema = {
  type: "object",
  required: ["score", "publicSignals", "calldata", "features", "history", "timings"],
  properties: {
    score: { type: "integer", minimum: 300, maximum: 850 },
    publicSignals: {
      type: "array",
      items: decimal,
      minItems: 3,
      maxItems: 3,
      description:
        "[packedClaim, modelCommitment, attestorKeyHash], decimal; packedClaim = subject + attestedAt·2^160 + score·2^224.",
    },
    calldata: {
      type: "object",
      description: "ScoreRegistry.submitScore(claim, proof), integers as decimal strings.",
      required: ["claim", "proof"],
      properties: {
        claim: {
          type: "object",
          required: ["subject", "score", "modelCommitment", "attestorKeyHash", "attestedAt"],
          properties: {
            subject: address,
            score: { type: "integer" },
            modelCommitment: decimal,
            attestorKeyHash: decimal,
            attestedAt: decimal,
          },
        },
        proof: {
          type: "array",
          items: decimal,
          minItems: 8,
          maxItems: 8,
          description: "[pA0, pA1, pB00, pB01, pB10, pB11, pC0, pC1], pB in the verifier's order.",
        },
      },
    },
    features: {
      type: "array",
      items: decimal,
      description: "The feature values the attestor signed, schema order.",
    },
    history: {
      type: "object",
      description: "The lending pool history the features were derived from.",
      properties: {
        wallet: address,
        pool: address,
        chainId: { type: "integer" },
        blockNumber: decimal,
        blockTimestamp: decimal,
        creditLimit: decimal,
        statementCount: decimal,
        thinFile: { type: "boolean" },
        statements: {
          type: "array",
          items: {
            type: "object",
            properties: {
              index: decimal,
              closedAt: decimal,
              creditLine: decimal,
              balance: decimal,
              paid: decimal,
              status: { type: "string", pattern: "^-?[0-9]+$" },
              blockNumber: decimal,
              transactionHash: { type: "string" },
            },
          },
        },
      },
    },
    timings: timingsSchema,
  },
} as const;

export const jobSchema = {
  $id: "Job",
  type: "object",
  required: ["id", "status", "stage", "subject", "block", "createdAt", "timings"],
  properties: {
    id: { type: "string" },
    status: { type: "string", enum: ["queued", "running", "done", "failed"] },
    stage: {
      type: "string",
      enum: ["queued", "features", "attestation", "proving", "done", "failed"],
    },
    subject: address,
    block: decimal,
    createdAt: { type: "string", format: "date-time" },
    timings: timingsSchema,
    error: {
      type: "object",
      required: ["code", "message"],
      properties: { code: { type: "string" }, message: { type: "string" } },
    },
    result: resultSchema,
  },
} as const;

const jobRef = { $ref: "Job#" } as const;

export const routeSchemas = {
  postScore: {
    summary: "Start (or find) the score job for a wallet at a block",
    description:
      "One job per (subject, block): a duplicate request returns the existing job unless it failed.",
    tags: ["scores"],
    body: scoreRequestSchema,
    response: {
      202: jobRef,
      400: errorRef,
      413: errorRef,
      415: errorRef,
      422: errorRef,
      429: errorRef,
      503: errorRef,
    },
  },
  getScore: {
    summary: "A score job's status, stage, timings and, when done, proof and calldata",
    tags: ["scores"],
    params: jobIdParamsSchema,
    response: { 200: jobRef, 400: errorRef, 404: errorRef, 429: errorRef },
  },
  models: {
    summary: "The loaded models: commitment, shape and, with a ModelRegistry, on-chain status",
    tags: ["models"],
    response: {
      200: {
        type: "object",
        properties: {
          chainId: { type: "integer" },
          modelRegistry: { type: ["string", "null"] },
          models: {
            type: "array",
            items: {
              type: "object",
              properties: {
                commitment: decimal,
                commitmentHex: { type: "string" },
                shape: { type: "string" },
                shapeId: { type: "string" },
                featureSchema: { type: "string" },
                layers: { type: "array", items: { type: "integer" } },
                verifierContract: { type: "string" },
                proving: { type: "boolean", description: "The model this service proves with." },
                onChain: {
                  type: ["object", "null"],
                  properties: {
                    status: { type: "string", enum: ["none", "active", "revoked"] },
                    id: { type: "integer" },
                    registeredAt: decimal,
                    revokedAt: decimal,
                    cardUri: { type: "string" },
                    shapeMatches: { type: "boolean" },
                    verifier: address,
                  },
                },
                onChainError: { type: "string" },
              },
            },
          },
        },
      },
      429: errorRef,
    },
  },
  health: {
    summary: "Liveness and readiness: queue and chain reachable",
    tags: ["operations"],
    response: {
      200: { $ref: "Health#" },
      503: { $ref: "Health#" },
    },
  },
  metrics: {
    summary: "Prometheus metrics (text exposition format)",
    tags: ["operations"],
    produces: ["text/plain"],
  },
} as const;

export const healthSchema = {
  $id: "Health",
  type: "object",
  properties: {
    status: { type: "string", enum: ["ok", "degraded"] },
    mode: { type: "string", enum: ["embedded", "redis"] },
    queue: {
      type: "object",
      properties: { ok: { type: "boolean" }, detail: { type: "string" } },
    },
    chain: {
      type: "object",
      properties: {
        ok: { type: "boolean" },
        chainId: { type: "integer" },
        head: decimal,
        detail: { type: "string" },
      },
    },
    uptimeSeconds: { type: "number" },
  },
} as const;
