/** Where the frame app runs: in a host's iframe (the widget), or as the standalone `/c/` page. */
export type FrameMode =
  { kind: 'widget'; siteKey: string; hostOrigin: string } | { kind: 'page'; link: string };

/** Reads the mode from the page's URL; undefined when it names neither a site nor a link. */
export function readFrameMode(
  location: Pick<Location, 'pathname' | 'search'>,
): FrameMode | undefined {
  const linkPath = /^\/c\/([A-Za-z0-9_-]+)$/.exec(location.pathname);
  if (linkPath?.[1]) return { kind: 'page', link: linkPath[1] };
  const params = new URLSearchParams(location.search);
  const siteKey = params.get('site');
  const hostOrigin = params.get('host');
  if (!siteKey || !hostOrigin) return undefined;
  return { kind: 'widget', siteKey, hostOrigin };
}

/** What the server wrote into the page about the site: enough to draw the launcher. */
export interface SiteLook {
  name: string;
  accentColor?: string;
}

export function readSiteLook(document: Document): SiteLook | undefined {
  const content = document.querySelector('meta[name="natter-site"]')?.getAttribute('content');
  if (!content) return undefined;
  try {
    const look = JSON.parse(content) as Partial<SiteLook>;
    return typeof look.name === 'string' ? (look as SiteLook) : undefined;
  } catch {
    return undefined;
  }
}
