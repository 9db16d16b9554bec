import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_PASSWORD_HASH } from '../../db/seed/demo.ts';
import { PBKDF2_ITERATIONS, verifyPassword } from '../../worker/lib/password.ts';

describe('demo seed password', () => {
  it('the stored constant hash verifies with the demo password at the current cost', async () => {
    expect(await verifyPassword(DEMO_PASSWORD, DEMO_PASSWORD_HASH)).toBe(true);
    expect(await verifyPassword(`${DEMO_PASSWORD}x`, DEMO_PASSWORD_HASH)).toBe(false);
    expect(DEMO_PASSWORD_HASH.split('$')[1]).toBe(String(PBKDF2_ITERATIONS));
  });
});
