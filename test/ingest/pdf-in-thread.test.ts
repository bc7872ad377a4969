/**
 * pdf.js read on the calling thread (as the import's analysis workers do): the text comes out, and
 * the thread keeps V8's own Array.prototype.push, which pdf.js's legacy build (core-js) replaces
 * with a slower JavaScript version on load.
 */
import { describe, expect, it } from 'vitest';
import { extractPdf, readPdfsInThisThread } from '../../server/ingest/extractors/pdf.js';
import { makePdf } from '../helpers/pdf.js';

/** core-js's own probe: V8's push does not throw on an array whose length is read-only; core-js's does. */
const pushIsV8s = () => {
  try {
    Object.defineProperty([], 'length', { writable: false }).push();
    return true;
  } catch {
    return false;
  }
};

describe('pdf.js on this thread', () => {
  it('reads the text and leaves V8\'s Array.prototype.push in place', async () => {
    expect(pushIsV8s()).toBe(true);
    const native = Array.prototype.push;
    const phases: string[] = [];
    readPdfsInThisThread({ started: () => phases.push('started'), ended: () => phases.push('ended') });
    const pdf = await makePdf([['Interpellation om cykelbanor i Årsta', 'Till kommunstyrelsens ordförande']]);
    const r = await extractPdf(new Uint8Array(pdf), 20_000);
    expect(r.text).toContain('cykelbanor i Årsta');
    expect(phases).toEqual(['started', 'ended']);
    expect(pushIsV8s()).toBe(true);
    expect(Array.prototype.push).toBe(native);
    expect(Object.getOwnPropertyDescriptor(Array.prototype, 'push')).toMatchObject({ writable: true, enumerable: false, configurable: true });
    // pdf.js itself still works with it: a second file reads the same way.
    expect((await extractPdf(new Uint8Array(pdf), 20_000)).text).toBe(r.text);
  });
});
