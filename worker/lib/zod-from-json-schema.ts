/**
 * Build-time stand-in for zod's `fromJSONSchema` (wired by `[alias]` in wrangler.toml): zod
 * re-exports it on `z`, which @hono/zod-openapi passes around whole, so esbuild keeps its
 * ~12 KB. The worker only turns zod into JSON Schema, never back.
 */
export function fromJSONSchema(): never {
  throw new Error('z.fromJSONSchema is not bundled into the worker (worker/lib/zod-from-json-schema.ts)');
}
