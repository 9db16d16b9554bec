// The whole Drizzle schema, one file per area.
export * from './partners.ts';
export * from './users.ts';
export * from './deals.ts';
export * from './audit.ts';
export * from './outbox.ts';
export * from './settings.ts';
export * from './auth.ts';
export * from './webhooks.ts';
export * from './content.ts';
export * from './certifications.ts';
export * from './notifications.ts';
