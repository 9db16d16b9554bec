/**
 * Build-time stand-in for zod's locale index (wired by `[alias]` in wrangler.toml).
 * zod re-exports all ~45 locales as `z.locales`, which esbuild cannot tree-shake: ~260 KB of
 * the worker bundle. The API speaks English only, so only `en` ships.
 */
export { default as en } from 'zod/v4/locales/en.js';
