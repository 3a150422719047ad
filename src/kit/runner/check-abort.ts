/**
 * Thrown by the runner's context helpers (requests, span waits) when the app itself makes the check impossible:
 * it hangs, exits, floods telemetry. The runner turns it into the check's failure; check code need not catch it.
 */
import type { Evidence, Failure, FailureKind } from '../../checks/types.ts';

export class CheckAbort extends Error {
  readonly failure: Failure;
  readonly evidence: Evidence;
  constructor(kind: FailureKind, reason: string, message: string, evidence: Evidence = {}) {
    super(message);
    this.name = 'CheckAbort';
    this.failure = { kind, reason, message };
    this.evidence = evidence;
  }
}
