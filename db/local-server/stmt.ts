import { ProtocolError, StmtError } from './errors.ts';
import type { Stmt, Value } from './protocol.ts';
import { parseStatements, type SqlStatement } from './sql-text.ts';

/** A statement ready to run: one SQL statement and its arguments in parameter order. */
export interface BoundStmt {
  statement: SqlStatement;
  values: Value[];
  wantRows: boolean;
}

/** SQL texts stored on a stream with `store_sql`, by id. */
export type SqlStore = ReadonlyMap<number, string>;

/** The SQL text of a request: exactly one of `sql` and `sql_id` must be given. */
export function resolveSql(sql: string | undefined, sqlId: number | undefined, sqls: SqlStore): string {
  if (sql !== undefined && sqlId !== undefined) throw new ProtocolError('Both `sql` and `sql_id` were given');
  if (sql !== undefined) return sql;
  if (sqlId === undefined) throw new ProtocolError('Neither `sql` nor `sql_id` was given');
  const stored = sqls.get(sqlId);
  if (stored === undefined) throw new ProtocolError(`SQL text with id ${sqlId} was not found`);
  return stored;
}

export function parseSingleStatement(sql: string): SqlStatement {
  const [statement, ...rest] = parseStatements(sql);
  if (statement === undefined) throw new StmtError('SQL_NO_STATEMENT', 'SQL string does not contain any statement');
  if (rest.length > 0) throw new StmtError('SQL_MANY_STATEMENTS', 'SQL string contains more than one statement');
  return statement;
}

export function bindStmt(stmt: Stmt, sqls: SqlStore): BoundStmt {
  const statement = parseSingleStatement(resolveSql(stmt.sql, stmt.sqlId, sqls));
  return { statement, values: bindArgs(statement, stmt.args, stmt.namedArgs), wantRows: stmt.wantRows };
}

/**
 * Arguments in parameter order, with sqld's rules: positional or named (not both), no extra
 * arguments, every parameter given (except for EXPLAIN), `?NNN` taken from position NNN, and a
 * name matched with or without its `:`/`@`/`$` prefix.
 */
export function bindArgs(statement: SqlStatement, args: Value[], namedArgs: Stmt['namedArgs']): Value[] {
  if (args.length > 0 && namedArgs.length > 0) {
    throw new StmtError('ARGS_BOTH_POSITIONAL_AND_NAMED', 'Specifying both positional and named arguments is not supported');
  }
  const named = new Map(namedArgs.map(({ name, value }) => [name, value]));
  const given = args.length || named.size;
  if (given > statement.params.length) {
    throw argsInvalid(`too many parameters, expected ${statement.params.length} found ${given}`);
  }
  return statement.params.map((name, i) => {
    const value = argFor(name, i, args, named);
    if (value !== undefined) return value;
    if (statement.isExplain) return null;
    throw argsInvalid(`value for parameter ${name ?? i + 1} not found`);
  });
}

function argFor(name: string | null, index: number, args: Value[], named: Map<string, Value>): Value | undefined {
  if (name === null) return args[index];
  if (name.startsWith('?')) return args[Number(name.slice(1)) - 1];
  return named.has(name) ? named.get(name) : named.get(name.slice(1));
}

function argsInvalid(detail: string): StmtError {
  return new StmtError('ARGS_INVALID', `Arguments do not match SQL parameters: ${detail}`);
}
