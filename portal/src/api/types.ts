/**
 * API types, inferred from the worker's zod schemas (type-only imports: nothing of the
 * worker reaches the bundle). One source of truth for the API, its OpenAPI document and the portal.
 */
import type { z } from 'zod';
import type {
  DealConflictSchema,
  DealDetailSchema,
  DealEventSchema,
  DealInputSchema,
  DealListQuerySchema,
  DealPageSchema,
  DealSchema,
  PrecheckSchema,
  ResubmitSchema,
} from '../../../worker/resources/deals/schemas.ts';
import type {
  BulkDecisionBodySchema,
  BulkDecisionResultSchema,
  ExtensionDecisionBodySchema,
  QueueItemSchema,
  QueuePageSchema,
  RejectBodySchema,
} from '../../../worker/resources/deals/decision-schemas.ts';
import type { ProgramSettingsSchema } from '../../../worker/resources/settings/schemas.ts';
import type { DealStatus } from '../../../db/schema/deal-enums.ts';

export type { DealStatus };
export type Deal = z.infer<typeof DealSchema>;
export type DealDetail = z.infer<typeof DealDetailSchema>;
export type DealEvent = z.infer<typeof DealEventSchema>;
export type DealConflict = z.infer<typeof DealConflictSchema>;
export type DealPage = z.infer<typeof DealPageSchema>;
export type DealInput = z.input<typeof DealInputSchema>;
export type DealListQuery = z.input<typeof DealListQuerySchema>;
export type Precheck = z.infer<typeof PrecheckSchema>;
export type Resubmit = z.input<typeof ResubmitSchema>;
export type QueueItem = z.infer<typeof QueueItemSchema>;
export type QueuePage = z.infer<typeof QueuePageSchema>;
export type BulkDecision = z.input<typeof BulkDecisionBodySchema>;
export type BulkDecisionResult = z.infer<typeof BulkDecisionResultSchema>;
export type RejectBody = z.input<typeof RejectBodySchema>;
export type ExtensionDecision = z.input<typeof ExtensionDecisionBodySchema>;
export type ProgramSettings = z.infer<typeof ProgramSettingsSchema>;
export type { Role } from '../../../db/schema/users.ts';
import type { ProductListSchema, ProductSchema } from '../../../worker/resources/products/schemas.ts';
export type Product = z.infer<typeof ProductSchema>;
export type ProductList = z.infer<typeof ProductListSchema>;
import type { KpisSchema } from '../../../worker/resources/kpis/schemas.ts';
import type { CustomerSchema, CustomerUpsertResultSchema } from '../../../worker/resources/customers/schemas.ts';
import type {
  DeliverySchema,
  EndpointSchema,
  EndpointWithSecretSchema,
  SecretSchema,
  CreateEndpointSchema,
} from '../../../worker/resources/webhooks/schemas.ts';
export type Kpis = z.infer<typeof KpisSchema>;
export type Customer = z.infer<typeof CustomerSchema>;
export type CustomerImportResult = z.infer<typeof CustomerUpsertResultSchema>;
export type WebhookEndpoint = z.infer<typeof EndpointSchema>;
export type WebhookEndpointWithSecret = z.infer<typeof EndpointWithSecretSchema>;
export type WebhookEndpointInput = z.input<typeof CreateEndpointSchema>;
export type WebhookSecret = z.infer<typeof SecretSchema>;
export type WebhookDelivery = z.infer<typeof DeliverySchema>;
import type { MeSchema } from '../../../worker/resources/auth/schemas.ts';
import type { UserPageSchema, UserSchema } from '../../../worker/resources/users/schemas.ts';
import type { PartnerPageSchema, PartnerSchema, TierListSchema, TierSchema } from '../../../worker/resources/partners/schemas.ts';
import type { InvitationCreatedSchema, InvitationPreviewSchema, InvitationSchema } from '../../../worker/resources/invitations/schemas.ts';
import type { TokenCreatedSchema, TokenSchema } from '../../../worker/resources/tokens/schemas.ts';
import type { AuditEntrySchema } from '../../../worker/resources/audit/schemas.ts';
export type User = z.infer<typeof UserSchema>;
export type UserPage = z.infer<typeof UserPageSchema>;
/** GET /me for a signed-in person (the portal never runs with a token, so `user` is set). */
export type Me = z.infer<typeof MeSchema> & { user: User };
export type Partner = z.infer<typeof PartnerSchema>;
export type PartnerPage = z.infer<typeof PartnerPageSchema>;
export type Tier = z.infer<typeof TierSchema>;
export type TierList = z.infer<typeof TierListSchema>;
export type InvitationPreview = z.infer<typeof InvitationPreviewSchema>;
export type InvitationCreated = z.infer<typeof InvitationCreatedSchema>;
export type Invitation = z.infer<typeof InvitationSchema>;
export type ApiToken = z.infer<typeof TokenSchema>;
export type ApiTokenCreated = z.infer<typeof TokenCreatedSchema>;
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export type { DealSummary } from '../../../worker/resources/deals/summary-schemas.ts';

import type { CertificationPageSchema, CertificationSchema, CoverageSchema, ProgramListSchema, ProgramSchema } from '../../../worker/resources/certifications/schemas.ts';
import type { GapSchema, TierProposalPageSchema, TierProposalSchema, TierStatusSchema } from '../../../worker/resources/tiers/schemas.ts';
import type { OnboardingSchema } from '../../../worker/resources/partners/onboarding-schemas.ts';
export type CertificationProgram = z.infer<typeof ProgramSchema>;
export type CertificationProgramList = z.infer<typeof ProgramListSchema>;
export type Certification = z.infer<typeof CertificationSchema>;
export type CertificationPage = z.infer<typeof CertificationPageSchema>;
export type CertificationCoverage = z.infer<typeof CoverageSchema>;
export type TierStatus = z.infer<typeof TierStatusSchema>;
export type TierGap = z.infer<typeof GapSchema>;
export type TierProposal = z.infer<typeof TierProposalSchema>;
export type TierProposalPage = z.infer<typeof TierProposalPageSchema>;
export type PartnerOnboarding = z.infer<typeof OnboardingSchema>;
import type { NotificationPageSchema, NotificationPreferencesSchema, NotificationSchema } from '../../../worker/resources/notifications/schemas.ts';
export type Notification = z.infer<typeof NotificationSchema>;
export type NotificationPage = z.infer<typeof NotificationPageSchema>;
export type NotificationPreferences = z.infer<typeof NotificationPreferencesSchema>;
/*
 * Fields the API gains in the deals-fixes branch (issue 10). Optional here so the portal builds
 * and degrades gracefully before that branch lands; afterwards they come from the schemas above
 * and these intersections change nothing.
 */
export type PrecheckAnswer = Omit<Precheck, 'result'> & {
  result: Precheck['result'] | 'own_registration';
  /** own_registration: the company's registration, when the user may open it. */
  dealId?: string | null;
};
export type QueueEntry = QueueItem & {
  kind?: 'registration' | 'extension';
  /** kind extension: the protection end the partner asked for (YYYY-MM-DD or ISO). */
  extensionRequestedUntil?: string | null;
};
export type QueueEntryPage = Omit<QueuePage, 'items'> & { items: QueueEntry[] };
export type DealDetailView = DealDetail & {
  /** An open extension request: the protection end that approving it would set. */
  extensionPreviewExpiresAt?: string | null;
};
import type { DealSummary as Summary } from '../../../worker/resources/deals/summary-schemas.ts';
export type DealSummaryView = Summary & { openExtensionRequests?: number };
