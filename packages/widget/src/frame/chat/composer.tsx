import { useRef, useState } from 'preact/hooks';
import type { VisitorChat } from './visitor-chat.js';

/**
 * The message box: Enter sends, Shift+Enter is a new line; typing is announced to the agents;
 * files go through the SDK's upload path (the same as the web app's).
 */
export function Composer(props: {
  chat: VisitorChat;
  inputRef: { current: HTMLTextAreaElement | null };
}) {
  const { chat } = props;
  const [text, setText] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);

  const send = () => {
    const content = text.trim();
    if (!content) return;
    void chat.send(content);
    setText('');
  };

  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      <label class="visually-hidden" for="natter-message">
        Message
      </label>
      <textarea
        id="natter-message"
        ref={props.inputRef}
        rows={2}
        value={text}
        placeholder="Write a message…"
        onInput={(event) => {
          const value = event.currentTarget.value;
          setText(value);
          if (value) chat.client.typing.input(chat.roomId);
          else chat.client.typing.stop(chat.roomId);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            send();
          }
        }}
      />
      <div class="composer-actions">
        <input
          ref={fileInput}
          id="natter-file"
          class="visually-hidden"
          type="file"
          // Reached through the visible button: out of the tab order and the accessibility tree.
          tabIndex={-1}
          aria-hidden="true"
          multiple
          onChange={(event) => {
            const files = [...(event.currentTarget.files ?? [])];
            if (files.length > 0) void chat.sendFiles(files);
            event.currentTarget.value = '';
          }}
        />
        <button type="button" class="secondary" onClick={() => fileInput.current?.click()}>
          Attach a file
        </button>
        <button type="submit" class="primary">
          Send
        </button>
      </div>
    </form>
  );
}
