import type { WebhookDelivery } from '@natter/protocol';
import { describe, expect, it } from 'vitest';
import {
  attemptsText,
  deliveryEventLabel,
  deliveryStatusLabel,
  lastResult,
} from './webhook-labels.js';

const delivery = (fields: Partial<WebhookDelivery>): WebhookDelivery => ({
  id: 'd1',
  webhookId: 'w1',
  event: 'message.created',
  status: 'pending',
  attempts: 0,
  createdAt: '2026-12-01T10:00:00.000Z',
  ...fields,
});

describe('webhook labels', () => {
  it('names events, the test event included', () => {
    expect(deliveryEventLabel('message.created')).toBe('New messages');
    expect(deliveryEventLabel('webhook.test')).toBe('Test event');
  });

  it('says queued before the first attempt, retrying after one failed', () => {
    expect(deliveryStatusLabel(delivery({}))).toBe('Queued');
    expect(deliveryStatusLabel(delivery({ attempts: 2, lastStatus: 500 }))).toBe('Retrying');
    expect(deliveryStatusLabel(delivery({ status: 'delivered', attempts: 1 }))).toBe('Delivered');
    expect(deliveryStatusLabel(delivery({ status: 'failed', attempts: 9 }))).toBe('Failed');
  });

  it('gives the HTTP status, or why there was none', () => {
    expect(lastResult(delivery({}))).toBeUndefined();
    expect(lastResult(delivery({ lastStatus: 503 }))).toBe('HTTP 503');
    expect(lastResult(delivery({ lastStatus: 302, lastError: 'redirects are not followed' }))).toBe(
      'HTTP 302',
    );
    expect(lastResult(delivery({ lastError: 'timeout: time cap reached' }))).toBe('Timed out');
    expect(lastResult(delivery({ lastError: 'refused: refused: x is 10.0.0.1 (private)' }))).toBe(
      'Address refused',
    );
    expect(lastResult(delivery({ lastError: 'dns: x did not resolve' }))).toBe('Host not found');
    expect(lastResult(delivery({ lastError: 'network: ECONNREFUSED' }))).toBe('Connection failed');
    expect(lastResult(delivery({ lastError: 'expired while the webhook was disabled' }))).toBe(
      'Expired',
    );
    expect(lastResult(delivery({ lastError: 'something new' }))).toBe('Failed');
  });

  it('counts attempts', () => {
    expect(attemptsText(1)).toBe('1 attempt');
    expect(attemptsText(3)).toBe('3 attempts');
  });
});
