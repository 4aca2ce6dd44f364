/**
 * The HTTP API (Fastify): routes, validation, CORS, rate limit, body limit and the error format.
 * Everything stateful (queue, chain client, models, metrics) is passed in, so tests build the app
 * around a real queue and chain of their choosing.
 */
import rateLimit from "@fastify/rate-limit";
import swagger from "@fastify/swagger";
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from "fastify";
import type { Logger } from "pino";
import { getAddress, isAddress, type Address, type PublicClient } from "viem";
import { headBlock, modelOnChain, resolveBlock, type OnChainModel } from "./chain.js";
import type { ServiceConfig } from "./config.js";
import { ApiError, toApiError } from "./errors.js";
import type { ServiceMetrics } from "./metrics.js";
import type { JobQueue } from "./queue.js";
import { errorSchema, healthSchema, jobSchema, routeSchemas } from "./schemas.js";

/** A model the service lists (and, for the first, proves with). */
export interface ListedModel {
  commitment: bigint;
  shape: string;
  shapeId: `0x${string}`;
  featureSchema: string;
  /** [inputs, ...outputs of each layer]. */
  layers: number[];
  verifierContract: string;
}

export interface AppDeps {
  config: ServiceConfig;
  queue: JobQueue;
  client: PublicClient;
  chainId: number;
  modelRegistry?: Address;
  models: ListedModel[];
  metrics: ServiceMetrics;
  log: Logger;
}

/** Routes that exist, for 405 (right path, wrong method) versus 404. */
const ROUTES: [RegExp, string][] = [
  [/^\/v1\/scores\/?$/, "POST"],
  [/^\/v1\/scores\/[^/]+\/?$/, "GET"],
  [/^\/v1\/models\/?$/, "GET"],
  [/^\/healthz\/?$/, "GET"],
  [/^\/metrics\/?$/, "GET"],
  [/^\/openapi\.json$/, "GET"],
];

/** Cache of on-chain model status: /v1/models is polled by the web app. */
const ON_CHAIN_TTL_MS = 5000;

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, queue, client, metrics } = deps;
  const app = Fastify({
    // pino is Fastify's own logger; typed as the base interface so the instance type stays plain.
    loggerInstance: deps.log as FastifyBaseLogger,
    bodyLimit: config.bodyLimit,
    // Requests are small and quick; a client that trickles bytes is cut off.
    requestTimeout: 10_000,
    connectionTimeout: 15_000,
    return503OnClosing: true,
    // Browsers poll job status every second: log what matters (onResponse below), not every request.
    logController: new LogController({ disableRequestLogging: true }),
    // Errors Fastify raises before routing (a URL that does not decode) get the same format.
    frameworkErrors: (err, _req, reply) => {
      const apiError = toApiError(err);
      metrics.httpError(apiError.code);
      void (reply as FastifyReply).status(apiError.status).send(apiError.toBody());
    },
    ajv: {
      // Refuse what is wrong instead of repairing it: no coercion ("123" stays a string), no
      // silent removal of unknown fields (they are an error: unknown_field).
      customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false },
    },
  });

  // JSON only: without this Fastify would parse text/plain bodies into strings.
  app.removeContentTypeParser("text/plain");

  app.addSchema(errorSchema);
  app.addSchema(jobSchema);
  app.addSchema(healthSchema);

  app.setErrorHandler((err, req, reply) => {
    const apiError = toApiError(err);
    if (apiError.code === "internal_error") req.log.error({ err }, "unhandled error");
    metrics.httpError(apiError.code);
    return reply.status(apiError.status).send(apiError.toBody());
  });

  // CORS for the web app: allowed origins get the headers; preflights are answered here.
  const origins = new Set(config.corsOrigins);
  app.addHook("onRequest", async (req, reply) => {
    const origin = req.headers.origin;
    if (origin !== undefined && (origins.has(origin) || origins.has("*"))) {
      reply.header("access-control-allow-origin", origin);
      reply.header("vary", "origin");
    }
  });
  app.options("/*", { schema: { hide: true } }, async (_req, reply) => {
    reply.header("access-control-allow-methods", "GET, POST");
    reply.header("access-control-allow-headers", "content-type");
    reply.header("access-control-max-age", "600");
    return reply.status(204).send();
  });

  await app.register(rateLimit, {
    max: config.rateLimit.max,
    timeWindow: config.rateLimit.windowMs,
    keyGenerator: (req) => req.ip,
    errorResponseBuilder: (_req, ctx) =>
      new ApiError(
        "rate_limited",
        `more than ${ctx.max} requests in ${config.rateLimit.windowMs / 1000} s from this client; retry in ${ctx.after}`,
      ),
  });

  await app.register(swagger, {
    openapi: {
      info: {
        title: "zkcredit prover service",
        version: "1.0.0",
        description:
          "Proven credit scores: features from the lending pool's history, signed by the attestor, scored by the approved model inside a Groth16 proof, returned as ScoreRegistry.submitScore calldata.",
      },
    },
  });

  app.setNotFoundHandler({ preHandler: app.rateLimit() }, async (req) => {
    const path = req.url.split("?")[0] ?? "";
    const route = ROUTES.find(([re]) => re.test(path));
    if (route !== undefined && route[1] !== req.method) {
      throw new ApiError("method_not_allowed", `${req.method} ${path}: use ${route[1]}`);
    }
    throw new ApiError("not_found", `no route ${req.method} ${path}`);
  });

  app.addHook("onResponse", async (req, reply) => {
    if (req.method === "POST" || reply.statusCode >= 400) {
      req.log.info(
        { method: req.method, url: req.url, status: reply.statusCode, ms: reply.elapsedTime },
        "request",
      );
    }
  });

  app.addHook("onSend", async (req, reply, payload) => {
    if (reply.statusCode === 405) {
      const route = ROUTES.find(([re]) => re.test(req.url.split("?")[0] ?? ""));
      if (route !== undefined) reply.header("allow", route[1]);
    }
    return payload;
  });

  app.post(
    "/v1/scores",
    {
      schema: routeSchemas.postScore,
      config: {
        rateLimit: { max: config.rateLimit.scoreMax, timeWindow: config.rateLimit.windowMs },
      },
    },
    async (req: FastifyRequest<{ Body: { subject: string; block?: string | number } }>, reply) => {
      const subject = checkedSubject(req.body.subject);
      const block = await resolveBlock(client, req.body.block);
      const { view, created } = await queue.submit({ subject, block: block.toString() });
      req.log.info({ jobId: view.id, created }, created ? "job queued" : "duplicate request");
      reply.header("location", `/v1/scores/${view.id}`);
      return reply.status(202).send(view);
    },
  );

  app.get(
    "/v1/scores/:id",
    { schema: routeSchemas.getScore },
    async (req: FastifyRequest<{ Params: { id: string } }>) => {
      const view = await queue.get(req.params.id);
      if (view === undefined) {
        throw new ApiError("job_not_found", `no job ${req.params.id} (unknown, or expired)`);
      }
      return view;
    },
  );

  let onChainCache: { at: number; value: Map<bigint, OnChainModel | string> } | undefined;
  app.get("/v1/models", { schema: routeSchemas.models }, async () => {
    if (
      deps.modelRegistry !== undefined &&
      (onChainCache?.at ?? 0) < Date.now() - ON_CHAIN_TTL_MS
    ) {
      const value = new Map<bigint, OnChainModel | string>();
      for (const m of deps.models) {
        try {
          value.set(
            m.commitment,
            await modelOnChain(client, deps.modelRegistry, m.commitment, m.shapeId),
          );
        } catch (err) {
          value.set(
            m.commitment,
            `cannot read the ModelRegistry: ${(err as Error).message.split("\n")[0]}`,
          );
        }
      }
      onChainCache = { at: Date.now(), value };
    }
    return {
      chainId: deps.chainId,
      modelRegistry: deps.modelRegistry ?? null,
      models: deps.models.map((m, i) => {
        const onChain = onChainCache?.value.get(m.commitment);
        return {
          commitment: m.commitment.toString(),
          commitmentHex: `0x${m.commitment.toString(16).padStart(64, "0")}`,
          shape: m.shape,
          shapeId: m.shapeId,
          featureSchema: m.featureSchema,
          layers: m.layers,
          verifierContract: m.verifierContract,
          proving: i === 0,
          onChain: typeof onChain === "object" ? onChain : null,
          ...(typeof onChain === "string" ? { onChainError: onChain } : {}),
        };
      }),
    };
  });

  app.get("/healthz", { schema: routeSchemas.health }, async (_req, reply: FastifyReply) => {
    const q = await queue.healthy();
    let chain: { ok: boolean; chainId: number; head?: string; detail?: string };
    try {
      chain = { ok: true, chainId: deps.chainId, head: (await headBlock(client)).toString() };
    } catch (err) {
      chain = { ok: false, chainId: deps.chainId, detail: (err as Error).message };
    }
    const ok = q.ok && chain.ok;
    return reply.status(ok ? 200 : 503).send({
      status: ok ? "ok" : "degraded",
      mode: queue.mode,
      queue: q,
      chain,
      uptimeSeconds: process.uptime(),
    });
  });

  app.get("/metrics", { schema: routeSchemas.metrics }, async (_req, reply) => {
    reply.header("content-type", metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());

  return app;
}

/** The subject as a checksummed address; a mixed-case address must carry a valid checksum. */
function checkedSubject(subject: string): Address {
  const mixedCase =
    subject.slice(2) !== subject.slice(2).toLowerCase() &&
    subject.slice(2) !== subject.slice(2).toUpperCase();
  if (mixedCase && !isAddress(subject, { strict: true })) {
    throw new ApiError("invalid_address", `body.subject ${subject} has an invalid EIP-55 checksum`);
  }
  const checksummed = getAddress(subject);
  if (BigInt(checksummed) === 0n) {
    throw new ApiError(
      "invalid_address",
      "body.subject is the zero address, which no one controls",
    );
  }
  return checksummed;
}
