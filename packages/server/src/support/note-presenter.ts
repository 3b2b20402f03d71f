import type { Note } from '@natter/protocol';
import type { NoteRow } from './note-repository.js';

/** The only way a note row becomes a payload. */
export function presentNote(row: NoteRow): Note {
  return {
    id: row.id,
    roomId: row.roomId,
    author: { id: row.authorId, displayName: row.authorName },
    content: row.content,
    createdAt: row.createdAt.toISOString(),
  };
}
