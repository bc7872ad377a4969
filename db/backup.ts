/**
 * Backups with SQLite's online backup API: a consistent copy page by page while the server keeps
 * reading and writing, a check of any copy before it is trusted, a restore through the same API
 * (so a running server sees the restored data at its next query), and the metadata export.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Db, SqliteDb } from './client.js';
import type { ExtractedMetadata } from '../server/ingest/types.js';
import { isPg, unported } from './engine.js';

export interface BackupCheck {
  documents: number;
  files: number;
  bytes: number;
  migrations: number;
}

/** Opens a copy read-only and checks it is a whole Ståndpunkt database; throws with a Swedish reason. */
export function checkBackup(file: string): BackupCheck {
  if (!fs.existsSync(file)) throw new Error(`Filen ${file} finns inte.`);
  let c: Database.Database;
  try {
    c = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new Error(`${file} kan inte öppnas som en SQLite-databas: ${(err as Error).message}`);
  }
  try {
    let integrity: string[];
    try {
      integrity = c.pragma('integrity_check', { simple: false }) as unknown as string[];
    } catch (err) {
      throw new Error(`${file} är inte en SQLite-databas: ${(err as Error).message}`);
    }
    const rows = (integrity as unknown as Array<{ integrity_check: string }>).map((r) => r.integrity_check);
    if (rows.length !== 1 || rows[0] !== 'ok') throw new Error(`${file} är skadad: ${rows.slice(0, 3).join('; ')}`);
    const has = (t: string) => c.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(t) !== undefined;
    if (!has('documents') || !has('files') || !has('__drizzle_migrations')) throw new Error(`${file} är ingen Ståndpunkt-databas (tabellerna documents och files saknas).`);
    return {
      documents: c.prepare('SELECT count(*) FROM documents').pluck().get() as number,
      files: c.prepare('SELECT count(*) FROM files').pluck().get() as number,
      bytes: fs.statSync(file).size,
      migrations: c.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get() as number,
    };
  } finally {
    c.close();
  }
}

/**
 * Copies the open database to `file` without stopping writers. The copy is written beside the target
 * and renamed into place only when it is whole and checked, so a failed backup leaves no half file.
 */
export async function backupTo(db: Db, file: string, onProgress?: (done: number, total: number) => void): Promise<BackupCheck> {
  if (isPg(db)) return unported('backupTo');
  const target = path.resolve(file);
  if (fs.existsSync(target)) throw new Error(`${target} finns redan; välj ett nytt filnamn.`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.delvis`;
  fs.rmSync(partial, { force: true });
  try {
    await db.$client.backup(partial, {
      progress: ({ totalPages, remainingPages }) => {
        onProgress?.(totalPages - remainingPages, totalPages);
        // Pages per step: big enough to finish, small enough to let the server's writes in between.
        return 1000;
      },
    });
    const check = checkBackup(partial);
    fs.renameSync(partial, target);
    return check;
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  }
}

/**
 * Replaces the database at `livePath` with the backup `file`, after checking the backup. The current
 * database is first saved beside it (`safetyFile`), so a restore can itself be undone.
 */
export async function restoreFrom(livePath: string, file: string, safetyFile: string): Promise<BackupCheck> {
  const check = checkBackup(file);
  const live = path.resolve(livePath);
  if (path.resolve(file) === live) throw new Error('Säkerhetskopian och databasen är samma fil.');
  if (fs.existsSync(live)) {
    const current = new Database(live, { fileMustExist: true });
    try {
      await current.backup(safetyFile);
    } finally {
      current.close();
    }
  } else {
    fs.mkdirSync(path.dirname(live), { recursive: true });
  }
  const source = new Database(file, { readonly: true, fileMustExist: true });
  try {
    // Through the backup API rather than a file copy: the live file stays the same inode, its WAL is
    // respected, and a server that has it open reads the restored pages at its next query.
    await source.backup(live);
  } finally {
    source.close();
  }
  return check;
}

/** A document's effective metadata (without extraction warnings), its status and its file. */
export interface ExportRow extends Omit<ExtractedMetadata, 'kind' | 'warnings'> {
  id: number;
  kind: string;
  status: 'publicerad' | 'tillbakadragen';
  textStatus: string;
  file: { filename: string; sha256: string; mediaType: string; byteSize: number } | null;
  createdAt: string;
  updatedAt: string;
}

/** Every document's metadata as stored (corrections applied), oldest first, one row at a time. */
export function* exportRows(db: SqliteDb): Generator<ExportRow> {
  const rows = db.$client.prepare(`
    SELECT d.id, d.kind, d.title, d.municipality, d.body, d.date, d.metadata_json AS m, d.withdrawn_at AS withdrawnAt,
      d.text_status AS textStatus, d.created_at AS createdAt, coalesce(d.updated_at, d.created_at) AS updatedAt,
      f.original_filename AS filename, f.sha256, f.media_type AS mediaType, f.byte_size AS byteSize
    FROM documents d LEFT JOIN files f ON f.document_id = d.id AND f.role = 'original'
    ORDER BY d.id`).iterate() as IterableIterator<{
    id: number; kind: string; title: string; municipality: string | null; body: string | null; date: string | null; m: string;
    withdrawnAt: string | null; textStatus: string; createdAt: string; updatedAt: string;
    filename: string | null; sha256: string | null; mediaType: string | null; byteSize: number | null;
  }>;
  for (const r of rows) {
    const m = JSON.parse(r.m) as Partial<ExtractedMetadata>;
    yield {
      id: r.id, kind: r.kind, title: r.title, municipality: r.municipality, body: r.body, date: r.date,
      arende: { number: m.arende?.number ?? null, title: m.arende?.title ?? null, diarienummer: m.arende?.diarienummer ?? null },
      parties: m.parties ?? [],
      signatories: (m.signatories ?? []).map((s) => ({ name: s.name, party: s.party ?? null, role: s.role ?? null })),
      interpellants: m.interpellants ?? [],
      addressee: m.addressee ? { name: m.addressee.name, role: m.addressee.role ?? null } : null,
      questions: m.questions ?? [],
      status: r.withdrawnAt ? 'tillbakadragen' : 'publicerad',
      textStatus: r.textStatus,
      file: r.sha256 ? { filename: r.filename!, sha256: r.sha256, mediaType: r.mediaType!, byteSize: r.byteSize! } : null,
      createdAt: r.createdAt, updatedAt: r.updatedAt,
    };
  }
}
