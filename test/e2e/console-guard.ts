/** Setup file: a browser test fails on any console error or uncaught page error it caused (see browser.ts). */
import { afterEach, beforeEach, expect } from 'vitest';
import { forgetClosedContexts, pendingRequests, takeConsoleProblems } from './browser.ts';

// A failed attempt says why and lists what the browser still waited for: with `retry`, vitest
// reports only the attempt that passed, and a page that never settled names its request here.
beforeEach(({ onTestFailed }) => {
  forgetClosedContexts();
  onTestFailed(({ task }) => {
    const errors = (task.result?.errors ?? []).map((e) => e.message.split('\n')[0]);
    const pending = pendingRequests();
    console.error(
      `"${task.name}" failed (attempt ${(task.result?.retryCount ?? 0) + 1}): ${errors.join('; ')}` +
        (pending.length ? `\nRequests still unanswered:\n  ${pending.join('\n  ')}` : ''),
    );
  });
});

afterEach(() => {
  expect(takeConsoleProblems(), 'console errors and page errors in the browser').toEqual([]);
});
