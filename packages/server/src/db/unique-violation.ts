/**
 * True when an error (or one of its causes: drivers and Drizzle wrap them) is PostgreSQL refusing
 * a row for the named unique key (SQLSTATE 23505). Racing writers of one natural key use it to
 * find the winner's row instead of answering 500.
 */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  for (let e = error; e; e = (e as { cause?: unknown }).cause) {
    const {
      code,
      constraint: violated,
      message,
    } = e as {
      code?: string;
      constraint?: string;
      message?: string;
    };
    if (code === '23505' && (violated === constraint || message?.includes(constraint))) return true;
    if (typeof e !== 'object') break;
  }
  return false;
}
