/**
 * How a `cruddur-aws` service group describes its commands: which flags map to which API members, with what type,
 * and how a request reaches the service (protocol.ts). One file per service group (xray-commands.ts; a `logs`
 * group follows the same shape) and one line in services.ts to register it.
 */
import type { Protocol } from './protocol.ts';

export type FlagType = 'string' | 'integer' | 'timestamp' | 'json' | 'list' | 'boolean';

export interface FlagSpec {
  /** The API member the flag sets, e.g. --group-name → GroupName. */
  member: string;
  type: FlagType;
}

export interface CommandSpec {
  /** The API operation name, as in error messages ("when calling the CreateGroup operation"). */
  operation: string;
  /** rest-json: the operation's path, e.g. /CreateGroup. */
  path?: string;
  flags: Record<string, FlagSpec>;
  /** API members that must be present (from flags or --cli-input-json). */
  required?: string[];
  /** Follow NextToken and concatenate this list, as the AWS CLI does for paginated operations. */
  paginate?: string;
  summary: string;
}

export interface ServiceGroup {
  /** The word after `cruddur-aws`, e.g. "xray". */
  name: string;
  /** AWS_ENDPOINT_URL_<suffix> overrides the endpoint for this service only (as in the AWS CLI). */
  endpointEnvSuffix: string;
  protocol: Protocol;
  commands: Record<string, CommandSpec>;
  /** Reply members the service models as timestamps (epoch seconds), printed as ISO 8601 like the AWS CLI. */
  timestampKeys: ReadonlySet<string>;
}
