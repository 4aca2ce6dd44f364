/**
 * Start-up and shutdown of the API process and of a Redis worker process: resolve the deployment
 * (chain id, pool, model registry), load the models, start the queue, listen. `close()` is the
 * graceful shutdown SIGTERM triggers: stop accepting jobs, let running jobs finish (or hand
 * them back to Redis), stop listening, close connections.
 */
import type { FastifyInstance } from "fastify";
import { pino, type Logger } from "pino";
import type { Address, PublicClient } from "viem";
import { loadQuantizedModel, modelCommitment, shapeIdOf, verifierContractName } from "../index.js";
import { buildApp, type ListedModel } from "./app.js";
import { chainClient, deployedAddress } from "./chain.js";
import type { ServiceConfig } from "./config.js";
import { EmbeddedQueue } from "./embedded-queue.js";
import type { WorkerSetup } from "./job.js";
import { ServiceMetrics } from "./metrics.js";
import type { JobQueue } from "./queue.js";
import { RedisQueue } from "./redis-queue.js";
import { startRedisWorker, type RedisWorker } from "./redis-worker.js";

export interface Deployment {
  client: PublicClient;
  chainId: number;
  pool: Address;
  modelRegistry?: Address;
}

/** The chain behind the RPC URL and the contracts the service uses on it. */
export async function resolveDeployment(config: ServiceConfig): Promise<Deployment> {
  const client = chainClient(config.rpcUrl);
  let chainId: number;
  try {
    chainId = await client.getChainId();
  } catch (err) {
    throw new Error(
      `cannot reach the chain at ${config.rpcUrl} (ZKCREDIT_RPC_URL): ${(err as Error).message.split("\n")[0]}`,
    );
  }
  const pool = config.pool ?? (await deployedAddress(chainId, "LendingPool"));
  if (pool === undefined) {
    throw new Error(
      `no LendingPool address: set ZKCREDIT_POOL, or deploy so that deployments/deployedContracts.ts has LendingPool for chain ${chainId}`,
    );
  }
  const modelRegistry = config.modelRegistry ?? (await deployedAddress(chainId, "ModelRegistry"));
  return { client, chainId, pool, modelRegistry };
}

/** What each prover worker loads: the first model, the attestor key, the chain. */
export function workerSetupOf(config: ServiceConfig, deployment: Deployment): WorkerSetup {
  return {
    modelPath: config.modelPaths[0]!,
    attestorKeyFile: config.attestorKeyFile,
    rpcUrl: config.rpcUrl,
    pool: deployment.pool,
    fromBlock: config.fromBlock?.toString(),
  };
}

/** Commitment and shape of each model file (no circuit artifacts needed to list them). */
export function listModels(paths: string[]): ListedModel[] {
  return paths.map((path) => {
    const model = loadQuantizedModel(path);
    const shape = model.shape;
    return {
      commitment: modelCommitment(model),
      shape: shape.name,
      shapeId: shapeIdOf(shape.name),
      featureSchema: shape.featureSchema,
      layers: [shape.layers[0]?.inputs ?? 0, ...shape.layers.map((l) => l.outputs)],
      verifierContract: verifierContractName(shape.name),
    };
  });
}

export function createLogger(config: ServiceConfig, name: string): Logger {
  return pino({ name, level: config.logLevel });
}

export interface Service {
  app: FastifyInstance;
  queue: JobQueue;
  metrics: ServiceMetrics;
  deployment: Deployment;
  /** http://host:port the API listens on. */
  url: string;
  close(): Promise<void>;
}

/** Starts the API with the configured queue and listens on config.host:config.port. */
export async function startService(config: ServiceConfig, log?: Logger): Promise<Service> {
  const logger = log ?? createLogger(config, "zkcredit-service");
  const deployment = await resolveDeployment(config);
  const models = listModels(config.modelPaths);
  const metrics = new ServiceMetrics();
  const onFinished = metrics.jobFinished.bind(metrics);
  const started: JobQueue =
    config.mode === "redis"
      ? await RedisQueue.start({
          redisUrl: config.redisUrl!,
          maxQueued: config.maxQueued,
          ttlSeconds: config.jobTtlSeconds,
          log: logger,
          onFinished,
        })
      : await EmbeddedQueue.start({
          concurrency: config.concurrency,
          setup: workerSetupOf(config, deployment),
          maxQueued: config.maxQueued,
          ttlSeconds: config.jobTtlSeconds,
          log: logger,
          onFinished,
        });
  metrics.watch(started);
  let app: FastifyInstance;
  try {
    app = await buildApp({
      config,
      queue: started,
      client: deployment.client,
      chainId: deployment.chainId,
      modelRegistry: deployment.modelRegistry,
      models,
      metrics,
      log: logger,
    });
    await app.listen({ host: config.host, port: config.port });
  } catch (err) {
    await started.close(0);
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === "object" && address !== null ? address.port : config.port;
  const url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
  logger.info(
    {
      url,
      mode: config.mode,
      pool: deployment.pool,
      chainId: deployment.chainId,
      model: models[0]?.commitment.toString(),
    },
    "prover service listening",
  );
  let closing: Promise<void> | undefined;
  return {
    app,
    queue: started,
    metrics,
    deployment,
    url,
    close() {
      closing ??= (async () => {
        // Refuse new jobs (503 shutting_down) but keep answering GETs while running jobs
        // finish, so their clients can still fetch the proofs; then stop listening.
        logger.info("shutting down: no new jobs; finishing running jobs");
        await started.close(config.shutdownTimeoutMs);
        await app.close();
        logger.info("shut down");
      })();
      return closing;
    },
  };
}

/** Starts a Redis worker process's prover (what `npm run worker` runs). */
export async function startWorker(config: ServiceConfig, log?: Logger): Promise<RedisWorker> {
  const logger = log ?? createLogger(config, "zkcredit-worker");
  const deployment = await resolveDeployment(config);
  return startRedisWorker(config, workerSetupOf(config, deployment), logger);
}
