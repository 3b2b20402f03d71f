import type { DisplayStatus } from '@natter/client';
import type { IconName } from '../lib/icon-paths.js';
import { STATUS_LABEL } from '../lib/message-status.js';
import { Icon } from './icon.js';

const GLYPH: Record<DisplayStatus, IconName> = {
  sending: 'clock',
  sent: 'check',
  delivered: 'checks',
  read: 'checks',
  failed: 'alert',
};

/** A message's delivery state as an icon, named for screen readers ("Sending" … "Read"). */
export function StatusIcon({ status }: { status: DisplayStatus }) {
  const label = STATUS_LABEL[status];
  return (
    <span className={`status-icon status-${status}`} role="img" aria-label={label} title={label}>
      <Icon name={GLYPH[status]} size={17} />
    </span>
  );
}
