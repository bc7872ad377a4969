import { describe, expect, it } from 'vitest';
import { openDb, transaction, closeDb } from '../../db/client.js';

const later = () => new Promise<void>((resolve) => setTimeout(resolve, 10));

describe('transactions on the one SQLite connection', () => {
  it('take turns: a transaction waiting on I/O keeps another out until it commits', async () => {
    const db = openDb(':memory:');
    const c = db.$client;
    c.exec('CREATE TABLE t (who TEXT, step INTEGER)');
    const order: string[] = [];
    const a = transaction(db, async (tx) => {
      tx.$client.prepare("INSERT INTO t VALUES ('a', 1)").run();
      order.push('a1');
      await later();
      tx.$client.prepare("INSERT INTO t VALUES ('a', 2)").run();
      order.push('a2');
    });
    const b = transaction(db, async (tx) => {
      order.push('b1');
      // b sees all of a, never half of it.
      return tx.$client.prepare("SELECT count(*) FROM t WHERE who = 'a'").pluck().get();
    });
    const [, seen] = await Promise.all([a, b]);
    expect(order).toEqual(['a1', 'a2', 'b1']);
    expect(seen).toBe(2);
    closeDb(db);
  });

  it('roll back alone: a failing transaction loses its own writes, never those of the one after it', async () => {
    const db = openDb(':memory:');
    const c = db.$client;
    c.exec('CREATE TABLE t (who TEXT)');
    const failing = transaction(db, async (tx) => {
      tx.$client.prepare("INSERT INTO t VALUES ('fails')").run();
      await later();
      throw new Error('avbrutet');
    });
    const next = transaction(db, (tx) => { tx.$client.prepare("INSERT INTO t VALUES ('stays')").run(); });
    await expect(failing).rejects.toThrow('avbrutet');
    await next;
    expect(c.prepare('SELECT who FROM t').pluck().all()).toEqual(['stays']);
    expect(c.inTransaction).toBe(false);
    closeDb(db);
  });

  it('nest as savepoints on the handle a transaction hands out, and a nested failure undoes only its part', async () => {
    const db = openDb(':memory:');
    const c = db.$client;
    c.exec('CREATE TABLE t (who TEXT)');
    await transaction(db, async (tx) => {
      tx.$client.prepare("INSERT INTO t VALUES ('outer')").run();
      await expect(transaction(tx, async (inner) => {
        inner.$client.prepare("INSERT INTO t VALUES ('inner')").run();
        await later();
        throw new Error('inre');
      })).rejects.toThrow('inre');
      await transaction(tx, (inner) => { inner.$client.prepare("INSERT INTO t VALUES ('kept')").run(); });
    });
    expect(c.prepare('SELECT who FROM t ORDER BY rowid').pluck().all()).toEqual(['outer', 'kept']);
    closeDb(db);
  });
});
