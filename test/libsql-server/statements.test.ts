import { createClient, type Client } from '@libsql/client/web';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from './helpers.ts';

let server: TestServer;
let client: Client;

beforeAll(async () => {
  server = await startTestServer();
  client = createClient({ url: server.url });
});

afterAll(async () => {
  client.close();
  await server.stop();
});

describe('SQL errors reach the client with their message', () => {
  test('constraint violations: primary code, SQLite message', async () => {
    await client.execute('CREATE TABLE uniq (a TEXT UNIQUE, b TEXT NOT NULL DEFAULT 1)');
    await client.execute("INSERT INTO uniq (a) VALUES ('x')");
    await expect(client.execute("INSERT INTO uniq (a) VALUES ('x')")).rejects.toMatchObject({
      code: 'SQLITE_CONSTRAINT',
      message: 'SQLITE_CONSTRAINT: SQLite error: UNIQUE constraint failed: uniq.a',
    });
    await expect(client.execute("INSERT INTO uniq (a, b) VALUES ('y', NULL)")).rejects.toMatchObject({
      code: 'SQLITE_CONSTRAINT',
      message: expect.stringContaining('NOT NULL constraint failed: uniq.b'),
    });
  });

  test('foreign keys are enforced, as with libSQL defaults', async () => {
    await client.execute('CREATE TABLE parent (id INTEGER PRIMARY KEY)');
    await client.execute('CREATE TABLE child (parent_id INTEGER REFERENCES parent (id))');
    await expect(client.execute('INSERT INTO child VALUES (42)')).rejects.toThrow(/FOREIGN KEY constraint failed/);
  });

  test('syntax errors, unknown tables and runtime errors', async () => {
    await expect(client.execute('SELEC 1')).rejects.toMatchObject({
      code: 'SQL_PARSE_ERROR',
      message: expect.stringContaining('near "SELEC": syntax error'),
    });
    await expect(client.execute('SELECT * FROM nope')).rejects.toMatchObject({
      code: 'SQL_INPUT_ERROR',
      message: expect.stringContaining('no such table: nope'),
    });
    await expect(client.execute('SELECT abs(-9223372036854775808)')).rejects.toMatchObject({
      code: 'SQLITE_ERROR',
      message: expect.stringContaining('integer overflow'),
    });
  });

  test('execute takes exactly one statement', async () => {
    await expect(client.execute('SELECT 1; SELECT 2')).rejects.toMatchObject({ code: 'SQL_MANY_STATEMENTS' });
    await expect(client.execute('  -- nothing here\n ; ')).rejects.toMatchObject({ code: 'SQL_NO_STATEMENT' });
    const rs = await client.execute("SELECT 'a;b' AS s; -- trailing comment");
    expect(rs.rows[0]?.s).toBe('a;b');
  });

  test('a failed statement does not break the client for the next one', async () => {
    await expect(client.execute('SELECT * FROM nope')).rejects.toThrow(/no such table: nope/);
    expect((await client.execute('SELECT 1 AS one')).rows[0]?.one).toBe(1);
  });
});

describe('executeMultiple (Hrana sequence)', () => {
  test('runs every statement, including trigger bodies with semicolons', async () => {
    await client.executeMultiple(`
      CREATE TABLE log (msg TEXT);
      CREATE TABLE item (name TEXT);
      CREATE TRIGGER item_log AFTER INSERT ON item BEGIN
        INSERT INTO log VALUES ('added ' || new.name || ';');
        INSERT INTO log VALUES (CASE WHEN new.name = 'b' THEN 'was b' ELSE 'not b' END);
      END;
      INSERT INTO item VALUES ('a'); INSERT INTO item VALUES ('b')
    `);
    const rs = await client.execute('SELECT msg FROM log ORDER BY rowid');
    expect(rs.rows.map((r) => r.msg)).toEqual(['added a;', 'not b', 'added b;', 'was b']);
  });

  test('stops at the first failing statement and reports it', async () => {
    await expect(
      client.executeMultiple("CREATE TABLE seq (x); INSERT INTO seq VALUES (1); INSERT INTO nope VALUES (2); INSERT INTO seq VALUES (3)"),
    ).rejects.toThrow(/no such table: nope/);
    expect((await client.execute('SELECT x FROM seq')).rows.map((r) => r.x)).toEqual([1]);
  });
});

describe('batches', () => {
  test('repeated statements go through the stored-SQL cache', async () => {
    await client.execute('CREATE TABLE many (n INTEGER)');
    const stmts = Array.from({ length: 40 }, (_, i) => ({ sql: 'INSERT INTO many VALUES (?)', args: [i] }));
    const results = await client.batch([...stmts, 'SELECT count(*) AS c, sum(n) AS s FROM many'], 'write');
    expect(results.at(-1)?.rows[0]).toMatchObject({ c: 40, s: (39 * 40) / 2 });
  });

  test('more distinct statements than the SQL cache holds', async () => {
    const stmts = Array.from({ length: 60 }, (_, i) => `SELECT ${i} AS n`);
    const results = await client.batch(stmts, 'read');
    expect(results.map((r) => r.rows[0]?.n)).toEqual(stmts.map((_, i) => i));
  });

  test('migrate() batches (which toggle foreign keys) work, and new streams still enforce them', async () => {
    await client.migrate(['CREATE TABLE m1 (id INTEGER PRIMARY KEY)', 'CREATE TABLE m2 (m1_id REFERENCES m1 (id))']);
    expect((await client.execute('PRAGMA foreign_keys')).rows[0]?.foreign_keys).toBe(1);
  });
});
