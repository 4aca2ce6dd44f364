/**
 * Bad requests, one per kind, each with the status and error code the service must answer.
 * `ctx` supplies what only the running test knows (a valid address, the chain head).
 */
import type { Send } from "./http.js";

export interface BadRequest {
  name: string;
  request: Send;
  status: number;
  code: string;
}

export interface BadRequestContext {
  /** A valid, checksummed wallet address. */
  subject: string;
  /** The chain head now. */
  head: bigint;
}

const JSON_TYPE = { "content-type": "application/json" };

export function badRequests({ subject, head }: BadRequestContext): BadRequest[] {
  const raw = (name: string, body: string | Buffer, code: string, status = 400): BadRequest => ({
    name,
    request: { path: "/v1/scores", body, headers: JSON_TYPE },
    status,
    code,
  });
  const post = (name: string, body: object, code: string, status = 400): BadRequest => ({
    name,
    request: { path: "/v1/scores", body },
    status,
    code,
  });
  const address = (name: string, value: unknown): BadRequest =>
    post(`subject: ${name}`, { subject: value }, "invalid_address");
  const block = (name: string, value: unknown, code = "invalid_block", status = 400): BadRequest =>
    post(`block: ${name}`, { subject, block: value }, code, status);
  const route = (method: string, path: string, status: number, code: string): BadRequest => ({
    name: `${method} ${path.length > 40 ? `${path.slice(0, 40)}…` : path}`,
    request: { method, path },
    status,
    code,
  });
  // Mixed case with one letter's case flipped: the EIP-55 checksum no longer matches.
  const flipped = subject.replace(/[a-f]/, (c) => c.toUpperCase());
  const badChecksum =
    flipped !== subject ? flipped : subject.replace(/[A-F]/, (c) => c.toLowerCase());

  return [
    // Body syntax.
    raw("truncated JSON", `{"subject": "${subject}"`, "malformed_json"),
    raw("unquoted key", `{subject: "${subject}"}`, "malformed_json"),
    raw("trailing comma", `{"subject": "${subject}",}`, "malformed_json"),
    raw("single quotes", `{'subject': '${subject}'}`, "malformed_json"),
    raw(
      "invalid UTF-8",
      Buffer.concat([Buffer.from('{"subject": '), Buffer.from([0xff, 0xfe]), Buffer.from("}")]),
      "malformed_json",
    ),
    raw("XML body labelled JSON", `<score subject="${subject}"/>`, "malformed_json"),
    raw(
      "__proto__ key",
      `{"subject": "${subject}", "__proto__": {"admin": true}}`,
      "malformed_json",
    ),
    raw(
      "constructor.prototype key",
      `{"subject": "${subject}", "constructor": {"prototype": {"x": 1}}}`,
      "malformed_json",
    ),
    raw("empty body", "", "empty_body"),
    // Body shape.
    raw("null body", "null", "invalid_body"),
    raw("array body", `[{"subject": "${subject}"}]`, "invalid_body"),
    raw("string body", `"${subject}"`, "invalid_body"),
    raw("number body", "42", "invalid_body"),
    raw("boolean body", "true", "invalid_body"),
    raw("deeply nested body", `${"[".repeat(1000)}${"]".repeat(1000)}`, "invalid_body"),
    post("empty object", {}, "missing_field"),
    post("block without subject", { block: 1 }, "missing_field"),
    post("unknown field", { subject, block: 1, callback: "http://x" }, "unknown_field"),
    post("misspelled field (subject then missing)", { subjct: subject }, "missing_field"),
    // Addresses.
    address("empty string", ""),
    address("too short", "0x1234"),
    address("41 hex digits", `${subject}0`),
    address("no 0x prefix", subject.slice(2)),
    address("non-hex digits", `0x${"zz".repeat(20)}`),
    address("number", 1234),
    address("null", null),
    address("array", [subject]),
    address("object", { address: subject }),
    address("bad EIP-55 checksum", badChecksum),
    address("zero address", `0x${"0".repeat(40)}`),
    address("leading space", ` ${subject}`),
    address("homoglyph (Cyrillic а)", subject.slice(0, -1) + "а"),
    address("ENS name", "vitalik.eth"),
    // Blocks.
    block("negative", -1),
    block("fraction", 1.5),
    block("word", "abc"),
    block("negative string", "-5"),
    block("exponent string", "1e3"),
    block("1e30 as a number", 1e30),
    block("2^53 + 1 as a number", 2 ** 53 + 2),
    block("21 digits", "999999999999999999999"),
    block("above 2^64 - 1", "18446744073709551616"),
    block("bare 0x", "0x"),
    block("bad hex", "0xg1"),
    block("null", null),
    block("boolean", true),
    block("array", [1]),
    block("object", { number: 1 }),
    block("empty string", ""),
    block("LATEST (wrong case)", "LATEST"),
    block("leading space", " 5"),
    block("pending", "pending"),
    block("beyond the head", (head + 1000n).toString(), "unknown_block", 422),
    block("2^64 - 1", "18446744073709551615", "unknown_block", 422),
    block("beyond the head, hex", `0x${(head + 7n).toString(16)}`, "unknown_block", 422),
    // Size and media type.
    post("oversized body", { subject, padding: "x".repeat(10_000) }, "body_too_large", 413),
    raw("oversized subject", `{"subject": "0x${"a".repeat(8000)}"}`, "body_too_large", 413),
    {
      name: "text/plain body",
      request: {
        path: "/v1/scores",
        body: JSON.stringify({ subject }),
        headers: { "content-type": "text/plain" },
      },
      status: 415,
      code: "unsupported_media_type",
    },
    {
      name: "form-encoded body",
      request: {
        path: "/v1/scores",
        body: `subject=${subject}`,
        headers: { "content-type": "application/x-www-form-urlencoded" },
      },
      status: 415,
      code: "unsupported_media_type",
    },
    {
      name: "multipart body",
      request: {
        path: "/v1/scores",
        body: `--b\r\ncontent-disposition: form-data; name="subject"\r\n\r\n${subject}\r\n--b--`,
        headers: { "content-type": "multipart/form-data; boundary=b" },
      },
      status: 415,
      code: "unsupported_media_type",
    },
    {
      name: "body without content-type",
      request: {
        path: "/v1/scores",
        method: "POST",
        body: JSON.stringify({ subject }),
        headers: {},
      },
      status: 415,
      code: "unsupported_media_type",
    },
    // Routes and methods.
    route("GET", "/v1/scores", 405, "method_not_allowed"),
    route("PUT", "/v1/scores", 405, "method_not_allowed"),
    route("DELETE", `/v1/scores/${subject.toLowerCase()}-1`, 405, "method_not_allowed"),
    route("PATCH", "/v1/models", 405, "method_not_allowed"),
    route("POST", "/healthz", 405, "method_not_allowed"),
    route("DELETE", "/metrics", 405, "method_not_allowed"),
    route("GET", "/", 404, "not_found"),
    route("GET", "/v1/nope", 404, "not_found"),
    route("GET", "/v2/scores", 404, "not_found"),
    route("GET", "/v1/scores/../../etc/passwd", 404, "not_found"),
    route("GET", `/v1/scores/${"a".repeat(3000)}`, 414, "uri_too_long"),
    route("GET", "/v1/scores/not-a-job", 400, "invalid_job_id"),
    route("GET", `/v1/scores/${subject}-1`, 400, "invalid_job_id"), // ids are lower-case
    route("GET", "/v1/scores/%E0%A4%A", 400, "bad_url"),
    route("GET", `/v1/scores/0x${"cd".repeat(20)}-7`, 404, "job_not_found"),
  ];
}
