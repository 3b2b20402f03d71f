import type { Conversation, ConversationStatus } from '@natter/protocol';

export type AssigneeFilter = 'mine' | 'unassigned' | 'all';

export interface InboxFilters {
  status: ConversationStatus;
  assignee: AssigneeFilter;
  /** One site, or every site the agent serves. */
  siteId: string | undefined;
}

/** Whether a conversation belongs in the list the filters ask for (a live update may move it out). */
export function matchesFilters(
  conversation: Conversation,
  filters: InboxFilters,
  meId: string,
): boolean {
  if (conversation.status !== filters.status) return false;
  if (filters.siteId && conversation.siteId !== filters.siteId) return false;
  if (filters.assignee === 'mine') return conversation.assigneeId === meId;
  if (filters.assignee === 'unassigned') return conversation.assigneeId === undefined;
  return true;
}

/** A visitor's name as the inbox shows it: "Visitor 3f2a" when they gave none. */
export function visitorLabel(conversation: Conversation): string {
  const name = conversation.visitor.displayName.trim();
  if (name && name !== 'Visitor') return name;
  return `Visitor ${conversation.visitor.id.replace(/-/g, '').slice(0, 4)}`;
}
