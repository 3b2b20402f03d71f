import { Icon } from './icon.js';

interface SettingsHeaderProps {
  title: string;
  subtitle: string | undefined;
  /** The back button's name: where it goes ("Back to sites"). */
  backLabel: string;
  onBack: () => void;
}

/** A settings page's header: back (shown on a phone, where the list is hidden), the `h1`, a line. */
export function SettingsHeader({ title, subtitle, backLabel, onBack }: SettingsHeaderProps) {
  return (
    <header className="conversation-header">
      <button
        type="button"
        className="icon-button back-button"
        onClick={onBack}
        aria-label={backLabel}
      >
        <Icon name="back" />
      </button>
      <div className="conversation-title">
        <h1>{title}</h1>
        <p className="subtitle">{subtitle}</p>
      </div>
    </header>
  );
}
