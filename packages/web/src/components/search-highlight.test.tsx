// @vitest-environment jsdom
import { render } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { SEARCH_MATCH_END, SEARCH_MATCH_START } from '@natter/protocol';
import { SearchHighlight } from './search-highlight.js';

const matched = (text: string) => `${SEARCH_MATCH_START}${text}${SEARCH_MATCH_END}`;

describe('SearchHighlight', () => {
  it('puts each match in a <mark> and the rest in text nodes', () => {
    const { container } = render(
      <p>
        <SearchHighlight highlight={`the ${matched('budget')} for ${matched('Q4')}`} />
      </p>,
    );
    expect([...container.querySelectorAll('mark')].map((m) => m.textContent)).toEqual([
      'budget',
      'Q4',
    ]);
    expect(container.textContent).toBe('the budget for Q4');
  });

  it('shows markup in a snippet as its characters, never as elements', () => {
    const hostile = `<img src=x onerror=alert(1)> ${matched('"><script>x</script>')}`;
    const { container } = render(
      <p>
        <SearchHighlight highlight={hostile} />
      </p>,
    );
    expect(container.querySelectorAll('img, script')).toHaveLength(0);
    expect(container.textContent).toBe('<img src=x onerror=alert(1)> "><script>x</script>');
    expect(container.querySelector('mark')?.textContent).toBe('"><script>x</script>');
  });
});
