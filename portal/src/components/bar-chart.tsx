import { useState } from 'preact/hooks';
import { formatNumber } from '../lib/format.ts';

export interface Bar {
  label: string;
  value: number;
}

/**
 * Horizontal bars: labels and values are text (readable at any width, phone included), each
 * bar a small inline SVG scaled in percent (no chart library). The same data as a table is
 * one click away for precise reading.
 */
export function BarChart({ title, bars, format = formatNumber }: { title: string; bars: Bar[]; format?: (n: number) => string }) {
  const [asTable, setAsTable] = useState(false);
  const max = Math.max(1, ...bars.map((b) => b.value));
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
        <ul class="bar-chart" aria-labelledby={`${slug}-title`}>
          {bars.map((b) => (
            <li key={b.label} class="bar-row">
              <span class="bar-label">{b.label}</span>
              <svg class="bar-track" aria-hidden="true" focusable="false">
                <rect class="bar" x="0" y="0" height="100%" rx="3" width={`${(100 * b.value) / max}%`} />
              </svg>
              <span class="bar-value">
                <span class="visually-hidden">: </span>
                {format(b.value)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}
