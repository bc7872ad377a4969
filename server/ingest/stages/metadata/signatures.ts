/** The signature block at a document's end: party group headers, names, parties and roles. */
import { partyDesignation, partyFromAdjective, partyFromAny, partyFromName } from '../../../domain/parties.js';
import type { Signatory } from '../../types.js';
import { findDate } from './dates.js';
import { isProse, type Paragraph } from './lines.js';
import { looksLikeName, parseNameMention } from './names.js';

export interface SignatureBlock {
  signatories: Signatory[];
  /** Parties named by group lines ("För Socialdemokraterna"), in order. */
  groupParties: string[];
  /** A dated place line ("Huddinge den 3 mars 2022"). */
  date: string | null;
  /** The rule that found the block, in Swedish, and how sure it is. */
  rule: string;
  confidence: number;
}

/**
 * Web-page furniture that follows a signature: comment forms, share buttons, "page updated", membership
 * adverts, menus. Everything from the first such line down is not the document.
 */
const FURNITURE = /^(?:lämna (?:ett svar|en kommentar)|din e-postadress|obligatoriska fält|kommentera|\d+ kommentarer?|kommentarer|dela(?:\s|$)|share\b|gilla\b|facebook\b|twitter\b|e-?mail$|skriv ut$|tipsa\b|sidan (?:uppdaterades|ändrades)|senast (?:uppdaterad|ändrad)|uppdaterad\s*\d|publicerad\b|bli medlem\b|stäng$|tillbaka$|till toppen|läs (?:mer|också|även)\b|relaterade?\b|taggar\b|kategori(?:er)?:|postat i\b|arkiv$|meny$|sök$|cookies?\b|©|copyright\b|föregående\b|nästa inlägg|följ oss\b|prenumerera\b|publicerat\b|senaste nytt|fler nyheter|tipsa en vän|leave a (?:reply|comment)|share this|like this|posted in\b|related posts|tags?:)/iu;

/** Lines a signature block may hold without a name: group lines ("För X", "På X vägnar"). */
const GROUP_LINE = /^(?:För|Från|På uppdrag av|På)\s+(.+?)(?:s?\s+vägnar)?$/u;
/** Words that make a line or a segment a role ("gruppledare", "Kommunstyrelsens ordförande", "oppositionsråd"). */
const ROLE_WORD = /(?:ordförande|ordf\.|ledamot|ledamöter|ersättare|ledare|råd(?:et)?|talesperson|företrädare|sekreterare|suppleant|representant|ombud|språkrör|kandidat|kommunalråd|ordinarie|tjänstgörande|gruppledare|vice\b)/iu;
/** "gm", "genom", "p.p." between the names of those who sign for another. */
const ON_BEHALF = /^(?:gm|g\.m\.|genom|p\.p\.|pp)$/iu;
const RULE_LINE = /^[-_.…·–—\s]{3,}$/u;
const CONTACT_LEAD = /(?:kontakta|^kontakt(?:person|uppgifter)?:?$|för mer information|för frågor)/iu;
const CONTACT_LINE = /^(?:(?:tel(?:efon)?|mobil|e-?post|mail)[.:]?\s*)?(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\+?[\d][\d\s–-]{6,}\d|https?:\/\/\S+|www\.\S+)$/iu;
const TRAILER = /^(?:bilag(?:a|or)|kopia till|protokollsutdrag|sändlista|för kännedom|expedieras)\b/iu;
const TITLE_FIRST = /^((?:\p{L}+\s+){0,4}?\p{L}*(?:ordförande|råd|ledamot|ledare|ersättare|sekreterare|företrädare))\s+(\p{Lu}.+)$/u;

interface Person extends Signatory {
  /** Folded spelling, so "Petersén" and "Petersen" are one person. */
  key: string;
}

const EMPTY: SignatureBlock = { signatories: [], groupParties: [], date: null, rule: 'ingen underskrift i slutet', confidence: 0.5 };

/**
 * Reads the signature block: the last block of names at the end of the text, before any web-page furniture.
 * Names inside the last prose paragraph's final short lines count (a blog post that ends "…lokaler.\nAnna Ek\nLiberalerna").
 */
export function findSignatureBlock(paragraphs: Paragraph[]): SignatureBlock {
  const tail = paragraphs.slice(-14);
  const cut = furnitureCut(tail);
  const cutBlock = cut ? readTail(cut.paragraphs) : null;
  if (cutBlock && cutBlock.signatories.length > 0) {
    return { ...cutBlock, rule: `${cutBlock.rule}, före sidans avslutning ("${cut!.marker}")`, confidence: cutBlock.confidence - 0.05 };
  }
  const block = readTail(tail);
  return block.signatories.length > 0 || block.date || !cutBlock ? block : cutBlock;
}

/** The paragraphs before the first furniture line within the tail, or null when there is none. */
function furnitureCut(tail: Paragraph[]): { paragraphs: Paragraph[]; marker: string } | null {
  for (let i = 0; i < tail.length; i++) {
    const lines = tail[i]!.lines;
    for (let j = 0; j < lines.length; j++) {
      const line = lines[j]!.trim();
      if (line.length > 100 || !FURNITURE.test(line)) continue;
      const before = tail.slice(0, i);
      if (j > 0) before.push({ ...tail[i]!, lines: lines.slice(0, j), text: lines.slice(0, j).join(' ') });
      return { paragraphs: before, marker: line.slice(0, 40) };
    }
  }
  return null;
}

/** The trailing run of short lines after the last prose, read in order. */
function readTail(paragraphs: Paragraph[]): SignatureBlock {
  const lines: string[] = [];
  for (let i = paragraphs.length - 1; i >= 0 && lines.length < 16; i--) {
    const p = paragraphs[i]!;
    const prose = isProse(p) || /[?]$/.test(p.text) || p.lines.some((l) => l.length > 90 && !l.includes('\t'));
    if (!prose) {
      lines.unshift(...p.lines);
      continue;
    }
    // A prose paragraph may end in the signature's own lines (no blank line before the name).
    const own: string[] = [];
    for (let j = p.lines.length - 1; j > 0; j--) {
      const l = p.lines[j]!;
      if (l.length > 60 || /[.!?:]$/.test(l)) break;
      own.unshift(l);
    }
    lines.unshift(...own);
    break;
  }
  return readBlock(lines);
}

type Segment = { kind: 'person'; person: Person } | { kind: 'role'; role: string; party: string | null } | { kind: 'party'; party: string };

/** One cell split into people, roles and parties: "Magnus Jonsson (S), BrittMarie Hansson (S) och Tommy Jönsson (S)", "Jana Nilsson, gruppledare". */
function readCell(cell: string): Segment[] | null {
  // A run of spaces is a column gap the text lost: never inside one name.
  const whole = /\S\s{2,}\S/u.test(cell) ? null : parseNameMention(cell);
  if (whole) return [{ kind: 'person', person: person(whole.name, whole.party, whole.note) }];
  // The office before the name: "Kommunstyrelsens ordförande Anna Ek (S)", "Oppositionsråd Per Holm".
  const titled = TITLE_FIRST.exec(cell);
  const titledName = titled && roleOf(titled[1]!) ? parseNameMention(titled[2]!) : null;
  if (titledName) return [{ kind: 'person', person: person(titledName.name, titledName.party, titled![1]!) }];
  // Commas, "och", a run of spaces, or a closing parenthesis before the next name ("Anna Ek (S) Per Holm (S)").
  const pieces = cell.split(/\s*,\s*|\s+(?:och|samt|&)\s+|\s{2,}|\s+[–—-]\s+|(?<=\))\s+(?=\p{Lu})/u).filter(Boolean);
  if (pieces.length < 2) return null;
  const out: Segment[] = [];
  for (const piece of pieces) {
    const m = parseNameMention(piece);
    if (m) { out.push({ kind: 'person', person: person(m.name, m.party, m.note) }); continue; }
    if (out.length === 0) return null;
    const party = partyDesignation(piece, true);
    if (party) { out.push({ kind: 'party', party }); continue; }
    const role = roleOf(piece);
    if (role) { out.push({ kind: 'role', ...role }); continue; }
    return null;
  }
  return out;
}

/** "gruppledare", "Kommunstyrelsens ordförande", "gruppledare (S)": a role as written, with a party when one follows. */
function roleOf(s: string): { role: string; party: string | null } | null {
  const t = s.trim().replace(/[.,;]$/u, '');
  const m = /^(.+?)\s*\(([^()]{1,12})\)$/u.exec(t);
  const text = m ? m[1]! : t;
  if (text.length > 80 || /\d{3}|@|https?:/u.test(text) || !ROLE_WORD.test(text) || looksLikeName(text)) return null;
  if (!/^[\p{L}0-9][\p{L}0-9:.\s,-]*$/u.test(text) || text.split(/\s+/u).length > 9) return null;
  return { role: text, party: m ? partyDesignation(m[2]!, true) : null };
}

function person(name: string, party: string | null, role: string | null): Person {
  return { name, party, role, key: name.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('sv') };
}

/** The parties a group line names: "För Sverigedemokraterna i Tyresö", "För Moderaterna och Liberalerna". */
function groupPartiesOf(phrase: string): string[] {
  const one = groupPartyOf(phrase);
  const items = phrase.split(/\s*(?:,|\boch\b|\bsamt\b|&)\s*/u).filter(Boolean);
  if (items.length > 1) {
    const codes = items.map(groupPartyOf);
    if (codes.every(Boolean)) return [...new Set(codes as string[])];
  }
  return one ? [one] : [];
}

/** The party a group line names: "För Sverigedemokraterna i Tyresö", "För den socialdemokratiska fullmäktigegruppen". */
function groupPartyOf(phrase: string): string | null {
  const s = phrase.trim().replace(/^(?:den|det|de)\s+/iu, '');
  const direct = partyDesignation(s) ?? partyFromName(s) ?? partyFromAny(s.split(/\s+/u)[0]!.replace(/-?gruppen.*$/u, ''));
  if (direct) return direct;
  const first = s.split(/\s+/u)[0]!;
  // The genitive: "För Vänsterpartiets fullmäktigegrupp", "På Moderaternas vägnar".
  const genitive = /^(\p{Lu}\p{Ll}+(?:partiet|erna))s$/u.exec(first);
  return partyFromAdjective(first) ?? (genitive ? partyDesignation(genitive[1]!) : null);
}

function readBlock(lines: string[]): SignatureBlock {
  let people: Person[] = [];
  let groupParties: string[] = [];
  let date: string | null = null;
  let groupParty: string | null = null;
  let lastRow: Person[] = [];
  let discardedNames = false;
  let hasGroupLine = false;
  let contactList = false;
  const reset = () => {
    if (people.length > 0) discardedNames = true;
    people = [];
    groupParties = [];
    groupParty = null;
    lastRow = [];
    hasGroupLine = false;
  };
  const add = (p: Person) => {
    const same = people.find((x) => x.key === p.key);
    if (same) { same.party ??= p.party; same.role ??= p.role; return same; }
    people.push(p);
    return p;
  };
  for (const rawLine of lines) {
    const line = rawLine.trim().replace(/^["”“]+|["”“]+$/gu, '');
    const cells = line.split('\t').map((c) => c.trim()).filter(Boolean);
    if (cells.length === 0 || RULE_LINE.test(line) || ON_BEHALF.test(line)) continue;
    // "För mer information kontakta:": what follows is a press contact list, not a signature.
    if (CONTACT_LEAD.test(line)) { contactList = true; reset(); continue; }
    // An e-mail address or telephone number under a signer's name belongs to the signer.
    if (people.length > 0 && CONTACT_LINE.test(line)) continue;
    // "Bilagor: …", "Kopia till …" after the names: the paper's appendix list, below its signature.
    if (people.length > 0 && TRAILER.test(line)) break;
    if (cells.length === 1) {
      // "Vänsterpartiet genom Anna Ek": the party signs through one of its members.
      const through = /^(.+?)\s+(?:genom|gm)\s+(.+)$/u.exec(line);
      const throughParty = through ? partyDesignation(through[1]!) : null;
      const throughName = through && throughParty ? parseNameMention(through[2]!) : null;
      if (throughParty && throughName) {
        if (!groupParties.includes(throughParty)) groupParties.push(throughParty);
        lastRow = [add(person(throughName.name, throughName.party ?? throughParty, throughName.note))];
        continue;
      }
      const group = GROUP_LINE.exec(line);
      const groupCodes = group ? groupPartiesOf(group[1]!) : [];
      if (groupCodes.length > 0) {
        // "För Moderaterna och Kristdemokraterna": names below without a party of their own are the first's.
        groupParty = groupCodes[0]!;
        hasGroupLine = true;
        for (const code of groupCodes) if (!groupParties.includes(code)) groupParties.push(code);
        lastRow = [];
        continue;
      }
      // A line that is only a party: under a name it is that name's party, above the names their group.
      const partyLine = parseNameMention(line) ? null : partyDesignation(line);
      if (partyLine) {
        if (lastRow.length > 0 && lastRow.every((p) => p.party === null)) {
          for (const p of lastRow) p.party = partyLine;
        } else {
          groupParty = partyLine;
          if (!groupParties.includes(partyLine)) groupParties.push(partyLine);
        }
        continue;
      }
    }
    const dated = findDate(line);
    if (dated && !cells.some((c) => parseNameMention(c))) {
      date ??= dated.date;
      lastRow = [];
      continue;
    }
    const row = readRow(cells);
    if (row) {
      lastRow = row.map((p) => add({ ...p, party: p.party ?? groupParty }));
      continue;
    }
    // A role line under a row of names ("Kommunstyrelsens ordförande"), one cell per name column.
    if (lastRow.length > 0 && cells.length <= lastRow.length) {
      const roles = cells.map(roleOf);
      if (roles.every(Boolean)) {
        roles.forEach((r, i) => {
          const p = lastRow[i]!;
          if (p.role === null) p.role = r!.role;
          if (p.party === null && r!.party) p.party = r!.party;
        });
        lastRow = [];
        continue;
      }
    }
    // Anything else: what came before was not the signature (a closing phrase, or a list's entry).
    reset();
  }
  // Names in runs separated by other lines are a list (a register of motions), not a signature.
  if (discardedNames || contactList || people.length === 0) return { ...EMPTY, date };
  const signatories = people.map(({ name, party, role }) => ({ name, party, role }));
  const withParty = signatories.filter((s) => s.party).length;
  const rule = hasGroupLine ? 'gruppunderskrift ("För …") med namn' : withParty > 0 ? 'namn med parti i underskriften' : 'namn utan parti i underskriften';
  const confidence = hasGroupLine ? 0.9 : withParty === signatories.length ? 0.85 : 0.65;
  return { signatories, groupParties, date, rule, confidence };
}

/** A row of cells: each a person ("Per Persson (S)⇥Eva Ek (C)"), a person with a role cell beside ("Leif Fredriksson⇥Partiföreträdare"). */
function readRow(cells: string[]): Person[] | null {
  const out: Person[] = [];
  for (const cell of cells) {
    const segments = readCell(cell);
    if (segments) {
      for (const seg of segments) {
        const last = out[out.length - 1];
        if (seg.kind === 'person') out.push(seg.person);
        else if (seg.kind === 'party' && last) last.party ??= seg.party;
        else if (seg.kind === 'role' && last) { last.role ??= seg.role; last.party ??= seg.party; }
      }
      continue;
    }
    const role = out.length > 0 ? roleOf(cell) : null;
    if (role) { const last = out[out.length - 1]!; last.role ??= role.role; last.party ??= role.party; continue; }
    // A date in a column beside the names ("Anna Ek (S)⇥2024-03-12").
    const dated = cell.length <= 40 ? findDate(cell) : null;
    if (dated) continue;
    return null;
  }
  return out.length > 0 ? out : null;
}
