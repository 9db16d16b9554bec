import { z } from '@hono/zod-openapi';
import { defineEvents } from '../../events/define.ts';
import { CertificationSchema } from './schemas.ts';

const certification = <T extends string>(type: T, description: string) =>
  ({ type, subject: 'certification', description, data: () => z.object({ certification: CertificationSchema }) }) as const;

export const certificationEvents = defineEvents([
  certification('certification.recorded', 'A certification was recorded (by the holder, a partner admin, a manager or a CSV import); `status` is `pending`, or `verified` when staff recorded it.'),
  certification('certification.verified', 'A manager verified a certification (or staff recorded it verified): it now counts toward tiers.'),
  certification('certification.rejected', 'A manager rejected a certification (`rejectionReason` says why).'),
  certification('certification.expiring', 'A verified certification expires within 30 days (raised once, by the daily job).'),
  certification('certification.expired', 'A verified certification passed its expiry date (the daily job): it no longer counts toward tiers.'),
]);
