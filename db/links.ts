/** Typed links between documents: an interpellation and its answer. */
import { sql } from 'drizzle-orm';
import type { Executor } from './client.js';
import { answerMatch, type InterpellationSide } from '../server/linking/interpellations.js';
import { isPg, type Db } from './engine.js';
import * as pg from './pg/links.js';

function side(db: Executor, documentId: number): (InterpellationSide & { id: number; kind: string }) | undefined {
  const d = db.get<{ id: number; kind: string; title: string; date: string | null; municipality: string | null } | undefined>(
    sql`SELECT id, kind, title, date, municipality FROM documents WHERE id = ${documentId} AND withdrawn_at IS NULL`);
  if (!d) return undefined;
  const interpellants = db.all<{ person_id: number }>(
    sql`SELECT DISTINCT person_id FROM document_authors WHERE document_id = ${documentId} AND role = 'interpellant' AND person_id IS NOT NULL`)
    .map((r) => r.person_id);
  return { ...d, interpellants };
}

/**
 * Re-links one document as answer or interpellation: drops its machine-made 'answers' links and
 * looks for the counterpart among documents sharing an interpellant. Returns the links made.
 */
/** Below this many documents of the counterpart's kind, candidates are found from those documents. */
const FEW_OF_KIND = 1000;

export async function linkInterpellation(db: Db, documentId: number): Promise<number> {
  if (isPg(db)) return pg.linkInterpellation(db, documentId);
  db.run(sql`DELETE FROM document_links WHERE relation = 'answers' AND rule <> 'manuell'
    AND (from_document_id = ${documentId} OR to_document_id = ${documentId})`);
  const me = side(db, documentId);
  if (!me || me.interpellants.length === 0) return 0;
  if (me.kind !== 'interpellation' && me.kind !== 'interpellationssvar') return 0;
  const otherKind = me.kind === 'interpellation' ? 'interpellationssvar' : 'interpellation';
  // From the smaller side: a member with a thousand interpellations and an archive with few answers
  // (or none) is looked up through the answers, not through the member's thousand documents. The kind
  // is checked in documents_kind_idx, not in each document's large row. side() skips withdrawn ones.
  // `+a.person_id`: each answer's authors by its own index, not the member's rows once per answer.
  const fewOfKind = (db.get<{ n: number }>(sql`SELECT count(*) AS n FROM (SELECT 1 FROM documents WHERE kind = ${otherKind} LIMIT ${FEW_OF_KIND})`)?.n ?? 0) < FEW_OF_KIND;
  const candidates = fewOfKind
    ? db.all<{ document_id: number }>(sql`
      SELECT DISTINCT a.document_id FROM documents d CROSS JOIN document_authors a ON a.document_id = d.id
      WHERE d.kind = ${otherKind} AND a.role = 'interpellant' AND +a.person_id = ${me.interpellants[0]} AND d.id <> ${documentId}
      LIMIT 500`)
    : db.all<{ document_id: number }>(sql`
      SELECT DISTINCT a.document_id FROM document_authors a
      WHERE a.role = 'interpellant' AND a.person_id = ${me.interpellants[0]} AND a.document_id <> ${documentId}
        AND EXISTS (SELECT 1 FROM documents d WHERE d.kind = ${otherKind} AND d.id = a.document_id)
      LIMIT 500`);
  let best: { id: number; confidence: number } | null = null;
  for (const { document_id } of candidates) {
    const other = side(db, document_id);
    if (!other) continue;
    const confidence = me.kind === 'interpellationssvar' ? answerMatch(me, other) : answerMatch(other, me);
    if (confidence > 0 && (!best || confidence > best.confidence)) best = { id: other.id, confidence };
  }
  if (!best) return 0;
  const [answer, question] = me.kind === 'interpellationssvar' ? [documentId, best.id] : [best.id, documentId];
  // An answer answers one interpellation: a better match replaces an earlier one.
  db.run(sql`DELETE FROM document_links WHERE relation = 'answers' AND rule <> 'manuell' AND from_document_id = ${answer}`);
  db.run(sql`INSERT OR REPLACE INTO document_links (from_document_id, to_document_id, relation, rule, confidence)
    VALUES (${answer}, ${question}, 'answers', 'interpellant_och_amne', ${best.confidence})`);
  return 1;
}

export interface LinkedDocument {
  id: number;
  kind: string;
  title: string;
  date: string | null;
  relation: string;
  direction: 'from' | 'to';
  rule: string;
}

/** Documents linked to this one, both directions. */
export async function linksOf(db: Db, documentId: number): Promise<LinkedDocument[]> {
  if (isPg(db)) return pg.linksOf(db, documentId);
  return db.all<LinkedDocument>(sql`
    SELECT d.id, d.kind, d.title, d.date, l.relation, 'to' AS direction, l.rule FROM document_links l
      JOIN documents d ON d.id = l.to_document_id AND d.withdrawn_at IS NULL WHERE l.from_document_id = ${documentId}
    UNION ALL
    SELECT d.id, d.kind, d.title, d.date, l.relation, 'from' AS direction, l.rule FROM document_links l
      JOIN documents d ON d.id = l.from_document_id AND d.withdrawn_at IS NULL WHERE l.to_document_id = ${documentId}`);
}
