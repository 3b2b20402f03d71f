import { useId } from 'react';
import type { Conversation } from '@natter/protocol';
import { browserSummary } from '../lib/browser-summary.js';
import { visitorLabel } from '../lib/inbox-filter.js';

interface VisitorDetailsProps {
  conversation: Conversation;
  siteName: string | undefined;
}

/** A language tag as words ("French (Canada)"), falling back to the tag itself. */
function languageName(tag: string): string {
  try {
    return new Intl.DisplayNames(undefined, { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

const formatWhen = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * Who the visitor is and where they came from. Everything here was typed or sent by the
 * visitor's browser, so all of it is rendered as text (React escapes it), links included: a URL
 * is shown, never made clickable, so a hostile one cannot run or lure.
 */
export function VisitorDetails({ conversation, siteName }: VisitorDetailsProps) {
  const { visitor, context } = conversation;
  const titleId = useId();
  const rows: [string, string | undefined, string?][] = [
    ['Email', visitor.email],
    ['Site', siteName],
    ['Page', context.pageTitle],
    ['Page URL', context.pageUrl],
    ['Referrer', context.referrer],
    ['First seen', formatWhen(conversation.createdAt)],
    ['Browser', browserSummary(context.userAgent), context.userAgent],
    ['Language', context.language && languageName(context.language)],
  ];
  return (
    <section className="details-section" aria-labelledby={titleId}>
      <div className="visitor-card">
        <h2 id={titleId} className="visitor-name">
          {visitorLabel(conversation)}
        </h2>
        {visitor.verified ? (
          <span className="pill pill-verified" title="Signed by the site's identity secret">
            Verified
          </span>
        ) : (
          <span className="pill">Not verified</span>
        )}
      </div>
      <dl className="details-list">
        {rows
          .filter((row): row is [string, string, string?] => Boolean(row[1]))
          .map(([label, value, title]) => (
            <div key={label} className="details-row">
              <dt>{label}</dt>
              <dd title={title ?? value}>{value}</dd>
            </div>
          ))}
      </dl>
    </section>
  );
}
