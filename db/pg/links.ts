/**
 * Typed links between documents on PostgreSQL (db/links.ts calls these for a PostgreSQL handle): an
 * interpellation and its answer, matched by server/linking/interpellations.ts. An answer answers one
 * interpellation: its link is replaced under the answer's lock (db/pg/locks.ts), so two processes
 * linking one answer at the same moment leave one link, not one each.
 */
import { sql } from 'drizzle-orm';
import { inTx, LOCK_ANSWERS, lockIds } from './locks.js';
import type { PgDb } from '../engine.js';
import { answerMatch, type InterpellationSide } from '../../server/linking/interpellations.js';
import type { LinkedDocument } from '../links.js';

/** Below this many documents of the counterpart's kind, candidates are found from those documents (as db/links.ts). */
const FEW_OF_KIND = 1000;

async function side(db: PgDb, documentId: number): Promise<(InterpellationSide & { id: number; kind: string }) | undefined> {
  const [d] = (await db.execute(sql`SELECT id, kind, title, date, municipality FROM documents WHERE id = ${documentId} AND withdrawn_at IS NULL`))
    .rows as Array<{ id: number; kind: string; title: string; date: string | null; municipality: string | null }>;
  if (!d) return undefined;
  const interpellants = ((await db.execute(sql`
    SELECT person_id FROM document_authors WHERE document_id = ${documentId} AND role = 'interpellant' AND person_id IS NOT NULL
    GROUP BY person_id ORDER BY min(id)`)).rows as Array<{ person_id: number }>).map((r) => r.person_id);
  return { ...d, interpellants };
}

export async function linkInterpellation(db: PgDb, documentId: number): Promise<number> {
  return inTx(db, async (tx) => {
    await tx.execute(sql`DELETE FROM document_links WHERE relation = 'answers' AND rule <> 'manuell'
      AND (from_document_id = ${documentId} OR to_document_id = ${documentId})`);
    const me = await side(tx, documentId);
    if (!me || me.interpellants.length === 0) return 0;
    if (me.kind !== 'interpellation' && me.kind !== 'interpellationssvar') return 0;
    const otherKind = me.kind === 'interpellation' ? 'interpellationssvar' : 'interpellation';
    const [few] = (await tx.execute(sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM documents WHERE kind = ${otherKind} LIMIT ${FEW_OF_KIND}) k`)).rows as Array<{ n: number }>;
    // In the order SQLite's plans read them: by document from the kind's index, else by author row.
    const candidates = ((few?.n ?? 0) < FEW_OF_KIND
      ? await tx.execute(sql`
        SELECT DISTINCT a.document_id FROM documents d JOIN document_authors a ON a.document_id = d.id
        WHERE d.kind = ${otherKind} AND a.role = 'interpellant' AND a.person_id = ${me.interpellants[0]} AND d.id <> ${documentId}
        ORDER BY a.document_id LIMIT 500`)
      : await tx.execute(sql`
        SELECT a.document_id FROM document_authors a
        WHERE a.role = 'interpellant' AND a.person_id = ${me.interpellants[0]} AND a.document_id <> ${documentId}
          AND EXISTS (SELECT 1 FROM documents d WHERE d.kind = ${otherKind} AND d.id = a.document_id)
        GROUP BY a.document_id ORDER BY min(a.id) LIMIT 500`)).rows as Array<{ document_id: number }>;
    let best: { id: number; confidence: number } | null = null;
    for (const { document_id } of candidates) {
      const other = await side(tx, document_id);
      if (!other) continue;
      const confidence = me.kind === 'interpellationssvar' ? answerMatch(me, other) : answerMatch(other, me);
      if (confidence > 0 && (!best || confidence > best.confidence)) best = { id: other.id, confidence };
    }
    if (!best) return 0;
    const [answer, question] = me.kind === 'interpellationssvar' ? [documentId, best.id] : [best.id, documentId];
    await lockIds(tx, LOCK_ANSWERS, [answer]);
    await tx.execute(sql`DELETE FROM document_links WHERE relation = 'answers' AND rule <> 'manuell' AND from_document_id = ${answer}`);
    // INSERT OR REPLACE: the row is written anew.
    await tx.execute(sql`INSERT INTO document_links (from_document_id, to_document_id, relation, rule, confidence)
      VALUES (${answer}, ${question}, 'answers', 'interpellant_och_amne', ${best.confidence})
      ON CONFLICT (from_document_id, to_document_id, relation) DO UPDATE SET
        rule = excluded.rule, confidence = excluded.confidence, to_paragraph_id = NULL, created_at = excluded.created_at`);
    return 1;
  });
}

export async function linksOf(db: PgDb, documentId: number): Promise<LinkedDocument[]> {
  // SQLite reads the first half by links_unique_idx (target, relation), the second by links_to_idx (row order).
  return (await db.execute(sql`
    SELECT id, kind, title, date, relation, direction, rule FROM (
      SELECT d.id, d.kind, d.title, d.date, l.relation, 'to' AS direction, l.rule, 0 AS half, l.to_document_id AS k1, l.relation AS k2 FROM document_links l
        JOIN documents d ON d.id = l.to_document_id AND d.withdrawn_at IS NULL WHERE l.from_document_id = ${documentId}
      UNION ALL
      SELECT d.id, d.kind, d.title, d.date, l.relation, 'from' AS direction, l.rule, 1, l.id, '' FROM document_links l
        JOIN documents d ON d.id = l.from_document_id AND d.withdrawn_at IS NULL WHERE l.to_document_id = ${documentId}
    ) x ORDER BY half, k1, k2 COLLATE "C"`)).rows as unknown as LinkedDocument[];
}
