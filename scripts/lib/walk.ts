/** Expands files and folders given on the command line into the document files to import. */
import fs from 'node:fs';
import path from 'node:path';

export const IMPORTABLE = /\.(?:pdf|docx|html?|xhtml|txt|text|md|markdown)$/i;

/** Files named directly are always taken; inside folders only importable, non-hidden files, sorted. */
export function collectFiles(paths: string[]): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  const walk = (dir: string) => {
    const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name, 'sv'));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile() && IMPORTABLE.test(e.name)) files.push(full);
    }
  };
  for (const p of paths) {
    if (!fs.existsSync(p)) missing.push(p);
    else if (fs.statSync(p).isDirectory()) walk(p);
    else files.push(p);
  }
  return { files, missing };
}
