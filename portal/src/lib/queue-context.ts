/**
 * A deal opened from the approval queue carries the queue's filters in `?queue=`: the deal page
 * keeps "Approval queue" highlighted, links back to the same filtered queue, and "Next in
 * queue" picks the next registration under the same filters.
 */
export const QUEUE_FILTERS = { partnerId: '', tierId: '', region: '', conflict: '' };

/** `/deals/{id}?queue=<the queue's query>`. */
export function dealFromQueue(dealId: string, queueQuery: Record<string, string>): string {
  const filters = new URLSearchParams();
  for (const [k, v] of Object.entries(queueQuery)) if (v) filters.set(k, v);
  return `/deals/${encodeURIComponent(dealId)}?${new URLSearchParams({ queue: filters.toString() }).toString()}`;
}

/** The queue's filters from a deal page's `queue` parameter (undefined: not opened from the queue). */
export function queueFilters(queueParam: string | undefined): Record<string, string> | undefined {
  if (queueParam === undefined) return undefined;
  const params = new URLSearchParams(queueParam);
  const filters: Record<string, string> = {};
  for (const key of Object.keys(QUEUE_FILTERS)) {
    const value = params.get(key);
    if (value) filters[key] = value;
  }
  return filters;
}

export function queueUrl(filters: Record<string, string>): string {
  const text = new URLSearchParams(filters).toString();
  return text ? `/queue?${text}` : '/queue';
}
