/**
 * A small SQLite tokenizer. The `libsql` binding silently ignores everything after the first
 * statement and does not expose parameter names, so the server splits SQL text itself (for
 * `sequence` and to reject multi-statement `execute`), numbers the parameters the way SQLite
 * does (to bind named and positional arguments exactly like sqld) and classifies statements
 * (sqld reports `affected_row_count` only for INSERT/UPDATE/DELETE and `last_insert_rowid` only
 * for INSERT; writes must take the in-process WriteLock).
 */

export interface SqlStatement {
  /** The statement text, without the terminating semicolon. */
  sql: string;
  /** `params[i]` is the name of parameter i+1 (`:a`, `?3`), or null for an anonymous `?`. */
  params: (string | null)[];
  isExplain: boolean;
  isInsert: boolean;
  isIud: boolean;
  /** Approximates sqlite3_stmt_readonly(), which the binding does not expose (used by describe). */
  isReadonly: boolean;
  /** May take SQLite's write lock; errs on the side of yes. */
  needsWriteLock: boolean;
}

type TokenKind = 'word' | 'param' | 'semi' | 'open' | 'close' | 'other';

interface Token {
  kind: TokenKind;
  /** Upper-cased for words, verbatim otherwise. */
  text: string;
  start: number;
  end: number;
}

// SQLITE_MAX_VARIABLE_NUMBER default: larger `?NNN` make SQLite reject the statement.
const MAX_VARIABLE_NUMBER = 32766;
const DML_VERBS = new Set(['SELECT', 'VALUES', 'INSERT', 'REPLACE', 'UPDATE', 'DELETE']);
const READONLY_VERBS = new Set([
  'SELECT', 'VALUES', 'BEGIN', 'COMMIT', 'END', 'ROLLBACK', 'SAVEPOINT', 'RELEASE', 'ATTACH', 'DETACH',
]);

/** Splits SQL text into statements; empty statements (`;;`, comments only) are dropped. */
export function parseStatements(sql: string): SqlStatement[] {
  const statements: SqlStatement[] = [];
  let current: Token[] = [];
  for (const token of tokenize(sql)) {
    if (token.kind === 'semi') {
      if (current.length === 0) continue;
      // Inside CREATE TRIGGER ... BEGIN ... END, semicolons end the body's statements, not the trigger.
      if (isTrigger(current) && !endsTriggerBody(current)) {
        current.push(token);
        continue;
      }
      statements.push(buildStatement(sql, current));
      current = [];
    } else {
      current.push(token);
    }
  }
  if (current.length > 0) statements.push(buildStatement(sql, current));
  return statements;
}

function isWord(token: Token | undefined, ...words: string[]): boolean {
  return token?.kind === 'word' && words.includes(token.text);
}

/** Index of the first token after `EXPLAIN [QUERY PLAN]`. */
function bodyStart(tokens: Token[]): number {
  if (!isWord(tokens[0], 'EXPLAIN')) return 0;
  return isWord(tokens[1], 'QUERY') && isWord(tokens[2], 'PLAN') ? 3 : 1;
}

function isTrigger(tokens: Token[]): boolean {
  let i = bodyStart(tokens);
  if (!isWord(tokens[i++], 'CREATE')) return false;
  if (isWord(tokens[i], 'TEMP', 'TEMPORARY')) i++;
  return isWord(tokens[i], 'TRIGGER');
}

function endsTriggerBody(tokens: Token[]): boolean {
  return isWord(tokens.at(-1), 'END') && tokens.at(-2)?.kind === 'semi';
}

function buildStatement(sql: string, tokens: Token[]): SqlStatement {
  const first = tokens[0];
  const last = tokens.at(-1);
  if (first === undefined || last === undefined) throw new Error('empty statement');
  const start = bodyStart(tokens);
  const isExplain = start > 0;
  const verb = mainVerb(tokens, start);
  const isIud = !isExplain && ['INSERT', 'REPLACE', 'UPDATE', 'DELETE'].includes(verb);
  return {
    sql: sql.slice(first.start, last.end),
    params: numberParams(tokens),
    isExplain,
    isInsert: isIud && (verb === 'INSERT' || verb === 'REPLACE'),
    isIud,
    isReadonly:
      isExplain ||
      READONLY_VERBS.has(verb) ||
      (verb === 'PRAGMA' && !tokens.some((t) => t.text === '=')),
    needsWriteLock: !isExplain && needsWriteLock(verb, tokens, start),
  };
}

function needsWriteLock(verb: string, tokens: Token[], start: number): boolean {
  switch (verb) {
    case 'SELECT':
    case 'VALUES':
    case 'COMMIT':
    case 'END':
    case 'ROLLBACK':
    case 'SAVEPOINT':
    case 'RELEASE':
    case 'ATTACH':
    case 'DETACH':
      return false;
    case 'BEGIN':
      return isWord(tokens[start + 1], 'IMMEDIATE', 'EXCLUSIVE');
    case 'PRAGMA':
      // Setting a pragma (`= value` or `(value)`) may write the file; reading one does not.
      return tokens.some((t) => t.text === '=' || t.kind === 'open');
    default:
      return true;
  }
}

/** The statement's verb; for `WITH` the first DML keyword outside the CTE parentheses. */
function mainVerb(tokens: Token[], start: number): string {
  const head = tokens[start];
  if (head?.kind !== 'word') return '';
  if (head.text !== 'WITH') return head.text;
  let depth = 0;
  for (const token of tokens.slice(start + 1)) {
    if (token.kind === 'open') depth++;
    else if (token.kind === 'close') depth--;
    else if (depth === 0 && token.kind === 'word' && DML_VERBS.has(token.text)) return token.text;
  }
  return '';
}

/** SQLite's numbering: `?` takes the next index, `?NNN` index NNN, a name its first index. */
function numberParams(tokens: Token[]): (string | null)[] {
  const names: (string | null)[] = [];
  const indexByName = new Map<string, number>();
  for (const { kind, text } of tokens) {
    if (kind !== 'param') continue;
    if (text === '?') {
      names.push(null);
    } else if (text.startsWith('?')) {
      const index = Number(text.slice(1));
      if (!(index >= 1 && index <= MAX_VARIABLE_NUMBER)) continue; // SQLite rejects it at prepare
      while (names.length < index) names.push(null);
      if (!indexByName.has(text) && names[index - 1] === null) {
        indexByName.set(text, index);
        names[index - 1] = text;
      }
    } else if (!indexByName.has(text)) {
      names.push(text);
      indexByName.set(text, names.length);
    }
  }
  return names;
}

function isIdChar(c: string): boolean {
  return /[A-Za-z0-9_$]/.test(c) || c.charCodeAt(0) >= 0x80;
}

function isIdStart(c: string): boolean {
  return /[A-Za-z_]/.test(c) || c.charCodeAt(0) >= 0x80;
}

function* tokenize(sql: string): Generator<Token> {
  let i = 0;
  const n = sql.length;
  const at = (k: number): string => sql[k] ?? '';
  const token = (kind: TokenKind, start: number, end: number): Token => {
    const raw = sql.slice(start, end);
    return { kind, text: kind === 'word' ? raw.toUpperCase() : raw, start, end };
  };
  // Index just past a quoted run opened at `start` (a doubled closing quote is an escape).
  const skipQuoted = (start: number, close: string): number => {
    let k = start + 1;
    for (;;) {
      const found = sql.indexOf(close, k);
      if (found < 0) return n;
      if (close !== ']' && at(found + 1) === close) k = found + 2;
      else return found + 1;
    }
  };

  while (i < n) {
    const c = at(i);
    const start = i;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '-' && at(i + 1) === '-') {
      const eol = sql.indexOf('\n', i);
      i = eol < 0 ? n : eol + 1;
    } else if (c === '/' && at(i + 1) === '*') {
      const close = sql.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
    } else if (c === ';') {
      i++;
      yield token('semi', start, i);
    } else if (c === '(' || c === ')') {
      i++;
      yield token(c === '(' ? 'open' : 'close', start, i);
    } else if (c === "'" || c === '"' || c === '`') {
      i = skipQuoted(i, c);
      yield token('other', start, i);
    } else if (c === '[') {
      i = skipQuoted(i, ']');
      yield token('other', start, i);
    } else if ((c === 'x' || c === 'X') && at(i + 1) === "'") {
      i = skipQuoted(i + 1, "'");
      yield token('other', start, i);
    } else if (c === '?') {
      i++;
      while (/[0-9]/.test(at(i))) i++;
      yield token('param', start, i);
    } else if (c === ':' || c === '@' || c === '$') {
      i = scanVariable(sql, i);
      yield token(i - start > 1 ? 'param' : 'other', start, i);
    } else if (isIdStart(c)) {
      i++;
      while (i < n && isIdChar(at(i))) i++;
      yield token('word', start, i);
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(at(i + 1)))) {
      i++;
      while (i < n && /[0-9A-Za-z_.]/.test(at(i))) i++;
      yield token('other', start, i);
    } else {
      i++;
      yield token('other', start, i);
    }
  }
}

/** End of a `:name`, `@name` or `$name` variable, including Tcl-style `::` and `(...)` suffixes. */
function scanVariable(sql: string, start: number): number {
  let i = start + 1;
  let nameLength = 0;
  while (i < sql.length) {
    const c = sql[i] ?? '';
    if (isIdChar(c)) {
      nameLength++;
      i++;
    } else if (c === '(' && nameLength > 0) {
      const close = sql.slice(i).search(/[\s)]/);
      return close >= 0 && sql[i + close] === ')' ? i + close + 1 : close >= 0 ? i + close : sql.length;
    } else if (c === ':' && sql[i + 1] === ':') {
      i += 2;
    } else {
      break;
    }
  }
  return nameLength > 0 ? i : start + 1;
}
