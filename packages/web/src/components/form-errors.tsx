interface FormErrorsProps {
  /** Sentences to show; empty ones are skipped, and nothing renders when none is left. */
  errors: readonly (string | undefined)[];
}

/** Why a form or an action was refused, next to it, announced when it appears (`role="alert"`). */
export function FormErrors({ errors }: FormErrorsProps) {
  const shown = errors.filter((e): e is string => Boolean(e));
  if (shown.length === 0) return null;
  return (
    <div className="form-error" role="alert">
      {shown.map((error) => (
        <p key={error}>{error}</p>
      ))}
    </div>
  );
}
