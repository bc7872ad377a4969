/**
 * Reservations, protokollsanteckningar, särskilda yttranden and jäv: who states them, read from the sentence
 * that announces them (its subject before the verb, or the list after it: "Mot beslutet reserverar sig A (C) …").
 */
import type { Jav, ProtocolNote, ProtocolNoteKind, Reservation } from '../../types.js';
import { actorCount, actorParties, parseActors, partyList, type Actors } from './actors.js';
import { blocks, type Section } from './sections.js';
import { sentences } from './sentences.js';

/** The verb that ends the subject of an announcing sentence. */
const SUBJECT_END = /\s(?:reserverar|reserverade|lämnar|lämnade|antecknar|antecknade|anmäler|anmälde|deltar|deltog|avstår|avstod|yrkar|yrkade|instämmer|instämde|får|fick|vill|ville|anför|anförde|framför|framförde|avger|avgav|inkommer|inkom|har|är|önskar|önskade|yttrar|noterar|gör|gjorde|redovisar|tar|låter|lät)\b/u;
/** "Mot beslutet reserverar sig A (C), B (C) och C (KD)": the reservers after the verb. */
const AFTER_RESERVE = /\breserver(?:ar|ade)\s+sig\s+((?:[^()]{1,80}?\([^()]{1,30}\)(?:\s*,\s*|\s+och\s+)?)+)/u;
/** "lämnar för Samverkan för Jönköping (S, C, V, L och MP) följande": the parties a person speaks for. */
const ON_BEHALF = /\bför\s+(?:\p{Lu}[\p{L}\- ]{0,60}?\s*)?\(([^()]{1,40})\)|\bför\s+(\p{Lu}[\p{L}-]+(?:erna|partiet))\b/u;

/** A section's blocks; the head's first block is the paragraph's title, never a statement. */
function bodyBlocks(section: Section): string[] {
  const bs = blocks(section);
  return section.kind === 'head' ? bs.slice(1) : bs;
}

function announcers(sentence: string, known: Map<string, string>): { actors: Actors; extra: string[] } {
  const end = SUBJECT_END.exec(sentence);
  const subject = end ? sentence.slice(0, end.index) : '';
  let actors = parseActors(subject, known);
  if (actorCount(actors) === 0) {
    const after = AFTER_RESERVE.exec(sentence);
    if (after) actors = parseActors(after[1]!, known);
  }
  if (actorCount(actors) === 0) {
    // "Mot beslutet reserverar sig ledamöterna från S och V", "På grund av jäv deltar inte Anna Ek (S) i …".
    const after = /\b(?:reserver(?:ar|ade)\s+sig|deltar\s+inte|deltog\s+inte)\s+(.{3,160}?)(?=\s+(?:till förmån|mot beslutet|mot|i\s+(?:handläggningen|beslutet|ärendet)|enligt|med hänvisning|på grund)\b|[.:;]|$)/u.exec(sentence);
    if (after) actors = parseActors(after[1]!, known);
  }
  const extra: string[] = [];
  const predicate = end ? sentence.slice(end.index, end.index + 200) : '';
  const behalf = ON_BEHALF.exec(predicate.split(/\s(?:till förmån|mot beslutet|enligt)\b/u)[0]!);
  if (behalf) extra.push(...partyList(behalf[1] ?? behalf[2]!));
  // "för partigrupp S med instämmande av MP och V": the group spoken for and those who join it.
  const group = /\bför\s+partigrupp(?:en)?\s+(\p{Lu}{1,3})\b/u.exec(sentence.slice(0, 250));
  if (group) extra.push(...partyList(group[1]!));
  const joined = /\bmed\s+instämmande\s+(?:av|från)\s+((?:\p{Lu}{1,3}|\p{Lu}\p{Ll}+(?:erna|partiet))(?:(?:\s*,\s*|\s+och\s+)(?:\p{Lu}{1,3}|\p{Lu}\p{Ll}+(?:erna|partiet)))*)/u.exec(sentence.slice(0, 250));
  if (joined) extra.push(...partyList(joined[1]!));
  return { actors, extra };
}

export function readReservations(sections: Section[], known: Map<string, string>, warn: (w: string) => void): Reservation[] {
  const out: Reservation[] = [];
  const seen = new Set<string>();
  const add = (sentence: string) => {
    if (seen.has(sentence)) return;
    const { actors, extra } = announcers(sentence, known);
    if (actorCount(actors) === 0 && extra.length === 0) {
      warn(`Reservationen "${sentence.slice(0, 60)}" nämner ingen som reserverar sig.`);
      return;
    }
    seen.add(sentence);
    out.push({ parties: actorParties(actors, extra), names: actors.people.map((p) => p.name), text: sentence });
  };
  for (const section of sections) {
    if (section.kind === 'handlingar') continue;
    const bs = bodyBlocks(section);
    let found = false;
    for (const block of bs) {
      for (const s of sentences(block)) if (/\breserver(?:ar|ade)\s+sig\b/u.test(s)) { add(s); found = true; }
    }
    // A Reservation section without the verb: "Socialdemokraterna (bilaga 3)", "Anna Ek (S) enligt bilaga".
    if (section.kind === 'reservation' && !found && bs[0]) {
      const first = sentences(bs[0])[0]!;
      const actors = parseActors(first.replace(/\s*[(,]?\s*(?:se\s+)?bilaga\s*\d+\)?\.?$/iu, '').replace(/\s+enligt\s+bilaga.*$/iu, ''), known);
      if (actorCount(actors) > 0) {
        seen.add(first);
        out.push({ parties: actorParties(actors), names: actors.people.map((p) => p.name), text: first });
      }
    }
  }
  return out;
}

/** Protokollsanteckningar and särskilda yttranden: each section's first sentence, and prose that announces one. */
/** A sentence that announces a note of its own, not the note's text going on. */
const NOTE_VERB = /^[^.]{0,200}?\)?\s(?:antecknar|antecknade|lämnar|lämnade|avger|avgav|anmäler|anmälde|får\s+antecknat|lät\s+anteckna|låter\s+anteckna|instämmer\s+i\s+(?:protokollsanteckningen|det\s+särskilda))\b/u;

export function readNotes(sections: Section[], known: Map<string, string>): ProtocolNote[] {
  const out: ProtocolNote[] = [];
  const seen = new Set<string>();
  const add = (kind: ProtocolNoteKind, sentence: string) => {
    if (seen.has(sentence)) return;
    const { actors, extra } = announcers(sentence, known);
    let a = actors;
    if (actorCount(a) === 0) {
      // "Mp yrkar att …", "Socialdemokraterna: …": a subject without a verb from the list.
      const lead = /^([^:]{1,60}?)(?::|\s+(?:\p{Ll}+)\b)/u.exec(sentence);
      if (lead) a = parseActors(lead[1]!, known);
    }
    if (actorCount(a) === 0 && extra.length === 0) return;
    seen.add(sentence);
    out.push({ kind, parties: actorParties(a, extra), names: a.people.map((p) => p.name), text: sentence });
  };
  for (const section of sections) {
    if (section.kind === 'handlingar') continue;
    const bs = bodyBlocks(section);
    if ((section.kind === 'note' || section.kind === 'special') && bs[0]) {
      const kind = section.kind === 'note' ? 'protokollsanteckning' : 'sarskilt_yttrande';
      add(kind, sentences(bs[0])[0]!);
      // Further notes in the same section announce themselves: "Martin Wannholt (D) antecknar som yttrande …".
      for (const block of bs) for (const s of sentences(block).slice(block === bs[0] ? 1 : 0)) if (NOTE_VERB.test(s)) add(kind, s);
      continue;
    }
    for (const block of bs) {
      for (const s of sentences(block)) {
        if (/\b(?:lämnar|lämnade|avger|avgav|anmäler|anmälde|får)\b[^.]{0,40}\bprotokollsanteckning/u.test(s) || /\bantecknar\s+till\s+protokollet\b/u.test(s)) add('protokollsanteckning', s);
        else if (/\b(?:lämnar|lämnade|avger|avgav|anmäler|anmälde)\b[^.]{0,40}\bsärskil(?:t|da)\s+yttranden?/u.test(s)) add('sarskilt_yttrande', s);
      }
    }
  }
  return out;
}

/** Members who declare jäv: the Jäv section's first sentence, or a sentence that says so. */
export function readJav(sections: Section[], known: Map<string, string>): Jav[] {
  const out: Jav[] = [];
  const addFrom = (sentence: string) => {
    const { actors } = announcers(sentence, known);
    for (const p of actors.people) if (!out.some((j) => j.name === p.name)) out.push({ name: p.name, party: p.party });
  };
  for (const section of sections) {
    if (section.kind === 'handlingar') continue;
    const bs = bodyBlocks(section);
    if (section.kind === 'jav') {
      for (const block of bs) for (const s of sentences(block)) addFrom(s);
      continue;
    }
    for (const block of bs) {
      for (const s of sentences(block)) {
        if (/\bjäv\b/u.test(s) && /\b(?:anmäler|anmälde|deltar inte|deltog inte|på grund av|lämnar|lämnade|förklarar sig)\b/u.test(s)) addFrom(s);
      }
    }
  }
  return out;
}
