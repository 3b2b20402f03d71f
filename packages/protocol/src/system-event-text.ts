import type { SystemEvent } from './entities.js';

/**
 * A `system` message's sentence in English ("Alice added Dave"), from its `event` and the
 * people's names. The server stores it as the message's fallback `content`; English clients say
 * the same with the names they know now (a later rename of a person shows there).
 */
export function systemEventText(event: SystemEvent, nameOf: (userId: string) => string): string {
  const actor = nameOf(event.actorId);
  switch (event.kind) {
    case 'member_added':
      return `${actor} added ${nameOf(event.targetId)}`;
    case 'member_removed':
      return `${actor} removed ${nameOf(event.targetId)}`;
    case 'member_left':
      return `${actor} left`;
    case 'renamed':
      return `${actor} renamed the group to “${event.name}”`;
    case 'recoloured':
      return `${actor} changed the group colour to ${event.color}`;
  }
}
