/**
 * Step "Add the mock-data subsegment with metadata".
 * Judged on the segment the app sends for GET /api/activities/@andrewbrown: its subsegments, their nesting and
 * the metadata. (A subsegment never closed holds the whole segment back, so it shows as no segment at all.)
 */
import { defineChecks, fail, pass, type CheckContext, type SegmentNode, type XraySegment } from '../../../src/checks/index.ts';

const handlePath = '/api/activities/@andrewbrown';

const handleRequest = (ctx: CheckContext) => ctx.requestOnce('GET', handlePath);
const isHandleSegment = (s: XraySegment): boolean => s.kind === 'segment' && !s.inProgress && (s.document.http?.request?.url ?? '').split('?')[0]!.endsWith(handlePath);
const tree = (node: SegmentNode): unknown => ({ name: node.name, ...(node.in_progress === true ? { in_progress: true } : {}), ...(node.metadata ? { metadata: node.metadata } : {}), subsegments: (node.subsegments ?? []).map(tree) });

async function handleSegment(ctx: CheckContext): Promise<XraySegment | undefined> {
  await handleRequest(ctx);
  const result = await ctx.segments.waitFor(isHandleSegment, { timeoutMs: 2000 });
  return result.found ? result.item : undefined;
}

const named = (segment: XraySegment, name: string): SegmentNode | undefined => segment.subsegments.find((n) => n.name === name);

export default defineChecks({
  app: { cwd: 'backend', command: 'node', args: ['app.js'] },
  checks: [
    {
      id: 'handle-still-works',
      title: 'GET /api/activities/@andrewbrown still answers 200 with the activity',
      timeoutMs: 3000,
      hints: {
        'handle-status': 'The user feed now fails; the app output below names the line. captureFunc must RETURN what the service returns: `AWSXRay.captureFunc(\'activities_users\', () => UserActivities.run(req.params.handle))`.',
      },
      async run(ctx) {
        const res = await handleRequest(ctx);
        const response = { method: 'GET', path: handlePath, status: res.status, body: res.body.slice(0, 2000) };
        if (res.status !== 200 || !Array.isArray(res.json) || res.json.length !== 1) return fail('handle-status', `GET ${handlePath} answered ${res.status}, expected 200 with one activity.`, { response });
        return pass(undefined, { response });
      },
    },
    {
      id: 'users-subsegment',
      title: 'The request\'s segment has a subsegment "activities_users"',
      needs: ['handle-still-works'],
      timeoutMs: 3500,
      hints: {
        'no-segment': 'No complete X-Ray segment arrived for the user feed. The SDK sends a segment only when everything in it is closed: a subsegment opened with addNewSubsegment and never closed holds it back forever (the bootcamp lost its traces this way). Use captureFunc, which closes it for you. Also keep the openSegment middleware of step 1 before the routes.',
        'no-activities-users': 'Wrap the service call in the route with `AWSXRay.captureFunc(\'activities_users\', () => UserActivities.run(req.params.handle))`: it opens the subsegment, runs the function, closes it and returns its result.',
      },
      async run(ctx) {
        const segment = await handleSegment(ctx);
        if (segment === undefined) return fail('no-segment', `No complete X-Ray segment for GET ${handlePath} arrived.`);
        const details = { details: { segment: tree(segment.document) } };
        return named(segment, 'activities_users') ? pass(undefined, details) : fail('no-activities-users', 'The segment has no subsegment named "activities_users".', details);
      },
    },
    {
      id: 'mock-data-nested',
      title: 'A subsegment "mock-data" sits inside "activities_users"',
      needs: ['users-subsegment'],
      timeoutMs: 3500,
      hints: {
        'no-mock-data': 'In services/user_activities.js, after the results are built, add `AWSXRay.captureFunc(\'mock-data\', (subsegment) => { ... })`. The name must be exactly mock-data.',
        'mock-data-not-nested': 'mock-data exists but not under activities_users. A subsegment becomes a child of whatever is current when it opens: create it inside the service, which runs inside the route\'s captureFunc.',
      },
      async run(ctx) {
        const segment = await handleSegment(ctx);
        const users = segment === undefined ? undefined : named(segment, 'activities_users');
        const details = { details: { segment: segment === undefined ? null : tree(segment.document) } };
        if (users?.subsegments?.some((n) => n.name === 'mock-data')) return pass(undefined, details);
        if (segment !== undefined && named(segment, 'mock-data')) return fail('mock-data-not-nested', '"mock-data" is in the trace, but not inside "activities_users".', details);
        return fail('no-mock-data', 'No subsegment named "mock-data" in the segment.', details);
      },
    },
    {
      id: 'mock-data-metadata',
      title: 'mock-data carries metadata namespace.key = { now, results-size: 1 }',
      needs: ['mock-data-nested'],
      timeoutMs: 3500,
      hints: {
        'metadata-missing': 'Add the metadata inside the captureFunc callback: `subsegment.addMetadata(\'key\', { now: ..., \'results-size\': results.length }, \'namespace\')`.',
        'metadata-default-namespace': 'The metadata landed in the "default" namespace. addMetadata takes the namespace as its THIRD argument: addMetadata(\'key\', value, \'namespace\').',
        'metadata-values': 'The metadata is there, but its values are off: `now` must be the time as an ISO string and `results-size` the number of results (1), a number.',
      },
      async run(ctx) {
        const segment = await handleSegment(ctx);
        const node = segment === undefined ? undefined : named(segment, 'mock-data');
        const metadata = (node?.metadata ?? {}) as Record<string, Record<string, unknown> | undefined>;
        const details = { details: { metadata } };
        const value = metadata['namespace']?.['key'] as Record<string, unknown> | undefined;
        if (value === undefined) return fail(metadata['default']?.['key'] !== undefined ? 'metadata-default-namespace' : 'metadata-missing', 'No metadata "key" in namespace "namespace" on mock-data.', details);
        const nowOk = typeof value['now'] === 'string' && !Number.isNaN(Date.parse(value['now']));
        if (!nowOk || value['results-size'] !== 1) return fail('metadata-values', `Expected { now: <ISO time>, "results-size": 1 }, got ${JSON.stringify(value)}.`, details);
        return pass(undefined, details);
      },
    },
  ],
});
