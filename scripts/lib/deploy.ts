/**
 * Deploying zkcredit: the ZkCredit Ignition stages, then the first governance operation through
 * the timelock (the shape's verifier, the reference model, a dev attestor key), then the
 * generated contracts file. Registration is idempotent, so re-running on a resumed Ignition
 * deployment only schedules what is missing.
 */
import { existsSync, readFileSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { config } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import { keccak256, type Hex } from "viem";
import {
  deployZkCredit,
  REFERENCE_MODEL,
  type ZkCredit,
  type ZkCreditOptions,
} from "../../ignition/modules/ZkCredit.js";
import {
  ATTESTOR_KEY_ENV,
  generateAttestorKey,
  loadAttestorKey,
  loadScoringModel,
  saveAttestorKey,
  type AttestorKey,
  type ScoringModel,
} from "../../prover/index.js";
import { REPO_ROOT } from "../../prover/proof/paths.js";
import { isEphemeral, isLocalChain } from "./chain.js";
import { deploymentEntry, writeDeployments, DEPLOYMENTS_FILE } from "./deployments.js";
import { shortField } from "./format.js";
import { governanceCall, governed, type GovernanceCall } from "./governance.js";

/** Where a local chain's dev attestor key lives (git-ignored; never commit keys). */
export const DEV_ATTESTOR_KEY_FILE = join(REPO_ROOT, ".tmp", "scripts", "dev-attestor.key.json");

/** Enum values of IModelRegistry.ModelStatus / IAttestorRegistry.AttestorStatus. */
const STATUS_NONE = 0;

/**
 * The attestor key the scripts sign with: ZKCREDIT_ATTESTOR_KEY if set, else (local chains only)
 * the dev key file, generated on first use.
 */
export async function scriptAttestorKey(
  connection: NetworkConnection,
): Promise<{ key: AttestorKey; source: string }> {
  if (process.env[ATTESTOR_KEY_ENV])
    return { key: await loadAttestorKey(), source: ATTESTOR_KEY_ENV };
  if (!(await isLocalChain(connection))) {
    throw new Error(`set ${ATTESTOR_KEY_ENV}: the dev attestor key is only for local chains`);
  }
  const source = relative(REPO_ROOT, DEV_ATTESTOR_KEY_FILE);
  if (existsSync(DEV_ATTESTOR_KEY_FILE))
    return { key: await loadAttestorKey({ file: DEV_ATTESTOR_KEY_FILE }), source };
  await mkdir(dirname(DEV_ATTESTOR_KEY_FILE), { recursive: true });
  const key = await generateAttestorKey();
  await saveAttestorKey(key, DEV_ATTESTOR_KEY_FILE);
  return { key, source: `${source} (generated)` };
}

/** The generated model card (npm run model-card) and the commitment it describes. */
const MODEL_CARD = join(REPO_ROOT, "docs", "model-card", "README.md");
const MODEL_CARD_METRICS = join(REPO_ROOT, "docs", "model-card", "metrics.json");

/**
 * The model card published with a model: docs/model-card/README.md when that card describes this
 * very commitment, else the training report beside the model file.
 */
function defaultCardPath(model: ScoringModel): string {
  if (existsSync(MODEL_CARD_METRICS)) {
    const metrics = JSON.parse(readFileSync(MODEL_CARD_METRICS, "utf8")) as {
      modelCommitment?: string;
    };
    if (metrics.modelCommitment === model.commitment.toString()) return MODEL_CARD;
  }
  return join(dirname(model.path), "training.json");
}

/** The model card published with a model: its URI in this repository and its keccak256. */
export function modelCard(model: ScoringModel, cardPath?: string): { uri: string; hash: Hex } {
  const file = cardPath ?? defaultCardPath(model);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new Error(
      `model card ${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? "error"})`,
    );
  }
  // The URI names the card by its path in this repository; the hash pins its exact bytes.
  return { uri: `zkcredit:${relative(REPO_ROOT, file)}`, hash: keccak256(bytes) };
}

/** Governance calls that make `model` provable with `verifier`, skipping what is already done. */
export async function modelRegistrationCalls(
  zk: Pick<ZkCredit, "modelRegistry">,
  model: ScoringModel,
  verifier: Hex,
  card: { uri: string; hash: Hex },
): Promise<GovernanceCall[]> {
  const calls: GovernanceCall[] = [];
  const shape = model.model.shape.name;
  const current = await zk.modelRegistry.read.verifierFor([model.shapeId]);
  if (current.toLowerCase() !== verifier.toLowerCase()) {
    calls.push(
      governanceCall(
        `ModelRegistry.setShapeVerifier(${shape}, ${verifier})`,
        zk.modelRegistry,
        "setShapeVerifier",
        [model.shapeId, verifier],
      ),
    );
  }
  const known = await zk.modelRegistry.read.modelOf([model.commitment]);
  if (known.status === STATUS_NONE) {
    calls.push(
      governanceCall(
        `ModelRegistry.registerModel(${shortField(model.commitment)}, ${shape}, ${card.uri})`,
        zk.modelRegistry,
        "registerModel",
        [model.commitment, model.shapeId, card.uri, card.hash],
      ),
    );
  }
  return calls;
}

/** The governance call trusting an attestor key, or none if it is already registered. */
export async function attestorRegistrationCalls(
  zk: Pick<ZkCredit, "attestorRegistry">,
  key: AttestorKey,
  label: string,
): Promise<GovernanceCall[]> {
  const known = await zk.attestorRegistry.read.attestorOf([key.keyHash]);
  if (known.status !== STATUS_NONE) return [];
  return [
    governanceCall(
      `AttestorRegistry.trustAttestor(${shortField(key.keyHash)}, "${label}")`,
      zk.attestorRegistry,
      "trustAttestor",
      [key.keyHash, label],
    ),
  ];
}

export interface DeploySystemOptions extends Omit<ZkCreditOptions, "model"> {
  /** Quantized model to register; default the reference model. */
  modelPath?: string;
  /** Model card; default training.json beside the model. */
  cardPath?: string;
  /** Attestor key to trust; default scriptAttestorKey(). */
  attestorKey?: AttestorKey;
  attestorLabel?: string;
  /** Write deployments/deployedContracts.ts; default: unless the chain is in-process. */
  writeFile?: boolean;
  log?: (line: string) => void;
}

export interface DeployedSystem {
  zk: ZkCredit;
  model: ScoringModel;
  attestorKey: AttestorKey;
  chainId: number;
  /** The pool's deployment block: where statement scans start. */
  poolFromBlock: bigint;
  /** The registries' first deployment block: where audit scans start. */
  coreFromBlock: bigint;
  /** The contracts file written, if any. */
  deploymentsFile?: string;
}

/** Deploys everything, registers model and attestor through the timelock, writes the contracts file. */
export async function deploySystem(
  connection: NetworkConnection,
  options: DeploySystemOptions = {},
): Promise<DeployedSystem> {
  const log = options.log ?? (() => {});
  const model = loadScoringModel(options.modelPath ?? REFERENCE_MODEL);
  const attestor =
    options.attestorKey !== undefined
      ? { key: options.attestorKey, source: "given" }
      : await scriptAttestorKey(connection);
  const publicClient = await connection.viem.getPublicClient();
  const chainId = await publicClient.getChainId();

  log(`Deploying ZkCredit on chain ${chainId} (${connection.networkName})`);
  const zk = await deployZkCredit(connection, { ...options, model: model.path });
  for (const [name, c] of Object.entries(zk)) log(`  ${name.padEnd(18)} ${c.address}`);

  log(`Governance: register the shape verifier, the model and the attestor through the timelock`);
  const calls = [
    ...(await modelRegistrationCalls(
      zk,
      model,
      zk.verifier.address,
      modelCard(model, options.cardPath),
    )),
    ...(await attestorRegistrationCalls(
      zk,
      attestor.key,
      options.attestorLabel ?? "zkcredit dev attestor",
    )),
  ];
  if (calls.length > 0) await governed(connection, zk, calls, log);
  else log("  nothing to do: already registered");
  log(`  model ${model.model.shape.name} commitment ${shortField(model.commitment)}`);
  log(`  attestor key ${shortField(attestor.key.keyHash)} from ${attestor.source}`);

  const entry = await deploymentEntry(connection, zk, model.verifierContract);
  const poolFromBlock = BigInt(entry.LendingPool?.deployedOnBlock ?? 0);
  const coreFromBlock = BigInt(
    Math.min(
      ...["ModelRegistry", "AttestorRegistry", "ScoreRegistry"].map(
        (n) => entry[n]?.deployedOnBlock ?? 0,
      ),
    ),
  );
  let deploymentsFile: string | undefined;
  if (options.writeFile ?? !isEphemeral(connection)) {
    await writeDeployments(chainId, entry);
    deploymentsFile = DEPLOYMENTS_FILE;
    log(`Wrote ${relative(REPO_ROOT, DEPLOYMENTS_FILE)} (chain ${chainId})`);
  }
  return {
    zk,
    model,
    attestorKey: attestor.key,
    chainId,
    poolFromBlock,
    coreFromBlock,
    deploymentsFile,
  };
}

/**
 * Ignition keeps a journal per chain (ignition/deployments/chain-<id>) and resumes from it. A
 * local node restarted since has a fresh chain the journal knows nothing about, so, like
 * `hardhat ignition deploy`, the journal is dropped when the node's instance id changed (or
 * always, for a run that wants a fresh system). Only on local chains; the in-process chain keeps
 * no journal.
 */
export async function resetLocalIgnitionJournal(
  connection: NetworkConnection,
  options: { always?: boolean } = {},
): Promise<void> {
  if (isEphemeral(connection) || !(await isLocalChain(connection))) return;
  const chainId = await (await connection.viem.getPublicClient()).getChainId();
  const journal = join(config.paths.ignition, "deployments", `chain-${chainId}`);
  // The same file and key as Ignition's own deploy task, so both agree on which node they saw.
  const instancesFile = join(config.paths.cache, ".hardhat-network-instances.json");
  let instanceId: string | undefined;
  try {
    const metadata = (await connection.provider.request({ method: "hardhat_metadata" })) as {
      instanceId?: string;
    };
    instanceId = metadata.instanceId;
  } catch {
    // Not a Hardhat node (e.g. anvil): no instance id to compare.
  }
  const instances = existsSync(instancesFile)
    ? (JSON.parse(await readFile(instancesFile, "utf8")) as Record<string, string>)
    : {};
  const deploymentId = `chain-${chainId}`;
  if (
    options.always === true ||
    (instanceId !== undefined && instances[deploymentId] !== instanceId)
  ) {
    await rm(journal, { recursive: true, force: true });
  }
  if (instanceId !== undefined) {
    instances[deploymentId] = instanceId;
    await mkdir(dirname(instancesFile), { recursive: true });
    await writeFile(instancesFile, JSON.stringify(instances, null, 2));
  }
}
