import type { TimelineMessage } from '@natter/client';
import { formatClock } from './format-time.js';
import { messageSummary } from './message-summary.js';

/** How much of a message an action's name quotes: enough to tell it apart, short enough to hear. */
const SNIPPET_WORDS = 6;
const SNIPPET_CHARS = 40;

/** The first words of a text, on one line, with "…" when something was left out. */
export function firstWords(text: string): string {
  const words = text.trim().split(/\s+/).filter(Boolean);
  let snippet = words.slice(0, SNIPPET_WORDS).join(' ');
  if (snippet.length > SNIPPET_CHARS) snippet = snippet.slice(0, SNIPPET_CHARS).trimEnd();
  return snippet.length < words.join(' ').length ? `${snippet}…` : snippet;
}

type Labelled = Pick<
  TimelineMessage,
  'own' | 'sender' | 'createdAt' | 'content' | 'type' | 'deletedAt' | 'attachments' | 'uploads'
>;

const senderName = (message: Labelled) => (message.own ? 'You' : message.sender.displayName);

/**
 * What a screen reader says before a message's body: "Alice, 10:42". Visually the name shows
 * only at the start of a run (and never in a direct chat) and the time sits after the text, so
 * the message carries both in its own words for someone who hears it alone.
 */
export function messageAnnouncement(message: Labelled, locale?: string): string {
  return `${senderName(message)}, ${formatClock(message.createdAt, locale)}`;
}

/** The accessible names of a message's actions, each saying which message it acts on. */
export interface MessageActionLabels {
  reply: string;
  edit: string;
  delete: string;
  more: string;
  /** The name of the "more" menu itself. */
  menu: string;
  react: string;
  thread: string;
}

export function messageActionLabels(message: Labelled): MessageActionLabels {
  const body = message.deletedAt ? 'deleted message' : firstWords(messageSummary(message));
  const whose = message.own ? 'your message' : `${message.sender.displayName}’s message`;
  const replyTo = message.own ? 'your message' : message.sender.displayName;
  return {
    reply: `Reply to ${replyTo}: ${body}`,
    edit: `Edit your message: ${body}`,
    delete: `Delete your message: ${body}`,
    more: `More actions for ${whose}: ${body}`,
    menu: `Actions for ${whose}`,
    react: `Add a reaction to ${whose}: ${body}`,
    thread: `Replies to ${whose}: ${body}`,
  };
}

/** A thread's size: "1 reply", "4 replies". */
export function replyCountText(count: number): string {
  return count === 1 ? '1 reply' : `${count} replies`;
}
