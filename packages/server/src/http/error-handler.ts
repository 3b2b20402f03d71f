import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_HTTP_STATUS } from '@natter/protocol';
import type { ErrorBody, ErrorCode } from '@natter/protocol';
import { AppError, toErrorBody } from '../errors.js';

/** Fastify's own 4xx errors (bad JSON, body too large, poisoned prototypes), in our catalogue. */
const FRAMEWORK_STATUS_CODES: Record<number, ErrorCode> = {
  400: 'bad_request',
  413: 'payload_too_large',
  415: 'bad_request',
};

/** Every HTTP error leaves as `{ error: { code, message } }`; nothing else, no stack traces. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const body = describe(error);
    const status = ERROR_HTTP_STATUS[body.code];
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    if (body.retryAfterMs !== undefined) {
      reply.header('retry-after', Math.ceil(body.retryAfterMs / 1000));
    }
    return reply.status(status).send({ error: body });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      error: {
        code: 'not_found',
        message: `no route ${request.method} ${request.url.split('?')[0]}`,
      },
    }),
  );
}

/**
 * What Fastify's router refuses before any route or hook sees the request, otherwise answered in
 * Fastify's own shape: a path that does not decode (`%ED%A0%80`, a lone surrogate; a bare `%`)
 * and a path parameter over the router's length limit (no id is that long). Both are the
 * client's mistake: `bad_request`, in the shape of every other error.
 */
const ROUTER_REFUSALS: Record<string, string> = {
  FST_ERR_BAD_URL: 'the path is not valid: a percent-encoding does not decode to UTF-8',
  FST_ERR_MAX_PARAM_LENGTH: 'the path is not valid: a path parameter is too long',
};

/** Fastify's `frameworkErrors` option: see `ROUTER_REFUSALS`. */
export function frameworkErrors(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const message = ROUTER_REFUSALS[error.code];
  const body: ErrorBody = message ? { code: 'bad_request', message } : toErrorBody(error);
  if (!message) request.log.error({ err: error }, 'request failed');
  void reply.status(ERROR_HTTP_STATUS[body.code]).send({ error: body });
}

function describe(error: FastifyError): ErrorBody {
  if (error instanceof AppError) return toErrorBody(error);
  const code =
    error.statusCode === undefined ? undefined : FRAMEWORK_STATUS_CODES[error.statusCode];
  return code ? { code, message: error.message } : toErrorBody(error);
}
