import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isElision, parseCodeBlocks, stripNotation, titleIsPath } from '../../../src/lessons-tools/code-blocks.ts';
import { lintCodeBlocks } from '../../../src/lessons-tools/lint-code-blocks.ts';

const fence = '```';
const solution = { 'backend/app.js': "// header\nrequire('./tracing');\n\nconst express = require('express');\nconst app = express();\n" };
const lint = (mdx: string) => lintCodeBlocks('/x/index.mdx', mdx, solution).map((p) => `${p.field}: ${p.message}`);

describe('parseCodeBlocks', () => {
  it('finds fenced blocks with their line, language, title and lines', () => {
    const blocks = parseCodeBlocks(`---\ntitle: x\n---\n\ntext\n\n${fence}js title="backend/app.js" {2}\na\n  b\n${fence}\n\n~~~md\n${fence}js title="inner.js"\nnot a block\n${fence}\n~~~\n`);
    assert.equal(blocks.length, 2);
    assert.deepEqual(blocks[0], { line: 7, lang: 'js', meta: 'title="backend/app.js" {2}', title: 'backend/app.js', lines: ['a', '  b'] });
    assert.equal(blocks[1]?.lang, 'md');
    assert.equal(blocks[1]?.title, undefined);
  });

  it('strips Shiki notation comments and tells which', () => {
    assert.deepEqual(stripNotation("require('./tracing'); // [!code ++]"), { text: "require('./tracing');", notation: '++' });
    assert.deepEqual(stripNotation('x = 1 # [!code --]'), { text: 'x = 1', notation: '--' });
    assert.deepEqual(stripNotation('y(); // [!code highlight]'), { text: 'y();', notation: 'other' });
    assert.deepEqual(stripNotation('plain'), { text: 'plain' });
    assert.ok(isElision('// … unchanged …'));
    assert.ok(titleIsPath('backend/app.js') && titleIsPath('app.py') && !titleIsPath('Terminal') && !titleIsPath('../x.js'));
  });
});

describe('lintCodeBlocks', () => {
  it('accepts a whole file equal to the solution, and a snippet that is a subsequence', () => {
    const whole = `${fence}js title="backend/app.js"\n// header\nrequire('./tracing');\n\nconst express = require('express');\nconst app = express();\n${fence}`;
    const snippet = `${fence}js title="backend/app.js"\nrequire('./tracing'); // [!code ++]\n // [!code ++]\n    const express = require('express');\nconst old = 1; // [!code --]\n// … the rest …\n${fence}`;
    assert.deepEqual(lint(`${whole}\n\n${snippet}\n`), []);
  });

  it('ignores untitled blocks and captions', () => {
    assert.deepEqual(lint(`${fence}sh\nnpm i\n${fence}\n${fence}sh title="Terminal"\nnpm i\n${fence}`), []);
  });

  it('reports a whole file that differs, is short, or is long', () => {
    assert.match(lint(`${fence}js title="backend/app.js"\n// header\nrequire('./tracer');\n${fence}`)[0] ?? '', /differs .* block line 2 .*require\('\.\/tracer'\);/);
    assert.match(lint(`${fence}js title="backend/app.js"\n// header\n${fence}`)[0] ?? '', /stops early/);
    assert.match(lint(`${fence}js title="backend/app.js"\n// header\nrequire('./tracing');\n\nconst express = require('express');\nconst app = express();\nmore();\n${fence}`)[0] ?? '', /more lines/);
  });

  it('reports a snippet line that is missing or out of order, and an unknown file', () => {
    assert.match(lint(`${fence}js title="backend/app.js"\nrequire('./tracer'); // [!code ++]\n${fence}`)[0] ?? '', /code block at line 1 .*: block line 1 "require\('\.\/tracer'\);" \(marked \+\+\) is not in the solution file/);
    assert.match(lint(`${fence}js title="backend/app.js"\nconst app = express();\nrequire('./tracing'); // [!code ++]\n${fence}`)[0] ?? '', /not in this order/);
    assert.match(lint(`${fence}js title="backend/nope.js"\nx\n${fence}`)[0] ?? '', /not a file of the step's solution/);
  });
});
