import type { Site } from '@natter/protocol';
import type { SiteRow } from './site-repository.js';

/** What only the admin is shown: the identity secret and the snippet to paste. */
export interface AdminExtras {
  /** The origin `/widget.js` is served from (PUBLIC_URL, else the request's own origin). */
  serverOrigin: string;
}

/**
 * The only way a site row becomes a payload. Agents get the settings; the identity secret (it
 * signs verified visitors) and the embed snippet go to the admin alone.
 */
export function presentSite(row: SiteRow, admin?: AdminExtras): Site {
  const site: Site = {
    id: row.id,
    key: row.key,
    name: row.name,
    allowedOrigins: row.allowedOrigins,
    preChat: { askName: row.preChatAskName, askEmail: row.preChatAskEmail },
    autoAssign: row.autoAssign,
    createdAt: row.createdAt.toISOString(),
  };
  if (row.greeting !== null) site.greeting = row.greeting;
  if (row.accentColor !== null) site.accentColor = row.accentColor;
  if (row.businessHours !== null) site.businessHours = row.businessHours;
  if (row.expectedReplyMinutes !== null) site.expectedReplyMinutes = row.expectedReplyMinutes;
  if (admin) {
    site.identitySecret = row.identitySecret;
    site.embedSnippet = embedSnippet(admin.serverOrigin, row.key);
  }
  return site;
}

/** The one tag a site owner pastes (docs/widget.md). The key is URL-safe base64: no escaping. */
export const embedSnippet = (serverOrigin: string, key: string) =>
  `<script src="${serverOrigin}/widget.js" data-site="${key}" async></script>`;
