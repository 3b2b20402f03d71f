/**
 * A User-Agent string as an agent wants to read it: "Firefox 133 on Windows", "Safari on iOS".
 * Best effort on purpose: the full string stays available (as a tooltip) for the rare case where
 * it matters. Order matters below: Edge and Opera say "Chrome" too, Chrome says "Safari".
 */
const BROWSERS: readonly [RegExp, string][] = [
  [/Edg(?:e|A|iOS)?\/(\d+)/, 'Edge'],
  [/(?:OPR|Opera)\/(\d+)/, 'Opera'],
  [/SamsungBrowser\/(\d+)/, 'Samsung Internet'],
  [/(?:Firefox|FxiOS)\/(\d+)/, 'Firefox'],
  [/(?:Chrome|CriOS)\/(\d+)/, 'Chrome'],
  [/Version\/(\d+)[^ ]* (?:Mobile\/\S+ )?Safari\//, 'Safari'],
];

const SYSTEMS: readonly [RegExp, string][] = [
  [/iPhone|iPad|iPod/, 'iOS'],
  [/Android/, 'Android'],
  [/CrOS/, 'ChromeOS'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/Linux/, 'Linux'],
];

export function browserSummary(userAgent: string | undefined): string | undefined {
  if (!userAgent?.trim()) return undefined;
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent));
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1];
  const name = browser
    ? `${browser[1]} ${browser[0].exec(userAgent)?.[1] ?? ''}`.trim()
    : undefined;
  if (name && system) return `${name} on ${system}`;
  return name ?? system ?? 'Unknown browser';
}
