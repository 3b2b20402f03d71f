import type { Ref } from 'preact';

/** The round button in the host page's corner, with the count of unread agent messages. */
export function Launcher(props: {
  siteName: string | undefined;
  unread: number;
  onOpen(): void;
  buttonRef: Ref<HTMLButtonElement>;
}) {
  const target = props.siteName ? `Open chat with ${props.siteName}` : 'Open chat';
  const name = props.unread > 0 ? `${target} (${props.unread} unread)` : target;
  return (
    <button
      ref={props.buttonRef}
      type="button"
      class="launcher"
      aria-label={name}
      onClick={props.onOpen}
    >
      <svg viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false">
        <path
          fill="currentColor"
          d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2zm2 5v2h12V9H6zm0 4v2h8v-2H6z"
        />
      </svg>
      {props.unread > 0 && (
        <span class="badge" aria-hidden="true">
          {props.unread > 99 ? '99+' : props.unread}
        </span>
      )}
    </button>
  );
}
