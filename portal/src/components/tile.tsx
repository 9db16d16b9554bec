import type { ComponentChildren } from 'preact';

/**
 * One KPI tile: label on top (so labels line up across a row whatever the value's height),
 * the value, and an optional note. `href` makes the whole tile a link.
 */
export function Tile({ label, children, note, href, alert }: { label: string; children: ComponentChildren; note?: string; href?: string; alert?: boolean }) {
  const body = (
    <>
      <span class="tile-label">{label}</span>
      <span class="tile-value">{children}</span>
      {note && <span class="tile-note">{note}</span>}
    </>
  );
  return <li class={`tile${alert ? ' tile-alert' : ''}`}>{href ? <a href={href}>{body}</a> : body}</li>;
}
