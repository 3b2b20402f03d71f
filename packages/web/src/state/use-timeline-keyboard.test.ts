// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { applyTabStop } from './use-timeline-keyboard.js';

/** A canvas like the list's: rows with data-index; messages are articles with a few controls. */
function canvas(): HTMLElement {
  const element = document.createElement('div');
  element.innerHTML = `
    <div data-index="0"><div class="day-separator">Today</div></div>
    <div data-index="1"><article><a href="https://example.org">link</a><button>Reply</button></article></div>
    <div data-index="2"><article><button>Reply</button><button tabindex="-1">already out</button></article></div>`;
  return element;
}
const tabIndexes = (root: HTMLElement, index: number) =>
  [
    ...root.querySelectorAll<HTMLElement>(
      `[data-index="${index}"] article, [data-index="${index}"] article *`,
    ),
  ].map((element) => element.tabIndex);

describe('applyTabStop', () => {
  it('leaves one message and its controls in the Tab order, every other one out', () => {
    const root = canvas();
    applyTabStop(root, 2);
    expect(tabIndexes(root, 2)).toEqual([0, 0, -1]);
    expect(tabIndexes(root, 1)).toEqual([-1, -1, -1]);
  });

  it('gives back only the controls it took when the stop moves', () => {
    const root = canvas();
    applyTabStop(root, 2);
    applyTabStop(root, 1);
    expect(tabIndexes(root, 1)).toEqual([0, 0, 0]);
    // The control that was out of the Tab order before stays out.
    expect(tabIndexes(root, 2)).toEqual([-1, -1, -1]);
    applyTabStop(root, 2);
    expect(tabIndexes(root, 2)).toEqual([0, 0, -1]);
    expect(root.querySelector('[data-index="1"] a')?.hasAttribute('tabindex')).toBe(true);
  });

  it('takes every message out when no row holds the stop', () => {
    const root = canvas();
    applyTabStop(root, undefined);
    expect([...tabIndexes(root, 1), ...tabIndexes(root, 2)].every((i) => i === -1)).toBe(true);
  });
});
