import type { PushStatus } from '../state/browser-push.js';

/** What the Notifications settings say of this browser's push, in words. */
export const PUSH_STATUS_TEXT: Record<PushStatus, string> = {
  checking: 'Checking this browser…',
  unsupported:
    'This browser cannot receive notifications from Natter (on an iPhone or iPad, add Natter to the home screen first).',
  blocked:
    'Blocked by the browser. Allow notifications for this site in the browser’s site settings, then come back.',
  off: 'Off on this browser.',
  on: 'On for this browser: you hear of new messages while Natter is closed or in the background.',
};
