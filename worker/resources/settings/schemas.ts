import { z } from 'zod';

export const ProgramSettingsSchema = z
  .strictObject({
    approvalSlaBusinessDays: z
      .number()
      .int()
      .min(1)
      .max(30)
      .meta({ description: 'Business days (Mon–Fri) a registration may wait for a decision', example: 2 }),
    defaultProtectionDays: z
      .number()
      .int()
      .min(1)
      .max(730)
      .meta({ description: 'Protection days for approved deals of partners without a tier', example: 90 }),
    tierDowngradeGraceDays: z
      .number()
      .int()
      .min(1)
      .max(365)
      .default(30)
      .meta({ description: 'Days a proposed tier downgrade waits before a manager may apply it', example: 30 }),
    contentMaxUploadBytes: z
      .number()
      .int()
      .min(1024 * 1024)
      .max(5 * 1024 * 1024 * 1024)
      .default(100 * 1024 * 1024)
      .meta({ description: 'The largest content library upload in bytes (1 MiB–5 GiB, default 100 MiB); larger ones answer 413', example: 104857600 }),
  })
  .meta({ id: 'ProgramSettings' });
