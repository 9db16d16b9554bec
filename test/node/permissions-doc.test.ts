import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ROLES } from '../../db/schema/users.ts';
import { PERMISSIONS, TOKEN_SCOPES, roleCan } from '../../worker/domain/permissions.ts';

/** The role × permission table of docs/permissions.md, rendered from worker/domain/permissions.ts. */
function renderPermissionTable(): string {
  const header = `| permission | ${ROLES.join(' | ')} | token scope | what it allows |`;
  const rule = `| --- | ${ROLES.map(() => ':---:').join(' | ')} | --- | --- |`;
  const rows = Object.entries(PERMISSIONS).map(([name, p]) => {
    const cells = ROLES.map((role) => (roleCan(role, name as keyof typeof PERMISSIONS) ? '✓' : ''));
    return `| \`${name}\` | ${cells.join(' | ')} | ${p.scope ? `\`${p.scope}\`` : '—'} | ${p.what} |`;
  });
  return [header, rule, ...rows, '', `Token scopes: ${TOKEN_SCOPES.map((s) => `\`${s}\``).join(', ')}.`].join('\n');
}

describe('docs/permissions.md', () => {
  it('shows exactly the permission table the worker enforces', async () => {
    const doc = await readFile(new URL('../../docs/permissions.md', import.meta.url), 'utf8');
    const table = /<!-- table:start -->\n([\s\S]*?)\n<!-- table:end -->/.exec(doc)?.[1];
    expect(table, 'regenerate the table between the markers from renderPermissionTable()').toBe(renderPermissionTable());
  });
});
