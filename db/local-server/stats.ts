// Trace ids come from clients; keep memory bounded if nobody resets.
const MAX_TRACES = 100_000;

/** Counts Hrana HTTP requests (pipeline and cursor: one per database round trip). */
export class RequestStats {
  readonly #byNamespace = new Map<string, number>();
  readonly #byTrace = new Map<string, number>();

  record(namespace: string, traceId: string | undefined): void {
    this.#byNamespace.set(namespace, (this.#byNamespace.get(namespace) ?? 0) + 1);
    if (traceId === undefined) return;
    this.#byTrace.set(traceId, (this.#byTrace.get(traceId) ?? 0) + 1);
    if (this.#byTrace.size > MAX_TRACES) {
      const oldest = this.#byTrace.keys().next().value;
      if (oldest !== undefined) this.#byTrace.delete(oldest);
    }
  }

  namespaces(): { namespaces: Record<string, { requests: number }> } {
    const namespaces: Record<string, { requests: number }> = {};
    for (const [name, requests] of this.#byNamespace) namespaces[name] = { requests };
    return { namespaces };
  }

  trace(traceId: string): { requests: number } {
    return { requests: this.#byTrace.get(traceId) ?? 0 };
  }

  reset(): void {
    this.#byNamespace.clear();
    this.#byTrace.clear();
  }
}
