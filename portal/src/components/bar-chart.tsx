import { useState } from 'preact/hooks';
import { formatNumber } from '../lib/format.ts';

export interface Bar {
  label: string;
  value: number;
}

/**
 * Horizontal bars as inline SVG (no chart library: a few hundred bytes), with the same data
 * as a table one click away for screen readers and precise reading.
 */
export function BarChart({ title, bars, format = formatNumber }: { title: string; bars: Bar[]; format?: (n: number) => string }) {
  const [asTable, setAsTable] = useState(false);
  const max = Math.max(1, ...bars.map((b) => b.value));
  const rowHeight = 28;
  const labelWidth = 130;
  const height = bars.length * rowHeight;
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-');

  return (
    <figure class="chart">
      <figcaption>
        <span id={`${slug}-title`}>{title}</span>
        <button type="button" class="button link small" aria-pressed={asTable} onClick={() => setAsTable(!asTable)}>
          {asTable ? 'Show chart' : 'Show as table'}
        </button>
      </figcaption>
      {asTable ? (
        <table aria-labelledby={`${slug}-title`}>
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col" class="num">
                Value
              </th>
            </tr>
          </thead>
          <tbody>
            {bars.map((b) => (
              <tr key={b.label}>
                <th scope="row">{b.label}</th>
                <td class="num">{format(b.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <svg
          class="bar-chart"
          viewBox={`0 0 600 ${height}`}
          role="img"
          aria-labelledby={`${slug}-title ${slug}-desc`}
          preserveAspectRatio="xMinYMin meet"
        >
          <desc id={`${slug}-desc`}>{bars.map((b) => `${b.label}: ${format(b.value)}`).join('; ')}</desc>
          {bars.map((b, i) => {
            const width = ((600 - labelWidth - 90) * b.value) / max;
            const y = i * rowHeight;
            return (
              <g key={b.label}>
                <text x={0} y={y + 18} class="bar-label">
                  {b.label}
                </text>
                <rect x={labelWidth} y={y + 5} width={Math.max(width, b.value > 0 ? 2 : 0)} height={rowHeight - 10} rx={3} class="bar" />
                <text x={labelWidth + width + 6} y={y + 18} class="bar-value">
                  {format(b.value)}
                </text>
              </g>
            );
          })}
        </svg>
      )}
    </figure>
  );
}
