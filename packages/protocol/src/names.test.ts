import { describe, expect, it } from 'vitest';
import { createGroupRoomBodySchema } from './http.js';
import {
  displayNameSchema,
  roomNameSchema,
  stripInvisibleCharacters,
  usernameSchema,
} from './primitives.js';

/** One of each kind the names must not carry. */
const INVISIBLE = {
  'a C0 control (NUL)': '\u0000',
  'a C0 control (newline)': '\n',
  'a C1 control': '\u0085',
  'a bidi embedding (U+202A)': '\u202a',
  'a bidi override (U+202E)': '\u202e',
  'a bidi isolate (U+2066)': '\u2066',
  'a pop isolate (U+2069)': '\u2069',
  'a zero-width space (U+200B)': '\u200b',
  'a zero-width joiner (U+200D)': '\u200d',
  'a word joiner (U+2060)': '\u2060',
  'a byte-order mark (U+FEFF)': '\ufeff',
  'a line separator (U+2028)': '\u2028',
};

describe('names shown to other people', () => {
  it.each(Object.entries(INVISIBLE))('strips %s from display and room names', (_name, char) => {
    expect(displayNameSchema.parse(`Ali${char}ce`)).toBe('Alice');
    expect(roomNameSchema.parse(`Te${char}am`)).toBe('Team');
  });

  it('refuses a name made of nothing but invisible characters, as empty', () => {
    expect(displayNameSchema.safeParse('\u202e\u200b ').success).toBe(false);
    const room = createGroupRoomBodySchema.safeParse({
      type: 'group',
      name: '\u2066\u2069',
      participantIds: [],
    });
    expect(room.success).toBe(false);
    expect(room.error?.issues[0]?.path).toEqual(['name']);
  });

  it('keeps visible text as it is: accents, scripts, emoji', () => {
    expect(displayNameSchema.parse('  Zoë 山田 👋 ')).toBe('Zoë 山田 👋');
  });

  it('bounds the length after stripping', () => {
    expect(displayNameSchema.safeParse('a'.repeat(200)).success).toBe(false);
  });

  it.each(Object.entries(INVISIBLE))('refuses %s in a username', (_name, char) => {
    expect(usernameSchema.safeParse(`ali${char}ce`).success).toBe(false);
  });

  it('is the same helper the server cleans file names with', () => {
    expect(stripInvisibleCharacters('report\u202Efdp.exe')).toBe('reportfdp.exe');
  });
});
