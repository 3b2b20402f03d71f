import type { FastifyRequest } from 'fastify';

/**
 * A URL as it may be logged: its query replaced by `?[redacted]`. File URLs carry their signature
 * (`?exp=…&sig=…`) there, and a signed URL in a log works for anyone who can read the log.
 */
export function redactQuery(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : `${url.slice(0, query)}?[redacted]`;
}

/**
 * Pino serializers for Fastify's request log lines: Fastify's own `req` shape with the query
 * redacted. Installed on the HTTP logger, so every line that logs a request uses them.
 */
export const requestLogSerializers = {
  req: (request: FastifyRequest) => ({
    method: request.method,
    url: redactQuery(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket.remotePort,
  }),
};
