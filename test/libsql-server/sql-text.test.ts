import Database from 'libsql';
import { describe, expect, test } from 'vitest';
import { parseStatements } from '../../db/local-server/sql-text.ts';

const sqlite = new Database(':memory:');
sqlite.exec('CREATE TABLE t (a, b, c)');

/** Parameter names as SQLite numbers them, read from the `Variable` opcodes of EXPLAIN. */
function sqliteParams(sql: string): Map<number, string | null> {
  const names = new Map<number, string | null>();
  for (const op of sqlite.prepare(`EXPLAIN ${sql}`).raw(true).all() as unknown[][]) {
    if (op[1] === 'Variable') names.set(op[2] as number, (op[5] as string | null) ?? null);
  }
  return names;
}

describe('parameter numbering matches SQLite', () => {
  test.each([
    'SELECT ?, ?, ?',
    'SELECT ?3, ?, ?1',
    'SELECT :a, @b, $c, :a, ?',
    'SELECT ?2, :x, ?, :x, ?2',
    'SELECT $a::b, $c(d), @e1_$',
    "SELECT ':no', '?', \"@no\", [$no], `:no`, x'3f' -- :no\n, ? /* ?9 */ FROM (SELECT 1 AS \"@no\", 2 AS \"$no\", 3 AS \":no\")",
    'INSERT INTO t (a, b) VALUES (:a, ?) ON CONFLICT DO UPDATE SET c = :a',
    'WITH w(x) AS (SELECT ?) SELECT x, :y FROM w LIMIT ?',
    'SELECT :ünïcode, ?',
  ])('%s', (sql) => {
    const [statement] = parseStatements(sql);
    const expected = sqliteParams(sql);
    expect(statement!.params.length).toBeGreaterThanOrEqual(Math.max(...expected.keys()));
    for (const [index, name] of expected) expect(statement!.params[index - 1]).toBe(name);
  });
});

describe('splitting', () => {
  test('semicolons inside strings, identifiers and comments do not split', () => {
    const statements = parseStatements(`SELECT ';' AS "a;b", [c;d]; -- x; y
      /* ; */ SELECT 2;;  ;`);
    expect(statements.map((s) => s.sql)).toEqual([`SELECT ';' AS "a;b", [c;d]`, 'SELECT 2']);
  });

  test('a trigger body is one statement', () => {
    const sql = `CREATE TEMP TRIGGER tr AFTER INSERT ON t BEGIN
      UPDATE t SET b = CASE WHEN new.a THEN 1 ELSE 2 END; DELETE FROM t WHERE 0;
    END; SELECT 1`;
    const statements = parseStatements(sql);
    expect(statements).toHaveLength(2);
    expect(statements[0]!.sql).toMatch(/^CREATE TEMP TRIGGER[\s\S]*END$/);
    expect(statements[1]!.sql).toBe('SELECT 1');
  });

  test('no statements in empty or comment-only text', () => {
    expect(parseStatements('')).toEqual([]);
    expect(parseStatements(' ; -- only a comment\n/* and another */')).toEqual([]);
  });
});

describe('classification', () => {
  test.each([
    ['INSERT INTO t VALUES (1)', { isInsert: true, isIud: true, isReadonly: false, needsWriteLock: true }],
    ['replace into t values (1)', { isInsert: true, isIud: true, isReadonly: false, needsWriteLock: true }],
    ['WITH x AS (SELECT 1) UPDATE t SET a = 1', { isInsert: false, isIud: true, isReadonly: false, needsWriteLock: true }],
    ['WITH x AS (DELETE FROM t) SELECT 1', { isIud: false, isReadonly: true, needsWriteLock: false }],
    ['DELETE FROM t', { isInsert: false, isIud: true, needsWriteLock: true }],
    ['SELECT * FROM t', { isIud: false, isReadonly: true, needsWriteLock: false }],
    ['EXPLAIN QUERY PLAN INSERT INTO t VALUES (1)', { isExplain: true, isIud: false, isReadonly: true, needsWriteLock: false }],
    ['BEGIN', { isReadonly: true, needsWriteLock: false }],
    ['BEGIN IMMEDIATE', { isReadonly: true, needsWriteLock: true }],
    ['BEGIN TRANSACTION READONLY', { needsWriteLock: false }],
    ['COMMIT', { needsWriteLock: false }],
    ['PRAGMA foreign_keys', { isReadonly: true, needsWriteLock: false }],
    ['PRAGMA user_version = 3', { isReadonly: false, needsWriteLock: true }],
    ['CREATE TABLE u (x)', { isIud: false, isReadonly: false, needsWriteLock: true }],
  ])('%s', (sql, expected) => {
    expect(parseStatements(sql)[0]).toMatchObject(expected);
  });
});
