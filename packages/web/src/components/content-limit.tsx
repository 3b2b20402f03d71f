import type { ContentMeasure } from '../lib/content-limit.js';
import { counterText, overLimitText } from '../lib/content-limit.js';

interface ContentLimitProps {
  /** Named by the message box's `aria-describedby` while the counter shows. */
  id: string;
  measure: ContentMeasure;
}

/**
 * The composer's length counter near the limit, and why the send is refused over it. The live
 * region is always there (empty when all is well), so screen readers hear the refusal when it
 * appears, not on every keystroke of the counter.
 */
export function ContentLimit({ id, measure }: ContentLimitProps) {
  return (
    <div id={id} className="composer-limit">
      <span className="composer-limit-refusal" aria-live="polite">
        {measure.over ? overLimitText(measure.length) : ''}
      </span>
      {measure.near && (
        <span className={measure.over ? 'composer-counter over' : 'composer-counter'}>
          {counterText(measure.length)}
        </span>
      )}
    </div>
  );
}
