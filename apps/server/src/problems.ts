import type { FastifyReply } from 'fastify';

export type FieldError = { path: string; message: string };

/** HTTP status of each refusal code (domain, store or route); any code not listed is a domain rule: 422. */
const statusOf: Partial<Record<string, number>> = {
  invalid_body: 400,
  invalid_query: 400,
  invalid_path: 400,
  invalid_header: 400,
  invalid_request: 400,
  occurred_in_future: 400,
  import_invalid: 400,
  sign_in_state_mismatch: 400,
  sign_in_expired: 400,
  unauthorized: 401,
  sign_in_failed: 401,
  forbidden: 403,
  csrf_token_invalid: 403,
  sign_in_not_configured: 404,
  token_not_found: 404,
  grant_not_found: 404,
  programme_not_found: 404,
  meeting_not_found: 404,
  round_not_found: 404,
  not_found: 404,
  unknown_subject: 404,
  programme_exists: 409,
  version_conflict: 409,
  store_not_empty: 409,
  nothing_to_sign: 409,
  email_not_configured: 409,
  body_too_large: 413,
  unsupported_media_type: 415,
  upgrade_required: 426,
  too_many_requests: 429,
  internal_error: 500,
  not_ready: 503,
  sign_in_unavailable: 503,
  store_read_only: 503,
  precondition_failed: 412,
  range_not_satisfiable: 416,
};

const titles: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  412: 'Precondition failed',
  416: 'Range not satisfiable',
  413: 'Payload too large',
  415: 'Unsupported media type',
  426: 'Upgrade required',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

export const problemStatus = (code: string) => statusOf[code] ?? 422;

/** Sends an RFC 9457 problem document with the contract's stable `code`. */
export const sendProblem = (reply: FastifyReply, code: string, detail: string, errors?: FieldError[]) => {
  const status = problemStatus(code);
  return reply
    .code(status)
    .type('application/problem+json')
    .send({
      type: `/problems/${code}`,
      title: titles[status] ?? 'Error',
      status,
      code,
      detail,
      instance: reply.request.url.split('?')[0],
      ...(errors ? { errors } : {}),
    });
};

/** A refusal raised by a route (not the domain or the store), carried to the error handler. */
export class HttpProblem extends Error {
  override name = 'HttpProblem';
  constructor(
    readonly code: string,
    message: string,
    readonly errors?: FieldError[],
  ) {
    super(message);
  }
}
