/**
 * AWS-shaped errors for the REST-JSON X-Ray API: status 4xx, header `x-amzn-ErrorType: <Name>` and body
 * `{"__type":"<Name>","Message":"..."}`. botocore (the AWS CLI) reads the type from either; sending both is what
 * AWS does, so any client prints "An error occurred (InvalidRequestException) ...".
 */
import { jsonReply, type RouteReply } from '../http-route.ts';

export type AwsErrorType = 'InvalidRequestException' | 'RuleLimitExceededException' | 'ThrottledException' | 'SerializationException' | 'InternalFailure';

export class AwsError extends Error {
  readonly type: AwsErrorType;
  readonly status: number;
  constructor(type: AwsErrorType, message: string, status = 400) {
    super(message);
    this.name = type;
    this.type = type;
    this.status = status;
  }
}

export function invalid(message: string): AwsError {
  return new AwsError('InvalidRequestException', message);
}

export function awsErrorReply(error: AwsError): RouteReply {
  return jsonReply(error.status, { __type: error.type, Message: error.message }, { 'x-amzn-ErrorType': error.type });
}
