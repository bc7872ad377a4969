/** A document's revisions for the history list and a single revision's page. */
import type { Revision } from '../../db/revisions.js';
import { fieldLabel } from '../domain/metadata-diff.js';

const ACTION_LABELS: Record<string, string> = {
  created: 'Sparad', corrected: 'Rättad', withdrawn: 'Tillbakadragen', restored: 'Återställd', extracted: 'Omläst', refiled: 'Arkiverad på nytt',
};

const timeFormat = new Intl.DateTimeFormat('sv-SE', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Stockholm' });

/** A field value as one readable line. */
export function showValue(v: unknown): string {
  if (v === null || v === undefined || v === '') return '–';
  if (Array.isArray(v)) {
    if (v.length === 0) return '–';
    return v.map((x) => (typeof x === 'object' && x !== null
      ? [(x as { name?: string }).name, (x as { party?: string }).party ? `(${(x as { party?: string }).party})` : null, (x as { role?: string }).role ? `– ${(x as { role?: string }).role}` : null].filter(Boolean).join(' ')
      : String(x))).join('; ');
  }
  if (typeof v === 'object') return [(v as { name?: string }).name, (v as { role?: string }).role].filter(Boolean).join(', ') || '–';
  return String(v);
}

export function toHistoryItem(documentId: number, r: Revision) {
  return {
    number: r.number,
    href: `/dokument/${documentId}/versioner/${r.number}`,
    action: ACTION_LABELS[r.action] ?? r.action,
    author: r.author,
    when: timeFormat.format(new Date(r.createdAt)),
    fields: r.changes.map((c) => fieldLabel(c.field)).join(', '),
    note: r.note,
    changes: r.changes.map((c) => ({ label: fieldLabel(c.field), old: showValue(c.old), new: showValue(c.new) })),
  };
}
