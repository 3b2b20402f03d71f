import type { Frame, Page } from 'playwright-core';

/**
 * A message with every construct of the rich-text subset (and a mention of `mentioned`), for the
 * Markdown, accessibility and screenshot checks.
 */
export const everyConstruct = (mentioned: string) =>
  [
    '**Release notes** for _v2.4_: ~~Friday~~ Monday. Run `npm run build`, then see https://example.com/releases',
    '> Ship it once the checks pass.',
    `- faster search, thanks @${mentioned}`,
    '- the [changelog](https://example.com/changelog) is **done**',
    '1. update',
    '2. restart',
    '```',
    'const answer = 42;',
    'console.log(`the answer is ${answer}`); // a long line that scrolls sideways in its block instead of widening the bubble',
    '```',
  ].join('\n');

/** What `watchForInjection` found in a frame, kept on its window. */
export interface InjectionFindings {
  /** Elements that message text must never produce, by tag and where. */
  elements: string[];
  /** `on*` attributes and `javascript:` addresses anywhere in the document. */
  attributes: string[];
}

/**
 * Runs in every frame before its scripts (an init script): records, as the DOM changes, any
 * element that message text must never become (script, iframe, img, svg, object, embed, style,
 * link, meta, base, form, input, math inside a message's text), and anywhere in the document any
 * `on*` attribute or `javascript:` address (`data:` and `vbscript:` too, inside message text).
 */
export function watchForInjection() {
  const findings: InjectionFindings = { elements: [], attributes: [] };
  (window as unknown as { injection: InjectionFindings }).injection = findings;
  const FORBIDDEN = 'script,iframe,img,svg,object,embed,style,link,meta,base,form,input,math';
  const ADDRESS = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data'];
  const check = (element: Element) => {
    if (element.matches(FORBIDDEN) && element.closest('.rich-text')) {
      findings.elements.push(`${element.tagName} in ${element.closest('.rich-text')?.textContent}`);
    }
    for (const attribute of element.getAttributeNames()) {
      const value = (element.getAttribute(attribute) ?? '').replace(/\s/g, '').toLowerCase();
      const scheme = /^([a-z]+):/.exec(value)?.[1];
      const hostile =
        scheme === 'javascript' ||
        ((scheme === 'data' || scheme === 'vbscript') && element.closest('.rich-text'));
      if (attribute.toLowerCase().startsWith('on') || (ADDRESS.includes(attribute) && hostile)) {
        findings.attributes.push(`${element.tagName} ${attribute}=${value}`);
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

/** The findings of `watchForInjection` in a page or frame. */
export const injectionFindings = (target: Page | Frame): Promise<InjectionFindings> =>
  target.evaluate(() => (window as unknown as { injection: InjectionFindings }).injection);
