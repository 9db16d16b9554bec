import { programSettingsQuery, saveProgramSettings, toProgramSettings } from '../../../db/queries/settings.ts';
import { auditInsert } from '../../lib/audit.ts';
import { defineRoute, json } from '../../lib/route.ts';
import { createRouter } from '../../lib/router.ts';
import { userActor } from '../../middleware/auth.ts';
import { errorResponses } from '../../lib/schemas.ts';
import { ProgramSettingsSchema } from './schemas.ts';

const settingsJson = json(ProgramSettingsSchema);

const getRoute = defineRoute({ permission: 'deals:decide' }, {
  method: 'get',
  path: '/settings',
  tags: ['Settings'],
  summary: 'Program settings: approval SLA and default protection days',
  // Staff read them (the queue shows SLA states against them); only admins change them.
  responses: { 200: { description: 'The current settings', content: settingsJson }, ...errorResponses },
});

const putRoute = defineRoute({ permission: 'settings:manage' }, {
  method: 'put',
  path: '/settings',
  tags: ['Settings'],
  summary: 'Replace the program settings (admins)',
  request: { body: { content: settingsJson, required: true } },
  responses: { 200: { description: 'The saved settings', content: settingsJson }, ...errorResponses },
});

export const settingsRoutes = createRouter()
  .openapi(getRoute, async (c) => {
    const db = c.get('db');
    const [rows] = await db.batch([programSettingsQuery(db)]);
    return c.json(toProgramSettings(rows), 200);
  })
  .openapi(putRoute, async (c) => {
    const next = c.req.valid('json');
    // Only a signed-in user changes settings (403 for a token); the audit entry names them.
    userActor(c.get('actor'));
    const db = c.get('db');
    const [rows] = await db.batch([programSettingsQuery(db)]);
    const at = new Date();
    const audit = auditInsert(c, { action: 'settings.updated', objectType: 'settings', objectId: 'program', details: { from: { ...toProgramSettings(rows) }, to: { ...next } }, at });
    await db.batch(saveProgramSettings(db, next, audit, at));
    return c.json(next, 200);
  });
