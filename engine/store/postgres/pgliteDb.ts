import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGlite, types } from '@electric-sql/pglite';
import type { Db, Queryable, SqlParam } from '../db.js';

/** Both drivers return the same JavaScript values: int8 as number, date as `YYYY-MM-DD`. */
const parsers = {
  [types.INT8]: (value: string) => Number(value),
  [types.DATE]: (value: string) => value,
};

function queryable(target: Pick<PGlite, 'query' | 'exec'>, answered: () => void): Queryable {
  return {
    async query<Row>(sql: string, params: readonly SqlParam[] = []) {
      const result = await target.query<Row>(sql, params as unknown[]);
      answered();
      return result.rows;
    },
    async exec(sql: string) {
      await target.exec(sql);
      answered();
    },
  };
}

/**
 * Opens embedded PostgreSQL (PGlite) in `dataDir`, or in memory when `dataDir` is omitted.
 * PGlite has one connection: transactions queue one after another.
 */
export async function openPgliteDb(dataDir?: string, options: { image?: Blob | null } = {}): Promise<Db> {
  // pg_trgm: infix search (migration 0017), as on a PostgreSQL server. A prepared image
  // (pgliteImage.ts) fills a new data directory instead of initdb.
  const pglite = await PGlite.create(dataDir, {
    parsers,
    extensions: { pg_trgm },
    ...(options.image ? { loadDataDir: options.image } : {}),
  });
  let lastAnswer = performance.now();
  const answered = () => {
    lastAnswer = performance.now();
  };
  return {
    kind: 'pglite',
    ...queryable(pglite, answered),
    transaction: (work) => pglite.transaction((tx) => work(queryable(tx, answered))),
    async close() {
      if (!pglite.closed) await pglite.close();
    },
    answeredWithin: (ms) => !pglite.closed && performance.now() - lastAnswer <= ms,
  };
}
