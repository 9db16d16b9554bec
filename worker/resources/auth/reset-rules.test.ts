import { describe, expect, it } from 'vitest';
import { newResetToken, RESET_TTL_MS, resetUsable } from './reset-rules.ts';

describe('password reset rules', () => {
  const now = Date.UTC(2026, 0, 1, 12);
  const fresh = { usedAt: null, expiresAt: new Date(now + RESET_TTL_MS) };

  it('accepts an unused, unexpired link of an active account', () => {
    expect(resetUsable(fresh, 'active', now)).toBe(true);
  });
  it('refuses a used link, an expired link and a deactivated account', () => {
    expect(resetUsable({ ...fresh, usedAt: new Date(now - 1) }, 'active', now)).toBe(false);
    expect(resetUsable(fresh, 'active', now + RESET_TTL_MS)).toBe(false);
    expect(resetUsable(fresh, 'deactivated', now)).toBe(false);
  });
  it('makes 32-character random tokens', () => {
    const a = newResetToken();
    expect(a).toMatch(/^[a-z2-7]{32}$/);
    expect(newResetToken()).not.toBe(a);
  });
});
