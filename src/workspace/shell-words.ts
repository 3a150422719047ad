/**
 * Splits a command line into words the way a POSIX shell quotes them (single quotes, double quotes, backslash
 * escapes, `#` comments), without any of what a shell would then do: no variables, substitutions, globs, pipes
 * or redirections. Those are refused with a message, never passed on literally, so a lesson command that needs
 * them fails loudly instead of doing something else than the learner expects.
 */
export class ShellSyntaxError extends Error {
  /** 0-based index into the line where the problem is. */
  readonly at: number;
  constructor(message: string, at: number) {
    super(message);
    this.name = 'ShellSyntaxError';
    this.at = at;
  }
}

const OPERATORS: Record<string, string> = {
  '|': 'Pipes (|) are not supported here.',
  '&': 'Background jobs and && (&) are not supported here.',
  ';': 'Several commands on one line (;) are not supported here.',
  '<': 'Redirections (<) are not supported here.',
  '>': 'Redirections (>) are not supported here.',
  '(': 'Subshells and grouping ( ( ) ) are not supported here.',
  ')': 'Subshells and grouping ( ( ) ) are not supported here.',
  '`': 'Command substitution (`…`) is not supported here.',
};

const NOT_A_SHELL = 'This command line is not a shell: it runs one command with its arguments.';

export function splitShellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  /** Where the current word started unquoted, to spot `NAME=value` prefixes. */
  let wordStart = -1;
  let index = 0;
  const finish = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const refuse = (what: string, at: number): never => {
    throw new ShellSyntaxError(`${what} ${NOT_A_SHELL}`, at);
  };

  while (index < line.length) {
    const char = line[index] as string;
    if (char === ' ' || char === '\t' || char === '\n' || char === '\r') {
      finish();
      index++;
      continue;
    }
    if (char === '#' && !inWord) break;
    if (!inWord) wordStart = index;
    inWord = true;

    if (char === "'") {
      const end = line.indexOf("'", index + 1);
      if (end < 0) throw new ShellSyntaxError('Unclosed single quote (\'): add the closing quote.', index);
      word += line.slice(index + 1, end);
      index = end + 1;
      continue;
    }
    if (char === '"') {
      index = readDoubleQuoted(line, index + 1, (text) => (word += text), refuse);
      continue;
    }
    if (char === '\\') {
      if (index + 1 >= line.length) throw new ShellSyntaxError('A backslash (\\) at the end of the line escapes nothing: remove it.', index);
      word += line[index + 1];
      index += 2;
      continue;
    }
    if (char === '$') refuse(dollarFeature(line, index), index);
    if (char === '*' || char === '?' || char === '[') refuse(`Wildcards (${char}) are not expanded here; quote it ('${char}') if you meant the character itself.`, index);
    const operator = OPERATORS[char];
    if (operator) refuse(operator, index);
    if (char === '=' && words.length === 0 && wordStart >= 0 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(line.slice(wordStart, index))) {
      refuse('Setting variables before a command (NAME=value command) is not supported here.', wordStart);
    }
    word += char;
    index++;
  }
  finish();
  return words;
}

/** Reads up to the closing `"`; returns the index after it. Inside, `\` escapes only `$`, `` ` ``, `"`, `\` and newline. */
function readDoubleQuoted(line: string, from: number, append: (text: string) => void, refuse: (what: string, at: number) => never): number {
  let index = from;
  while (index < line.length) {
    const char = line[index] as string;
    if (char === '"') return index + 1;
    if (char === '\\' && index + 1 < line.length) {
      const next = line[index + 1] as string;
      if ('$`"\\\n'.includes(next)) {
        if (next !== '\n') append(next);
        index += 2;
        continue;
      }
    }
    if (char === '$') refuse(dollarFeature(line, index), index);
    if (char === '`') refuse(OPERATORS['`'] as string, index);
    append(char);
    index++;
  }
  throw new ShellSyntaxError('Unclosed double quote ("): add the closing quote.', from - 1);
}

function dollarFeature(line: string, at: number): string {
  const next = line[at + 1] ?? '';
  if (next === '(') return 'Command substitution and arithmetic ($(…)) are not supported here: type the value itself.';
  if (next === '{' || /[A-Za-z_0-9?$!#@*-]/.test(next)) return 'Variables ($NAME) are not expanded here: type the value itself, or write \\$ for a dollar sign.';
  return 'A bare $ is not supported here: write \\$ or put it in single quotes.';
}
