/**
 * XML to text and structured metadata, read as a stream of events (no tree, no recursion):
 * - the Riksdag's document record (dokumentstatus): the body from `html` (through the HTML reader) or
 *   `text`, metadata from the record's fields and its intressenter;
 * - TEI (the Swedish Parliament Corpus, ParlaMint): utterance segments, notes and headings of the body,
 *   speakers as lines, title and date from the header;
 * - any other XML: the text of its elements as paragraphs, never the element names.
 * DTD entities are refused (no expansion, no external entities: the billion laughs cannot start),
 * nesting is bounded while parsing, and a file that is not well-formed is refused rather than guessed at.
 */
import { Parser } from 'htmlparser2';
import { IngestError } from '../errors.js';
import type { ExtractedText, StructuredMetadata } from '../types.js';
import { htmlToText, MAX_NESTING, tooDeep } from './html.js';
import { RIKSDAG_ROOTS, riksdagHeading, riksdagStructured, type RiksdagRecord } from './riksdag.js';

/** Longest attribute value accepted: like a line, nothing in a document is longer. */
export const MAX_ATTRIBUTE_CHARS = 100_000;

type Dialect = 'riksdag' | 'tei' | 'generic';

/** Not well-formed XML (as opposed to a hostile one): a file only sniffed as XML is then read as text. */
export class XmlBrokenError extends IngestError {}

function broken(detail: string): IngestError {
  return new XmlBrokenError('corrupt_document', `XML-filen är trasig: ${detail}. Kontrollera att det är hela filen, eller spara den på nytt.`);
}

/** "tei:seg" → "seg", lower case: TEI is namespaced and camel-cased, the Riksdag's names are not. */
const local = (name: string) => name.slice(name.indexOf(':') + 1).toLowerCase();

/** Paragraphs built from text events: whitespace collapses, breaks are asked for and made once. */
class Paragraphs {
  readonly out: string[] = [];
  private buf = '';
  add(s: string) { this.buf += s; }
  break() {
    const p = this.buf.replace(/\s+/gu, ' ').trim();
    if (p) this.out.push(p);
    this.buf = '';
  }
  /** A paragraph as it is, line breaks kept (the Riksdag's plain-text body). */
  push(p: string) { this.break(); if (p.trim()) this.out.push(p.trim()); }
}

/** TEI elements that stand as paragraphs of their own. */
const TEI_BLOCKS = new Set(['u', 'seg', 'p', 'note', 'head', 'div', 'docdate', 'dateline', 'item', 'list', 'sp', 'speaker', 'stage', 'incident', 'kinesic', 'vocal', 'table', 'row', 'titlepart', 'docauthor', 'byline', 'front', 'back', 'body']);

export function extractXml(source: string): ExtractedText {
  const stack: string[] = [];
  let dialect: Dialect | null = null;
  let rootClosed = false;
  const paras = new Paragraphs();
  const warnings: string[] = [];

  // Riksdag record.
  let record: RiksdagRecord = { fields: {}, intressenter: [], uppgifter: [] };
  let dokumentDepth = -1;
  // A dokumentlista (the Riksdag's search export) holds many records: each is kept.
  let list = false;
  const records: RiksdagRecord[] = [];
  let field: { name: string; text: string; depth: number; rawStart: number; children: boolean } | null = null;
  let person: Record<string, string> | null = null;
  let personDepth = -1;
  let htmlBody: string | null = null;
  let textBody: string | null = null;

  // TEI.
  let headerDepth = -1;
  let textDepth = -1;
  let teiTitle: { text: string; main: boolean } | null = null;
  let teiTitleBuf: { text: string; main: boolean; depth: number } | null = null;
  let inTitleStmt = -1;
  let teiDate: string | null = null;
  let dateFromEl = '';
  const persons = new Map<string, string>();
  let persName: { id: string; text: string; depth: number } | null = null;
  let personId: { id: string; depth: number } | null = null;
  let lastSpeakerNote = false;

  // Generic: a tag next to real text is inline; a tag next to nothing (or only whitespace) ends a paragraph.
  let textSinceTag = '';

  const parser = new Parser({
    onprocessinginstruction(_name, data) {
      // Any entity declaration: internal ones can expand exponentially, external ones would read files.
      if (/<!entity|^!entity/iu.test(data)) {
        throw new IngestError('unsupported_type', 'XML-filen definierar egna entiteter (en DTD med <!ENTITY>). Sådana läses inte, eftersom de kan användas för att spränga minnet eller läsa andra filer. Spara filen utan DTD och ladda upp igen.');
      }
    },
    onattribute(_name, value) {
      if (value.length > MAX_ATTRIBUTE_CHARS) {
        throw new IngestError('corrupt_document', `XML-filen har ett attribut på ${value.length.toLocaleString('sv-SE')} tecken, längre än ${MAX_ATTRIBUTE_CHARS.toLocaleString('sv-SE')}. Det ser inte ut som ett dokument; kontrollera att det är rätt fil.`);
      }
    },
    onopentag(rawName, attribs) {
      if (stack.length >= MAX_NESTING) throw tooDeep();
      const name = local(rawName);
      const depth = stack.length;
      stack.push(name);
      if (dialect === null) {
        if (rootClosed) throw broken('den har mer än ett rotelement');
        list = name === 'dokumentlista';
        dialect = RIKSDAG_ROOTS.has(name) || list ? 'riksdag' : name === 'tei' || name === 'teicorpus' ? 'tei' : 'generic';
      }
      if (dialect === 'riksdag') {
        if (field) { field.children = true; return; }
        if (name === 'dokument' && (dokumentDepth === -1 || (list && depth === 1 && dokumentDepth < 0))) { dokumentDepth = depth; return; }
        if (name === 'intressent' || name === 'uppgift') { person = {}; personDepth = depth; return; }
        const directChild = (dokumentDepth >= 0 && depth === dokumentDepth + 1) || (person !== null && depth === personDepth + 1);
        if (directChild) field = { name, text: '', depth, rawStart: parser.endIndex + 1, children: false };
        return;
      }
      if (dialect === 'tei') {
        if (name === 'teiheader' && headerDepth < 0) headerDepth = depth;
        if (headerDepth >= 0) {
          if (name === 'titlestmt') inTitleStmt = depth;
          if (name === 'title' && inTitleStmt >= 0 && !teiTitleBuf && !(teiTitle?.main)) teiTitleBuf = { text: '', main: attribs.type === 'main', depth };
          if (name === 'date' && !teiDate && /^\d{4}-\d{2}-\d{2}/u.test(attribs.when ?? '')) { teiDate = attribs.when!.slice(0, 10); dateFromEl = 'teiHeader/date@when'; }
          if (name === 'person' && attribs['xml:id']) personId = { id: attribs['xml:id'], depth };
          if (name === 'persname' && personId && !persons.has(personId.id)) persName = { id: personId.id, text: '', depth };
          return;
        }
        if (name === 'text' && textDepth < 0) { textDepth = depth; return; }
        if (textDepth < 0) return;
        if (name === 'docdate' && !teiDate && /^\d{4}-\d{2}-\d{2}/u.test(attribs.when ?? '')) { teiDate = attribs.when!.slice(0, 10); dateFromEl = 'docDate@when'; }
        if (name === 'lb') { paras.add(' '); return; }
        if (name === 'pb' || name === 'fw') return;
        if (TEI_BLOCKS.has(name)) paras.break();
        if (name === 'u') {
          const who = (attribs.who ?? '').replace(/^#/u, '');
          const speaker = persons.get(who);
          // The corpus writes "Herr TALMANNEN:" as a note before the utterance; otherwise the header names the speaker.
          if (speaker && !lastSpeakerNote) { paras.add(`${speaker}:`); paras.break(); }
          lastSpeakerNote = false;
        }
        if (name === 'note') lastSpeakerNote = attribs.type === 'speaker';
        return;
      }
      if (textSinceTag.trim() === '') paras.break();
      textSinceTag = '';
    },
    ontext(text) {
      if (stack.length === 0) return; // Whitespace and DTD leftovers ("]>") around the root.
      if (dialect === 'riksdag') { if (field && !field.children) field.text += text; return; }
      if (dialect === 'tei') {
        if (teiTitleBuf) teiTitleBuf.text += text;
        if (persName) persName.text += ` ${text}`;
        if (textDepth >= 0 && headerDepth < 0) paras.add(text);
        return;
      }
      textSinceTag += text;
      paras.add(text);
    },
    onclosetag(rawName, implied) {
      // htmlparser2 closes elements itself when an end tag does not match or the file ends early;
      // only "<x/>" is an honest implied close (its '>' is preceded by '/').
      if (implied && !(source[parser.endIndex] === '>' && source[parser.endIndex - 1] === '/')) {
        // At the end of the file the parser closes what is left with both indexes at the end.
        const atEnd = parser.startIndex === parser.endIndex;
        const line = lineAt(source, parser.startIndex);
        throw broken(atEnd
          ? `elementet <${rawName}> avslutas aldrig (filen tar slut)`
          : `elementet <${rawName}> avslutas inte; på rad ${line} kommer ${source.slice(parser.startIndex, Math.min(parser.endIndex + 1, parser.startIndex + 60))} i stället`);
      }
      const name = stack.pop() ?? local(rawName);
      const depth = stack.length;
      if (depth === 0) rootClosed = true;
      if (dialect === 'riksdag') {
        if (field && depth === field.depth) {
          const value = field.children ? source.slice(field.rawStart, parser.startIndex) : field.text;
          if (person) person[field.name] = value;
          else if (name === 'html') htmlBody ??= value;
          else if (name === 'text') textBody ??= value;
          else record.fields[field.name] ??= value.replace(/\s+/gu, ' ').trim();
          field = null;
          return;
        }
        if (person && depth === personDepth) {
          if (name === 'intressent') record.intressenter.push({ namn: person.namn ?? '', partibet: person.partibet ?? '', roll: person.roll ?? '' });
          else record.uppgifter.push({ kod: person.kod ?? '', text: person.text ?? '' });
          person = null;
          return;
        }
        if (depth === dokumentDepth) {
          // Only the first dokument of a dokumentstatus is the record; a list keeps them all.
          if (list) { records.push(record); record = { fields: {}, intressenter: [], uppgifter: [] }; }
          dokumentDepth = -2;
        }
        return;
      }
      if (dialect === 'tei') {
        if (depth === headerDepth) headerDepth = -2;
        if (teiTitleBuf && depth === teiTitleBuf.depth) {
          const t = teiTitleBuf.text.replace(/\s+/gu, ' ').trim();
          if (t && (!teiTitle || teiTitleBuf.main)) teiTitle = { text: t, main: teiTitleBuf.main };
          teiTitleBuf = null;
        }
        if (name === 'titlestmt' && depth === inTitleStmt) inTitleStmt = -1;
        if (persName && depth === persName.depth) { const n = persName.text.replace(/\s+/gu, ' ').trim(); if (n) persons.set(persName.id, n); persName = null; }
        if (personId && depth === personId.depth) personId = null;
        if (depth === textDepth) textDepth = -2;
        if (textDepth >= 0 && TEI_BLOCKS.has(name)) paras.break();
        return;
      }
      if (textSinceTag.trim() === '') paras.break();
      textSinceTag = '';
    },
    oncdatastart() { /* CDATA text arrives as ontext, raw. */ },
  }, { xmlMode: true, decodeEntities: true, recognizeCDATA: true, recognizeSelfClosing: true });
  parser.end(source);
  if (dialect === null) throw broken('den har inget rotelement');
  paras.break();

  let structured: StructuredMetadata | undefined;
  if (dialect === 'riksdag' && list && records.length !== 1) {
    const text = records.map((r) => [riksdagHeading(r), r.fields.summary ?? r.fields.notis ?? ''].filter(Boolean).join('\n\n')).join('\n\n');
    if (records.length > 1) warnings.push(`Filen innehöll ${records.length} poster (dokument eller sammanträden); de lästes som en text i ordning.`);
    // A list of documents is no document of one kind (issue 19: lists are "övrigt"), but it is the Riksdag's.
    structured = {
      values: { kind: 'ovrigt', title: `Riksdagens dokumentlista (${records.length} dokument)`, municipality: 'Riksdagen', body: null },
      from: { kind: `${records.length} dokument i dokumentlista`, title: 'dokumentlista', municipality: 'dokumentlista', body: 'dokumentlista (inget utskott angivet)' },
      format: 'Riksdagens dokumentlista-XML',
    };
    return { text, pages: null, needsOcr: false, structured, warnings };
  }
  if (dialect === 'riksdag') {
    if (list) record = records[0]!;
    const heading = riksdagHeading(record);
    const body = htmlBody !== null ? htmlToText(stripCdata(htmlBody)) : textBody !== null ? stripCdata(textBody).replace(/\r\n?/gu, '\n') : '';
    const titel = record.fields.titel ?? '';
    // The body usually opens with the heading; when it does not, the record's heading goes first.
    const headed = heading && !(titel && body.slice(0, 1000).includes(titel)) ? `${heading}\n\n${body}` : body;
    structured = riksdagStructured(record, 'Riksdagens dokument-XML');
    return { text: headed.replace(/\n{3,}/gu, '\n\n').trim(), pages: null, needsOcr: false, structured, warnings };
  }
  if (dialect === 'tei') {
    const values: StructuredMetadata['values'] = {};
    const from: StructuredMetadata['from'] = {};
    if (teiTitle) {
      values.title = (teiTitle as { text: string }).text.slice(0, 300);
      from.title = 'teiHeader/titleStmt/title';
      // A record of a chamber's sitting: the corpus calls them "protokoll" and they belong to the Riksdag.
      if (/protokoll/iu.test(values.title)) { values.kind = 'protokoll'; from.kind = 'teiHeader/titleStmt/title'; }
      if (/riksdag|kammare/iu.test(values.title)) { values.municipality = 'Riksdagen'; from.municipality = 'teiHeader/titleStmt/title'; }
    }
    if (teiDate) { values.date = teiDate; from.date = dateFromEl; }
    structured = Object.keys(from).length ? { values, from, format: 'TEI-XML' } : undefined;
  }
  return { text: paras.out.join('\n\n'), pages: null, needsOcr: false, structured, warnings };
}

/** 1-based line of a position, counted only when a file is refused. */
function lineAt(source: string, index: number): number {
  let n = 1;
  for (let i = source.indexOf('\n'); i !== -1 && i < index; i = source.indexOf('\n', i + 1)) n++;
  return n;
}

/** "<![CDATA[<p>…</p>]]>" kept raw because the element had children. */
function stripCdata(s: string): string {
  return s.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/gu, '$1');
}
