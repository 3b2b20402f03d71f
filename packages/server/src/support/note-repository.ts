import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { siteAgents, supportConversations, supportNotes, users } from '../db/schema.js';

/** A note with its author's name, as the presenter needs it. */
const noteColumns = {
  id: supportNotes.id,
  roomId: supportNotes.roomId,
  authorId: supportNotes.authorId,
  authorName: users.displayName,
  content: supportNotes.content,
  createdAt: supportNotes.createdAt,
};

export type NoteRow = Awaited<ReturnType<typeof findNotesForAgent>>[number];

export async function insertNote(
  db: Executor,
  note: { id: string; roomId: string; authorId: string; content: string; createdAt: Date },
): Promise<void> {
  await db.insert(supportNotes).values(note);
}

export async function findNote(db: Executor, noteId: string): Promise<NoteRow | undefined> {
  const [row] = await db
    .select(noteColumns)
    .from(supportNotes)
    .innerJoin(users, eq(users.id, supportNotes.authorId))
    .where(eq(supportNotes.id, noteId))
    .limit(1);
  return row;
}

/**
 * A conversation's notes, oldest first, if `agentId` is an agent of its site: the join to
 * `site_agents` is the authorization, in the read itself (a visitor is never anyone's agent).
 */
export function findNotesForAgent(db: Executor, roomId: string, agentId: string) {
  return db
    .select(noteColumns)
    .from(supportNotes)
    .innerJoin(users, eq(users.id, supportNotes.authorId))
    .innerJoin(supportConversations, eq(supportConversations.roomId, supportNotes.roomId))
    .innerJoin(
      siteAgents,
      and(eq(siteAgents.siteId, supportConversations.siteId), eq(siteAgents.userId, agentId)),
    )
    .where(eq(supportNotes.roomId, roomId))
    .orderBy(asc(supportNotes.createdAt), asc(supportNotes.id));
}
