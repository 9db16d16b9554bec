import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

const ID_BYTES = 10;
const POOL_BYTES = 4096;
let pool = new Uint8Array(0);
let used = 0;

/**
 * Random bytes for ids, drawn from a pool refilled by `crypto.getRandomValues` 4 KiB at a
 * time: a registration makes a dozen ids, and a call per id cost more than the bytes. Every
 * byte is used once. Filled on first use, never at module load (Workers forbid randomness
 * outside a request).
 */
function randomIdBytes(): Uint8Array {
  if (used + ID_BYTES > pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(POOL_BYTES));
    used = 0;
  }
  const bytes = pool.subarray(used, used + ID_BYTES);
  used += ID_BYTES;
  return bytes;
}

/**
 * Opaque ids: a short type prefix and 80 random bits ("dl_k3j…"). The prefix makes logs and
 * support tickets readable; the randomness makes ids unguessable across tenants.
 */
export function newId(prefix: string): string {
  return `${prefix}_${encodeBase32LowerCaseNoPadding(randomIdBytes())}`;
}
