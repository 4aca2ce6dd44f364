/**
 * The service's error vocabulary: every error leaves as `{ error: { code, message } }` with a stable
 * machine-readable code (clients branch on it) and a message naming what was wrong. Fastify's own
 * errors (parser, body limit, validation) are translated here, in one place.
 */

/** Every code the API answers with. Adding one is an API change: document it in the OpenAPI text. */
export const ERROR_CODES = {
  invalid_address: 400,
  invalid_block: 400,
  invalid_body: 400,
  invalid_job_id: 400,
  missing_field: 400,
  unknown_field: 400,
  malformed_json: 400,
  empty_body: 400,
  invalid_content_length: 400,
  bad_url: 400,
  bad_request: 400,
  not_found: 404,
  job_not_found: 404,
  method_not_allowed: 405,
  body_too_large: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  unknown_block: 422,
  rate_limited: 429,
  internal_error: 500,
  rpc_unavailable: 503,
  queue_unavailable: 503,
  queue_full: 503,
  shutting_down: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The JSON body of every error response. */
export interface ErrorBody {
  error: { code: string; message: string };
}

/** An error the API answers with as is: status from the code, message for the client. */
export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
    this.status = ERROR_CODES[code];
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message } };
  }
}

/** One entry of Fastify/Ajv's validation error list (the fields we read). */
interface ValidationIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

/** The shape of the errors Fastify throws (FST_ERR_* codes, Ajv validation, JSON parser). */
interface FastifyLikeError {
  code?: string;
  statusCode?: number;
  message: string;
  validation?: ValidationIssue[];
  validationContext?: string;
}

/** Field name → the code a bad value of it earns. */
const FIELD_CODES: Record<string, ErrorCode> = {
  "/subject": "invalid_address",
  "/block": "invalid_block",
  "/id": "invalid_job_id",
};

const FIELD_HINTS: Record<string, string> = {
  "/subject": "a wallet address: 0x followed by 40 hex digits",
  "/block": 'a block number (a non-negative integer, a decimal or 0x-hex string) or "latest"',
  "/id": "a job id as returned by POST /v1/scores",
};

function fromValidation(issues: ValidationIssue[], context: string | undefined): ApiError {
  // Ajv lists every failed branch of a oneOf; the first issue on a field is the informative one.
  const issue = issues[0]!;
  const where = context ?? "body";
  if (issue.keyword === "additionalProperties") {
    const field = String(issue.params.additionalProperty);
    return new ApiError(
      "unknown_field",
      `${where} has an unknown field "${field}" (allowed: subject, block)`,
    );
  }
  if (issue.keyword === "required") {
    return new ApiError(
      "missing_field",
      `${where} is missing the required field "${String(issue.params.missingProperty)}"`,
    );
  }
  const code = FIELD_CODES[issue.instancePath];
  if (code !== undefined) {
    const field = issue.instancePath.slice(1);
    return new ApiError(code, `${where}.${field} must be ${FIELD_HINTS[issue.instancePath]}`);
  }
  if (issue.instancePath === "") {
    return new ApiError("invalid_body", `${where} must be a JSON object {"subject", "block"?}`);
  }
  return new ApiError(
    "invalid_body",
    `${where}${issue.instancePath} ${issue.message ?? "is invalid"}`,
  );
}

/** Translates anything a route or Fastify threw into the error the client gets. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const e = err as FastifyLikeError;
  if (Array.isArray(e.validation) && e.validation.length > 0) {
    return fromValidation(e.validation, e.validationContext);
  }
  switch (e.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new ApiError("body_too_large", "request body is larger than the service accepts");
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new ApiError(
        "unsupported_media_type",
        "request body must be JSON (content-type: application/json)",
      );
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return new ApiError("empty_body", "content-type is application/json but the body is empty");
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      return new ApiError("malformed_json", `request body is not valid JSON: ${e.message}`);
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return new ApiError("invalid_content_length", "content-length does not match the body");
    case "FST_ERR_BAD_URL":
      return new ApiError("bad_url", "the request URL is not valid (bad percent-encoding?)");
    case "FST_ERR_MAX_PARAM_LENGTH":
      return new ApiError("uri_too_long", "a path segment of the URL is too long");
    default:
      break;
  }
  // Fastify's JSON parser throws a plain SyntaxError with statusCode 400.
  if (err instanceof SyntaxError && e.statusCode === 400) {
    return new ApiError("malformed_json", `request body is not valid JSON: ${e.message}`);
  }
  if (e.statusCode === 429) return new ApiError("rate_limited", e.message);
  // Any other client error Fastify raises: still a 400 in our format, never a 500.
  if (typeof e.statusCode === "number" && e.statusCode >= 400 && e.statusCode < 500) {
    return new ApiError("bad_request", `bad request (${e.code ?? e.statusCode})`);
  }
  return new ApiError("internal_error", "internal error (see the service log)");
}
