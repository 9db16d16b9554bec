/**
 * Build-time stand-in for zod's JSON Schema conversion (`z.toJSONSchema`, the per-type
 * processors and `schema.toJSONSchema()`), wired by `[alias]` in wrangler.toml for
 * `./json-schema-processors.js`, `../core/json-schema-processors.js` and `./to-json-schema.js`.
 * The deployed worker never converts a schema: the OpenAPI document is generated at build time
 * (scripts/build-openapi.ts) and served as a static file. esbuild cannot drop the real modules
 * (zod's namespace object reaches them), ~23 KB minified. Same exports, throwing if ever called;
 * a zod upgrade that adds an export fails the build here, not at runtime.
 */
const notBundled = (): never => {
  throw new Error('zod JSON Schema conversion is not bundled into the worker (worker/lib/zod-json-schema.ts)');
};
export const aggregateChecks = notBundled;
export const stringProcessor = notBundled;
export const numberProcessor = notBundled;
export const booleanProcessor = notBundled;
export const bigintProcessor = notBundled;
export const symbolProcessor = notBundled;
export const nullProcessor = notBundled;
export const undefinedProcessor = notBundled;
export const voidProcessor = notBundled;
export const neverProcessor = notBundled;
export const anyProcessor = notBundled;
export const unknownProcessor = notBundled;
export const dateProcessor = notBundled;
export const enumProcessor = notBundled;
export const literalProcessor = notBundled;
export const nanProcessor = notBundled;
export const templateLiteralProcessor = notBundled;
export const fileProcessor = notBundled;
export const successProcessor = notBundled;
export const customProcessor = notBundled;
export const functionProcessor = notBundled;
export const transformProcessor = notBundled;
export const mapProcessor = notBundled;
export const setProcessor = notBundled;
export const arrayProcessor = notBundled;
export const objectProcessor = notBundled;
export const unionProcessor = notBundled;
export const intersectionProcessor = notBundled;
export const tupleProcessor = notBundled;
export const recordProcessor = notBundled;
export const nullableProcessor = notBundled;
export const nonoptionalProcessor = notBundled;
export const defaultProcessor = notBundled;
export const prefaultProcessor = notBundled;
export const catchProcessor = notBundled;
export const pipeProcessor = notBundled;
export const readonlyProcessor = notBundled;
export const promiseProcessor = notBundled;
export const optionalProcessor = notBundled;
export const lazyProcessor = notBundled;
export const allProcessors = {};
export const toJSONSchema = notBundled;
export const initializeContext = notBundled;
export const handleUnrepresentable = notBundled;
export const processSchema = notBundled;
export const extractDefs = notBundled;
export const finalize = notBundled;
export const createToJSONSchemaMethod = notBundled;
export const createStandardJSONSchemaMethod = notBundled;
export { processSchema as process };
