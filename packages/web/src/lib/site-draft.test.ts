import type { Site } from '@natter/protocol';
import { describe, expect, it } from 'vitest';
import { draftOf, updateOf } from './site-draft.js';

const site: Site = {
  id: 's1',
  key: 'key',
  name: 'Shop',
  allowedOrigins: ['https://shop.example'],
  preChat: { askName: false, askEmail: true },
  autoAssign: false,
  createdAt: '2026-11-30T00:00:00.000Z',
  greeting: 'Hi!',
};

describe('site settings draft', () => {
  it('sends back what it read, clearing emptied optional settings with null', () => {
    const draft = { ...draftOf(site), greeting: '  ', expectedReplyMinutes: '15' };
    expect(updateOf(draft)).toEqual({
      body: {
        name: 'Shop',
        allowedOrigins: ['https://shop.example'],
        greeting: null,
        accentColor: null,
        expectedReplyMinutes: 15,
        preChat: { askName: false, askEmail: true },
        autoAssign: false,
        businessHours: null,
      },
    });
  });
  it('refuses a bad reply time, a span that closes before it opens, and no origin', () => {
    const result = updateOf({
      ...draftOf(site),
      originsText: '',
      expectedReplyMinutes: '1.5',
      businessHours: {
        timeZone: 'Europe/Paris',
        days: [{ day: 1, open: '18:00', close: '09:00' }],
      },
    });
    expect('errors' in result && result.errors).toHaveLength(3);
  });
});
