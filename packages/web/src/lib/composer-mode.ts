import type { TimelineMessage } from '@natter/client';

/** What Enter in the composer does: send a new message, send a reply, or save an edit. */
export type ComposerMode =
  | { kind: 'new' }
  | { kind: 'reply'; message: TimelineMessage }
  | { kind: 'edit'; message: TimelineMessage };

export const NEW_MESSAGE: ComposerMode = { kind: 'new' };

/** The message Up arrow edits: my newest one that the server has and that is not deleted. */
export function lastEditable(messages: readonly TimelineMessage[]): TimelineMessage | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m?.own && m.id && !m.deletedAt && m.type === 'text') return m;
  }
  return undefined;
}
