/**
 * The bare-FTS5 reference server for bench:search: node:http, one read-only connection, the
 * statements of scripts/lib/reference-fts.ts. GET /api/search?q= answers JSON (count and 20 hits
 * with snippets), GET /sok?q= a small HTML page with the same, escaped.
 * Usage: tsx scripts/bench/reference-fts-server.ts DB PORT
 */
import http from 'node:http';
import Database from 'better-sqlite3';
import { REFERENCE_COUNT, REFERENCE_SEARCH, referenceQuery } from '../lib/reference-fts.js';

const [file, port] = process.argv.slice(2);
if (!file || !port) {
  console.error('Användning: tsx scripts/bench/reference-fts-server.ts DB PORT');
  process.exit(2);
}
const db = new Database(file, { readonly: true, fileMustExist: true });
const search = db.prepare(REFERENCE_SEARCH);
const count = db.prepare(REFERENCE_COUNT).pluck();

interface Hit { id: number; title: string; snippet: string }

function run(q: string): { total: number; hits: Hit[] } {
  const fts = referenceQuery(q);
  if (!fts) return { total: 0, hits: [] };
  try {
    return { total: count.get(fts) as number, hits: search.all(fts) as Hit[] };
  } catch {
    return { total: 0, hits: [] };
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const marked = (s: string) => escapeHtml(s).replace(/\u0001/g, '<mark>').replace(/\u0002/g, '</mark>');
const plain = (s: string) => s.replace(/[\u0001\u0002]/g, '');

function page(q: string, r: { total: number; hits: Hit[] }): string {
  const items = r.hits.map((h) => `<li><h2><a href="/d/${h.id}">${escapeHtml(h.title)}</a></h2><p>${marked(h.snippet)}</p></li>`).join('\n');
  return `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>${escapeHtml(q)} – sök</title></head><body>
<main><h1>Sök</h1><form action="/sok"><label for="q">Sökord</label><input id="q" name="q" value="${escapeHtml(q)}"><button>Sök</button></form>
<p>${r.total} träffar</p><ol>${items}</ol></main></body></html>`;
}

http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const q = url.searchParams.get('q') ?? '';
  if (url.pathname === '/api/search') {
    const r = run(q);
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ total: r.total, hits: r.hits.map((h) => ({ ...h, snippet: plain(h.snippet) })) }));
  } else if (url.pathname === '/sok') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page(q, run(q)));
  } else {
    res.writeHead(404).end();
  }
}).listen(Number(port), '127.0.0.1');
