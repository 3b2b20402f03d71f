import { Icon } from './icon.js';
import { WebhookSettings } from './webhook-settings.js';

/** Settings → Webhooks: the server's own webhooks, which hear of every room. */
export function WebhooksPage({ onBack }: { onBack: () => void }) {
  return (
    <section className="settings">
      <header className="conversation-header">
        <button
          type="button"
          className="icon-button back-button"
          onClick={onBack}
          aria-label="Back to settings"
        >
          <Icon name="back" />
        </button>
        <div className="conversation-title">
          <h1>Webhooks</h1>
          <p className="subtitle">Events of every room and conversation, sent to your systems</p>
        </div>
      </header>
      <div className="settings-scroll">
        <div className="settings-single">
          <WebhookSettings title="Server webhooks" />
        </div>
      </div>
    </section>
  );
}
