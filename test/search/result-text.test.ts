/** The text a result's snippet is chosen from: the first SNIPPET_TEXT_CHARS characters, counted as characters. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDb, openDb, type SqliteDb as Db } from '../../db/client.js';
import { loadResultDocuments, SNIPPET_TEXT_CHARS } from '../../db/search.js';

let db: Db;
beforeEach(() => { db = openDb(':memory:'); });
afterEach(() => closeDb(db));

const stored = (text: string) => Number(db.$client.prepare("INSERT INTO documents(kind, title, text, metadata_json) VALUES ('ovrigt', 't', ?, '{}')").run(text).lastInsertRowid);
const read = async (id: number, upTo = new Map<number, number>()) => (await loadResultDocuments(db, [id], true, upTo)).get(id)!.text;

describe('loadResultDocuments', () => {
  it('reads a text whole up to the limit and cuts a longer one at the limit in characters, not bytes', async () => {
    const short = 'Trygghet i Huddinge.';
    expect(await read(stored(short))).toBe(short);
    const ascii = 'ord '.repeat(SNIPPET_TEXT_CHARS / 2);
    expect(await read(stored(ascii))).toBe(ascii.slice(0, SNIPPET_TEXT_CHARS));
    // Two bytes a character: more bytes than the limit, fewer characters, so the whole text.
    const swedish = 'åäö '.repeat(SNIPPET_TEXT_CHARS / 5);
    expect(Buffer.byteLength(swedish)).toBeGreaterThan(SNIPPET_TEXT_CHARS);
    expect(await read(stored(swedish))).toBe(swedish);
    const longSwedish = 'åäö '.repeat(SNIPPET_TEXT_CHARS / 2);
    expect(await read(stored(longSwedish))).toBe(longSwedish.slice(0, SNIPPET_TEXT_CHARS));
    expect(await read(stored('x'.repeat(SNIPPET_TEXT_CHARS)))).toHaveLength(SNIPPET_TEXT_CHARS);
  });

  it('reads further for a paragraph hit that ends past the limit', async () => {
    const text = 'ord '.repeat(SNIPPET_TEXT_CHARS / 2);
    const id = stored(text);
    expect(await read(id, new Map([[id, SNIPPET_TEXT_CHARS + 10]]))).toBe(text.slice(0, SNIPPET_TEXT_CHARS + 10));
  });

  it('leaves the text unread without snippets', async () => {
    const id = stored('Trygghet.');
    expect((await loadResultDocuments(db, [id], false)).get(id)!.text).toBe('');
  });
});
