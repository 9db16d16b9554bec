import type { ComponentChildren } from 'preact';

export function PageHeader({ title, children, lead }: { title: string; lead?: ComponentChildren; children?: ComponentChildren }) {
  return (
    <div class="page-header">
      <div>
        <h1>{title}</h1>
        {lead && <p class="muted lead">{lead}</p>}
      </div>
      {children && <div class="page-actions">{children}</div>}
    </div>
  );
}
