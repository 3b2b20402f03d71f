import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { rawRows } from '../db/raw-rows.js';
import { searchSettings } from '../db/schema.js';

/** The token types of words (ASCII or not, whole or hyphenated parts) that search stems. */
const WORD_TOKENS = 'asciiword, asciihword, hword_asciipart, word, hword, hword_part';

/**
 * The dictionary a language stems with: `simple` keeps words as they are (any language), another
 * is PostgreSQL's snowball stemmer of that name (`english` → `english_stem`).
 */
const dictionaryOf = (language: string) => (language === 'simple' ? 'simple' : `${language}_stem`);

/**
 * Makes search use SEARCH_LANGUAGE (config `searchLanguage`), once, at start-up after the
 * migrations. When the language recorded in `search_settings` differs, it rebuilds the word
 * mapping of `natter_search` (accents still folded by unaccent first) and re-indexes every
 * searchable message: `UPDATE … SET content = content` makes PostgreSQL recompute the generated
 * `search_vector`, a write of every such row (docs/search.md: minutes on millions of messages,
 * sends wait meanwhile). All of it is one transaction under an advisory lock, so nodes of a
 * cluster starting together change it once and the others find it done. A language PostgreSQL
 * has no stemmer for fails start-up, naming it.
 */
export async function applySearchLanguage(db: Db, language: string): Promise<void> {
  if ((await recordedLanguage(db)) === language) return;
  await db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('natter:search-language'))`);
    const [recorded] = await tx.select().from(searchSettings).where(eq(searchSettings.id, 1));
    if (recorded?.language === language) return;
    const dictionary = dictionaryOf(language);
    const found = rawRows(
      await tx.execute(sql`SELECT 1 FROM pg_ts_dict WHERE dictname = ${dictionary}`),
    );
    if (found.length === 0) {
      throw new Error(
        `Invalid configuration: SEARCH_LANGUAGE=${language}, but the database has no ` +
          `${dictionary} dictionary (use simple or a snowball language such as english)`,
      );
    }
    // An identifier cannot be a parameter: the name is checked above against the catalogue,
    // and quoted.
    await tx.execute(
      sql.raw(
        `ALTER TEXT SEARCH CONFIGURATION natter_search ALTER MAPPING FOR ${WORD_TOKENS} ` +
          `WITH unaccent, "${dictionary.replaceAll('"', '""')}"`,
      ),
    );
    await tx.execute(sql`UPDATE messages SET content = content WHERE search_vector IS NOT NULL`);
    await tx
      .insert(searchSettings)
      .values({ id: 1, language })
      .onConflictDoUpdate({ target: searchSettings.id, set: { language } });
  });
}

async function recordedLanguage(db: Db): Promise<string | undefined> {
  const [row] = await db.select().from(searchSettings).where(eq(searchSettings.id, 1));
  return row?.language;
}
