import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Db, Queryable, SqlParam } from '../db.js';

/** Both drivers return the same JavaScript values: int8 as number, date as `YYYY-MM-DD`. */
const typeParsers = {
  getTypeParser(oid: number, format?: string) {
    if (oid === pg.types.builtins.INT8) return (value: string) => Number(value);
    if (oid === pg.types.builtins.DATE) return (value: string) => value;
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

/** Statement texts prepared once per connection; bounded, so that no generated SQL grows it forever. */
const preparedNames = new Map<string, string>();
const MAX_PREPARED = 400;

/**
 * Writes (INSERT, UPDATE, and WITH … INSERT/UPDATE) run as named prepared statements: the server
 * parses and plans each once per connection instead of at every step of every instance. Reads are
 * left unnamed: a generic plan could be worse for searches whose filters are optional parameters.
 */
function preparedName(sql: string): string | undefined {
  const known = preparedNames.get(sql);
  if (known !== undefined) return known;
  if (!/^\s*(INSERT|UPDATE|WITH\s+\w+\s+AS\s*\(\s*(INSERT|UPDATE))\b/i.test(sql)) return undefined;
  if (preparedNames.size >= MAX_PREPARED) return undefined;
  const name = `k_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
  preparedNames.set(sql, name);
  return name;
}

function queryable(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<Row>(sql: string, params: readonly SqlParam[] = []) {
      const name = preparedName(sql);
      const result = await client.query({
        text: sql,
        values: params as unknown[],
        types: typeParsers,
        ...(name ? { name } : {}),
      });
      return result.rows as Row[];
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  };
}

export interface PgPoolOptions {
  url: string;
  poolSize?: number;
  /** Schema to put first on the search path (test isolation: one schema per test file). */
  schema?: string;
}

/** Connects a `pg` pool to a PostgreSQL server and checks the connection once. */
export async function openPgPoolDb(options: PgPoolOptions): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    // JIT compiling pays off for long analytical queries, not for the short ones of a records system:
    // it added ~150 ms to an inbox query that runs in a few. Off for every connection.
    options: ['-c jit=off', ...(options.schema ? [`-c search_path=${options.schema}`] : [])].join(' '),
  });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end();
    throw error;
  }
  return {
    kind: 'postgres',
    ...queryable(pool),
    async transaction(work) {
      const client = await pool.connect();
      // A client whose ROLLBACK failed is in an unknown state: destroy it instead of reusing it.
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await work(queryable(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async close() {
      if (!pool.ended) await pool.end();
    },
    poolStats: () => ({
      max: options.poolSize ?? 10,
      total: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
    }),
  };
}
