/**
 * Metadata typed by people: the review and correction forms, and the API's JSON. One validator for
 * both, so a value the form refuses is refused by the API too, with the same Swedish message.
 */
import { DOCUMENT_KINDS, type DocumentKind, type ExtractedMetadata } from '../ingest/types.js';
import { partyFromAny } from './parties.js';
import { CORRECTABLE_FIELDS, PARAGRAPH_FIELDS, paragraphField, paragraphFieldName } from './effective-metadata.js';
import { canonicalMunicipality } from './municipality.js';

export type FieldErrors = Record<string, string>;

const MAX_SHORT = 300;
const MAX_TITLE = 500;
const MAX_ROWS = 50;

/** "S", "s", "Socialdemokraterna" → "S"; an unknown local party's short code is kept uppercased. */
export function partyCode(raw: string): string | null {
  const t = raw.normalize('NFC').trim();
  if (!t) return null;
  const known = partyFromAny(t);
  if (known) return known;
  const upper = t.toLocaleUpperCase('sv');
  return /^[A-ZÅÄÖ][A-ZÅÄÖ0-9-]{0,9}$/u.test(upper) ? upper : null;
}

function clean(s: unknown): string {
  return typeof s === 'string' ? s.normalize('NFC').replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '').replace(/\s+/g, ' ').trim() : '';
}

function isoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && s >= '1900-01-01';
}

/** Parses and checks one field's value; returns the clean value or an error message. */
export function checkField(field: string, raw: unknown): { value: unknown } | { error: string } {
  const text = (max: number, label: string, required = false) => {
    const v = clean(raw);
    if (required && !v) return { error: `${label} måste fyllas i.` };
    if (v.length > max) return { error: `${label} får ha högst ${max} tecken.` };
    return { value: v || null };
  };
  const pf = paragraphField(field);
  if (pf) {
    if (pf.key === 'title') return text(MAX_TITLE, `Rubriken för ${pf.number}`);
    if (pf.key === 'diarienummer') return text(60, `Diarienumret för ${pf.number}`);
    return text(20_000, `Beslutet i ${pf.number}`);
  }
  switch (field) {
    case 'kind':
      return (DOCUMENT_KINDS as readonly string[]).includes(String(raw)) ? { value: raw as DocumentKind } : { error: 'Välj en dokumenttyp i listan.' };
    case 'title': {
      const r = text(MAX_TITLE, 'Titeln', true);
      return 'error' in r ? r : { value: r.value };
    }
    case 'municipality': {
      // Typed in any case or form ("HUDDINGE stad", "huddinge"): stored as the extractor names it, since linking matches names exactly.
      const r = text(MAX_SHORT, 'Kommunen');
      return 'error' in r || r.value === null ? r : { value: canonicalMunicipality(r.value) };
    }
    case 'body': return text(MAX_SHORT, 'Organet');
    case 'arende.number': return text(40, 'Ärendenumret');
    case 'arende.title': return text(MAX_TITLE, 'Ärendets titel');
    case 'arende.diarienummer': return text(60, 'Diarienumret');
    case 'date': {
      const v = clean(raw);
      if (!v) return { value: null };
      return isoDate(v) ? { value: v } : { error: 'Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2022-05-09.' };
    }
    case 'parties': {
      const list = Array.isArray(raw) ? raw.map(clean) : clean(raw).split(/[,;\s]+/);
      const codes: string[] = [];
      for (const p of list.filter(Boolean)) {
        const code = partyCode(p);
        if (!code) return { error: `Okänt parti: ”${p}”. Skriv partiets förkortning (S, M, SD …).` };
        if (!codes.includes(code)) codes.push(code);
      }
      return { value: codes };
    }
    case 'signatories':
    case 'interpellants': {
      if (!Array.isArray(raw) || raw.length > MAX_ROWS) return { error: `Ange högst ${MAX_ROWS} personer.` };
      const out = [];
      for (const r of raw as Array<Record<string, unknown>>) {
        const name = clean(r?.name);
        const partyRaw = clean(r?.party);
        const role = clean(r?.role);
        if (!name && !partyRaw && !role) continue;
        if (!name) return { error: 'Varje rad med parti eller roll behöver ett namn.' };
        if (name.length > 120 || role.length > 120) return { error: 'Namn och roller får ha högst 120 tecken.' };
        const party = partyRaw ? partyCode(partyRaw) : null;
        if (partyRaw && !party) return { error: `Okänt parti: ”${partyRaw}”.` };
        out.push(field === 'signatories' ? { name, party, role: role || null } : { name, party });
      }
      return { value: out };
    }
    case 'addressee': {
      if (raw === null) return { value: null };
      const r = (raw ?? {}) as Record<string, unknown>;
      const name = clean(r.name);
      const role = clean(r.role);
      if (name.length > 120 || role.length > 200) return { error: 'Mottagarens namn eller roll är för långt.' };
      return { value: name || role ? { name: name || null, role: role || null } : null };
    }
    case 'questions': {
      const list = Array.isArray(raw) ? raw.map(clean) : String(raw ?? '').split(/\r?\n/).map(clean);
      const qs = list.filter(Boolean);
      if (qs.length > MAX_ROWS || qs.some((q) => q.length > 2000)) return { error: `Ange högst ${MAX_ROWS} frågor om högst 2 000 tecken var.` };
      return { value: qs };
    }
    default:
      return { error: `Okänt fält: ${field}` };
  }
}

/** Applies checked values to a copy of `base`; errors by field. */
export function applyInput(base: ExtractedMetadata, input: Record<string, unknown>): { metadata: ExtractedMetadata; errors: FieldErrors } {
  const out = structuredClone(base);
  const errors: FieldErrors = {};
  for (const [field, raw] of Object.entries(input)) {
    const r = checkField(field, raw);
    if ('error' in r) { errors[field] = r.error; continue; }
    const pf = paragraphField(field);
    if (pf) {
      const p = out.paragraphs?.find((x) => x.number === pf.number);
      if (!p) errors[field] = `Protokollet har ingen paragraf ”${pf.number}”.`;
      else p[pf.key] = r.value as string | null;
      continue;
    }
    if (field.startsWith('arende.')) out.arende[field.slice(7) as keyof ExtractedMetadata['arende']] = r.value as string | null;
    else (out as unknown as Record<string, unknown>)[field] = r.value;
  }
  return { metadata: out, errors };
}

/** The API's JSON metadata (`{"parties": ["S"], "arende": {"title": "…"}}`) as field inputs. */
export function jsonInput(json: unknown): { input: Record<string, unknown>; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const input: Record<string, unknown> = {};
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { input, errors: { metadata: 'metadata ska vara ett JSON-objekt.' } };
  for (const [k, v] of Object.entries(json as Record<string, unknown>)) {
    if (k === 'arende' && typeof v === 'object' && v !== null) {
      for (const [ak, av] of Object.entries(v)) {
        if (['number', 'title', 'diarienummer'].includes(ak)) input[`arende.${ak}`] = av;
        else errors[`arende.${ak}`] = `Okänt fält: arende.${ak}`;
      }
    } else if (k === 'paragraphs') {
      paragraphInputs(v, input, errors);
    } else if ((CORRECTABLE_FIELDS as readonly string[]).includes(k) && !k.startsWith('arende.')) {
      input[k] = v;
    } else {
      errors[k] = `Okänt fält: ${k}. Fält som kan anges: ${CORRECTABLE_FIELDS.join(', ')}.`;
    }
  }
  return { input, errors };
}

/**
 * `"paragraphs": [{"number": "§ 79", "title": "…", "diarienummer": "…"}]`: each named § and field
 * becomes one field input; paragraphs not listed, and fields not given, stay as they are.
 */
function paragraphInputs(v: unknown, input: Record<string, unknown>, errors: FieldErrors): void {
  if (!Array.isArray(v) || v.length > 500) { errors.paragraphs = 'paragraphs ska vara en lista med högst 500 paragrafer, var och en med sitt nummer ("number": "§ 79").'; return; }
  for (const p of v as unknown[]) {
    const number = typeof p === 'object' && p !== null ? clean((p as Record<string, unknown>).number) : '';
    if (!number || number.length > 40) { errors.paragraphs = 'Varje paragraf behöver sitt nummer som i protokollet, till exempel "number": "§ 79".'; continue; }
    for (const [key, value] of Object.entries(p as Record<string, unknown>)) {
      if (key === 'number') continue;
      if ((PARAGRAPH_FIELDS as readonly string[]).includes(key)) input[paragraphFieldName(number, key as (typeof PARAGRAPH_FIELDS)[number])] = value;
      else errors[`paragraphs.${key}`] = `Okänt fält i en paragraf: ${key}. Fält som kan rättas: ${PARAGRAPH_FIELDS.join(', ')}.`;
    }
  }
}

/** The review/correction form's fields as field inputs (repeated rows become lists). */
export function formInput(form: Record<string, string | string[] | undefined>): Record<string, unknown> {
  const one = (k: string) => { const v = form[k]; return (Array.isArray(v) ? v[0] : v) ?? ''; };
  const many = (k: string) => { const v = form[k]; return v === undefined ? [] : Array.isArray(v) ? v : [v]; };
  const rows = (prefix: string, withRole: boolean) => {
    const names = many(`${prefix}_name`);
    const parties = many(`${prefix}_party`);
    const roles = many(`${prefix}_role`);
    return names.map((name, i) => (withRole ? { name, party: parties[i] ?? '', role: roles[i] ?? '' } : { name, party: parties[i] ?? '' }));
  };
  // A protocol's paragraphs: rows of number (hidden), heading and diarienummer.
  const paragraphFields: Record<string, unknown> = {};
  const numbers = many('paragraph_number');
  const titles = many('paragraph_title');
  const dnrs = many('paragraph_diarienummer');
  numbers.slice(0, 500).forEach((n, i) => {
    if (numbers.indexOf(n) !== i) return;
    paragraphFields[paragraphFieldName(n, 'title')] = titles[i] ?? '';
    paragraphFields[paragraphFieldName(n, 'diarienummer')] = dnrs[i] ?? '';
  });
  return {
    ...paragraphFields,
    kind: one('kind'), title: one('title'), municipality: one('municipality'), body: one('body'), date: one('date'),
    'arende.number': one('arende_number'), 'arende.title': one('arende_title'), 'arende.diarienummer': one('arende_diarienummer'),
    parties: one('parties'),
    signatories: rows('signatory', true),
    interpellants: rows('interpellant', false),
    addressee: { name: one('addressee_name'), role: one('addressee_role') },
    questions: one('questions'),
  };
}
