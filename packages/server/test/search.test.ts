import { SEARCH_MATCH_END, SEARCH_MATCH_START } from '@natter/protocol';
import { describe, expect, it } from 'vitest';
import { createGroupRoom, registerUser, uniqueName } from './helpers/clients.js';
import { sendOk, useSocketTestServer } from './helpers/message-helpers.js';
import { searchContents, searchHttp, searchOk } from './helpers/search-helpers.js';

/** A word no other test's messages contain, so each test reads only its own matches. */
const uniqueWord = (prefix = 'w') => uniqueName(prefix).replace(/[^a-z0-9]/g, '');

describe('GET /api/search: what matches', () => {
  const { t, directPair } = useSocketTestServer();

  it("finds a member's messages by a word, with the match delimited in the highlight", async () => {
    const { alice, room, a } = await directPair();
    const word = uniqueWord();
    const sent = await sendOk(a, room.id, `the ${word} is on the table`);
    await sendOk(a, room.id, 'nothing to see here');
    const { results, nextCursor } = await searchOk(t.url, alice.token, { q: `${word} ` });
    // Presented as history presents it (bob's socket may have received it meanwhile).
    expect(results.map((r) => r.message)).toEqual([
      { ...sent, status: expect.stringMatching(/^(sent|delivered)$/) },
    ]);
    expect(results[0]?.highlight).toContain(`${SEARCH_MATCH_START}${word}${SEARCH_MATCH_END}`);
    expect(nextCursor).toBeNull();
  });
});
