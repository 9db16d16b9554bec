/**
 * Build-time stand-in for `@asteasolutions/zod-to-openapi` (wired by `[alias]` in wrangler.toml):
 * the worker needs its zod extension (`.openapi()`) and the route registry that
 * @hono/zod-openapi fills, never the document generators — the OpenAPI document is generated at
 * build time (scripts/build-openapi.ts) and served as a file. @hono/zod-openapi's class refers
 * to the generators, so esbuild keeps them (and, through them, zod's JSON Schema code) unless
 * they are replaced here. Tests (vitest) and the build script use the real package.
 */
// The types live under the bare name; this path bypasses the alias on purpose.
// @ts-expect-error -- no declaration file beside dist/index.mjs
export { OpenAPIRegistry, extendZodWithOpenApi, getOpenApiMetadata, getRefId, zodToOpenAPIRegistry } from '../../node_modules/@asteasolutions/zod-to-openapi/dist/index.mjs';

class NotBundled {
  constructor() {
    throw new Error('The OpenAPI generator is not bundled into the worker: the document is built by scripts/build-openapi.ts.');
  }
}
export class OpenApiGeneratorV3 extends NotBundled {}
export class OpenApiGeneratorV31 extends NotBundled {}
export class OpenApiGeneratorV32 extends NotBundled {}
