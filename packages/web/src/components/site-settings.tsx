import type { Site, User } from '@natter/protocol';
import { supportApi, useSupportAccess } from '../state/support-access.js';
import { useLoaded } from '../state/use-site-data.js';
import { SettingsHeader } from './settings-header.js';
import { SiteAgents } from './site-agents.js';
import { SiteCannedResponses } from './site-canned-responses.js';
import { SiteInstall } from './site-install.js';
import { SiteWidgetForm } from './site-widget-form.js';
import { FormErrors } from './form-errors.js';
import { WebhookSettings } from './webhook-settings.js';

interface SiteSettingsProps {
  siteId: string;
  me: User;
  onBack: () => void;
}

const loadSite = (siteId: string) => supportApi().getSite(siteId);

/** One site's page for the admin: install, settings, agents, canned responses, webhooks. */
export function SiteSettings({ siteId, me, onBack }: SiteSettingsProps) {
  const { reload } = useSupportAccess();
  const site = useLoaded<Site>(siteId, loadSite, 'This site could not be loaded.');
  const saved = (next: Site) => {
    site.set(next);
    reload();
  };

  return (
    <section className="settings">
      <SettingsHeader
        title={site.value?.name ?? 'Site'}
        subtitle={site.value?.allowedOrigins.join(', ')}
        backLabel="Back to sites"
        onBack={onBack}
      />
      <div className="settings-scroll">
        <FormErrors errors={[site.error]} />
        {site.value && (
          <div className="settings-columns">
            <div className="settings-column">
              <SiteInstall site={site.value} />
              <SiteAgents siteId={site.value.id} me={me} onChanged={reload} />
              <SiteCannedResponses siteId={site.value.id} />
              <WebhookSettings siteId={site.value.id} title="Webhooks" />
            </div>
            <div className="settings-column">
              <SiteWidgetForm key={site.value.id} site={site.value} onSaved={saved} />
            </div>
          </div>
        )}
      </div>
    </section>
  );
}
