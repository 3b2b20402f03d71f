/** Up to two letters for an avatar: first and last word ("Ada Lovelace" → "AL"). */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = words[0];
  if (first === undefined) return '?';
  const last = words.length > 1 ? words[words.length - 1] : undefined;
  const letters = [...first].slice(0, 1).concat(last ? [...last].slice(0, 1) : []);
  if (!last && [...first].length > 1) letters.push([...first][1] ?? '');
  return letters.join('').toUpperCase();
}

/** A stable hue per id, so each person keeps one avatar colour everywhere. */
export function hueOf(id: string): number {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) >>> 0;
  return hash % 360;
}
