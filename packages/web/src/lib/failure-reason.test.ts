import { describe, expect, it } from 'vitest';
import { NatterError } from '@natter/client';
import { failureReason } from './failure-reason.js';

const upload = { filename: 'a.png', mimeType: 'image/png', size: 1, progress: 0 };

describe('failureReason', () => {
  it('explains files that are too large, and uploads that failed', () => {
    const tooLarge = new NatterError('payload_too_large', 'x');
    expect(failureReason({ error: tooLarge, uploads: [upload] })).toBe(
      'File is too large (max 25 MB)',
    );
    const network = new NatterError('network', 'x');
    expect(failureReason({ error: network, uploads: [upload] })).toBe('Upload failed');
  });
  it('explains text messages by code', () => {
    expect(failureReason({ error: new NatterError('timeout', 'x') })).toBe(
      'Not sent: the server did not answer',
    );
    expect(failureReason({ error: new NatterError('unavailable', 'x') })).toBe(
      'Not sent yet: the server is busy, trying again',
    );
    expect(failureReason({})).toBe('Not sent');
  });
});
