/**
 * Proposals (yrkanden) moved at the meeting: one per person or party group in the sentence that moves it,
 * with a stance read from what they move. "instämmer i X:s yrkande" takes X's stance.
 */
import type { Proposal, ProposalStance } from '../../types.js';
import { partyFromAny } from '../../../domain/parties.js';
import { actorCount, parseActors, type Actors } from './actors.js';
import { blocks, type Section } from './sections.js';
import { sentences } from './sentences.js';

const VERB = /\b(?:yrkar|yrkade|instämmer|instämde|biträder|biträdde)\b/u;
/** In a Yrkanden section a member may also "föreslå", or be listed as "Anna Ek (S): Bifall till …". */
const SECTION_VERB = /\b(?:yrkar|yrkade|instämmer|instämde|biträder|biträdde|föreslår|föreslog)\b/u;
const COLON_FORM = /^(.{3,240}?\))\s*[:–]\s*((?:bifall|avslag|återremiss|bordläggning|tillägg|ändring|tilläggsyrkande|ändringsyrkande)\b.*)$/iu;
/** Sentences of the chair's procedure, never a proposal: "Ordföranden ställer proposition på …". */
const PROCEDURE = /\b(?:ställer|ställde)\s+(?:proposition|propositioner)|\bfinner\b|\bfann\b/u;
/** "Vidare yrkar Jonas Attenius (S) avslag": the movers right after the verb. */
const AFTER_VERB = /^(?:även\s+|också\s+)?((?:[^()]{1,80}?\([^()]{1,30}\)(?:\s*,\s*|\s+och\s+)?)+)/u;

/** Stance of one moved proposal; `ref` resolves "instämmer i X:s yrkande". */
export function stanceOf(verb: string, predicate: string, ref: (p: string) => ProposalStance | null): ProposalStance | null {
  const p = predicate.toLocaleLowerCase('sv');
  if (/^instäm|^biträd/u.test(verb)) return ref(p);
  // The first thing moved decides: "bifall till yrkande från M … och avslag på tilläggsyrkande från SD" is M's own.
  const primary = p.split(/\s+(?:och|samt)\s+(?=(?:att\s+)?(?:avslag|bifall|avslå|bifalla)\b)/u)[0]!;
  if (/återremi|återremitt/u.test(primary)) return 'aterremiss';
  if (/bordlägg|bordläggning|bordlagt/u.test(primary)) return 'bordlaggning';
  // "avslag på yrkande från SD", "avslag på tilläggsyrkande": what is opposed is not their own.
  if (/^(?:på\s+)?(?:avslag|att\s+avslå)\b/u.test(primary)) return 'avslag';
  if (/tilläggsyrkande|\btillägg\b|tilläggsförslag|tilläggsattsats/u.test(primary)) return 'tillagg';
  if (/ändringsyrkande|(?<!\p{L})ändring(?:ar)?(?!\p{L})|ändringsförslag/u.test(primary)) return 'andring';
  const referenced = /\b(?:bifall|instämmer)\s+(?:till|i)\s+(\p{L}[\p{L}\- ]{2,60}?)s?\s*(?:\([^()]{1,12}\)\s*)?(?:yrkande|förslag)\b/u.exec(predicate);
  if (referenced && !/(?:kommunstyrelsen|nämnden|förvaltningen|utskottet|ordföranden|beredningen|presidiet|styrelsen|kontoret|ens|ets)$/iu.test(referenced[1]!.trim())) {
    const fromRef = ref(p);
    if (fromRef) return fromRef;
  }
  const from = /\b(?:yrkande|yrkandet|förslag|förslaget|budgetförslag)\s+(?:från|av|till)\s+(\p{Lu}[\p{L}]*|samtliga|partierna)/u.exec(predicate);
  // "yrkandet från Axel Josefson m.fl." is another member's: his stance; "yrkande från M, D och KD" a group's own.
  if (from && !partyFromAny(from[1]!) && /^\p{Lu}\p{Ll}/u.test(from[1]!)) {
    const fromRef = ref(p);
    if (fromRef) return fromRef;
  }
  if (from
    || /\b(?:eget|egna|vårt|våra|sitt|sina)\s+(?:yrkande|förslag|budgetförslag)/u.test(p)
    || /\b(?:enligt|i enlighet med)\s+(?:bilaga|bifogat|bifogad|skriftligt|eget)/u.test(p)
    || /\b(?:socialdemokraternas|moderaternas|sverigedemokraternas|centerpartiets|vänsterpartiets|kristdemokraternas|liberalernas|miljöpartiets|folkpartiets)\s+(?:yrkande|förslag)/u.test(p)) {
    return 'eget';
  }
  const avslag = p.search(/\bavslag|\bavslå|\bavstyrk/u);
  const bifall = p.search(/\bbifall|\bbifalla|\btillstyrk|\bgodkänn/u);
  if (avslag >= 0 && (bifall < 0 || avslag < bifall)) return 'avslag';
  if (bifall >= 0) return 'bifall';
  return 'ovrigt';
}

interface Found {
  proposal: Proposal;
}

/** Sections where people move things: the proposals' own, else every part but the decision, notes and lists. */
function proposalSections(sections: Section[]): Section[] {
  const own = sections.filter((s) => s.kind === 'proposals');
  if (own.length) return own;
  return sections.filter((s) => s.kind === 'other' || s.kind === 'procedure' || (s.kind === 'head' && sections.length > 1));
}

export function readProposals(sections: Section[], known: Map<string, string>, warn: (w: string) => void): Proposal[] {
  const found: Found[] = [];
  const stanceOfName = (p: string): ProposalStance | null => {
    // The last mover whose name (or surname) in the genitive stands in the predicate.
    for (let i = found.length - 1; i >= 0; i--) {
      const name = found[i]!.proposal.name;
      if (!name) continue;
      const lower = name.toLocaleLowerCase('sv');
      const surname = lower.split(' ').pop()!;
      if (p.includes(lower + 's') || p.includes(lower + ':s') || p.includes(lower + ' (') || new RegExp(`\\b${escape(surname)}(?:s|:s)\\b`, 'u').test(p)) {
        return found[i]!.proposal.stance;
      }
    }
    return null;
  };
  for (const section of proposalSections(sections)) {
    for (const block of blocks(section)) {
      for (const sentence of sentences(block)) {
        const colon = section.kind === 'proposals' ? COLON_FORM.exec(sentence) : null;
        const verb = colon ? null : (section.kind === 'proposals' ? SECTION_VERB : VERB).exec(sentence);
        if ((!verb && !colon) || PROCEDURE.test(sentence)) continue;
        let subject = colon ? colon[1]! : sentence.slice(0, verb!.index).trim();
        let predicate = colon ? colon[2]! : sentence.slice(verb!.index + verb![0].length).trim();
        let actors: Actors = parseActors(subject, known);
        if (actorCount(actors) === 0) {
          const after = AFTER_VERB.exec(predicate);
          if (after && /^\p{Lu}/u.test(after[1]!)) {
            const inverted = parseActors(after[1]!, known);
            if (actorCount(inverted) > 0) {
              actors = inverted;
              subject = after[1]!;
              predicate = predicate.slice(after[0].length).trim();
            }
          }
        }
        if (actorCount(actors) === 0) continue;
        let stance = stanceOf(verb ? verb[0] : 'yrkar', predicate, stanceOfName);
        // "I detta yrkande instämde Sofia Hedén (V)": joining without a name joins the proposal just made.
        if (!stance && verb && /^instäm/u.test(verb[0]) && found.length && !/\p{Lu}\p{Ll}+s\s+(?:\([^()]+\)\s+)?yrkande/u.test(predicate)) stance = found[found.length - 1]!.proposal.stance;
        if (!stance) {
          warn(`Yrkandet "${short(sentence)}" hänvisar till ett yrkande som inte hittades: ställningen sattes till övrigt.`);
          stance = 'ovrigt';
        }
        // "Anna Ek (S) yrkar, med instämmande av Bo Lund (V) och Cia Berg (MP), bifall …": the joiners move it too.
        const joined = /\bmed\s+instämmande\s+(?:av|från)\s+((?:[^()]{1,80}?\([^()]{1,30}\)(?:\s*,\s*|\s+och\s+)?)+)/u.exec(predicate);
        if (joined) {
          const more = parseActors(joined[1]!, known);
          actors = { people: [...actors.people, ...more.people], groups: [...actors.groups, ...more.groups.filter((g) => !actors.groups.includes(g))] };
        }
        for (const person of actors.people) {
          if (!person.party) warn(`Parti saknas för ${person.name} i yrkandet "${short(sentence)}".`);
          found.push({ proposal: { name: person.name, party: person.party, stance, text: sentence } });
        }
        for (const party of actors.groups) found.push({ proposal: { name: null, party, stance, text: sentence } });
      }
    }
  }
  return found.map((f) => f.proposal);
}

/** "På förslag av Jörgen Fogelklou (SD): Ärendet bordläggs", "På förslag från Moderaterna beslutade utskottet …". */
export function proposalsInDecision(decisionBlocks: string[], known: Map<string, string>): Proposal[] {
  const out: Proposal[] = [];
  const first = decisionBlocks[0];
  if (!first) return out;
  const m = /^På förslag (?:av|från)\s+(.+?)(?::|\s+(?=beslutade|beslutar|antogs|antar)\b)/u.exec(first);
  if (!m) return out;
  const actors = parseActors(m[1]!, known);
  const rest = decisionBlocks.join(' ').toLocaleLowerCase('sv');
  const stance: ProposalStance = /bordläggs|bordlägga|bordlades/u.test(rest) ? 'bordlaggning' : /återremitteras|återremittera/u.test(rest) ? 'aterremiss' : 'ovrigt';
  const text = sentences(first)[0] ?? first;
  for (const p of actors.people) out.push({ name: p.name, party: p.party, stance, text });
  for (const g of actors.groups) out.push({ name: null, party: g, stance, text });
  return out;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function short(s: string): string {
  return s.length > 80 ? s.slice(0, 77) + '…' : s;
}
