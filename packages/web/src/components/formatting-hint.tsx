/**
 * The composer's reminder of the Markdown a message may carry: each mark shown around a word as
 * it renders, small and quiet under the message box (hidden on phones, where height is scarce).
 */
export function FormattingHint() {
  return (
    <p className="composer-hint">
      <b>**bold**</b> <i>_italic_</i> <del>~~strike~~</del> <code>`code`</code>{' '}
      <span>&gt; quote</span> <span>- list</span>
    </p>
  );
}
