/** Keeps the last part of a process's output: enough for evidence, bounded however much an app prints. */
export class OutputTail {
  readonly #maxChars: number;
  #text = '';
  #dropped = 0;

  constructor(maxChars = 16_384) {
    this.#maxChars = maxChars;
  }

  push(chunk: string): void {
    this.#text += chunk;
    if (this.#text.length > this.#maxChars * 2) this.#trim();
  }

  /** The last `maxChars` characters (default: all kept), starting at a line boundary when possible. */
  text(maxChars = this.#maxChars): string {
    this.#trim();
    if (this.#text.length <= maxChars) return this.#dropped > 0 ? `[…]\n${this.#text}` : this.#text;
    const cut = this.#text.slice(-maxChars);
    const newline = cut.indexOf('\n');
    return `[…]\n${newline >= 0 && newline < 200 ? cut.slice(newline + 1) : cut}`;
  }

  #trim(): void {
    if (this.#text.length <= this.#maxChars) return;
    this.#dropped += this.#text.length - this.#maxChars;
    this.#text = this.#text.slice(-this.#maxChars);
  }
}
