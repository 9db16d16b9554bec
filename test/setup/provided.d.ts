import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the local libSQL server started for the test run. */
    dbServerUrl: string;
  }
}
