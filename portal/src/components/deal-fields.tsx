import { useMemo } from 'preact/hooks';
import type { ApiError } from '../api/client.ts';
import { paths } from '../api/paths.ts';
import type { Deal, ProductList } from '../api/types.ts';
import { countryOptions, currencyOptions } from '../lib/locale-lists.ts';
import { useApi } from '../lib/use-api.ts';
import { Field } from './field.tsx';
import { ErrorState, Loading } from './states.tsx';

/** What the registration form holds: everything as typed, converted only when sent. */
export interface DealDraft {
  customerName: string;
  customerDomain: string;
  contactName: string;
  contactEmail: string;
  contactTitle: string;
  country: string;
  products: string[];
  estimatedValue: string;
  currency: string;
  expectedCloseDate: string;
  notes: string;
}

export const emptyDraft = (currency: string): DealDraft => ({
  customerName: '',
  customerDomain: '',
  contactName: '',
  contactEmail: '',
  contactTitle: '',
  country: '',
  products: [],
  estimatedValue: '',
  currency,
  expectedCloseDate: '',
  notes: '',
});

export const draftOf = (deal: Deal): DealDraft => ({
  customerName: deal.customerName,
  customerDomain: deal.customerDomain,
  contactName: deal.contactName,
  contactEmail: deal.contactEmail,
  contactTitle: deal.contactTitle ?? '',
  country: deal.country,
  products: deal.products.map((p) => p.id),
  estimatedValue: String(deal.estimatedValue),
  currency: deal.currency,
  expectedCloseDate: deal.expectedCloseDate,
  notes: deal.notes ?? '',
});

/** The draft as the API's DealInput: optional texts left out when blank, the amount as a number. */
export function bodyOf(draft: DealDraft) {
  const value = draft.estimatedValue.trim();
  return {
    customerName: draft.customerName,
    customerDomain: draft.customerDomain,
    contactName: draft.contactName,
    contactEmail: draft.contactEmail.trim(),
    contactTitle: draft.contactTitle.trim() || undefined,
    country: draft.country,
    products: draft.products,
    estimatedValue: value === '' ? undefined : Number(value),
    currency: draft.currency,
    expectedCloseDate: draft.expectedCloseDate,
    notes: draft.notes.trim() || undefined,
  };
}

export type FieldErrors = Partial<Record<keyof DealDraft, string>>;

/** Field errors of a problem document, keyed by the form's field names (`products.0` → products). */
export function serverFieldErrors(error: ApiError | undefined): FieldErrors {
  const errors: FieldErrors = {};
  for (const e of error?.errors ?? []) {
    const field = e.field.split('.')[0] as keyof DealDraft;
    errors[field] ??= e.message;
  }
  return errors;
}

interface Props {
  draft: DealDraft;
  errors: FieldErrors;
  onChange: (patch: Partial<DealDraft>) => void;
  /** Shown under the customer fields (the live pre-check). */
  customerStatus?: preact.ComponentChildren;
  idPrefix?: string;
}

/** The deal registration fields, shared by "Register deal" and "Resubmit". */
export function DealFields({ draft, errors, onChange, customerStatus, idPrefix = 'deal' }: Props) {
  const products = useApi<ProductList>(paths.products);
  const countries = useMemo(countryOptions, []);
  const currencies = useMemo(currencyOptions, []);
  const id = (name: string) => `${idPrefix}-${name}`;
  const text = (name: keyof DealDraft) => (e: Event) => onChange({ [name]: (e.currentTarget as HTMLInputElement).value });
  const activeProducts = (products.data?.items ?? []).filter((p) => p.active || draft.products.includes(p.id));

  return (
    <>
      <fieldset>
        <legend>Customer</legend>
        <div class="grid-2">
          <Field id={id('customerName')} required label="Customer company" error={errors.customerName}>
            {(p) => <input {...p} name="customerName" autocomplete="organization" value={draft.customerName} onInput={text('customerName')} />}
          </Field>
          <Field id={id('customerDomain')} required label="Customer web domain" hint="For example acme.com" error={errors.customerDomain}>
            {(p) => <input {...p} name="customerDomain" inputMode="url" value={draft.customerDomain} onInput={text('customerDomain')} />}
          </Field>
        </div>
        {customerStatus}
        <Field id={id('country')} required label="Country" error={errors.country}>
          {(p) => (
            <select {...p} name="country" value={draft.country} onChange={text('country')}>
              <option value="">Choose a country…</option>
              {countries.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      </fieldset>

      <fieldset>
        <legend>Customer contact</legend>
        <div class="grid-2">
          <Field id={id('contactName')} required label="Contact name" error={errors.contactName}>
            {(p) => <input {...p} name="contactName" value={draft.contactName} onInput={text('contactName')} />}
          </Field>
          <Field id={id('contactEmail')} required label="Contact email" error={errors.contactEmail}>
            {(p) => <input {...p} type="email" name="contactEmail" value={draft.contactEmail} onInput={text('contactEmail')} />}
          </Field>
        </div>
        <Field id={id('contactTitle')} label="Contact job title" optional error={errors.contactTitle}>
          {(p) => <input {...p} name="contactTitle" value={draft.contactTitle} onInput={text('contactTitle')} />}
        </Field>
      </fieldset>

      <fieldset>
        <legend>Opportunity</legend>
        <fieldset
          class={`checkbox-group${errors.products ? ' field-invalid' : ''}`}
          aria-describedby={errors.products ? id('products-error') : undefined}
        >
          <legend>
            Products <span class="muted small">(at least one)</span>
          </legend>
          {products.loading && <Loading rows={2} label="Loading products…" />}
          {products.error && <ErrorState error={products.error} retry={products.reload} />}
          {activeProducts.map((product) => (
            <div class="checkbox-field" key={product.id}>
              <input
                id={id(`product-${product.id}`)}
                type="checkbox"
                name="products"
                value={product.id}
                checked={draft.products.includes(product.id)}
                // Each box carries the group's error: screen readers announce it on whichever box gets focus.
                aria-invalid={errors.products ? true : undefined}
                aria-describedby={errors.products ? id('products-error') : undefined}
                onChange={(e) => {
                  const checked = (e.currentTarget as HTMLInputElement).checked;
                  onChange({ products: checked ? [...draft.products, product.id] : draft.products.filter((x) => x !== product.id) });
                }}
              />
              <label for={id(`product-${product.id}`)}>
                {product.name} <span class="muted small">{product.sku}</span>
              </label>
            </div>
          ))}
          {errors.products && (
            <p id={id('products-error')} class="field-error">
              {errors.products}
            </p>
          )}
        </fieldset>
        <div class="grid-3">
          <Field id={id('estimatedValue')} required label="Estimated value" error={errors.estimatedValue}>
            {(p) => (
              <input
                {...p}
                type="number"
                name="estimatedValue"
                inputMode="decimal"
                min="0"
                step="any"
                value={draft.estimatedValue}
                onInput={text('estimatedValue')}
              />
            )}
          </Field>
          <Field id={id('currency')} required label="Currency" error={errors.currency}>
            {(p) => (
              <select {...p} name="currency" value={draft.currency} onChange={text('currency')}>
                <optgroup label="Common">
                  {currencies.common.map((c) => (
                    <option key={c.code} value={c.code}>
                      {c.name}
                    </option>
                  ))}
                </optgroup>
                <optgroup label="All currencies">
                  {currencies.other.map((c) => (
                    <option key={c.code} value={c.code}>
                      {c.name}
                    </option>
                  ))}
                </optgroup>
              </select>
            )}
          </Field>
          <Field id={id('expectedCloseDate')} required label="Expected close date" error={errors.expectedCloseDate}>
            {(p) => <input {...p} type="date" name="expectedCloseDate" value={draft.expectedCloseDate} onInput={text('expectedCloseDate')} />}
          </Field>
        </div>
        <Field id={id('notes')} label="Notes" optional hint="Anything that helps the approval: stage, competitors, timeline." error={errors.notes}>
          {(p) => <textarea {...p} name="notes" rows={4} value={draft.notes} onInput={text('notes')} />}
        </Field>
      </fieldset>
    </>
  );
}
