import type { FastifyInstance } from 'fastify';
import type { S3Config } from '../config.js';

export interface SecurityHeadersConfig {
  /** https here turns HSTS on and names the websocket origin for browsers that need it spelled. */
  publicUrl?: string | undefined;
  /** Set when files live in a bucket: the page loads images from it and uploads to it. */
  s3?: S3Config | undefined;
}

/** Everything that is not a page (JSON, assets): nothing may run, nobody may frame it. */
export const NON_PAGE_POLICY = "default-src 'none'; frame-ancestors 'none'";

/**
 * The web app's Content-Security-Policy: script and style from the server only (Vite builds no
 * inline script), images also from `blob:`/`data:` (previews of picked files) and the bucket,
 * connections to the server (its websocket included) and the bucket (uploads go straight to it),
 * and the service worker `/sw.js` (push notifications) from the server only.
 * `frameAncestors` is the part a page embedded elsewhere (the support widget's iframe) varies.
 */
export function pagePolicy(config: SecurityHeadersConfig, frameAncestors = "'none'"): string {
  const bucket = config.s3 ? [bucketOrigin(config.s3)] : [];
  const websocket = config.publicUrl ? [config.publicUrl.replace(/^http/, 'ws')] : [];
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    ['img-src', "'self'", 'blob:', 'data:', ...bucket].join(' '),
    ['media-src', "'self'", 'blob:', ...bucket].join(' '),
    ['connect-src', "'self'", ...websocket, ...bucket].join(' '),
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ');
}

/**
 * The origin presigned URLs of the bucket point at: the endpoint itself with path-style URLs,
 * else `<bucket>.<endpoint host>` (AWS's regional host when no endpoint is set).
 */
export function bucketOrigin(s3: S3Config): string {
  const endpoint = new URL(s3.endpoint ?? `https://s3.${s3.region}.amazonaws.com`);
  if (s3.forcePathStyle) return endpoint.origin;
  return `${endpoint.protocol}//${s3.bucket}.${endpoint.host}`;
}

/**
 * Security headers on every response. The Content-Security-Policy is set by the route that
 * serves a page (web-app.ts: `pagePolicy`; a page meant for an iframe names its frame-ancestors)
 * or a file (sandboxed); every other response gets NON_PAGE_POLICY. The policy is varied per
 * route by setting the header there: this hook only fills in what is missing.
 */
export function registerSecurityHeaders(app: FastifyInstance, config: SecurityHeadersConfig): void {
  const https = config.publicUrl?.startsWith('https:') ?? false;
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    // Never send a URL (a room's path, a signed file URL) to another site.
    reply.header('referrer-policy', 'no-referrer');
    if (https) reply.header('strict-transport-security', 'max-age=31536000');
    if (!reply.hasHeader('content-security-policy')) {
      reply.header('content-security-policy', NON_PAGE_POLICY);
    }
    return payload;
  });
}
