import type { PageContext } from '../shared/frame-messages.js';

/** The server takes http(s) URLs up to this length (protocol's visitorContextSchema). */
const URL_MAX = 2048;

const httpUrl = (value: string) =>
  /^https?:/.test(value) && value.length <= URL_MAX ? value : undefined;

/** Where the visitor is, read from the host page: only the loader can (the frame is sandboxed off). */
export function readPageContext(): PageContext {
  const context: PageContext = {};
  const pageUrl = httpUrl(location.href);
  if (pageUrl) context.pageUrl = pageUrl;
  if (document.title) context.pageTitle = document.title.slice(0, 300);
  const referrer = httpUrl(document.referrer);
  if (referrer) context.referrer = referrer;
  if (/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(navigator.language)) {
    context.language = navigator.language;
  }
  return context;
}
