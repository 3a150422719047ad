/**
 * Step "Create the Cruddur sampling rule and group with the aws CLI".
 * What the learner creates lives in their session cloud, read through ctx.sessionCloud (the real X-Ray API
 * routes); one check also compares the rule with the segments the app really sends.
 */
import { defineChecks, fail, pass, type CheckContext, type SamplingRule, type XraySegment } from '../../../src/checks/index.ts';

const ruleName = 'Cruddur';
const groupName = 'Cruddur';
const homePath = '/api/activities/home';

/** The bootcamp's aws/json/xray.json (RuleARN and Attributes are filled in by the API). */
const seedRule: Omit<SamplingRule, 'RuleARN' | 'Attributes'> = {
  RuleName: ruleName,
  ResourceARN: '*',
  Priority: 9000,
  FixedRate: 0.1,
  ReservoirSize: 5,
  ServiceName: 'backend-flask',
  ServiceType: '*',
  Host: '*',
  HTTPMethod: '*',
  URLPath: '*',
  Version: 1,
};

/** X-Ray's rule matching: `*` any run of characters, `?` exactly one, case-insensitive. */
function wildcardMatch(pattern: string, text: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.')}$`, 'i');
  return re.test(text);
}

async function cruddurRule(ctx: CheckContext): Promise<{ rule: SamplingRule | undefined; names: string[] }> {
  const records = await ctx.sessionCloud.xraySamplingRules();
  return { rule: records.map((r) => r.SamplingRule).find((r) => r.RuleName === ruleName), names: records.map((r) => r.SamplingRule.RuleName) };
}

export default defineChecks({
  app: { cwd: 'backend', command: 'node', args: ['app.js'] },
  checks: [
    {
      id: 'rule-created',
      title: 'Your local cloud has a sampling rule named "Cruddur"',
      timeoutMs: 3000,
      hints: {
        'no-rule': [
          'No rule named Cruddur yet. In the terminal, from the sandbox root, run `aws xray create-sampling-rule --cli-input-json file://aws/json/xray.json` and read what it prints.',
          'If the command printed an error, the API refused the file: FixedRate is a fraction (0.1 for 10 %), Priority 1-9999, and the JSON must have the top-level key "SamplingRule". Fix aws/json/xray.json and run the command again.',
        ],
      },
      async run(ctx) {
        const { rule, names } = await cruddurRule(ctx);
        if (rule !== undefined) return pass(undefined, { details: { rule } });
        return fail('no-rule', `Your local cloud has no sampling rule named "${ruleName}"; it has: ${names.join(', ')}.`, { details: { rules: names } });
      },
    },
    {
      id: 'rule-matches-seed',
      title: 'The rule is the bootcamp\'s: priority 9000, 5 a second then 10 %, for service backend-flask',
      needs: ['rule-created'],
      timeoutMs: 3000,
      hints: {
        'service-name-cruddur': 'ServiceName is "Cruddur", as in some bootcamp journals, but a rule matches the SEGMENT name, which is backend-flask. Change it in aws/json/xray.json, then `aws xray update-sampling-rule` (or delete-sampling-rule --rule-name Cruddur and create it again).',
        'rule-field-wrong': 'Some field differs from the bootcamp\'s aws/json/xray.json (see the details). Fix the file, then delete the rule (`aws xray delete-sampling-rule --rule-name Cruddur`) and create it again.',
      },
      async run(ctx) {
        const { rule } = await cruddurRule(ctx);
        if (rule === undefined) return fail('rule-field-wrong', 'The rule went missing between checks.');
        const wrong = (Object.keys(seedRule) as (keyof typeof seedRule)[]).filter((key) => rule[key] !== seedRule[key]);
        if (wrong.length === 0) return pass(undefined, { details: { rule } });
        const differences = Object.fromEntries(wrong.map((key) => [key, { expected: seedRule[key], actual: rule[key] }]));
        const reason = wrong.length === 1 && wrong[0] === 'ServiceName' && rule.ServiceName === 'Cruddur' ? 'service-name-cruddur' : 'rule-field-wrong';
        return fail(reason, `The rule differs from aws/json/xray.json of the bootcamp in ${wrong.join(', ')}.`, { details: { differences } });
      },
    },
    {
      id: 'rule-matches-app',
      title: 'The rule matches the segments your app really sends',
      needs: ['rule-created'],
      timeoutMs: 4000,
      hints: {
        'rule-misses-app': 'Your app sends segments the rule does not match (details below): X-Ray compares the rule\'s ServiceName with the segment name, HTTPMethod and URLPath with the request. Make ServiceName "backend-flask".',
        'no-segment': 'The app sent no X-Ray segment, so nothing can match the rule. The middleware of the previous step (openSegment(\'backend-flask\') before the routes) must stay in app.js.',
      },
      async run(ctx) {
        const { rule } = await cruddurRule(ctx);
        if (rule === undefined) return fail('rule-misses-app', 'The rule went missing between checks.');
        await ctx.requestOnce('GET', homePath);
        const found = await ctx.segments.waitFor((s) => s.kind === 'segment' && !s.inProgress, { timeoutMs: 2000 });
        if (!found.found) return fail('no-segment', 'No X-Ray segment arrived after GET /api/activities/home.');
        const segment: XraySegment = found.item;
        const method = segment.document.http?.request?.method ?? '';
        const url = segment.document.http?.request?.url ?? '';
        const path = url === '' ? '' : new URL(url, 'http://x').pathname;
        const misses = [
          wildcardMatch(rule.ServiceName, segment.name) ? undefined : `ServiceName ${JSON.stringify(rule.ServiceName)} ≠ segment name ${JSON.stringify(segment.name)}`,
          wildcardMatch(rule.HTTPMethod, method) ? undefined : `HTTPMethod ${JSON.stringify(rule.HTTPMethod)} ≠ ${JSON.stringify(method)}`,
          wildcardMatch(rule.URLPath, path) ? undefined : `URLPath ${JSON.stringify(rule.URLPath)} ≠ ${JSON.stringify(path)}`,
        ].filter((m): m is string => m !== undefined);
        const details = { segment: { name: segment.name, method, path }, rule: { ServiceName: rule.ServiceName, HTTPMethod: rule.HTTPMethod, URLPath: rule.URLPath } };
        if (misses.length === 0) return pass(`The rule matches "${segment.name}" ${method} ${path}.`, { details });
        return fail('rule-misses-app', `The rule does not match your app's segment: ${misses.join('; ')}.`, { details });
      },
    },
    {
      id: 'group-created',
      title: 'Your local cloud has an X-Ray group named "Cruddur"',
      timeoutMs: 3000,
      hints: {
        'no-group': 'No group named Cruddur yet. Run `aws xray create-group --group-name "Cruddur" --filter-expression "service(\\"backend-flask\\")"` in the terminal. If it printed an error about the filter, look at the quotes: they must be plain " (the bootcamp\'s notes had curly ones).',
      },
      async run(ctx) {
        const groups = await ctx.sessionCloud.xrayGroups();
        const group = groups.find((g) => g.GroupName === groupName);
        if (group !== undefined) return pass(undefined, { details: { group } });
        return fail('no-group', `Your local cloud has no group named "${groupName}"; it has: ${groups.map((g) => g.GroupName).join(', ')}.`);
      },
    },
    {
      id: 'group-filter',
      title: 'The group selects the backend-flask service',
      needs: ['group-created'],
      timeoutMs: 3000,
      hints: {
        'group-filter-wrong': 'The group\'s filter expression should select the service by its segment name: `service("backend-flask")` (optionally followed by ` {fault OR error}` to keep only failing traces). Change it with `aws xray update-group --group-name Cruddur --filter-expression ...`.',
      },
      async run(ctx) {
        const group = (await ctx.sessionCloud.xrayGroups()).find((g) => g.GroupName === groupName);
        const filter = (group?.FilterExpression ?? '').replace(/\s+/g, ' ').trim();
        if (/^service\("backend-flask"\)( \{ ?fault OR error ?\})?$/i.test(filter)) return pass(`Filter: ${filter}`);
        return fail('group-filter-wrong', `The group's filter expression is ${JSON.stringify(group?.FilterExpression ?? null)}, expected service("backend-flask").`);
      },
    },
  ],
});
