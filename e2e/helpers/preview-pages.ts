import type { PageServer } from '../../packages/server/test/helpers/page-servers.js';
import {
  html,
  openGraphPage,
  page,
  serveBytes,
  startPageServer,
} from '../../packages/server/test/helpers/page-servers.js';
import { makePng } from './files.js';

/** The address the e2e server is told to allow (`LINK_PREVIEW_ALLOW_ADDRESSES`); all else is private. */
export const PREVIEW_HOST = '127.0.0.2';
export const PREVIEW_SETTINGS = { LINK_PREVIEW_ALLOW_ADDRESSES: `${PREVIEW_HOST}/32` };

/** A painted cover (sky, a low sun, a sea) in Open Graph's 1.91:1. */
function cover(x: number, y: number): readonly [number, number, number] {
  const sun = Math.hypot(x - 820, y - 230);
  if (sun < 70) return [255, 205, 120];
  if (y > 380) return [30, Math.round(90 - (y - 380) / 6), Math.round(150 - (y - 380) / 5)];
  return [Math.round(250 - y / 3), Math.round(150 + y / 8), Math.round(120 + y / 4)];
}

/** A square logo: a white ring on a teal field. */
function logo(x: number, y: number): readonly [number, number, number] {
  const ring = Math.abs(Math.hypot(x - 200, y - 200) - 110);
  return ring < 26 ? [255, 255, 255] : [20, 140, 140];
}

export interface PreviewArticle {
  title: string;
  description: string;
  siteName: string;
}

/** The article the tests and the screenshots link to. */
export const ARTICLE: PreviewArticle = {
  title: 'Tide tables for the long weekend, and where to watch the sunset',
  description:
    'High water is at 6:42 on Saturday. We picked five beaches on the north coast with parking, ' +
    'a café and a clear view west, and checked which ones are safe for swimming at low tide.',
  siteName: 'Coastal Weekly',
};

/**
 * A local site on PREVIEW_HOST: `/article` with Open Graph tags and a 1200×630 cover,
 * `/project` with a square 400×400 logo, `/guide` (the widget's shot) with the cover too, `/plain`
 * with a title and a description only.
 */
export function startPreviewSite(): Promise<PageServer> {
  return startPageServer(PREVIEW_HOST, {
    '/article': openGraphPage({ ...ARTICLE, image: '/cover.png' }),
    '/cover.png': serveBytes(makePng(1200, 630, cover)),
    '/project': openGraphPage({
      title: 'tidewatch: tide alerts for your phone',
      description: 'An open-source app that tells you when the tide turns.',
      siteName: 'GitHub',
      image: '/logo.png',
    }),
    '/logo.png': serveBytes(makePng(400, 400, logo)),
    '/guide': openGraphPage({
      title: 'Starting tomato seeds indoors: a week-by-week guide',
      description:
        'Sow six weeks before the last frost, keep the soil at 24 °C, and pot up when the first true leaves appear.',
      siteName: 'Garden shop',
      image: '/cover.png',
    }),
    '/plain': (_request, response) =>
      html(
        response,
        page(
          'Release notes 4.2',
          '<meta name="description" content="Faster sync, smaller uploads, and a dark mode fix.">',
        ),
      ),
  });
}
