/**
 * Who may write what. Pure rules over an account and a document's metadata, so every route (form,
 * API, correction, curation) asks the same question and gets the same reason back.
 */
import { partyName } from '../domain/parties.js';

export type Role = 'admin' | 'secretary';

export interface Account {
  id: number;
  email: string;
  name: string;
  role: Role;
  /** The secretary's municipality; null for administrators. */
  municipality: string | null;
  /** Party codes the secretary writes for. */
  parties: string[];
  mustChangePassword: boolean;
}

export type Decision = { ok: true } | { ok: false; reason: string };

const OK: Decision = { ok: true };

/** "Huddinge kommun", "huddinge", "Göteborgs Stad" and "Göteborg" compare equal. */
export function municipalityKey(name: string): string {
  return name.normalize('NFC').toLocaleLowerCase('sv').replace(/\s+/g, ' ').trim()
    .replace(/^region /, 'region:')
    .replace(/(?:s)? (?:kommun|stad)$/, '');
}

function partyList(codes: string[]): string {
  return codes.map((c) => `${partyName(c)} (${c})`).join(', ');
}

/** The scope sentence used in every refusal: "S i Huddinge kommun". */
export function scopeLabel(a: Account): string {
  return a.role === 'admin' ? 'alla partier' : `${a.parties.join(', ')} i ${a.municipality ?? 'okänd kommun'}`;
}

/** May this account store (or leave after a correction) a document with these parties and municipality? */
export function mayStore(a: Account, doc: { parties: string[]; municipality: string | null }): Decision {
  if (a.role === 'admin') return OK;
  const scope = `Du får bara spara dokument för ${scopeLabel(a)}.`;
  if (!doc.municipality) return { ok: false, reason: `${scope} Dokumentet anger ingen kommun; fyll i kommunen.` };
  if (!a.municipality || municipalityKey(doc.municipality) !== municipalityKey(a.municipality)) {
    return { ok: false, reason: `${scope} Dokumentet gäller ${doc.municipality}.` };
  }
  if (doc.parties.length === 0) return { ok: false, reason: `${scope} Dokumentet anger inget parti; fyll i partiet.` };
  if (!doc.parties.some((p) => a.parties.includes(p))) {
    return { ok: false, reason: `${scope} Dokumentet är från ${partyList(doc.parties)}.` };
  }
  return OK;
}

/** May this account correct, withdraw or restore a stored document (judged on its current metadata)? */
export function mayEdit(a: Account, doc: { parties: string[]; municipality: string | null }): Decision {
  if (a.role === 'admin') return OK;
  const d = mayStore(a, doc);
  return d.ok ? d : { ok: false, reason: d.reason.replace('spara dokument', 'ändra dokument') };
}

/** Only administrators delete for good. */
export function mayDelete(a: Account): Decision {
  return a.role === 'admin' ? OK : { ok: false, reason: 'Bara en administratör kan radera ett dokument för gott. Du kan dra tillbaka det i stället.' };
}

/** Curating people (merge, split): administrators anywhere, secretaries within their municipality. */
export function mayCurate(a: Account, scope: string): Decision {
  if (a.role === 'admin') return OK;
  if (a.municipality && municipalityKey(scope) === municipalityKey(a.municipality)) return OK;
  return { ok: false, reason: `Du kan bara slå ihop eller dela personer i ${a.municipality ?? 'din kommun'}.` };
}
