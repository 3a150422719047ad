/** Thrown when a request body cannot be understood; the receiver answers 400 with this message. */
export class DecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecodeError';
  }
}
