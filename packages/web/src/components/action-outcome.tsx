/** How an action in a dialog went: "Name saved." or why it failed. */
export interface Outcome {
  ok: boolean;
  text: string;
}

/**
 * The line under a dialog's action that says how it went. Always rendered (empty until there
 * is news), so screen readers announce what appears in it.
 */
export function ActionOutcome({ outcome }: { outcome: Outcome | undefined }) {
  return (
    <p className={outcome?.ok === false ? 'form-error' : 'muted small'} role="status">
      {outcome?.text}
    </p>
  );
}
