/**
 * The composer's reminder of the Markdown a message may carry: each mark around a word that shows
 * its effect, small and quiet under the message box (hidden on phones, where height is scarce).
 */
export function FormattingHint() {
  return (
    <p className="composer-hint">
      <span>
        **<b>bold</b>**
      </span>
      <span>
        _<i>italic</i>_
      </span>
      <span>
        ~~<del>strike</del>~~
      </span>
      <code>`code`</code>
      <span>&gt; quote</span>
      <span>- list</span>
    </p>
  );
}
