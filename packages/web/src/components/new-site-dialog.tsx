import { useState } from 'react';
import type { FormEvent } from 'react';
import type { Site } from '@natter/protocol';
import { errorMessage } from '../lib/error-message.js';
import { parseOrigins } from '../lib/origins.js';
import { supportApi } from '../state/support-access.js';
import { Modal } from './modal.js';
import { FormErrors } from './form-errors.js';

interface NewSiteDialogProps {
  onClose: () => void;
  onCreated: (site: Site) => void;
}

/** Creates a site from its name and the origins of the pages that will embed the widget. */
export function NewSiteDialog({ onClose, onCreated }: NewSiteDialogProps) {
  const [name, setName] = useState('');
  const [originsText, setOriginsText] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { origins, errors: invalid } = parseOrigins(originsText);
    const problems = [...(name.trim() ? [] : ['Give the site a name.']), ...invalid];
    setErrors(problems);
    if (problems.length > 0) return;
    setSaving(true);
    supportApi()
      .createSite({ name: name.trim(), allowedOrigins: origins })
      .then(onCreated, (error: unknown) => {
        setErrors([errorMessage(error, 'The site could not be created.')]);
        setSaving(false);
      });
  };

  return (
    <Modal title="New site" onClose={onClose}>
      <form className="stack" onSubmit={submit} noValidate>
        <label className="field">
          <span className="field-label">Name</span>
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="My shop"
            maxLength={64}
            required
            autoFocus
          />
        </label>
        <label className="field">
          <span className="field-label">Allowed origins</span>
          <textarea
            value={originsText}
            onChange={(e) => setOriginsText(e.target.value)}
            placeholder={'https://shop.example\nhttps://www.shop.example'}
            rows={3}
            aria-describedby="new-site-origins-hint"
            required
          />
        </label>
        <p id="new-site-origins-hint" className="field-hint">
          One per line: the pages that will embed the widget (scheme, host, optional port).
        </p>
        <FormErrors errors={errors} />
        <div className="modal-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={saving}>
            Create site
          </button>
        </div>
      </form>
    </Modal>
  );
}
