/**
 * X-Ray groups: a name plus a filter expression (the bootcamp's `Cruddur` group is
 * `service("backend-flask") {fault OR error}`). Expressions are parsed when a group is created or updated, so a bad
 * one is refused up front with the parser's message. The built-in `Default` group (no filter) is always listed.
 */
import { invalid } from './aws-error.ts';
import { parseFilterExpression } from './filter-expression.ts';
import { accountId } from './sampling-rule.ts';

export interface Group {
  GroupName: string;
  GroupARN: string;
  FilterExpression?: string;
  InsightsConfiguration: { InsightsEnabled: boolean; NotificationsEnabled: boolean };
}

export const defaultGroupName = 'Default';
/** AWS's quota of groups per region. */
export const maxGroups = 25;

export class GroupStore {
  readonly region: string;
  #groups = new Map<string, Group>();

  constructor(options: { region?: string } = {}) {
    this.region = options.region ?? process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'] ?? 'us-east-1';
    this.#groups.set(defaultGroupName, { GroupName: defaultGroupName, GroupARN: `arn:aws:xray:${this.region}:${accountId}:group/${defaultGroupName}`, InsightsConfiguration: insights(undefined) });
  }

  list(): Group[] {
    return [...this.#groups.values()].map(copy);
  }

  get(input: { GroupName?: unknown; GroupARN?: unknown }): Group | undefined {
    const found = this.#find(input);
    return found === undefined ? undefined : copy(found);
  }

  create(input: Record<string, unknown>, region = this.region): Group {
    const name = checkName(input['GroupName']);
    if (this.#groups.has(name)) throw invalid(`Group with name ${name} already exists`);
    if (this.#groups.size - 1 >= maxGroups) throw invalid(`You have reached the maximum number of groups (${maxGroups}).`);
    const filter = checkFilter(input['FilterExpression']);
    const group: Group = {
      GroupName: name,
      // Real group ARNs end in a random id, so a re-created group gets a new ARN.
      GroupARN: `arn:aws:xray:${region}:${accountId}:group/${name}/${randomId()}`,
      ...(filter === undefined ? {} : { FilterExpression: filter }),
      InsightsConfiguration: insights(input['InsightsConfiguration']),
    };
    this.#groups.set(name, group);
    return copy(group);
  }

  update(input: Record<string, unknown>): Group {
    const current = this.#require(input);
    if (current.GroupName === defaultGroupName && input['FilterExpression'] !== undefined) throw invalid('The Default group has no filter expression and cannot be given one');
    const filter = checkFilter(input['FilterExpression']) ?? current.FilterExpression;
    const next: Group = {
      GroupName: current.GroupName,
      GroupARN: current.GroupARN,
      ...(filter === undefined ? {} : { FilterExpression: filter }),
      InsightsConfiguration: input['InsightsConfiguration'] === undefined ? current.InsightsConfiguration : insights(input['InsightsConfiguration']),
    };
    this.#groups.set(next.GroupName, next);
    return copy(next);
  }

  delete(input: Record<string, unknown>): void {
    const current = this.#require(input);
    if (current.GroupName === defaultGroupName) throw invalid('The Default group cannot be deleted');
    this.#groups.delete(current.GroupName);
  }

  #require(input: Record<string, unknown>): Group {
    const found = this.#find(input);
    if (found === undefined) throw invalid(`Group ${JSON.stringify(input['GroupName'] ?? input['GroupARN'])} does not exist`);
    return found;
  }

  #find(input: { GroupName?: unknown; GroupARN?: unknown }): Group | undefined {
    if (typeof input.GroupName === 'string') return this.#groups.get(input.GroupName);
    if (typeof input.GroupARN === 'string') return [...this.#groups.values()].find((g) => g.GroupARN === input.GroupARN);
    throw invalid('GroupName or GroupARN is required');
  }
}

function checkName(value: unknown): string {
  if (typeof value !== 'string' || value.length < 1 || value.length > 32) throw invalid('GroupName must be a string of 1-32 characters');
  if (value === defaultGroupName) throw invalid('The group name "Default" is reserved');
  return value;
}

function checkFilter(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid('FilterExpression must be a string');
  parseFilterExpression(value);
  return value;
}

function insights(value: unknown): Group['InsightsConfiguration'] {
  const config = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  return { InsightsEnabled: config['InsightsEnabled'] === true, NotificationsEnabled: config['NotificationsEnabled'] === true };
}

function copy(group: Group): Group {
  return { ...group, InsightsConfiguration: { ...group.InsightsConfiguration } };
}

function randomId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let out = '';
  for (let i = 0; i < 32; i++) out += alphabet[Math.floor(Math.random() * alphabet.length)];
  return out;
}
