import type { BusinessHours, Site, UpdateSiteBody } from '@natter/protocol';
import { parseOrigins } from './origins.js';

/** The site settings form's fields, as the inputs hold them (strings where the user types). */
export interface SiteDraft {
  name: string;
  originsText: string;
  greeting: string;
  accentColor: string;
  expectedReplyMinutes: string;
  askName: boolean;
  askEmail: boolean;
  autoAssign: boolean;
  businessHours: BusinessHours | undefined;
}

export function draftOf(site: Site): SiteDraft {
  return {
    name: site.name,
    originsText: site.allowedOrigins.join('\n'),
    greeting: site.greeting ?? '',
    accentColor: site.accentColor ?? '',
    expectedReplyMinutes: site.expectedReplyMinutes?.toString() ?? '',
    askName: site.preChat.askName,
    askEmail: site.preChat.askEmail,
    autoAssign: site.autoAssign,
    businessHours: site.businessHours,
  };
}

/**
 * The PATCH body for a draft (every setting, `null` clearing the emptied ones), or the reasons
 * it cannot be sent. The server checks again and may still answer 400 with its own message.
 */
export function updateOf(draft: SiteDraft): { body: UpdateSiteBody } | { errors: string[] } {
  const errors: string[] = [];
  if (!draft.name.trim()) errors.push('Give the site a name.');
  const { origins, errors: originErrors } = parseOrigins(draft.originsText);
  errors.push(...originErrors);
  const minutesText = draft.expectedReplyMinutes.trim();
  const minutes = minutesText ? Number(minutesText) : undefined;
  if (minutes !== undefined && !(Number.isInteger(minutes) && minutes >= 1 && minutes <= 10_080)) {
    errors.push('The expected reply time is a whole number of minutes, from 1 to 10080.');
  }
  for (const span of draft.businessHours?.days ?? []) {
    if (!(span.open < span.close)) {
      errors.push('Each span of business hours must open before it closes.');
      break;
    }
  }
  if (errors.length > 0) return { errors };
  return {
    body: {
      name: draft.name.trim(),
      allowedOrigins: origins,
      greeting: draft.greeting.trim() || null,
      accentColor: draft.accentColor || null,
      expectedReplyMinutes: minutes ?? null,
      preChat: { askName: draft.askName, askEmail: draft.askEmail },
      autoAssign: draft.autoAssign,
      businessHours: draft.businessHours ?? null,
    },
  };
}
