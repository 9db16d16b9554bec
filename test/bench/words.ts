/**
 * A distinct 7-letter word for each integer mod 2^32, so every bench registration is a new
 * customer (name, name token and domain all its own) and no conflict detection work creeps in
 * unasked. A bijective 32-bit mix (so neighbouring numbers do not share a prefix), then base 26:
 * 26^7 > 2^32, so distinct inputs give distinct words.
 */
export function customerWord(n: number): string {
  let x = n >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d) >>> 0;
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b) >>> 0;
  x = (x ^ (x >>> 16)) >>> 0;
  let out = '';
  for (let i = 0; i < 7; i++) {
    out += String.fromCharCode(97 + (x % 26));
    x = Math.floor(x / 26);
  }
  return out;
}
