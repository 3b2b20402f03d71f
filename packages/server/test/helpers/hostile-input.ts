import fc from 'fast-check';

/**
 * Generators of hostile input for the property-based suites of issue #16 (fuzz-payloads.test.ts,
 * raw-packets.test.ts). Payloads are built as JSON *text*, not as values: text can say what
 * `JSON.stringify` never writes, and what the server's parsers do read: an own `__proto__` key,
 * `1e400` (Infinity once parsed), `-0`, 2^53 + 1, nesting 10,000 deep.
 */

/** Number tokens at the edges: ±2^53 and past it, ±Infinity (`1e400`), -0, floats, negatives. */
export const EDGE_NUMBERS = [
  '9007199254740992',
  '-9007199254740992',
  '9007199254740993',
  '1e400',
  '-1e400',
  '1e-400',
  '-0',
  '-1',
  '0.5',
  '-2.5',
  '1.7976931348623157e308',
  '2147483648',
  '4294967296',
  '0',
] as const;

/** Strings that have broken servers: NUL, lone surrogates, bidi overrides, lookalike ids. */
export const EDGE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  'x\ud83d',
  '\u202egnp.exe',
  '\u200f\u202b\u2066',
  '\ufeff',
  'NaN',
  'Infinity',
  '-Infinity',
  '__proto__',
  'constructor',
  'prototype',
  'null',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '00000000-0000-4000-8000-00000000000g',
  '{00000000-0000-4000-8000-000000000000}',
  '000000000000400080000000000000000',
  '../../etc/passwd',
  '%00',
  "' OR 1=1 --",
  '$where',
] as const;

/** Keys that reach for the prototype chain, or mean something to a careless merge. */
export const EDGE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '',
  '$gt',
] as const;

/** Any UTF-16 unit, lone surrogates and NUL included (fast-check's strings are well formed). */
const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const anyString = fc.array(anyUnit, { maxLength: 12 }).map((units) => units.join(''));

const str = (s: string) => JSON.stringify(s);

/** Big values beyond the protocol's field limits, still well under a frame (1 MiB). */
export const BIG_VALUES: readonly string[] = [
  str('x'.repeat(100_000)),
  str('\u202e'.repeat(20_000)),
  `[${Array(50_000).fill('0').join(',')}]`,
  `[${Array(5_000).fill(str('00000000-0000-4000-8000-000000000000')).join(',')}]`,
  `{${Array.from({ length: 5_000 }, (_, i) => `"k${i}":1`).join(',')}}`,
];

/** Nesting as raw JSON text: 10,000 levels, and 100,000 (deeper than a recursive walk survives). */
export const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
export const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
export const DEEP_VALUES: readonly string[] = [
  deepArray(10_000),
  deepObject(10_000),
  deepArray(100_000),
  deepObject(100_000),
];

const leaf: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...EDGE_NUMBERS),
  fc.constantFrom('true', 'false', 'null'),
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)),
  fc.constantFrom(...EDGE_STRINGS).map(str),
  anyString.map(str),
  fc.uuid().map(str),
);

const key: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...EDGE_KEYS),
  fc.string({ maxLength: 8 }),
  anyString,
);

const objectText = (entries: readonly (readonly [string, string])[]) =>
  `{${entries.map(([k, v]) => `${str(k)}:${v}`).join(',')}}`;

const tree = fc.letrec<{ value: string; array: string; object: string }>((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
  object: fc.array(fc.tuple(key, tie('value')), { maxLength: 4 }).map(objectText),
}));

/** Any JSON value as text: wrong types, prototype keys, edge numbers and strings, nested. */
export const hostileJson: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: tree.value },
  { weight: 1, arbitrary: fc.constantFrom(...BIG_VALUES) },
  { weight: 1, arbitrary: fc.constantFrom(...DEEP_VALUES) },
);

/**
 * A well-formed payload broken in one place, so the input gets past the outer checks and
 * reaches the inner ones: a field dropped, a field of the wrong type or value, an extra field (a
 * prototype key among them), or the same done somewhere inside.
 */
export function mutated(base: unknown): fc.Arbitrary<string> {
  if (Array.isArray(base)) {
    const items = base.map((item) => JSON.stringify(item));
    const at = (i: number, text: string) =>
      `[${items.map((item, j) => (j === i ? text : item)).join(',')}]`;
    return fc.oneof(
      hostileJson,
      fc.array(hostileJson, { maxLength: 3 }).map((extra) => `[${[...items, ...extra].join(',')}]`),
      ...base.map((item, i) => mutated(item).map((text) => at(i, text))),
    );
  }
  if (typeof base !== 'object' || base === null) return hostileJson;
  const entries = Object.entries(base).map(([k, v]) => [k, JSON.stringify(v)] as const);
  const replaced = (k: string, text: string | undefined) =>
    objectText(
      entries.flatMap(([name, v]) =>
        name !== k ? [[name, v] as const] : text === undefined ? [] : [[name, text] as const],
      ),
    );
  return fc.oneof(
    fc.tuple(key, hostileJson).map(([k, v]) => objectText([...entries, [k, v]])),
    ...entries.flatMap(([k]) => [
      fc.constant(replaced(k, undefined)),
      mutated((base as Record<string, unknown>)[k]).map((text) => replaced(k, text)),
    ]),
  );
}

/** Path segments that are not the id a route expects: wrong types, edges, wrong UUIDs, huge. */
export const garbageSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '-1',
    '0',
    '1.5',
    '-0',
    '9007199254740993',
    '-9007199254740993',
    '1e400',
    'NaN',
    'Infinity',
    '-Infinity',
    'null',
    'undefined',
    '__proto__',
    'constructor',
    'prototype',
    '00000000-0000-0000-0000-000000000000',
    'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF',
    '00000000-0000-4000-8000-00000000000g',
    '000000000000400080000000000000000',
    '%00',
    '%ED%A0%80',
    '%E2%80%AE',
    '%C0%AE%C0%AE',
    '%25',
    'a'.repeat(5_000),
  ),
  fc.uuid(),
  fc.string({ minLength: 1, maxLength: 20 }).map(encodeURIComponent),
);

/** A query string of parameters that routes read, and others, with garbage values. */
export const hostileQuery: fc.Arbitrary<string> = fc
  .array(
    fc.tuple(
      fc.oneof(
        fc.constantFrom(...EDGE_KEYS, 'limit', 'before', 'after', 'q', 'query', 'cursor', 'sig'),
        fc.string({ maxLength: 6 }),
      ),
      fc.oneof(garbageSegment, fc.constantFrom(...EDGE_NUMBERS)),
    ),
    { maxLength: 4 },
  )
  .map((pairs) =>
    pairs.length === 0
      ? ''
      : `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${v}`).join('&')}`,
  );
