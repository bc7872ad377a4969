/**
 * Is every analysis stage linear in its input? Each input shape is doubled four times and every
 * stage timed on it: a linear stage roughly doubles, a quadratic one quadruples. The shapes are the
 * ones hostile or careless uploads took (one short line repeated, one word repeated, prose that
 * never ends a sentence, pages with running heads), plus a plain reference: `String.split` over the
 * same text, which is as linear as anything gets, so its column says what "doubling" looks like here.
 *
 *   npm run bench:linear [-- --lines 12500 --steps 4]
 */
import { decodeText } from '../../server/ingest/stages/decode.js';
import { normaliseDocument } from '../../server/ingest/stages/normalise.js';
import { parseMetadata } from '../../server/ingest/stages/metadata/parse-metadata.js';
import { prepareIndex } from '../../server/ingest/stages/prepare-index.js';
import { parseProtocol } from '../../server/ingest/stages/protocol/index.js';
import { fingerprintParagraphs } from '../../server/linking/paragraphs.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const BASE_LINES = arg('lines', 12_500);
const STEPS = arg('steps', 4);

/** Input shapes, each as n lines. */
const SHAPES: Record<string, (n: number) => string> = {
  'rad N bra': (n) => Array.from({ length: n }, (_, i) => `rad ${i} bra`).join('\n'),
  'trygghet ×10 per rad': (n) => Array.from({ length: n }, () => Array(10).fill('trygghet').join(' ')).join('\n'),
  'prosa utan punkt, tomrad emellan': (n) => Array.from({ length: n }, (_, i) => `och så fortsätter meningen om kommunens budget och skolan rad ${i} utan att sluta`).join('\n\n'),
  'sidor med sidhuvud': (n) => Array.from({ length: Math.ceil(n / 40) }, (_, p) =>
    [`Kommunfullmäktige 2024-03-12`, `Sida ${p + 1} av ${Math.ceil(n / 40)}`, ...Array.from({ length: 38 }, (_, i) => `Ledamoten yrkar bifall till förslaget i ärende ${p}.${i} om skolans lokaler och`)].join('\n')).join('\f'),
  'avstavning på varje rad': (n) => Array.from({ length: n }, () => `kommunstyrelsen beslutade om försko-`).join('\n') + '\nlan',
};

function time<T>(fn: () => T): [T, number] {
  const t = performance.now();
  const out = fn();
  return [out, performance.now() - t];
}

console.log(`Analysis stages on doubling input (${BASE_LINES.toLocaleString('sv-SE')} lines ×2^k); ms per stage, and the ratio to the row above.`);
console.log('Reference: text.split("\\n") over the same text (linear by construction).\n');
for (const [shape, make] of Object.entries(SHAPES)) {
  console.log(`## ${shape}`);
  console.log(['lines', 'MB', 'reference split', 'decode', 'normalise', 'parse metadata', 'index stage', 'fingerprint all', 'protocol §§'].map((h) => h.padStart(17)).join(''));
  let prev: number[] | null = null;
  for (let k = 0; k < STEPS; k++) {
    const n = BASE_LINES * 2 ** k;
    const raw = make(n);
    const bytes = Buffer.from(raw, 'utf8');
    const [, tRef] = time(() => raw.split('\n').length);
    const [decoded, tDecode] = time(() => decodeText(bytes).text);
    const [norm, tNorm] = time(() => normaliseDocument(decoded));
    const [, tParse] = time(() => parseMetadata(norm.text, norm.furniture));
    // What runs: the index stage within its budget (db/index-budget.ts); and, for scale, fingerprinting the whole text.
    const [, tSearch] = time(() => prepareIndex(norm.text));
    const [, tFp] = time(() => fingerprintParagraphs(norm.text));
    // The protocol parser runs on every text the classifier calls a protocol: timed on each shape.
    const [, tProtocol] = time(() => parseProtocol(norm.text, { body: null, date: null }));
    const times = [tRef, tDecode, tNorm, tParse, tSearch, tFp, tProtocol];
    const cells = times.map((t, i) => `${t.toFixed(1)}${prev ? ` (×${(t / Math.max(prev[i]!, 0.05)).toFixed(1)})` : ''}`);
    console.log([n.toLocaleString('sv-SE'), (bytes.length / 1e6).toFixed(2), ...cells].map((c) => String(c).padStart(17)).join(''));
    prev = times;
  }
  console.log('');
}
