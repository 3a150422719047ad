/**
 * `span({...})`: describes the span a check wants, and for any span says how far it is from that and why.
 * The cost of each difference ranks candidates, so a timeout can report the NEAREST span
 * (`home-activites-mock-data` is nearer than `GET /api/activities/home`) with a precise diff.
 */
import { serviceNameOf } from '../kit/otlp/span-model.ts';
import { closeness } from './similarity.ts';
import type { AttrValue, SpanDiff, SpanIndex, SpanKindName, SpanMatcher, SpanMatchResult, StatusCodeName, StoredSpan, ValueMatcher } from './types.ts';
import { equals, isValueMatcher } from './values.ts';

export interface SpanSpec {
  /** Exact name (a near miss is reported as `typo`), or a pattern. */
  name?: string | RegExp;
  /** `service.name` of the span's resource. */
  service?: string;
  /** Instrumentation scope = the tracer's name (`trace.getTracer('home.activities')`), or name and version. */
  scope?: string | { name: string; version?: string };
  kind?: SpanKindName;
  status?: StatusCodeName;
  /** Literal values must be equal and of the same type; use value matchers (`isoString()`, ...) for the rest. */
  attributes?: Record<string, AttrValue | ValueMatcher>;
  /** The direct parent must match. */
  childOf?: SpanMatcher;
  /** Some ancestor (parent, grandparent, ...) must match. */
  descendantOf?: SpanMatcher;
  /** Some direct child must match. */
  parentOf?: SpanMatcher;
  /** Anything else: return true, or a description of what is wrong. */
  where?: (span: StoredSpan) => true | string;
}

const cost = {
  nameTypo: 3,
  nameDifferent: 10,
  serviceTypo: 3,
  serviceDifferent: 8,
  scopeTypo: 2,
  scopeDifferent: 4,
  scopeVersion: 1,
  kind: 2,
  status: 2,
  attrMissing: 2,
  attrTypo: 1.5,
  attrDifferent: 1.5,
  attrWrongType: 1,
  relation: 3,
  where: 3,
};

/** Ancestor walks stop here: a trace deeper than this is a loop or a mistake. */
const maxAncestors = 64;

export function span(spec: SpanSpec = {}): SpanMatcher {
  const attributes = Object.entries(spec.attributes ?? {}).map(([key, want]) => [key, isValueMatcher(want) ? want : equals(want)] as const);
  const scope = typeof spec.scope === 'string' ? { name: spec.scope } : spec.scope;
  return {
    type: 'span-matcher',
    description: describe(spec, attributes),
    match(candidate: StoredSpan, index: SpanIndex): SpanMatchResult {
      const diffs: SpanDiff[] = [];
      let total = 0;
      const add = (diff: SpanDiff, weight: number): void => {
        diffs.push(diff);
        total += weight;
      };

      if (typeof spec.name === 'string') {
        const near = closeness(spec.name, candidate.name);
        if (near === 'close') add({ field: 'name', problem: 'typo', expected: JSON.stringify(spec.name), actual: candidate.name }, cost.nameTypo);
        if (near === 'far') add({ field: 'name', problem: 'different', expected: JSON.stringify(spec.name), actual: candidate.name }, cost.nameDifferent);
      } else if (spec.name instanceof RegExp && !spec.name.test(candidate.name)) {
        add({ field: 'name', problem: 'different', expected: `a name matching ${String(spec.name)}`, actual: candidate.name }, cost.nameDifferent);
      }

      if (spec.service !== undefined) {
        const service = serviceNameOf(candidate);
        if (service === undefined) add({ field: 'service', problem: 'missing', expected: JSON.stringify(spec.service) }, cost.serviceDifferent);
        else if (service !== spec.service) {
          const near = closeness(spec.service, service) === 'close';
          add({ field: 'service', problem: near ? 'typo' : 'different', expected: JSON.stringify(spec.service), actual: service }, near ? cost.serviceTypo : cost.serviceDifferent);
        }
      }

      if (scope !== undefined) {
        const near = closeness(scope.name, candidate.scope.name);
        if (near !== 'equal') {
          add(
            { field: 'scope', problem: near === 'close' ? 'typo' : 'different', expected: JSON.stringify(scope.name), actual: candidate.scope.name },
            near === 'close' ? cost.scopeTypo : cost.scopeDifferent,
          );
        }
        if (scope.version !== undefined && candidate.scope.version !== scope.version) {
          add({ field: 'scope.version', problem: candidate.scope.version === undefined ? 'missing' : 'different', expected: JSON.stringify(scope.version), ...actual(candidate.scope.version) }, cost.scopeVersion);
        }
      }

      if (spec.kind !== undefined && candidate.kind !== spec.kind) add({ field: 'kind', problem: 'different', expected: spec.kind, actual: candidate.kind }, cost.kind);
      if (spec.status !== undefined && candidate.status.code !== spec.status) add({ field: 'status', problem: 'different', expected: spec.status, actual: candidate.status.code }, cost.status);

      for (const [key, want] of attributes) {
        const value = candidate.attributes[key];
        const verdict = want.test(value);
        if (verdict.ok) continue;
        if (verdict.problem === 'missing') {
          // A near-miss key ("app.result-length") is a typo worth naming, not just "missing".
          const nearKey = Object.keys(candidate.attributes).find((k) => closeness(key, k) === 'close');
          if (nearKey !== undefined) {
            add({ field: `attributes.${key}`, problem: 'typo', expected: want.description, actual: candidate.attributes[nearKey] ?? null, note: `found key "${nearKey}"` }, cost.attrTypo);
          } else {
            add({ field: `attributes.${key}`, problem: 'missing', expected: want.description }, cost.attrMissing);
          }
        } else {
          add({ field: `attributes.${key}`, problem: verdict.problem, expected: want.description, ...actual(value) }, verdict.problem === 'wrong-type' ? cost.attrWrongType : cost.attrDifferent);
        }
      }

      if (spec.childOf !== undefined) {
        const parent = candidate.parentSpanId === undefined ? undefined : index.get(candidate.traceId, candidate.parentSpanId);
        if (parent === undefined || !spec.childOf.match(parent, index).matched) {
          add({ field: 'parent', problem: parent === undefined ? 'missing' : 'different', expected: spec.childOf.description, actual: describeParent(candidate, parent) }, cost.relation);
        }
      }

      if (spec.descendantOf !== undefined) {
        const ancestors = ancestorsOf(candidate, index);
        if (!ancestors.some((a) => spec.descendantOf?.match(a, index).matched === true)) {
          add(
            {
              field: 'ancestor',
              problem: ancestors.length === 0 ? 'missing' : 'different',
              expected: spec.descendantOf.description,
              actual: ancestors.length === 0 ? describeParent(candidate, undefined) : ancestors.map((a) => `${a.name} (${a.kind})`).join(' → '),
            },
            cost.relation,
          );
        }
      }

      if (spec.parentOf !== undefined) {
        const children = index.children(candidate.traceId, candidate.spanId);
        if (!children.some((c) => spec.parentOf?.match(c, index).matched === true)) {
          add({ field: 'child', problem: children.length === 0 ? 'missing' : 'different', expected: spec.parentOf.description, actual: children.map((c) => c.name) }, cost.relation);
        }
      }

      if (spec.where !== undefined) {
        const verdict = spec.where(candidate);
        if (verdict !== true) add({ field: 'where', problem: 'different', expected: verdict }, cost.where);
      }

      return { matched: diffs.length === 0, diffs, cost: total };
    },
  };
}

function actual(value: AttrValue | undefined): { actual?: AttrValue } {
  return value === undefined ? {} : { actual: value };
}

function ancestorsOf(start: StoredSpan, index: SpanIndex): StoredSpan[] {
  const out: StoredSpan[] = [];
  const seen = new Set<string>([start.spanId]);
  let current = start;
  while (current.parentSpanId !== undefined && out.length < maxAncestors) {
    const parent = index.get(current.traceId, current.parentSpanId);
    if (parent === undefined || seen.has(parent.spanId)) break;
    seen.add(parent.spanId);
    out.push(parent);
    current = parent;
  }
  return out;
}

function describeParent(candidate: StoredSpan, parent: StoredSpan | undefined): string {
  if (candidate.parentSpanId === undefined) return 'no parent (a root span)';
  if (parent === undefined) return `parent ${candidate.parentSpanId}, which never arrived`;
  return `${parent.name} (${parent.kind}, scope ${JSON.stringify(parent.scope.name)})`;
}

function describe(spec: SpanSpec, attributes: readonly (readonly [string, ValueMatcher])[]): string {
  const parts: string[] = [];
  if (spec.name !== undefined) parts.push(`named ${typeof spec.name === 'string' ? JSON.stringify(spec.name) : String(spec.name)}`);
  if (spec.kind !== undefined) parts.push(`of kind ${spec.kind}`);
  if (spec.service !== undefined) parts.push(`from service ${JSON.stringify(spec.service)}`);
  if (spec.scope !== undefined) parts.push(`from tracer ${JSON.stringify(typeof spec.scope === 'string' ? spec.scope : spec.scope.name)}`);
  if (spec.status !== undefined) parts.push(`with status ${spec.status}`);
  if (attributes.length > 0) parts.push(`with ${attributes.map(([k, m]) => `${k} = ${m.description}`).join(', ')}`);
  if (spec.childOf !== undefined) parts.push(`child of (${spec.childOf.description})`);
  if (spec.descendantOf !== undefined) parts.push(`inside (${spec.descendantOf.description})`);
  if (spec.parentOf !== undefined) parts.push(`parent of (${spec.parentOf.description})`);
  return parts.length === 0 ? 'any span' : `a span ${parts.join(' ')}`;
}
