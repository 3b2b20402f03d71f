/**
 * How long a visitor has been waiting for an answer, for the inbox row: "waiting 5 min",
 * "waiting 2 h", "waiting 3 days". Under a minute is "waiting now" (a fresh message).
 */
export function waitingPhrase(waitingSince: string, now = Date.now()): string {
  const minutes = Math.floor((now - Date.parse(waitingSince)) / 60_000);
  if (!(minutes >= 1)) return 'waiting now';
  if (minutes < 60) return `waiting ${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `waiting ${hours} h`;
  const days = Math.floor(hours / 24);
  return `waiting ${days} ${days === 1 ? 'day' : 'days'}`;
}
