import { NatterError } from '@natter/client';

/**
 * What to show next to a form when the server refused it: its own message for a bad request (it
 * names the field), a plain sentence otherwise.
 */
export function errorMessage(error: unknown, fallback: string): string {
  if (error instanceof NatterError) {
    if (error.code === 'bad_request' || error.code === 'conflict' || error.code === 'forbidden')
      return error.message;
    if (error.code === 'rate_limited') return 'Too many attempts. Wait a moment and try again.';
    if (error.code === 'unavailable') return 'The server is busy. Try again in a moment.';
  }
  return fallback;
}
