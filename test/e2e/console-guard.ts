/** Setup file: a browser test fails on any console error or uncaught page error it caused (see browser.ts). */
import { afterEach, expect } from 'vitest';
import { takeConsoleProblems } from './browser.ts';

afterEach(() => {
  expect(takeConsoleProblems(), 'console errors and page errors in the browser').toEqual([]);
});
