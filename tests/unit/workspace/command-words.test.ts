import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ShellSyntaxError, splitShellWords } from '../../../src/workspace/shell-words.ts';

describe('splitShellWords', () => {
  test('the lesson commands split as bash splits them', () => {
    assert.deepEqual(splitShellWords('aws xray create-sampling-rule --cli-input-json file://aws/json/xray.json'), [
      'aws',
      'xray',
      'create-sampling-rule',
      '--cli-input-json',
      'file://aws/json/xray.json',
    ]);
    assert.deepEqual(splitShellWords('aws xray create-group --group-name "Cruddur" --filter-expression "service(\\"backend-flask\\")"'), [
      'aws',
      'xray',
      'create-group',
      '--group-name',
      'Cruddur',
      '--filter-expression',
      'service("backend-flask")',
    ]);
    assert.deepEqual(splitShellWords(`aws xray create-group --group-name Cruddur --filter-expression 'service("backend-flask") {fault OR error}'`).at(-1), 'service("backend-flask") {fault OR error}');
  });

  const cases: Array<[string, string[]]> = [
    ['', []],
    ['   \t ', []],
    ['ls   -la  backend', ['ls', '-la', 'backend']],
    ["echo 'a  b' \"c  d\"", ['echo', 'a  b', 'c  d']],
    ['echo a\\ b', ['echo', 'a b']],
    ["echo 'it''s'", ['echo', 'its']],
    ['echo "it\'s"', ['echo', "it's"]],
    ['echo pre"mid"\'end\'', ['echo', 'premidend']],
    ['echo ""', ['echo', '']],
    ["echo ''", ['echo', '']],
    ['echo "a\\nb"', ['echo', 'a\\nb']],
    ['echo "back\\\\slash"', ['echo', 'back\\slash']],
    ['echo "\\$HOME"', ['echo', '$HOME']],
    ["echo '$HOME | > *'", ['echo', '$HOME | > *']],
    ['echo \\| \\>', ['echo', '|', '>']],
    ['ls # a comment', ['ls']],
    ['echo a#b', ['echo', 'a#b']],
    ['node --group-name=x', ['node', '--group-name=x']],
    ['"FOO=bar" node', ['FOO=bar', 'node']],
  ];
  for (const [line, words] of cases) {
    test(`${JSON.stringify(line)} → ${JSON.stringify(words)}`, () => assert.deepEqual(splitShellWords(line), words));
  }

  const refused: Array<[string, RegExp, number]> = [
    ['aws xray get-groups | jq .', /Pipes \(\|\) are not supported/, 20],
    ['cat a > b', /Redirections \(>\)/, 6],
    ['cat < a', /Redirections \(<\)/, 4],
    ['ls && ls', /&&/, 3],
    ['ls; ls', /Several commands/, 2],
    ['aws xray get-service-graph --start-time $(($(date +%s)-600))', /\$\(…\).*not supported/, 40],
    ['echo "$(date)"', /\$\(…\)/, 6],
    ['echo $HOME', /Variables \(\$NAME\)/, 5],
    ['echo "${HOME}"', /Variables/, 6],
    ['echo `date`', /Command substitution/, 5],
    ['ls *.js', /Wildcards \(\*\)/, 3],
    ['FOO=bar node app.js', /Setting variables before a command/, 0],
    ['echo "open', /Unclosed double quote/, 5],
    ["echo 'open", /Unclosed single quote/, 5],
    ['echo end\\', /backslash/, 8],
    ['(ls)', /Subshells/, 0],
  ];
  for (const [line, message, at] of refused) {
    test(`refuses ${JSON.stringify(line)} with a clear message`, () => {
      assert.throws(
        () => splitShellWords(line),
        (error: unknown) => error instanceof ShellSyntaxError && message.test(error.message) && error.at === at && /not a shell|quote|backslash/i.test(error.message),
      );
    });
  }
});
