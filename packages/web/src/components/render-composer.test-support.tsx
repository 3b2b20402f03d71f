import { render } from '@testing-library/preact';
import { initialState } from '@natter/client';
import type { ComponentProps } from 'react';
import { NEW_MESSAGE } from '../lib/composer-mode.js';
import type { ProfileStore } from '../state/profile-store.js';
import { StubChatContext } from '../state/stub-chat-context.test-support.js';
import { Composer } from './composer.js';

/** A store that knows no room: the `@` list finds no members (composer-mentions.test.tsx has them). */
const emptyStore = { getState: () => initialState, subscribe: () => () => undefined };

/**
 * Renders a new-message composer in a room of its own (so no draft of another test leaks in),
 * with `client` stubbing what it calls (and the store, when the test needs rooms), `props`
 * overriding the no-op callbacks and `profiles` the people the composer may know.
 */
export function renderComposer(
  client: object,
  props: Partial<ComponentProps<typeof Composer>> = {},
  profiles?: ProfileStore,
) {
  const noop = () => undefined;
  return render(
    <StubChatContext client={{ ...emptyStore, ...client }} profiles={profiles}>
      <Composer
        roomId={`room-${Math.random()}`}
        meId="me"
        mode={NEW_MESSAGE}
        onCancelMode={noop}
        onEditLast={noop}
        onProblem={noop}
        onFiles={noop}
        {...props}
      />
    </StubChatContext>,
  );
}
