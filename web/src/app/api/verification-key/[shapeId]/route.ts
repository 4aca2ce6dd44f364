/**
 * GET /api/verification-key/<shapeId>: the committed Groth16 verification key of a model shape,
 * circuits/build/<shape>/verification_key.json, found by the on-chain shape id
 * (ModelRegistry: shapeId = keccak256 of the shape name). The audit page verifies proofs against
 * it in the browser. Read from disk per request: the key is a committed file, not part of the bundle.
 */
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { keccak256, stringToHex, toBytes } from "viem";

/** circuits/build of the repository, found upward from where the server runs (repo root or web/). */
function circuitsBuildDir(): string | undefined {
  let dir = process.cwd();
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, "circuits", "build");
    if (existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  return undefined;
}

const SHAPE_ID = /^0x[0-9a-fA-F]{64}$/;

function matches(shapeId: string, name: string): boolean {
  const id = shapeId.toLowerCase();
  return (
    keccak256(toBytes(name)) === id || (name.length <= 32 && stringToHex(name, { size: 32 }) === id)
  );
}

export async function GET(
  _req: Request,
  ctx: { params: Promise<{ shapeId: string }> },
): Promise<Response> {
  const { shapeId } = await ctx.params;
  if (!SHAPE_ID.test(shapeId)) {
    return Response.json(
      {
        error: {
          code: "BAD_SHAPE_ID",
          message: `shape id must be 32 bytes of hex, got "${shapeId}"`,
        },
      },
      { status: 400 },
    );
  }
  const build = circuitsBuildDir();
  if (!build) {
    return Response.json(
      {
        error: {
          code: "NO_CIRCUITS",
          message: "circuits/build was not found above the server's working directory",
        },
      },
      { status: 500 },
    );
  }
  const shapes = (await readdir(build, { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
  const shape = shapes.find((name) => matches(shapeId, name));
  if (!shape) {
    return Response.json(
      {
        error: {
          code: "UNKNOWN_SHAPE",
          message: `no committed verification key for shape id ${shapeId} (have: ${shapes.join(", ") || "none"})`,
        },
      },
      { status: 404 },
    );
  }
  const file = path.join(build, shape, "verification_key.json");
  let verificationKey: unknown;
  try {
    verificationKey = JSON.parse(await readFile(file, "utf8"));
  } catch (e) {
    return Response.json(
      {
        error: {
          code: "BAD_KEY_FILE",
          message: `circuits/build/${shape}/verification_key.json: ${(e as Error).message}`,
        },
      },
      { status: 500 },
    );
  }
  return Response.json({ shape, shapeId, verificationKey });
}
