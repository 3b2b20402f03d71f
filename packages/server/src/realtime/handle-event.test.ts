import { describe, expectTypeOf, it } from 'vitest';
import type { EventHandlers, RequestHandler, SignalHandler } from './handle-event.js';

// Checked by `tsc -p tsconfig.tests.json`: each `@ts-expect-error` fails the build if the line
// below it ever compiles, i.e. if a handler could be registered against the protocol's table.
describe('server handler registration typed by the protocol table', () => {
  it('refuses a handler that returns the wrong ack shape or reads the wrong payload', () => {
    const wrongResult: RequestHandler<'message:edit'> = {
      budget: 'editsPerUser',
      // @ts-expect-error: message:edit acks `{ message }`, not `{ rooms }`
      run: async () => ({ rooms: [] }),
    };
    const wrongPayload: RequestHandler<'messages:load'> = {
      budget: 'loadsPerUser',
      // @ts-expect-error: messages:load's payload has no messageId
      run: async (input) => ({ ...(await Promise.reject(new Error(input.messageId))) }),
    };
    expectTypeOf(wrongResult).not.toBeNever();
    expectTypeOf(wrongPayload).not.toBeNever();
  });

  it('refuses a handler without a budget, and a handler table that leaves an event out', () => {
    // @ts-expect-error: every event is registered with its rate budget
    const noBudget: SignalHandler<'typing:start'> = { run: () => undefined };
    const typing: SignalHandler<'typing:start'> = { budget: 'typingPerUser', run: () => undefined };
    // @ts-expect-error: the table must serve every client event of the protocol
    const partial: EventHandlers = { 'typing:start': typing, 'typing:stop': typing };
    // @ts-expect-error: a budget is one of RATE_BUDGETS' rows
    const unknownBudget: SignalHandler<'typing:stop'> = { budget: 'nope', run: () => undefined };
    expectTypeOf(noBudget).not.toBeNever();
    expectTypeOf(partial).not.toBeNever();
    expectTypeOf(unknownBudget).not.toBeNever();
  });
});
