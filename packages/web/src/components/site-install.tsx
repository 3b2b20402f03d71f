import { useState } from 'react';
import type { Site } from '@natter/protocol';
import { CopyButton } from './copy-button.js';

/** What goes into the host pages: the snippet, the site key and the identity secret. */
export function SiteInstall({ site }: { site: Site }) {
  const [secretShown, setSecretShown] = useState(false);
  return (
    <section className="settings-card stack" aria-labelledby="site-install-title">
      <h2 id="site-install-title" className="card-title">
        Install
      </h2>
      <p className="muted small">
        Paste this before <code>&lt;/body&gt;</code> on every page of an allowed origin.
      </p>
      {site.embedSnippet && (
        <div className="snippet">
          <pre aria-label="Embed snippet" tabIndex={0}>
            <code>{site.embedSnippet}</code>
          </pre>
          <CopyButton text={site.embedSnippet} what="snippet" />
        </div>
      )}
      <dl className="keys">
        <div className="key-row">
          <dt>Site key</dt>
          <dd>
            <code>{site.key}</code>
            <CopyButton text={site.key} what="key" />
          </dd>
        </div>
        {site.identitySecret && (
          <div className="key-row">
            <dt>Identity secret</dt>
            <dd>
              <code aria-label={secretShown ? undefined : 'Identity secret, hidden'}>
                {secretShown ? site.identitySecret : '•'.repeat(24)}
              </code>
              <button
                type="button"
                className="button small-button"
                aria-pressed={secretShown}
                onClick={() => setSecretShown((v) => !v)}
              >
                {secretShown ? 'Hide' : 'Show'}
              </button>
              <CopyButton text={site.identitySecret} what="secret" />
            </dd>
          </div>
        )}
      </dl>
      <p className="field-hint">
        Keep the secret on your server: it signs <code>data-user-hash</code> for logged-in customers
        (HMAC-SHA256 of their id). See docs/widget.md.
      </p>
    </section>
  );
}
