import { useState } from 'react';
import type { MouseEvent } from 'react';
import { useSupportAccess } from '../state/support-access.js';
import { Icon } from './icon.js';
import { NewSiteDialog } from './new-site-dialog.js';

interface SitesPanelProps {
  activeSiteId: string | undefined;
  onOpen: (siteId: string) => void;
  /** The server's webhooks page is open. */
  webhooksActive: boolean;
  onOpenWebhooks: () => void;
}

/** The admin's settings list: the server's webhooks, the sites, and "New site". */
export function SitesPanel({
  activeSiteId,
  onOpen,
  webhooksActive,
  onOpenWebhooks,
}: SitesPanelProps) {
  const { sites, loaded, reload } = useSupportAccess();
  const [creating, setCreating] = useState(false);

  /** A real link, opened in-app on a plain click (a modified one opens a tab). */
  const click = (open: () => void) => (event: MouseEvent) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    open();
  };

  return (
    <>
      <div className="sidebar-actions single">
        <button type="button" className="button primary" onClick={() => setCreating(true)}>
          <Icon name="plus" size={18} />
          New site
        </button>
      </div>
      <nav aria-label="Server" className="rooms settings-links">
        <ul>
          <li>
            <a
              href="/settings/webhooks"
              className={webhooksActive ? 'room active' : 'room'}
              aria-current={webhooksActive ? 'page' : undefined}
              onClick={click(onOpenWebhooks)}
            >
              <span className="site-swatch webhook-swatch" aria-hidden="true">
                <Icon name="webhook" size={20} />
              </span>
              <span className="room-main">
                <span className="room-name">Webhooks</span>
                <span className="room-preview">Events for your other systems</span>
              </span>
            </a>
          </li>
        </ul>
      </nav>
      <nav aria-label="Sites" className="rooms">
        {sites.length === 0 ? (
          <p className="rooms-empty">
            {loaded
              ? 'No sites yet. Create one to get the snippet for your pages.'
              : 'Loading sites…'}
          </p>
        ) : (
          <ul>
            {sites.map((site) => (
              <li key={site.id}>
                <a
                  href={`/settings/sites/${encodeURIComponent(site.id)}`}
                  className={site.id === activeSiteId ? 'room active' : 'room'}
                  aria-current={site.id === activeSiteId ? 'page' : undefined}
                  onClick={click(() => onOpen(site.id))}
                >
                  <span
                    className="site-swatch"
                    style={{ background: site.accentColor ?? 'var(--accent)' }}
                    aria-hidden="true"
                  >
                    <Icon name="globe" size={20} />
                  </span>
                  <span className="room-main">
                    <span className="room-name">{site.name}</span>
                    <span className="room-preview">{site.allowedOrigins.join(', ')}</span>
                  </span>
                </a>
              </li>
            ))}
          </ul>
        )}
      </nav>
      {creating && (
        <NewSiteDialog
          onClose={() => setCreating(false)}
          onCreated={(site) => {
            setCreating(false);
            reload();
            onOpen(site.id);
          }}
        />
      )}
    </>
  );
}
