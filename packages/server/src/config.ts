import { resolve } from 'node:path';
import { z } from 'zod';

/** Everything the server can be told. Only main.ts reads the environment. */
export interface ServerConfig {
  port: number;
  host: string;
  /** Where the embedded database (and later files and keys) live. */
  dataDir: string;
  /** PGlite location; defaults to `<dataDir>/db`. `memory://` for throwaway instances. */
  pgliteDir?: string | undefined;
  databaseUrl?: string | undefined;
  /** Browser origins allowed to call the API and open sockets; undefined = the server's own origin. */
  allowedOrigins?: string[] | undefined;
  rateLimits: boolean;
  /** Serve the session cookie with `Secure` (behind HTTPS). */
  secureCookies: boolean;
  logLevel: string;
  /** The built web app served at `/`; defaults to packages/web/dist beside the server package. */
  webDir?: string | undefined;
}

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres://')
    .optional(),
  ALLOWED_ORIGINS: z.string().optional(),
  RATE_LIMITS: z.enum(['on', 'off']).default('on'),
  SECURE_COOKIES: z.enum(['true', 'false']).default('false'),
  WEB_DIR: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** Reads the configuration from environment variables; throws with every problem named. */
export function configFromEnv(env: NodeJS.ProcessEnv): ServerConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL || undefined,
    allowedOrigins: e.ALLOWED_ORIGINS?.split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    rateLimits: e.RATE_LIMITS === 'on',
    secureCookies: e.SECURE_COOKIES === 'true',
    logLevel: e.LOG_LEVEL,
    webDir: e.WEB_DIR ? resolve(e.WEB_DIR) : undefined,
  };
}
