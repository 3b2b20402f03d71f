/**
 * Every rate budget the server enforces, in one table (mirrored in docs/security.md). Each is a
 * number of actions per window for one key (a user, an address, an account); past it the caller
 * is answered `rate_limited` with `retryAfterMs`, or a fire-and-forget event is dropped.
 * `blockSec` keeps a key refused for that long once it overspends (a guessing account backs off).
 */
export interface RateBudget {
  points: number;
  durationSec: number;
  /** What is being counted, for the error message ("too many <what>"). */
  what: string;
  blockSec?: number;
}

export const RATE_BUDGETS = {
  // Accounts: guesses per account-and-address, per account from anywhere (a botnet cannot spread
  // its guesses over addresses), and per address (IPv6 keyed by its /64).
  loginPerAccountAndIp: { points: 10, durationSec: 15 * 60, what: 'login attempts' },
  loginPerAccount: { points: 30, durationSec: 15 * 60, what: 'login attempts', blockSec: 15 * 60 },
  loginPerIp: { points: 100, durationSec: 15 * 60, what: 'login attempts' },
  registerPerIp: { points: 20, durationSec: 60 * 60, what: 'sign-ups' },
  logoutAllPerUser: { points: 10, durationSec: 60, what: 'sign-outs' },
  // Each attempt checks a password: as tight as logins, so a stolen session cannot guess with it.
  passwordChangesPerUser: { points: 5, durationSec: 15 * 60, what: 'password changes' },
  profileUpdatesPerUser: { points: 30, durationSec: 60, what: 'profile changes' },

  // Socket events, per user, each with its own budget.
  messagesPerUser: { points: 30, durationSec: 10, what: 'messages' },
  editsPerUser: { points: 30, durationSec: 10, what: 'edits' },
  deletesPerUser: { points: 30, durationSec: 10, what: 'deletes' },
  // Reactions come in quick runs (a few emoji on a few messages) and each is one small write.
  reactionsPerUser: { points: 60, durationSec: 10, what: 'reactions' },
  loadsPerUser: { points: 60, durationSec: 10, what: 'history requests' },
  syncsPerUser: { points: 30, durationSec: 10, what: 'sync requests' },
  readsPerUser: { points: 60, durationSec: 10, what: 'read marks' },
  presencePerUser: { points: 30, durationSec: 10, what: 'presence requests' },
  typingPerUser: { points: 20, durationSec: 10, what: 'typing events' },
  // A tab shown and hidden: a person switching tabs quickly stays well inside it.
  visibilityPerUser: { points: 60, durationSec: 10, what: 'visibility changes' },
  // Each subscribe or mute is a write (and a subscribe may drop an old row): a browser does a
  // few per page load at most.
  pushChangesPerUser: { points: 30, durationSec: 60, what: 'push subscription and mute changes' },

  // Rooms and people: creating rooms and adding members cost one point per participant added.
  roomParticipantsPerUser: { points: 300, durationSec: 60, what: 'room participants added' },
  roomCreatesPerUser: { points: 20, durationSec: 60, what: 'rooms created' },
  // Each new name or colour writes a line everyone in the group sees: no flooding the timeline.
  roomLooksPerUser: { points: 10, durationSec: 60, what: 'group name and colour changes' },
  userSearchesPerUser: { points: 60, durationSec: 10, what: 'user searches' },
  // Each message search reads the full-text index and ranks up to 200 candidates.
  searchesPerUser: { points: 30, durationSec: 10, what: 'searches' },

  // Website visitors: sessions the widget starts, per address and per site (a flood from many
  // addresses still cannot fill one site's inbox faster than this). Their messages and other
  // events use the per-user budgets above, like anyone's.
  widgetSessionsPerIp: { points: 30, durationSec: 10 * 60, what: 'visitor sessions' },
  widgetSessionsPerSite: { points: 600, durationSec: 60, what: 'visitor sessions' },
  // The standalone page's link is a 192-bit secret: this bounds guessing and scraping by address.
  widgetLinkSessionsPerIp: { points: 30, durationSec: 10 * 60, what: 'conversation link sessions' },
  // A visitor giving their name or email (pre-chat and offline forms).
  visitorUpdatesPerUser: { points: 10, durationSec: 60, what: 'visitor detail changes' },

  // Canned responses: an inbox loads the list when it opens; adding and deleting are rare.
  cannedReadsPerUser: { points: 60, durationSec: 60, what: 'canned response reads' },
  cannedWritesPerUser: { points: 30, durationSec: 60, what: 'canned response changes' },

  // Uploads: URLs asked for per user (bytes are bounded by the pending quota, not a rate).
  uploadsPerUser: { points: 60, durationSec: 60, what: 'uploads' },
} as const satisfies Record<string, RateBudget>;

export type RatePolicy = keyof typeof RATE_BUDGETS;
