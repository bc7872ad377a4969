/** The bench's query mix (scripts/bench/search.ts), shared with scripts/bench/search-answers.ts so both run the same 200 queries. */
import { words } from '../../server/analysis/swedish.js';

/** 200 queries: single words, two words, phrases, prefixes, compounds' heads, filtered. */
export function queryMix(sample: string[]): string[] {
  const vocab = new Map<string, number>();
  for (const t of sample.slice(0, 2000)) for (const w of new Set(words(t))) if (w.length >= 6 && !/\d/.test(w)) vocab.set(w, (vocab.get(w) ?? 0) + 1);
  const mid = [...vocab].filter(([, n]) => n >= 5 && n <= 200).map(([w]) => w).sort();
  const pick = (i: number) => mid[(i * 7919) % mid.length]!;
  const qs: string[] = [];
  for (let i = 0; i < 50; i++) qs.push(pick(i));
  for (let i = 0; i < 40; i++) qs.push(`${pick(i + 100)} ${pick(i + 200)}`);
  for (let i = 0; i < 30; i++) {
    const ws = words(sample[(i * 31) % sample.length]!).filter((w) => w.length > 3);
    qs.push(`"${ws[10 + (i % 20)]} ${ws[11 + (i % 20)]}"`);
  }
  for (let i = 0; i < 30; i++) qs.push(`${pick(i + 300).slice(0, 5)}*`);
  const heads = ['våld', 'skola', 'vård', 'skatt', 'polis', 'jobb', 'bostad', 'trafik', 'miljö', 'barn'];
  for (let i = 0; i < 30; i++) qs.push(heads[i % heads.length]!);
  const parties = ['S', 'M', 'SD', 'V', 'C', 'KD', 'L', 'MP'];
  for (let i = 0; i < 20; i++) qs.push(`${pick(i + 400)} parti:${parties[i % parties.length]} år:2010..2024`);
  return qs;
}

export function category(q: string): string {
  if (q.includes(':')) return 'filtrerad';
  if (q.startsWith('"')) return 'fras';
  if (q.endsWith('*')) return 'prefix';
  if (q.includes(' ')) return 'två ord';
  return 'ett ord';
}
