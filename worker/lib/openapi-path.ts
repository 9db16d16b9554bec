/** Where the OpenAPI document is served (its own module so the lazy dispatcher can know it without loading the docs). */
export const OPENAPI_PATH = '/api/v1/openapi.json';
