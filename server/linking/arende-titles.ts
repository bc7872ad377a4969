/** Ärende titles compared across documents: a motion's heading and the KS item's title name the same matter. */

/** Titles too generic to identify a matter on their own ("Val", "Anmälningsärenden"). */
const MIN_KEY_LENGTH = 20;
const MIN_KEY_WORDS = 3;

/**
 * Normalised title: lowercase (sv), punctuation and party suffixes gone, a leading
 * "Svar på"/"Yttrande över"/"Yrkande angående" dropped, so the matter's own words remain.
 * Null when what remains is too generic to link by.
 */
export function arendeTitleKey(title: string | null): string | null {
  if (!title) return null;
  const key = title.normalize('NFC').replace(/\u00ad/g, '').toLocaleLowerCase('sv')
    .replace(/\([^)]{0,40}\)/g, ' ')
    .replace(/^(?:svar på|yttrande över|yttrande angående|yttrande avseende|yrkande angående|yrkande om|ang\.?|angående)\s+/, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const paper = paperKey(key);
  if (paper !== undefined) return paper;
  if (key.length < MIN_KEY_LENGTH || key.split(' ').length < MIN_KEY_WORDS) return null;
  return key;
}

const PAPER_FRAME = /^(motion|interpellation|enkel fråga|fråga)\s+(.*?)\s*\b(?:om|angående|ang|gällande|rörande|avseende|beträffande)\s+(.+)$/u;

/**
 * A motion's or an interpellation's own heading (issue 19) names the matter by who asked and what
 * about; whom it was put to is often left out where others name it ("Svar på interpellation från X om …",
 * "Yrkande angående motion av X om …"), so the key keeps the type, the asker and the subject.
 * A heading with no subject ("Interpellation till kommunstyrelsens ordförande X") names no matter.
 * Undefined when the title is not such a heading.
 */
function paperKey(key: string): string | null | undefined {
  if (!/^(?:motion|interpellation|enkel fråga|fråga)\b/u.test(key)) return undefined;
  const m = PAPER_FRAME.exec(key);
  if (!m) return null;
  const who = m[2]!.replace(/\btill\s+.*?(?=\b(?:av|från)\b|$)/u, ' ').replace(/\b(?:av|från|ställd)\b/gu, ' ').replace(/\s+/g, ' ').trim();
  const subject = m[3]!;
  // Without an asker the subject alone must carry the matter ("Motion om laddstolpar" is any year's motion).
  if (!who && (subject.length < 12 || subject.split(' ').length < 2)) return null;
  return [m[1], who, 'om', subject].filter(Boolean).join(' ');
}

/** Levenshtein distance with an early exit once it exceeds `max`. */
function boundedEditDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

/** Near-identical: at most one edit per 20 characters (typos, a changed word ending, a dropped dash). */
export function titlesNearlyEqual(a: string, b: string): boolean {
  if (a === b) return true;
  const max = Math.floor(Math.max(a.length, b.length) / 20);
  return max > 0 && boundedEditDistance(a, b, max) <= max;
}

/** A flattened heading runs on into the first sentence: the shorter key then starts the longer one. */
const MIN_PREFIX_KEY = 40;

/** Same matter by title: near-identical, or one title is the other with a run-on tail. */
export function titlesMatch(a: string, b: string): boolean {
  if (titlesNearlyEqual(a, b)) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= MIN_PREFIX_KEY && long.startsWith(`${short} `);
}

/** A prefix of the key for finding candidates through an index. */
export function titlePrefix(key: string): string {
  return key.slice(0, 12);
}
