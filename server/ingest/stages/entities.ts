/** Decodes HTML entities left in extracted text (&amp; &nbsp; &aring; &#229; &#xE5;). */

const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', shy: '\u00ad', ndash: '–', mdash: '—',
  hellip: '…', laquo: '«', raquo: '»', ldquo: '“', rdquo: '”', lsquo: '‘', rsquo: '’', bdquo: '„', sect: '§',
  euro: '€', copy: '©', deg: '°', middot: '·', bull: '•', times: '×', para: '¶',
  aring: 'å', auml: 'ä', ouml: 'ö', Aring: 'Å', Auml: 'Ä', Ouml: 'Ö', eacute: 'é', Eacute: 'É', egrave: 'è',
  uuml: 'ü', Uuml: 'Ü', aelig: 'æ', AElig: 'Æ', oslash: 'ø', Oslash: 'Ø', aacute: 'á', oacute: 'ó', iacute: 'í',
};

/** Replaces named and numeric character references; unknown ones are left as written. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z]{2,8}));/g, (all, dec?: string, hex?: string, name?: string) => {
    if (name) return NAMED[name] ?? all;
    const code = dec ? Number(dec) : parseInt(hex!, 16);
    if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return all;
    return String.fromCodePoint(code);
  });
}
