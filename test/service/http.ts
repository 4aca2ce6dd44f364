/**
 * A raw HTTP client for the service tests: node:http, so a test controls every byte (bad JSON,
 * wrong content-type, lying headers) and the source address (127.0.0.x: a distinct client for
 * the per-client rate limit).
 */
import { request } from "node:http";
import type { JobView } from "../../prover/service/index.js";

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The parsed body, or undefined if it is not JSON. */
  json: unknown;
}

export interface Send {
  method?: string;
  /** Default /v1/scores. */
  path?: string;
  headers?: Record<string, string>;
  /** An object is sent as JSON with content-type application/json unless headers say otherwise. */
  body?: string | Buffer | object;
  /** Source address, e.g. "127.0.0.2", to be another client. */
  from?: string;
}

export function send(baseUrl: string, s: Send): Promise<Reply> {
  const path = s.path ?? "/v1/scores";
  const url = new URL(baseUrl);
  const headers: Record<string, string> = { ...s.headers };
  let body: Buffer | undefined;
  if (typeof s.body === "string" || Buffer.isBuffer(s.body)) body = Buffer.from(s.body);
  else if (s.body !== undefined) {
    body = Buffer.from(JSON.stringify(s.body));
    headers["content-type"] ??= "application/json";
  }
  if (body !== undefined) headers["content-length"] ??= String(body.length);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        // Keep the path as given (no normalization), so bad paths reach the server as sent.
        path,
        method: s.method ?? (body === undefined ? "GET" : "POST"),
        headers,
        localAddress: s.from,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on("error", reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** The error code of an error reply (undefined if the body is not the error format). */
export function errorCode(r: Reply): string | undefined {
  const e = (r.json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  return typeof e?.code === "string" && typeof e.message === "string" && e.message !== ""
    ? e.code
    : undefined;
}

/** Polls GET /v1/scores/:id until the job is done or failed (or the deadline passes). */
export async function waitForJob(
  baseUrl: string,
  id: string,
  timeoutMs = 120_000,
  onView: (v: JobView) => void = () => {},
): Promise<JobView> {
  const until = Date.now() + timeoutMs;
  let unavailable = 0;
  for (;;) {
    const r = await send(baseUrl, { path: `/v1/scores/${id}` });
    // 503 means "try again" (the queue was briefly unreachable); anything else is an answer.
    if (r.status === 503 && ++unavailable <= 10) {
      await new Promise((res) => setTimeout(res, 200));
      continue;
    }
    if (r.status !== 200) throw new Error(`GET /v1/scores/${id}: ${r.status} ${r.text}`);
    unavailable = 0;
    const view = r.json as JobView;
    onView(view);
    if (view.status === "done" || view.status === "failed") return view;
    if (Date.now() > until) throw new Error(`job ${id} still ${view.status} after ${timeoutMs} ms`);
    await new Promise((res) => setTimeout(res, 100));
  }
}
