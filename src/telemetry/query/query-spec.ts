/**
 * A query the Honeycomb way: VISUALIZE calculations, WHERE filters, GROUP BY fields, a time range. Plain data, so
 * it can be kept in the URL or storage; `checkQuery` says in words what is wrong with one before it runs.
 */
import type { FieldInfo } from './span-events.ts';

export type NumericOp = 'AVG' | 'P50' | 'P95' | 'P99' | 'MAX' | 'MIN' | 'SUM';
export type Calculation = { op: 'COUNT' } | { op: 'COUNT_DISTINCT'; field: string } | { op: NumericOp; field: string } | { op: 'HEATMAP'; field: string };
export type CalcOp = Calculation['op'];

export const numericOps: readonly NumericOp[] = ['AVG', 'P50', 'P95', 'P99', 'MAX', 'MIN', 'SUM'];
export const calcOps: readonly CalcOp[] = ['COUNT', 'COUNT_DISTINCT', ...numericOps, 'HEATMAP'];

export type FilterOp = '=' | '!=' | '>' | '>=' | '<' | '<=' | 'exists' | 'does-not-exist' | 'contains' | 'does-not-contain' | 'starts-with' | 'in';
export const filterOps: readonly FilterOp[] = ['=', '!=', '>', '>=', '<', '<=', 'exists', 'does-not-exist', 'contains', 'does-not-contain', 'starts-with', 'in'];
/** Operators that take no value. */
export const unaryOps: readonly FilterOp[] = ['exists', 'does-not-exist'];

export interface Filter {
  field: string;
  op: FilterOp;
  /** Text as typed; compared as a number when both sides are numbers; `in` takes a comma-separated list. */
  value: string;
}

export interface TimeRange {
  /** ms since the epoch, inclusive. */
  start: number;
  /** ms since the epoch, exclusive. */
  end: number;
}

export interface Query {
  calculations: Calculation[];
  filters: Filter[];
  /** How filters combine; Honeycomb's default is AND. */
  combine: 'AND' | 'OR';
  groupBy: string[];
  /** Undefined: everything stored. */
  time?: TimeRange;
  /** Most groups in the table (the chart draws the first few); default 1000. */
  limit?: number;
}

export function calcLabel(calc: Calculation): string {
  return calc.op === 'COUNT' ? 'COUNT' : `${calc.op}(${calc.field})`;
}

/** Problems with a query, in words; empty when it can run. `fields` are those present in the data. */
export function checkQuery(query: Query, fields: readonly FieldInfo[]): string[] {
  const problems: string[] = [];
  const known = new Map(fields.map((f) => [f.name, f]));
  if (query.calculations.length === 0) problems.push('VISUALIZE needs at least one calculation (COUNT counts events).');
  for (const calc of query.calculations) {
    if (calc.op === 'COUNT') continue;
    if (calc.field.trim() === '') {
      problems.push(`${calc.op} needs a field.`);
      continue;
    }
    const field = known.get(calc.field);
    if (calc.op !== 'COUNT_DISTINCT' && field !== undefined && !field.numeric) problems.push(`${calcLabel(calc)}: "${calc.field}" is not numeric, so it cannot be ${calc.op === 'HEATMAP' ? 'drawn as a heatmap' : 'averaged or ranked'}.`);
  }
  for (const filter of query.filters) {
    if (filter.field.trim() === '') problems.push('A WHERE clause has no field.');
    else if (!unaryOps.includes(filter.op) && filter.value.trim() === '' && filter.op !== '=' && filter.op !== '!=') problems.push(`WHERE ${filter.field} ${filter.op} needs a value.`);
    else if (['>', '>=', '<', '<='].includes(filter.op) && !Number.isFinite(Number(filter.value))) problems.push(`WHERE ${filter.field} ${filter.op} compares numbers, and "${filter.value}" is not one.`);
  }
  for (const field of query.groupBy) if (field.trim() === '') problems.push('A GROUP BY entry has no field.');
  if (query.time !== undefined && !(query.time.end > query.time.start)) problems.push('The time range ends before it starts.');
  return problems;
}
