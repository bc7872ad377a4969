/** Suggestions with MiniSearch over the vocabulary and names: as-you-type, and "Menade du …?" for empty results. */
import MiniSearch from 'minisearch';
import type { Db } from '../../db/client.js';
import { documentCount, suggestibleNames, vocabulary, wordDocumentCounts } from '../../db/search.js';
import type { Candidate } from './correction.js';
import type { Vocabulary } from './forgiving.js';

interface Entry { id: number; text: string; type: string; count: number }

const VOCABULARY_SIZE = 40_000;
const STALE_MS = 60_000;
/**
 * Words completed together, the last ones typed: each short prefix stands for thousands of entries,
 * and MiniSearch combines the sets, so `s s s …` × 50 took 13 s over 40,000 words.
 */
const MAX_SUGGEST_WORDS = 4;
/** Words corrected by "Menade du …?": a fuzzy lookup of a long word costs up to 20 ms. */
const MAX_CORRECTED_WORDS = 6;

/** Holds the in-memory suggestion index; rebuilt lazily when documents were added. */
export class Suggester implements Vocabulary {
  private index: MiniSearch<Entry> | null = null;
  private words = new Map<string, number>();
  private building: Promise<MiniSearch<Entry>> | null = null;
  private builtAt = 0;
  private builtFor = -1;

  constructor(private readonly db: Db) {}

  private async ensure(): Promise<MiniSearch<Entry>> {
    const count = await documentCount(this.db);
    if (this.index && (count === this.builtFor || Date.now() - this.builtAt < STALE_MS)) return this.index;
    // One rebuild at a time; searches meanwhile share it. The words and the index are swapped in
    // together once both are built, so a search never sees one without the other.
    this.building ??= this.build(count).finally(() => { this.building = null; });
    return this.building;
  }

  private async build(count: number): Promise<MiniSearch<Entry>> {
    const entries: Entry[] = [];
    const words = new Map<string, number>();
    for (const { word, count: n } of await vocabulary(this.db, VOCABULARY_SIZE)) {
      words.set(word, n);
      entries.push({ id: entries.length, text: word, type: 'ord', count: n });
    }
    for (const { text, type } of await suggestibleNames(this.db)) entries.push({ id: entries.length, text, type, count: 1 });
    const index = new MiniSearch<Entry>({
      fields: ['text'], storeFields: ['text', 'type', 'count'],
      processTerm: (t) => t.toLocaleLowerCase('sv'),
    });
    index.addAll(entries);
    this.words = words;
    this.index = index;
    this.builtAt = Date.now();
    this.builtFor = count;
    return index;
  }


  /** Completions for what has been typed so far: words by frequency, then names. */
  async suggest(prefix: string, limit = 8): Promise<Array<{ text: string; type: string }>> {
    // Distinct words of two letters or more (a lone letter stands for a twentieth of the vocabulary).
    const ws = [...new Set(prefix.trim().split(/\s+/u).filter((w) => w.length >= 2))].slice(-MAX_SUGGEST_WORDS);
    const q = ws.join(' ');
    if (q.length < 2) return [];
    const index = await this.ensure();
    // Words by how many documents hold them, then names (count 1); the match score only breaks ties.
    const ranked = (hits: ReturnType<typeof index.search>) => hits
      .sort((a, b) => (b.count as number) - (a.count as number) || b.score - a.score)
      .map((h) => ({ text: h.text as string, type: h.type as string }));
    // What the typed letters begin comes first; near misses (a typo) only fill what is left.
    const completions = ranked(index.search(q, { prefix: true, combineWith: 'AND' }));
    const nearMisses = completions.length < limit && q.length > 4 ? ranked(index.search(q, { prefix: true, fuzzy: 0.15, combineWith: 'AND' })) : [];
    const seen = new Set<string>();
    return [...completions, ...nearMisses]
      .filter((s) => !seen.has(s.text) && seen.add(s.text))
      .slice(0, limit);
  }

  /**
   * Close words and one-word names (people, places, parties) the archive holds, for the corrector: a fuzzy
   * lookup, each with how many documents hold it (a name the text never holds as a word weighs 1).
   */
  async candidates(word: string): Promise<Candidate[]> {
    const lower = word.toLocaleLowerCase('sv');
    if (lower.length < 4) return [];
    const index = await this.ensure();
    const seen = new Map<string, number>();
    for (const h of index.search(lower, { fuzzy: 0.25, prefix: false }).slice(0, 50)) {
      for (const part of (h.text as string).toLocaleLowerCase('sv').split(/\s+/u)) {
        if (part.length < 4 || seen.has(part)) continue;
        seen.set(part, this.words.get(part) ?? (h.type === 'ord' ? (h.count as number) : 1));
      }
    }
    return [...seen].map(([text, count]) => ({ text, count }));
  }

  /** Documents that hold each word exactly, from the whole vocabulary (not only the words kept here). */
  async documentCounts(words: string[]): Promise<Map<string, number>> {
    return await wordDocumentCounts(this.db, words);
  }

  /** A corrected query ("Menade du …?"): each unknown word replaced by its closest frequent neighbour. */
  async didYouMean(words: string[]): Promise<string | null> {
    const index = await this.ensure();
    let changed = false;
    let looked = 0;
    const out = words.map((w) => {
      const lower = w.toLocaleLowerCase('sv');
      if (this.words.has(lower) || lower.length < 4 || looked++ >= MAX_CORRECTED_WORDS) return w;
      const best = index.search(lower, { fuzzy: 0.3, prefix: false })
        .filter((h) => h.type === 'ord')
        .sort((a, b) => b.score * Math.log(2 + (b.count as number)) - a.score * Math.log(2 + (a.count as number)))[0];
      if (!best || best.text === lower) return w;
      changed = true;
      return best.text as string;
    });
    return changed ? out.join(' ') : null;
  }
}
