import { z } from 'zod';
import { defineEvents } from '../../events/define.ts';
import { ContentSchema } from './schemas.ts';

export const contentEvents = defineEvents([
  {
    type: 'content.published',
    subject: 'content',
    description: 'An enablement asset became visible to partners (created as published, or published from draft). Tier and type gating still apply.',
    data: () => z.object({ content: ContentSchema }),
  },
  {
    type: 'content.updated',
    subject: 'content',
    description: 'A published asset got a new current file (a new version, or an earlier one restored).',
    data: () => z.object({ content: ContentSchema }),
  },
]);
