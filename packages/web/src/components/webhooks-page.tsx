import { SettingsHeader } from './settings-header.js';
import { WebhookSettings } from './webhook-settings.js';

/** Settings → Webhooks: the server's own webhooks, which hear of every room. */
export function WebhooksPage({ onBack }: { onBack: () => void }) {
  return (
    <section className="settings">
      <SettingsHeader
        title="Webhooks"
        subtitle="Events of every room and conversation, sent to your systems"
        backLabel="Back to settings"
        onBack={onBack}
      />
      <div className="settings-scroll">
        <div className="settings-single">
          <WebhookSettings title="Server webhooks" />
        </div>
      </div>
    </section>
  );
}
