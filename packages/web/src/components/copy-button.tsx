import { useEffect, useState } from 'react';
import { Icon } from './icon.js';

interface CopyButtonProps {
  text: string;
  /** What is copied, for the accessible name: "Copy embed snippet". */
  what: string;
}

/** Copies `text` to the clipboard and says so for two seconds (in its name and a live region). */
export function CopyButton({ text, what }: CopyButtonProps) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(timer);
  }, [state]);

  const copy = () => {
    navigator.clipboard.writeText(text).then(
      () => setState('copied'),
      () => setState('failed'),
    );
  };

  return (
    <>
      <button type="button" className="button small-button" onClick={copy}>
        <Icon name={state === 'copied' ? 'check' : 'copy'} size={15} />
        {state === 'copied' ? 'Copied' : `Copy ${what}`}
      </button>
      <span role="status" className="visually-hidden">
        {state === 'copied'
          ? `${what} copied`
          : state === 'failed'
            ? 'The browser refused the clipboard: select the text and copy it.'
            : ''}
      </span>
    </>
  );
}
