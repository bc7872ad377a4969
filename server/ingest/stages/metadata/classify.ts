/** Classifies a document's kind from its head, with a confidence and the reason. Never writes anything. */
import type { DocumentKind } from '../../types.js';
import { cellsOf, type Paragraph } from './lines.js';

export interface KindSuggestion {
  kind: DocumentKind;
  confidence: number;
  reason: string;
  /** True when no heading named the kind and it was guessed from other signals. */
  inferred: boolean;
}

/** Heading patterns, most specific first; tried on each head line and column cell. */
const RULES: Array<[RegExp, DocumentKind, string]> = [
  [/^svar\s+på\s+interpellation\b/iu, 'interpellationssvar', '"Svar på interpellation" i rubriken'],
  [/^interpellationssvar\b/iu, 'interpellationssvar', '"Interpellationssvar" i rubriken'],
  [/^interpellation\b/iu, 'interpellation', '"Interpellation" i rubriken'],
  [/^\d{4}\/(?:\d{2}|\d{4}):\d+\s+av\s/u, 'interpellation', 'Riksdagens rubrikform "1994/95:2 av …"'],
  [/^protokollsanteckning\b/iu, 'protokollsanteckning', '"Protokollsanteckning" i rubriken'],
  [/^särskilt\s+yttrande\b/iu, 'sarskilt_yttrande', '"Särskilt yttrande" i rubriken'],
  [/^reservation\b/iu, 'reservation', '"Reservation" i rubriken'],
  [/^(?:tilläggs|ändrings|återremiss|motivations|ersättnings)?yrkande\b/iu, 'yrkande', '"Yrkande" i rubriken'],
  [/^motion\b/iu, 'motion', '"Motion" i rubriken'],
  [/^yttrande\b/iu, 'yttrande', '"Yttrande" i rubriken'],
  [/^(?:protokoll(?:sutdrag)?\b|§\s*\d+\s)/iu, 'protokoll', 'protokollsparagraf'],
];

/** A body name may stand before the kind in a letterhead: "Kommunstyrelsen Yrkande (S, V)". */
const BODY_PREFIX = /^(?:\p{L}+-\s(?:och|samt)\s)?\p{L}*(?:fullmäktige|styrelsen|nämnden|beredningen|utskottet)\s+/iu;

function matchKind(cell: string): [DocumentKind, string] | null {
  const text = cell.replace(/^[\s*#]+/u, '');
  for (const candidate of [text, text.replace(BODY_PREFIX, '')]) {
    for (const [re, kind, reason] of RULES) if (re.test(candidate)) return [kind, reason];
  }
  return null;
}

/** Picks the kind named first in the head; otherwise infers it from signals, saying so. */
export function classifyKind(head: Paragraph[], all: Paragraph[]): KindSuggestion {
  for (const cell of cellsOf(head)) {
    const hit = matchKind(cell);
    if (hit) return { kind: hit[0], confidence: 0.95, reason: hit[1], inferred: false };
  }
  const tail = all.slice(-8).map((p) => p.text).join('\n');
  const headText = head.map((p) => p.text).join('\n');
  const partySignature = /^För\s+\p{Lu}/mu.test(tail);
  const arendeRef = /^(?:Ärende|Punkt|§)\s*\d/mu.test(headText);
  if (partySignature && arendeRef) {
    return { kind: 'protokollsanteckning', confidence: 0.6, reason: 'ärendehänvisning och partiunderskrift ("För …") utan rubrik', inferred: true };
  }
  if (/^(?:Interpellation|Svar på interpellation)/imu.test(all.slice(0, 20).map((p) => p.text).join('\n'))) {
    return { kind: 'interpellation', confidence: 0.5, reason: 'ordet "interpellation" i början av texten', inferred: true };
  }
  return { kind: 'ovrigt', confidence: 0.3, reason: 'ingen känd dokumenttyp i rubriken', inferred: true };
}
