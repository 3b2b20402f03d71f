/**
 * Unsent text per room, kept in localStorage so a draft survives switching rooms and reloads.
 * Keyed by user too: two accounts on one browser do not see each other's drafts.
 */
const key = (userId: string, roomId: string) => `natter:draft:${userId}:${roomId}`;

export function loadDraft(userId: string, roomId: string): string {
  try {
    return localStorage.getItem(key(userId, roomId)) ?? '';
  } catch {
    return '';
  }
}

export function saveDraft(userId: string, roomId: string, text: string): void {
  try {
    if (text) localStorage.setItem(key(userId, roomId), text);
    else localStorage.removeItem(key(userId, roomId));
  } catch {
    // Storage full or disabled (private mode): the draft just lives as long as the composer.
  }
}

/** Forgets every draft of a user: signing out on a shared computer leaves nothing behind. */
export function clearDrafts(userId: string): void {
  try {
    const prefix = `natter:draft:${userId}:`;
    const keys = Array.from({ length: localStorage.length }, (_, i) => localStorage.key(i));
    for (const k of keys) if (k?.startsWith(prefix)) localStorage.removeItem(k);
  } catch {
    // Storage disabled: there is nothing to clear.
  }
}
