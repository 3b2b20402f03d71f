// @vitest-environment jsdom
import { render, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import type { DisplayStatus } from '@natter/client';
import { StatusIcon } from './status-icon.js';

describe('StatusIcon', () => {
  it.each<[DisplayStatus, string]>([
    ['sending', 'Sending'],
    ['sent', 'Sent'],
    ['delivered', 'Delivered'],
    ['read', 'Read'],
    ['failed', 'Failed'],
  ])('names %s "%s" for screen readers and tooltips', (status, label) => {
    render(<StatusIcon status={status} />);
    const icon = screen.getByRole('img', { name: label });
    expect(icon.getAttribute('title')).toBe(label);
    expect(icon.className).toContain(`status-${status}`);
  });
});
