/**
 * Test setup on the Hardhat node, from the test process (not through the app): pick accounts,
 * fund them with the deployment's mock tokens. Contracts come from the generated deployments file,
 * loaded at run time (it exists only after the deploy script ran).
 */
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { encodeFunctionData, parseAbi, parseUnits, type Address, type Hex } from "viem";
import { rpc } from "./harness.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

type Deployments = Record<string, Record<string, { address: Address }>>;

/** The deploy script's output; E2E_DEPLOYMENTS points elsewhere (e.g. a scratch deployment). */
const deploymentsFile =
  process.env.E2E_DEPLOYMENTS ?? path.join(root, "deployments", "deployedContracts.ts");

/** Address of the deployed contract `name` on the node's chain. */
export async function addressOf(name: string): Promise<Address> {
  const file = pathToFileURL(path.resolve(deploymentsFile)).href;
  const { deployedContracts } = (await import(file)) as { deployedContracts: Deployments };
  const chainId = Number(await rpc<string>("eth_chainId", []));
  const c = deployedContracts[chainId]?.[name];
  if (!c) throw new Error(`deployments/deployedContracts.ts has no ${name} for chain ${chainId}`);
  return c.address;
}

/** The node's unlocked accounts. */
export async function accounts(): Promise<Address[]> {
  return rpc<Address[]>("eth_accounts", []);
}

/** Sends a transaction from an unlocked account and fails unless it is mined successfully. */
export async function send(from: Address, to: Address, data: Hex): Promise<void> {
  const hash = await rpc<Hex>("eth_sendTransaction", [{ from, to, data }]);
  const receipt = await rpc<{ status: Hex } | null>("eth_getTransactionReceipt", [hash]);
  if (receipt?.status !== "0x1")
    throw new Error(`transaction ${hash} from ${from} to ${to} failed`);
}

const erc20 = parseAbi([
  "function mint(address to, uint256 amount)",
  "function decimals() view returns (uint8)",
]);

/** Mints `amount` whole tokens of the mock token `name` to `to` (the mocks mint to anyone). */
export async function mint(
  name: "StableToken" | "CollateralToken",
  to: Address,
  amount: string,
): Promise<void> {
  const token = await addressOf(name);
  const decimals = Number(
    BigInt(
      await rpc<Hex>("eth_call", [
        { to: token, data: encodeFunctionData({ abi: erc20, functionName: "decimals" }) },
        "latest",
      ]),
    ),
  );
  await send(
    to,
    token,
    encodeFunctionData({
      abi: erc20,
      functionName: "mint",
      args: [to, parseUnits(amount, decimals)],
    }),
  );
}
