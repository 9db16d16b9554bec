import { formatMoney, formatMoneyCompact } from '../lib/format.ts';

export interface Amount {
  amount: number;
  currency: string;
}

/**
 * Amounts in several currencies, one line each, in compact notation ("€31K"). Amounts in
 * different currencies are never added up. Screen readers and the tooltip get the full value.
 */
export function MoneyLines({ amounts }: { amounts: readonly Amount[] }) {
  if (amounts.length === 0) return <span class="money-lines">—</span>;
  return (
    <span class="money-lines">
      {amounts.map((a) => {
        const full = formatMoney(a.amount, a.currency);
        return (
          <span key={a.currency} class="money-line" title={full}>
            <span aria-hidden="true">{formatMoneyCompact(a.amount, a.currency)}</span>
            <span class="visually-hidden">{full}</span>
          </span>
        );
      })}
    </span>
  );
}
