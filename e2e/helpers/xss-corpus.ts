import type { BrowserContext, Page } from 'playwright-core';

/**
 * Issue #16's XSS corpus for every user-controlled string other than a message's rich text
 * (rich-text-xss.test.ts has its own, longer one): names, titles, greetings, file names, visitor
 * fields, link previews. Each payload fits a display name (64 characters) and, if it ever ran,
 * would call `__xss(n)` (or `alert(n)`): `watchForXss` defines that marker in every frame and
 * reports the call, so a payload that runs fails the test even where no CSP would stop it.
 */
export const XSS_CORPUS: readonly string[] = [
  '<script>__xss(1)</script>',
  '<img src=x onerror=__xss(2)>',
  '<svg onload=__xss(3)>',
  '"><img src=x onerror=alert(4)>',
  "'><svg/onload=__xss(5)>",
  '"><iframe srcdoc="<script>parent.__xss(6)</script>">',
  'javascript:__xss(7)',
  '[click](javascript:__xss(8))',
  '![x](x" onerror="__xss(9))',
  '[x](data:text/html,<script>__xss(10)</script>)',
  '\u202egpj.exe<img src=x onerror=__xss(11)>',
  '${__xss(12)}',
  "{{constructor.constructor('__xss(13)')()}}",
  '<a href="javascript:__xss(14)">click</a>',
  '" onmouseover="__xss(15)" x="',
  '</title><script>__xss(16)</script>',
  '<details open ontoggle=__xss(17)>',
];

/** The payload at `i`, wrapping round: one for each of many strings. */
export const xss = (i: number): string => XSS_CORPUS[i % XSS_CORPUS.length] as string;

/** What a watched context saw: each entry says what, and in which frame. */
export interface XssWatch {
  /** Marker calls, CSP violations, injected elements and attributes, dialogs. */
  findings: string[];
}

/** The binding every frame reports through (a page's own scripts could not fake it away). */
const REPORT = 'natterXssReport';

/**
 * Runs in every frame of the context before its own scripts (an init script): defines the
 * marker `__xss`, counts Content-Security-Policy violations (a payload that got into the DOM
 * and was then blocked by the CSP still fails), and watches every DOM change for what a payload
 * would inject anywhere in the document: an `on*` attribute, a `javascript:`/`vbscript:`
 * address, a `data:` address on a link or frame, `srcdoc`, an inline script, a frame that is not
 * the widget's, an object, embed, base or refresh.
 */
function xssWatchInitScript(reportName: string) {
  const seen: string[] = [];
  (window as unknown as { __xssSeen: string[] }).__xssSeen = seen;
  const report = (kind: string, detail: string) => {
    seen.push(`${kind}: ${detail.slice(0, 200)}`);
    const send = (window as unknown as Record<string, (kind: string, detail: string) => void>)[
      reportName
    ];
    void send?.(kind, detail.slice(0, 200));
  };
  (window as unknown as { __xss: (n: number) => void }).__xss = (n) => report('marker', String(n));
  document.addEventListener('securitypolicyviolation', (event) =>
    report('csp', `${event.effectiveDirective} ${event.blockedURI} ${event.sample}`),
  );
  const ADDRESS = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster'];
  const FRAMING = 'a,area,iframe,frame,object,embed,form';
  const check = (element: Element) => {
    const tag = element.tagName.toLowerCase();
    const what = `${tag} in "${(element.parentElement?.textContent ?? '').slice(0, 80)}"`;
    if (tag === 'script' && !element.hasAttribute('src')) report('element', `inline ${what}`);
    if (
      (tag === 'iframe' || tag === 'frame') &&
      !/\/widget\/frame/.test(element.getAttribute('src') ?? '')
    ) {
      report('element', what);
    }
    if (['object', 'embed', 'base'].includes(tag)) report('element', what);
    if (tag === 'meta' && element.hasAttribute('http-equiv')) report('element', what);
    for (const attribute of element.getAttributeNames()) {
      const name = attribute.toLowerCase();
      // As a browser reads an address: blanks and control characters do not hide a scheme.
      const value = Array.from(element.getAttribute(attribute) ?? '')
        .filter((char) => char.charCodeAt(0) > 0x20)
        .join('')
        .toLowerCase();
      const scheme = /^([a-z]+):/.exec(value)?.[1];
      const hostile =
        scheme === 'javascript' ||
        scheme === 'vbscript' ||
        (scheme === 'data' && element.matches(FRAMING));
      if (name.startsWith('on') || name === 'srcdoc' || (ADDRESS.includes(name) && hostile)) {
        report('attribute', `${tag} ${name}=${value}`);
      }
    }
  };
  new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'attributes' && record.target instanceof Element) check(record.target);
      for (const node of Array.from(record.addedNodes)) {
        if (!(node instanceof Element)) continue;
        check(node);
        node.querySelectorAll('*').forEach(check);
      }
    }
  }).observe(document, { subtree: true, childList: true, attributes: true });
}

/**
 * What every frame now open on `page` has seen: read in the frames themselves, so nothing is
 * still on its way through the binding when the test asks.
 */
export async function seenInFrames(page: Page): Promise<string[]> {
  const perFrame = await Promise.all(
    page.frames().map(async (frame) => {
      const seen = await frame
        .evaluate(() => (window as unknown as { __xssSeen?: string[] }).__xssSeen ?? [])
        .catch(() => [] as string[]);
      return seen.map((entry) => `${entry} (${frame.url()})`);
    }),
  );
  return perFrame.flat();
}

/**
 * Watches a browser context for the corpus going live: every frame of every page (the web app,
 * the host page and the widget's iframe) reports through one binding, and every dialog is
 * recorded and dismissed. Call before the context opens its first page.
 */
export async function watchForXss(context: BrowserContext): Promise<XssWatch> {
  const watch: XssWatch = { findings: [] };
  await context.exposeBinding(REPORT, (source, kind: string, detail: string) => {
    watch.findings.push(`${kind} in ${source.frame.url()}: ${detail}`);
  });
  await context.addInitScript(xssWatchInitScript, REPORT);
  context.on('dialog', (dialog) => {
    watch.findings.push(`dialog ${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return watch;
}
