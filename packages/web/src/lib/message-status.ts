import type { DisplayStatus } from '@natter/client';

/** What the status icon says to screen readers and in its tooltip (e2e tests read these). */
export const STATUS_LABEL: Record<DisplayStatus, string> = {
  sending: 'Sending',
  sent: 'Sent',
  delivered: 'Delivered',
  read: 'Read',
  failed: 'Failed',
};
