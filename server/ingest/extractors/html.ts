/**
 * HTML to plain text with paragraph structure: the main content of a page saved from a municipality's
 * or Riksdagen's site (menus, headers, footers, scripts and forms dropped), and the HTML that mammoth
 * makes of a Word document. Blocks become paragraphs separated by blank lines; table rows become
 * lines with cells separated by tabs (signature tables stay one name per cell); entities are decoded.
 */
import { DomHandler, Parser } from 'htmlparser2';
import { IngestError } from '../errors.js';

/**
 * Deepest element nesting read, in HTML and XML alike. Real pages nest a few dozen levels; past this the
 * file is an attack on the recursive reader below (and the parser's own stack grows quadratically).
 */
export const MAX_NESTING = 500;

export function tooDeep(): IngestError {
  return new IngestError('corrupt_document', `Filen har element nästlade i mer än ${MAX_NESTING} nivåer. Så ser inget dokument ut; kontrollera att det är rätt fil.`);
}

/** A DOM builder that refuses nesting past MAX_NESTING while parsing, before any deep structure exists. */
class BoundedHandler extends DomHandler {
  override onopentag(name: string, attribs: Record<string, string>): void {
    if (this.tagStack.length > MAX_NESTING) throw tooDeep();
    super.onopentag(name, attribs);
  }
}

const HTML_OPTIONS = { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true };

function parseBounded(html: string): DomNode {
  const handler = new BoundedHandler();
  new Parser(handler, HTML_OPTIONS).end(html);
  return handler.root as unknown as DomNode;
}

interface DomNode {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: DomNode[];
}

/** Never content. */
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'svg', 'iframe', 'object', 'embed', 'canvas', 'head', 'button', 'select', 'input', 'textarea', 'form', 'dialog', 'map', 'audio', 'video']);
/** Page chrome, dropped when the page also has a main region or real text elsewhere. */
const CHROME = new Set(['nav', 'header', 'footer', 'aside']);
const CHROME_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'search', 'menu', 'menubar']);
const CHROME_HINT = /(?:^|[\s_-])(?:nav|navbar|navigation|menu|meny|breadcrumbs?|brodsmulor|cookie\w*|skip|skiplink|share|social|sidebar|sidfot|footer|header|sidhuvud|toolbar|pagination)(?:$|[\s_-])/i;
const BLOCK = new Set([
  'p', 'div', 'section', 'article', 'main', 'blockquote', 'pre', 'address', 'figure', 'figcaption', 'details', 'summary',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'dl', 'dt', 'dd', 'table', 'caption', 'hr', 'body', 'center', 'fieldset', 'legend',
]);

function isChrome(n: DomNode): boolean {
  if (!n.name) return false;
  if (CHROME.has(n.name)) return true;
  const a = n.attribs ?? {};
  if (a.role && CHROME_ROLES.has(a.role.toLowerCase())) return true;
  if (a['aria-hidden'] === 'true' || 'hidden' in a) return true;
  return CHROME_HINT.test(`${a.id ?? ''} ${a.class ?? ''}`);
}

function find(n: DomNode, test: (n: DomNode) => boolean, out: DomNode[] = []): DomNode[] {
  if (n.type === 'tag' && test(n)) out.push(n);
  else for (const c of n.children ?? []) find(c, test, out);
  return out;
}

/** The page's main region: <main> or role=main, else the one <article>, else the whole body. */
function mainRegion(root: DomNode): DomNode {
  const main = find(root, (n) => n.name === 'main' || n.attribs?.role === 'main');
  if (main.length >= 1) return main[0]!;
  const articles = find(root, (n) => n.name === 'article');
  if (articles.length === 1) return articles[0]!;
  return find(root, (n) => n.name === 'body')[0] ?? root;
}

/** Collects text into paragraphs; inline whitespace collapses, <br> and table rows make line breaks. */
class TextSink {
  private readonly paragraphs: string[] = [];
  private lines: string[] = [];
  private line = '';

  text(s: string) { this.line += s.replace(/[\s\u00a0]+/g, ' '); }
  raw(s: string) { this.line += s; }
  breakLine() {
    const l = this.line.replace(/[ \u00a0]+/g, ' ').replace(/ ?\t ?/g, '\t').trim();
    if (l) this.lines.push(l);
    this.line = '';
  }
  breakParagraph() {
    this.breakLine();
    if (this.lines.length) this.paragraphs.push(this.lines.join('\n'));
    this.lines = [];
  }
  result(): string {
    this.breakParagraph();
    return this.paragraphs.join('\n\n');
  }
}

function walk(n: DomNode, sink: TextSink, dropChrome: boolean): void {
  if (n.type === 'text') { sink.text(n.data ?? ''); return; }
  if (n.type === 'cdata') { for (const c of n.children ?? []) walk(c, sink, dropChrome); return; }
  if (n.type !== 'tag' && n.type !== 'root' && n.type !== 'script' && n.type !== 'style') return;
  const name = n.name ?? '';
  if (n.type === 'script' || n.type === 'style' || SKIP.has(name)) return;
  if (dropChrome && isChrome(n)) return;
  if (name === 'br') { sink.breakLine(); return; }
  if (name === 'pre') {
    sink.breakParagraph();
    const text = (n.children ?? []).map(function flat(c: DomNode): string { return c.type === 'text' ? c.data ?? '' : (c.children ?? []).map(flat).join(''); }).join('');
    for (const line of text.split('\n')) { sink.raw(line); sink.breakLine(); }
    sink.breakParagraph();
    return;
  }
  if (name === 'tr') {
    sink.breakLine();
    const cells = (n.children ?? []).filter((c) => c.name === 'td' || c.name === 'th').map((cell) => {
      const inner = new TextSink();
      for (const c of cell.children ?? []) walk(c, inner, dropChrome);
      return inner.result();
    }).filter(Boolean);
    // A row of one-line cells is a line with tabs; a cell of several lines (a signature: name, then
    // party or title) keeps its lines, cell after cell, as a signature block would be written.
    if (cells.some((c) => c.includes('\n'))) {
      for (const cell of cells) { for (const line of cell.split(/\n+/)) { sink.raw(line); sink.breakLine(); } }
    } else {
      sink.raw(cells.join('\t'));
    }
    sink.breakLine();
    return;
  }
  if (name === 'li' || name === 'dt' || name === 'dd') {
    sink.breakLine();
    for (const c of n.children ?? []) walk(c, sink, dropChrome);
    sink.breakLine();
    return;
  }
  const block = BLOCK.has(name);
  if (block) sink.breakParagraph();
  for (const c of n.children ?? []) walk(c, sink, dropChrome);
  if (block) sink.breakParagraph();
  if (name === 'table') sink.breakParagraph();
}

/** Main text of an HTML document. */
export function htmlToText(html: string): string {
  const root = parseBounded(html);
  const region = mainRegion(root);
  const sink = new TextSink();
  walk(region, sink, true);
  const text = sink.result();
  // A page whose every block looks like chrome (a bare document in a <div class="header">) still has text.
  if (text.trim().length < 40) {
    const all = new TextSink();
    walk(region, all, false);
    return all.result();
  }
  return text;
}

/** "<title>" of a page, for a fallback heading. */
export function htmlTitle(html: string): string | null {
  const root = parseBounded(html);
  const t = find(root, (n) => n.name === 'title')[0];
  const s = t ? (t.children ?? []).map((c) => c.data ?? '').join('').replace(/\s+/g, ' ').trim() : '';
  return s || null;
}
