/** A filter pattern that cannot be compiled; FilterLogEvents answers InvalidParameterException with the message. */
export class FilterPatternError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FilterPatternError';
  }
}
