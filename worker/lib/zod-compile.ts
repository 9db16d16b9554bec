/**
 * Build-time stand-in for zod's schema compiler (`z.core.compile`, wired by `[alias]` in
 * wrangler.toml): re-exported on `z.core`, kept whole by esbuild (~30 KB) although the worker
 * never compiles a schema. Same exports, throwing if ever called.
 */
export const INVALID = Symbol.for('zod.compile.invalid');
export class ZodCompileAsyncError extends Error {}
export class ZodCompileUnsupportedError extends Error {}
const notBundled = (): never => {
  throw new ZodCompileUnsupportedError('zod schema compilation is not bundled into the worker (worker/lib/zod-compile.ts)');
};
export const compile = notBundled;
export const withParser = notBundled;
export const compileFn = notBundled;
