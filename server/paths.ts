/**
 * The project's root folder, found from this module wherever it runs: its TypeScript source under
 * tsx, or the bundle `npm start` builds into dist/. Every file the server reads at run time (views,
 * migrations, worker entry points) is named from here, so both ways find them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`Hittar inte projektets rot (package.json) ovanför ${from}`);
  }
}

export const ROOT = findRoot(import.meta.dirname);

/** Whether this code runs from the esbuild bundle in dist/ (npm start) rather than from its TypeScript source. */
export const RUNNING_FROM_BUNDLE = path.basename(import.meta.dirname) === 'dist';

/** A path inside the project. */
export function fromRoot(...parts: string[]): string {
  return path.join(ROOT, ...parts);
}

/** A file URL inside the project (for worker entry points). */
export function urlFromRoot(...parts: string[]): URL {
  return pathToFileURL(fromRoot(...parts));
}
