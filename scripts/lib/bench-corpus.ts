/** Text corpora for the benchmarks, built from ../shared/corpus: real texts, and variants of them to reach archive size. */
import fs from 'node:fs';
import path from 'node:path';
import { readCorpusField, readTexts } from './corpus.js';

/**
 * The import mix: half Göteborg council paragraphs (as many as the corpus has), the rest Riksdag
 * interpellations, interleaved so every tenth of a run holds the same mix.
 */
export async function interleavedTexts(n: number): Promise<string[]> {
  const b = await readTexts('goteborg-kf.jsonl.gz', 'fulltext', Math.floor(n / 2));
  const a = await readTexts('riksdagen-interpellations.jsonl.gz', 'text', n - b.length);
  const texts: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (i < a.length) texts.push(a[i]!);
    if (i < b.length) texts.push(b[i]!);
  }
  return texts;
}

/** Every real text of the corpus: interpellations, council paragraphs and their attached papers. */
export async function archiveBase(): Promise<string[]> {
  return [
    ...await readCorpusField('riksdagen-interpellations.jsonl.gz', 'text'),
    ...await readCorpusField('goteborg-kf.jsonl.gz', 'fulltext'),
    ...await readCorpusField('goteborg-kf.jsonl.gz', 'handling_text'),
  ];
}

/**
 * The i-th text of an archive-sized corpus: the real texts first, then variants (a base text's
 * paragraphs rotated, with one of another text's paragraphs), so every file is distinct bytes
 * and the vocabulary stays real.
 */
export function textAt(base: string[], i: number): string {
  const t = base[i % base.length]!;
  const round = Math.floor(i / base.length);
  if (round === 0) return t;
  const paras = t.split(/\n\s*\n/);
  const other = base[(i * 7919) % base.length]!.split(/\n\s*\n/);
  const k = round % Math.max(1, paras.length);
  return [...paras.slice(k), ...paras.slice(0, k), other[round % other.length] ?? '', `Variant ${round}.`].join('\n\n');
}

/** Writes texts as numbered .txt files into `dir` (created); returns the paths in order. */
export function writeTextFiles(dir: string, count: number, text: (i: number) => string): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const file = path.join(dir, `${String(i).padStart(6, '0')}.txt`);
    fs.writeFileSync(file, text(i));
    files.push(file);
  }
  return files;
}
