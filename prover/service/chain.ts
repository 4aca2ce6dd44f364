/**
 * What the API reads from the chain itself (the proving reads happen in the workers): the head
 * block, to resolve "latest" and refuse future blocks at request time; contract addresses from
 * the generated deployments file; and each model's status in the ModelRegistry.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  createPublicClient,
  getAddress,
  http,
  parseAbi,
  type Address,
  type Hex,
  type PublicClient,
} from "viem";
import { REPO_ROOT } from "../proof/index.js";
import { ApiError } from "./errors.js";

/** The ModelRegistry reads /v1/models makes (contracts/interfaces/IModelRegistry.sol). */
export const MODEL_REGISTRY_ABI = parseAbi([
  "function modelOf(uint256 commitment) view returns ((bytes32 shapeId, bytes32 cardHash, string cardUri, uint8 status, uint32 id, uint64 registeredAt, uint64 revokedAt))",
  "function verifierFor(bytes32 shapeId) view returns (address)",
]);

/** IModelRegistry.ModelStatus, by index. */
const MODEL_STATUS = ["none", "active", "revoked"] as const;

export const DEPLOYMENTS_FILE = join(REPO_ROOT, "deployments", "deployedContracts.ts");

type Deployments = Record<string, Record<string, { address: string } | undefined> | undefined>;

/**
 * The address of contract `name` on `chainId` in deployments/deployedContracts.ts (written by the
 * deploy script), or undefined when the file or the entry does not exist.
 */
export async function deployedAddress(
  chainId: number,
  name: string,
  file = DEPLOYMENTS_FILE,
): Promise<Address | undefined> {
  if (!existsSync(file)) return undefined;
  const mod = (await import(pathToFileURL(file).href)) as { deployedContracts?: Deployments };
  const address = mod.deployedContracts?.[String(chainId)]?.[name]?.address;
  return address === undefined ? undefined : getAddress(address);
}

export function chainClient(rpcUrl: string): PublicClient {
  // No retries: a request waiting on a dead node should fail fast with rpc_unavailable.
  return createPublicClient({ transport: http(rpcUrl, { retryCount: 0, timeout: 10_000 }) });
}

/** The current head, or rpc_unavailable. Never cached: "latest" means latest at request time. */
export async function headBlock(client: PublicClient): Promise<bigint> {
  try {
    return await client.getBlockNumber({ cacheTime: 0 });
  } catch (err) {
    throw new ApiError(
      "rpc_unavailable",
      `the chain's JSON-RPC endpoint did not answer: ${(err as Error).message.split("\n")[0]}`,
    );
  }
}

/** Largest block number accepted at all (uint64, what nodes use); beyond it is invalid_block. */
const MAX_BLOCK = (1n << 64n) - 1n;

/**
 * The block a request names, as a number: "latest" (or nothing) → the head now; an integer, a
 * decimal string or a 0x-hex string → that block, which must not be beyond the head.
 */
export async function resolveBlock(
  client: PublicClient,
  block: string | number | undefined,
): Promise<bigint> {
  let wanted: bigint | undefined;
  if (typeof block === "number") {
    // JSON numbers above 2^53 have already lost digits: refuse rather than guess.
    if (!Number.isSafeInteger(block) || block < 0) {
      throw new ApiError(
        "invalid_block",
        `body.block = ${block} is not a non-negative integer below 2^53 (pass larger numbers as a string)`,
      );
    }
    wanted = BigInt(block);
  } else if (block !== undefined && block !== "latest") {
    wanted = BigInt(block); // the schema allowed only decimal or 0x-hex digits
    if (wanted > MAX_BLOCK) {
      throw new ApiError("invalid_block", `body.block = ${block} is larger than 2^64 - 1`);
    }
  }
  const head = await headBlock(client);
  if (wanted === undefined) return head;
  if (wanted > head) {
    throw new ApiError(
      "unknown_block",
      `block ${wanted} does not exist yet: the chain head is block ${head}`,
    );
  }
  return wanted;
}

export interface OnChainModel {
  status: (typeof MODEL_STATUS)[number];
  id: number;
  registeredAt: string;
  revokedAt: string;
  cardUri: string;
  /** Whether the registry's shape id matches the model's shape (a mismatch would never verify). */
  shapeMatches: boolean;
  verifier: Address;
}

/** The model's entry in the ModelRegistry (status "none" when not registered). */
export async function modelOnChain(
  client: PublicClient,
  registry: Address,
  commitment: bigint,
  shapeId: Hex,
): Promise<OnChainModel> {
  const m = await client.readContract({
    address: registry,
    abi: MODEL_REGISTRY_ABI,
    functionName: "modelOf",
    args: [commitment],
  });
  const verifier = await client.readContract({
    address: registry,
    abi: MODEL_REGISTRY_ABI,
    functionName: "verifierFor",
    args: [shapeId],
  });
  return {
    status: MODEL_STATUS[m.status] ?? "none",
    id: m.id,
    registeredAt: m.registeredAt.toString(),
    revokedAt: m.revokedAt.toString(),
    cardUri: m.cardUri,
    shapeMatches: m.status === 0 || m.shapeId.toLowerCase() === shapeId.toLowerCase(),
    verifier,
  };
}
