import { describe, expect, it } from 'vitest';
import { previousSecretInGrace, previousSecretValidUntil, rotationGrace } from './rules.ts';

const now = new Date('2026-06-01T12:00:00Z');
const current = { secretCiphertext: 'old-ct', secretKeyId: 'k1' };

describe('webhook secret rotation grace', () => {
  it('the old secret stays valid for graceHours after the rotation', () => {
    expect(rotationGrace(current, 24, now)).toEqual({
      previousSecretCiphertext: 'old-ct',
      previousSecretKeyId: 'k1',
      previousSecretExpiresAt: new Date('2026-06-02T12:00:00Z'),
    });
  });

  it('a grace of 0 drops the old secret at once', () => {
    expect(rotationGrace(current, 0, now)).toEqual({ previousSecretCiphertext: null, previousSecretKeyId: null, previousSecretExpiresAt: null });
  });

  it('the old secret signs until its expiry, not at or after it', () => {
    const endpoint = { ...rotationGrace(current, 2, now) };
    const until = endpoint.previousSecretExpiresAt!;
    expect(previousSecretInGrace(endpoint, new Date(until.getTime() - 1))).toEqual({ ciphertext: 'old-ct', keyId: 'k1' });
    expect(previousSecretInGrace(endpoint, until)).toBeNull();
    expect(previousSecretValidUntil(endpoint, new Date(until.getTime() - 1))).toEqual(until);
    expect(previousSecretValidUntil(endpoint, new Date(until.getTime() + 1))).toBeNull();
  });

  it('no previous secret → nothing extra signs', () => {
    expect(previousSecretInGrace({ previousSecretCiphertext: null, previousSecretKeyId: null, previousSecretExpiresAt: null }, now)).toBeNull();
  });
});
