import type { CannedResponse } from '@natter/protocol';
import type { CannedResponseRow } from './canned-response-repository.js';

/** The only way a canned response row becomes a payload. */
export function presentCannedResponse(row: CannedResponseRow): CannedResponse {
  return {
    id: row.id,
    siteId: row.siteId,
    shortcut: row.shortcut,
    content: row.content,
    createdAt: row.createdAt.toISOString(),
  };
}
