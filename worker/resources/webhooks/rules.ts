/** How long the old secret keeps signing after a rotation when the request does not say. */
export const DEFAULT_GRACE_HOURS = 24;

const HOUR_MS = 3_600_000;

interface SealedSecret {
  ciphertext: string;
  keyId: string;
}

/**
 * The previous-secret columns after a rotation: the current secret keeps signing (beside the
 * new one) until now + graceHours, so receivers can switch without losing deliveries. A grace
 * of 0 drops the old secret at once, and stores nothing of it.
 */
export function rotationGrace(current: { secretCiphertext: string; secretKeyId: string }, graceHours: number, now: Date) {
  const previousSecretExpiresAt = graceHours > 0 ? new Date(now.getTime() + graceHours * HOUR_MS) : null;
  return {
    previousSecretCiphertext: previousSecretExpiresAt ? current.secretCiphertext : null,
    previousSecretKeyId: previousSecretExpiresAt ? current.secretKeyId : null,
    previousSecretExpiresAt,
  };
}

interface PreviousSecretColumns {
  previousSecretCiphertext: string | null;
  previousSecretKeyId: string | null;
  previousSecretExpiresAt: Date | null;
}

/** Until when the old secret still signs, or null once its grace has ended (the instant itself included). */
export function previousSecretValidUntil(endpoint: Pick<PreviousSecretColumns, 'previousSecretExpiresAt'>, now: Date): Date | null {
  const until = endpoint.previousSecretExpiresAt;
  return until && until > now ? until : null;
}

/** The old secret to sign with too, while its grace lasts; null otherwise. */
export function previousSecretInGrace(endpoint: PreviousSecretColumns, now: Date): SealedSecret | null {
  if (!endpoint.previousSecretCiphertext || !endpoint.previousSecretKeyId || !previousSecretValidUntil(endpoint, now)) return null;
  return { ciphertext: endpoint.previousSecretCiphertext, keyId: endpoint.previousSecretKeyId };
}
