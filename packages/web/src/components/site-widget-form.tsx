import { useState } from 'react';
import type { FormEvent } from 'react';
import type { Site } from '@natter/protocol';
import { errorMessage } from '../lib/error-message.js';
import type { SiteDraft } from '../lib/site-draft.js';
import { draftOf, updateOf } from '../lib/site-draft.js';
import { supportApi } from '../state/support-access.js';
import { BusinessHoursEditor } from './business-hours-editor.js';
import { FormErrors } from './form-errors.js';

interface SiteWidgetFormProps {
  site: Site;
  onSaved: (site: Site) => void;
}

const DEFAULT_ACCENT = '#5b5bd6';

/** Every setting of a site: its name and origins, and what the widget shows and asks. */
export function SiteWidgetForm({ site, onSaved }: SiteWidgetFormProps) {
  const [draft, setDraft] = useState<SiteDraft>(() => draftOf(site));
  const [errors, setErrors] = useState<string[]>([]);
  const [state, setState] = useState<'idle' | 'saving' | 'saved'>('idle');
  const edit = (change: Partial<SiteDraft>) => {
    setDraft((d) => ({ ...d, ...change }));
    setState('idle');
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const update = updateOf(draft);
    if ('errors' in update) return setErrors(update.errors);
    setErrors([]);
    setState('saving');
    supportApi()
      .updateSite(site.id, update.body)
      .then(
        (saved) => {
          setState('saved');
          onSaved(saved);
        },
        (error: unknown) => {
          setErrors([errorMessage(error, 'The settings could not be saved.')]);
          setState('idle');
        },
      );
  };

  return (
    <form
      className="settings-card stack"
      onSubmit={submit}
      noValidate
      aria-labelledby="site-widget-title"
    >
      <h2 id="site-widget-title" className="card-title">
        Site and widget
      </h2>
      <div className="form-grid">
        <label className="field">
          <span className="field-label">Name</span>
          <input
            value={draft.name}
            maxLength={64}
            onChange={(e) => edit({ name: e.target.value })}
          />
        </label>
        <div className="field">
          <label className="field-label" htmlFor="site-accent">
            Accent colour
          </label>
          <div className="color-row">
            <input
              id="site-accent"
              type="color"
              value={draft.accentColor || DEFAULT_ACCENT}
              onChange={(e) => edit({ accentColor: e.target.value })}
            />
            <span className="muted small">{draft.accentColor || 'Default'}</span>
            {draft.accentColor && (
              <button
                type="button"
                className="link small"
                onClick={() => edit({ accentColor: '' })}
              >
                Use default
              </button>
            )}
          </div>
        </div>
      </div>
      <label className="field">
        <span className="field-label">Allowed origins</span>
        <textarea
          rows={3}
          value={draft.originsText}
          aria-describedby="site-origins-hint"
          onChange={(e) => edit({ originsText: e.target.value })}
        />
      </label>
      <p id="site-origins-hint" className="field-hint">
        One per line, such as https://shop.example. Pages elsewhere cannot open the widget.
      </p>
      <label className="field">
        <span className="field-label">Greeting</span>
        <textarea
          rows={2}
          maxLength={500}
          value={draft.greeting}
          placeholder="Hi! How can we help?"
          onChange={(e) => edit({ greeting: e.target.value })}
        />
      </label>
      <label className="field narrow">
        <span className="field-label">Expected reply time (minutes)</span>
        <input
          type="number"
          min={1}
          max={10080}
          inputMode="numeric"
          value={draft.expectedReplyMinutes}
          onChange={(e) => edit({ expectedReplyMinutes: e.target.value })}
        />
      </label>
      <fieldset className="checks">
        <legend className="field-label">Before the first message, ask for</legend>
        <label className="check-row">
          <input
            type="checkbox"
            checked={draft.askName}
            onChange={(e) => edit({ askName: e.target.checked })}
          />
          Name
        </label>
        <label className="check-row">
          <input
            type="checkbox"
            checked={draft.askEmail}
            onChange={(e) => edit({ askEmail: e.target.checked })}
          />
          Email
        </label>
      </fieldset>
      <label className="check-row">
        <input
          type="checkbox"
          checked={draft.autoAssign}
          onChange={(e) => edit({ autoAssign: e.target.checked })}
        />
        Assign new conversations automatically, in turn, to the agents online
      </label>
      <BusinessHoursEditor
        value={draft.businessHours}
        onChange={(businessHours) => edit({ businessHours })}
      />
      <FormErrors errors={errors} />
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={state === 'saving'}>
          Save settings
        </button>
        <span role="status" className="muted small">
          {state === 'saved' ? 'Saved.' : ''}
        </span>
      </div>
    </form>
  );
}
