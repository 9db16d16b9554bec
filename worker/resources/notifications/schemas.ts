import { z } from '@hono/zod-openapi';
import { IsoDateTime, PageQuerySchema } from '../../lib/schemas.ts';

export const NotificationSchema = z
  .object({
    id: z.string(),
    type: z.string().openapi({ example: 'deal.approved' }),
    title: z.string(),
    body: z.string(),
    link: z.string().nullable().openapi({ description: 'Portal path to open', example: '/deals/dl_k3j…' }),
    subject: z.object({ type: z.string(), id: z.string() }).nullable(),
    createdAt: IsoDateTime,
    readAt: IsoDateTime.nullable(),
  })
  .openapi('Notification');

export const NotificationListQuerySchema = PageQuerySchema.extend({
  unread: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .openapi({ description: '`true`: only unread notifications' }),
});

export const NotificationPageSchema = z
  .object({ items: z.array(NotificationSchema), nextCursor: z.string().nullable(), unreadCount: z.number().int() })
  .openapi('NotificationPage');

export const MarkReadSchema = z
  .union([z.strictObject({ ids: z.array(z.string().min(1).max(64)).min(1).max(100) }), z.strictObject({ all: z.literal(true) })])
  .openapi('MarkNotificationsRead');

export const MarkReadResultSchema = z.object({ marked: z.number().int(), unreadCount: z.number().int() }).openapi('MarkNotificationsReadResult');

export const PreferenceTypeSchema = z.object({ type: z.string(), label: z.string(), email: z.boolean() });

export const NotificationPreferencesSchema = z
  .object({
    types: z.array(PreferenceTypeSchema).openapi({ description: 'The notification types your role receives; in-app notifications are always on' }),
    teamDeals: z.boolean().openapi({ description: "Partner admins: also notify me of colleagues' deals" }),
    dailyDigest: z.boolean().openapi({ description: 'Staff: one email a day instead of one per notification' }),
  })
  .openapi('NotificationPreferences');

export const NotificationPreferencesInputSchema = z
  .strictObject({
    email: z.record(z.string().max(64), z.boolean()).optional().openapi({ description: 'Email on/off by notification type' }),
    teamDeals: z.boolean().optional(),
    dailyDigest: z.boolean().optional(),
  })
  .openapi('NotificationPreferencesInput');

