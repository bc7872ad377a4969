/** Eta templates (escaping by default) and the small helpers every page uses. */
import path from 'node:path';
import fs from 'node:fs';
import { Eta } from 'eta';
import { fromRoot } from './paths.js';

const viewsDir = fromRoot('views');

/** Creates the template engine and compiles every page once, so a broken template fails at boot. */
export function createViews(): Eta {
  const eta = new Eta({ views: viewsDir, cache: true, autoEscape: true, autoTrim: [false, 'nl'] });
  for (const dir of ['pages', 'partials']) {
    for (const file of fs.readdirSync(path.join(viewsDir, dir))) {
      if (file.endsWith('.eta')) eta.compile(fs.readFileSync(path.join(viewsDir, dir, file), 'utf8'));
    }
  }
  return eta;
}

const dateFormat = new Intl.DateTimeFormat('sv-SE', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** Formatted dates by their ISO text: Intl formatting costs microseconds, and a page lists dozens of dates from a few thousand days. */
const formatted = new Map<string, string>();

/** "2022-02-17" → "17 februari 2022". */
export function formatDate(iso: string | null): string {
  if (!iso) return '';
  let s = formatted.get(iso);
  if (s === undefined) {
    const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
    s = Number.isNaN(d.getTime()) ? iso : dateFormat.format(d);
    // Bounded: dates come from documents, but a correction can write any string.
    if (formatted.size >= 20_000) formatted.clear();
    formatted.set(iso, s);
  }
  return s;
}

/** The CSS served at /static/style.css (a file, so pages need no inline style). */
export const stylesheet = fs.readFileSync(path.join(viewsDir, 'static', 'style.css'), 'utf8');
