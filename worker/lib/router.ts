import { OpenAPIHono } from '@hono/zod-openapi';
import type { z } from 'zod';
import { controlCharErrors } from './control-chars.ts';
import { invalidFields, problemResponse, type FieldError } from './problem.ts';
import type { AppEnv } from './types.ts';
// zod's plain-language messages, set before any schema parses (every resource router comes through here).
import './zod-messages.ts';

/** zod issues → field-level errors for problem documents. */
export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue): FieldError[] => {
    const at = (path: PropertyKey[]) => path.map(String).join('.') || '(root)';
    // An unknown key is an error of that key, not of the object holding it.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: at([...issue.path, key]), message: 'Unknown field', code: issue.code }));
    }
    return [{ field: at(issue.path), message: issue.message, code: issue.code }];
  });
}

/**
 * A sub-app for one resource. Validation failures of params, query or body become a 422
 * (400 for query/params) problem document listing every invalid field. Valid input is also
 * checked once here, for every route, for control characters in any text.
 */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      const where = result.target;
      const status = where === 'json' || where === 'form' ? 422 : 400;
      const errors = result.success ? controlCharErrors(result.data) : fieldErrors(result.error);
      if (errors.length === 0) return;
      return problemResponse(c, status, invalidFields(errors, status).problem);
    },
  });
}
