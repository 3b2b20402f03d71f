import type { PrivacySettings, PrivacySettingsBody } from '@natter/protocol';
import type { HttpClient } from './http-client.js';

/**
 * Receipt and typing privacy (`/api/me/privacy`): mutual, as in WhatsApp. With read receipts off
 * nobody sees when the user read, and the user sees nobody's reads; with typing indicators off
 * likewise for typing. A change holds at once on every connected device.
 */
export interface PrivacyApi {
  privacySettings(): Promise<PrivacySettings>;
  /** Changes either setting; answers both as stored. */
  updatePrivacySettings(changes: PrivacySettingsBody): Promise<PrivacySettings>;
}

export function createPrivacyApi(http: HttpClient): PrivacyApi {
  return {
    privacySettings: () =>
      http.request('GET', '/api/me/privacy', { schema: (s) => s.privacySettingsSchema }),
    updatePrivacySettings: (changes) =>
      http.request('PUT', '/api/me/privacy', {
        body: changes,
        schema: (s) => s.privacySettingsSchema,
      }),
  };
}
