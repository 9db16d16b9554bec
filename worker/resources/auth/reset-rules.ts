import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { Limit } from '../../domain/rate-limit.ts';

const MINUTE = 60_000;

/** A forgot-password link works once, for this long. */
export const RESET_TTL_MS = 60 * MINUTE;

/**
 * Reset requests are counted, not only failures: per address and per IP a 429 (the same for
 * known and unknown addresses, so it tells nothing), per account a silent stop (no more mail
 * to one inbox, whoever asks). Confirmations with a bad link count per IP.
 */
export const RESET_LIMITS = {
  address: { max: 5, windowMs: 60 * MINUTE },
  ip: { max: 20, windowMs: 60 * MINUTE },
  account: { max: 3, windowMs: 60 * MINUTE },
  confirmIp: { max: 20, windowMs: 15 * MINUTE },
} as const satisfies Record<string, Limit>;

export const resetAddressKey = (email: string) => `reset:address:${email}`;
export const resetIpKey = (ip: string) => `reset:ip:${ip}`;
export const resetAccountKey = (userId: string) => `reset:account:${userId}`;
export const resetConfirmIpKey = (ip: string) => `reset-confirm:ip:${ip}`;

/** 160 random bits for the link; only its SHA-256 is stored. */
export const newResetToken = () => encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));

/** Whether a reset link can still be used at `now`. */
export function resetUsable(reset: { usedAt: Date | null; expiresAt: Date }, userStatus: string, now: number): boolean {
  return reset.usedAt === null && reset.expiresAt.getTime() > now && userStatus === 'active';
}
