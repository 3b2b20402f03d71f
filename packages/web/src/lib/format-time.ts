const DAY_MS = 24 * 60 * 60 * 1000;

/** Local midnight of a moment, so day comparisons follow the reader's calendar, not UTC. */
function startOfDay(date: Date): number {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

/** Whole calendar days from `date` to `now` (0 = same day). */
export function daysBetween(date: Date, now: Date): number {
  return Math.round((startOfDay(now) - startOfDay(date)) / DAY_MS);
}

/** A key that is equal for two moments on the same local day. */
export function dayKey(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}

/** "14:05" in the reader's locale: shown beside every message. */
export function formatClock(iso: string, locale?: string): string {
  return new Date(iso).toLocaleTimeString(locale, { hour: 'numeric', minute: '2-digit' });
}

/** "Monday, 30 November 2026 at 14:05" in the reader's locale: a message time's tooltip. */
export function formatFullDateTime(iso: string, locale?: string): string {
  return new Date(iso).toLocaleString(locale, { dateStyle: 'full', timeStyle: 'short' });
}

/** "Today", "Yesterday", a weekday within a week, else the full date: the day separators. */
export function formatDayLabel(iso: string, now = new Date(), locale?: string): string {
  const date = new Date(iso);
  const days = daysBetween(date, now);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  if (days > 1 && days < 7) return date.toLocaleDateString(locale, { weekday: 'long' });
  return date.toLocaleDateString(locale, {
    day: 'numeric',
    month: 'long',
    ...(date.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' }),
  });
}

/** The rooms list's compact time: clock today, weekday this week, short date before. */
export function formatListTime(iso: string, now = new Date(), locale?: string): string {
  const date = new Date(iso);
  const days = daysBetween(date, now);
  if (days === 0) return formatClock(iso, locale);
  if (days === 1) return 'Yesterday';
  if (days > 1 && days < 7) return date.toLocaleDateString(locale, { weekday: 'short' });
  return date.toLocaleDateString(locale, { day: 'numeric', month: 'short' });
}

/** "last seen just now / 5 min ago / today at 14:05 / yesterday at … / on 3 May" for headers. */
export function formatLastSeen(iso: string, now = new Date(), locale?: string): string {
  const date = new Date(iso);
  const minutes = Math.floor((now.getTime() - date.getTime()) / 60_000);
  if (minutes < 1) return 'last seen just now';
  if (minutes < 60) return `last seen ${minutes} min ago`;
  const days = daysBetween(date, now);
  if (days === 0) return `last seen today at ${formatClock(iso, locale)}`;
  if (days === 1) return `last seen yesterday at ${formatClock(iso, locale)}`;
  return `last seen on ${date.toLocaleDateString(locale, { day: 'numeric', month: 'short' })}`;
}
