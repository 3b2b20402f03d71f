import { originSchema } from '@natter/protocol';

export interface ParsedOrigins {
  origins: string[];
  /** One sentence per line that is not an origin, naming the line. */
  errors: string[];
}

/**
 * The "allowed origins" box: one origin per line, blank lines ignored, a trailing slash
 * forgiven (people paste `https://shop.example/`), duplicates dropped.
 */
export function parseOrigins(text: string): ParsedOrigins {
  const origins: string[] = [];
  const errors: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim().replace(/\/$/, '');
    if (!line) continue;
    if (originSchema.safeParse(line).success) {
      if (!origins.includes(line)) origins.push(line);
    } else {
      errors.push(`“${raw.trim()}” is not an origin such as https://shop.example (no path).`);
    }
  }
  if (origins.length === 0 && errors.length === 0) errors.push('Add at least one origin.');
  return { origins, errors };
}
