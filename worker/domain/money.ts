// Money is stored as minor units: the codec is shared vocabulary in db/schema/money.ts.
export * from '../../db/schema/money.ts';
