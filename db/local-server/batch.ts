import type { SqlConnection } from './connection.ts';
import { ProtocolError, StmtError, toHranaError } from './errors.ts';
import type { Batch, BatchCond, BatchResult, CursorEntry, Version } from './protocol.ts';
import { bindStmt, type SqlStore } from './stmt.ts';

type Outcome = 'ok' | 'error' | 'skipped';

/**
 * Runs the steps in order, each only if its condition holds. Like sqld, a step whose statement
 * cannot be bound (bad arguments, several statements) fails the whole request before anything
 * runs, while SQL errors are reported per step.
 */
export async function executeBatch(
  conn: SqlConnection,
  batch: Batch,
  sqls: SqlStore,
  version: Version,
): Promise<BatchResult> {
  for (const step of batch.steps) {
    if (step.condition && version < 3 && usesAutocommitCond(step.condition)) {
      throw new ProtocolError('The `is_autocommit` batch condition requires Hrana 3');
    }
  }
  const steps = batch.steps.map(({ condition, stmt }) => ({ condition, bound: bindStmt(stmt, sqls) }));
  const result: BatchResult = { stepResults: [], stepErrors: [] };
  const outcomes: Outcome[] = [];
  for (const [index, { condition, bound }] of steps.entries()) {
    let outcome: Outcome = 'skipped';
    result.stepResults.push(null);
    result.stepErrors.push(null);
    try {
      if (!condition || evalCond(condition, outcomes, conn)) {
        result.stepResults[index] = await conn.execute(bound);
        outcome = 'ok';
      }
    } catch (e) {
      result.stepErrors[index] = toHranaError(e);
      outcome = 'error';
    }
    outcomes.push(outcome);
  }
  return result;
}

/** The same information as a BatchResult, in the order a cursor streams it. */
export function cursorEntries(result: BatchResult): CursorEntry[] {
  const entries: CursorEntry[] = [];
  result.stepResults.forEach((stepResult, step) => {
    const error = result.stepErrors[step];
    if (error) {
      entries.push({ type: 'step_error', step, error });
    } else if (stepResult) {
      entries.push({ type: 'step_begin', step, cols: stepResult.cols });
      for (const row of stepResult.rows) entries.push({ type: 'row', row });
      entries.push({
        type: 'step_end',
        affectedRowCount: stepResult.affectedRowCount,
        lastInsertRowid: stepResult.lastInsertRowid,
      });
    }
  });
  return entries;
}

function evalCond(cond: BatchCond, outcomes: Outcome[], conn: SqlConnection): boolean {
  switch (cond.type) {
    case 'ok':
      return outcomeOf(cond.step, outcomes) === 'ok';
    case 'error':
      return outcomeOf(cond.step, outcomes) === 'error';
    case 'not':
      return !evalCond(cond.cond, outcomes, conn);
    case 'and':
      return cond.conds.every((c) => evalCond(c, outcomes, conn));
    case 'or':
      return cond.conds.some((c) => evalCond(c, outcomes, conn));
    case 'is_autocommit':
      return conn.isAutocommit;
  }
}

function outcomeOf(step: number, outcomes: Outcome[]): Outcome {
  const outcome = outcomes[step];
  if (outcome === undefined) {
    throw new StmtError('BATCH_COND_INVALID', `Batch condition refers to step ${step}, which has not run yet`);
  }
  return outcome;
}

function usesAutocommitCond(cond: BatchCond): boolean {
  switch (cond.type) {
    case 'is_autocommit':
      return true;
    case 'not':
      return usesAutocommitCond(cond.cond);
    case 'and':
    case 'or':
      return cond.conds.some(usesAutocommitCond);
    default:
      return false;
  }
}
