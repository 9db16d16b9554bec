import type { Role } from '../../db/schema/users.ts';

/** Who is making the request: a signed-in person or a CRM integration token. */
export type Actor = UserActor | TokenActor;

export interface UserActor {
  kind: 'user';
  userId: string;
  sessionId: string;
  role: Role;
  /** The partner company (tenant) for partner users; null for vendor staff. */
  partnerId: string | null;
  email: string;
  name: string;
}

export interface TokenActor {
  kind: 'token';
  tokenId: string;
  scopes: string[];
}
