import { describe, expect, it } from 'vitest';
import {
  compileJsonBody, compileString, compileTemplate, parseTemplateString, templateVariables,
} from '../../cli/plan/template.js';

describe('compileTemplate', () => {
  const vars = { token: 'abc', id: '42', email: 'u1@zimmer.test', $n: '7', $seq: '3' };

  it.each([
    ['plain', 'plain'], ['{{token}}', 'abc'], ['Bearer {{token}}', 'Bearer abc'], ['{{id}}/x', '42/x'],
    ['/users/{{id}}/posts', '/users/42/posts'], ['{{ token }}', 'abc'], ['{{id}}-{{$n}}-{{$seq}}', '42-7-3'],
    ['', ''], ['a{{id}}b{{id}}c', 'a42b42c'],
  ])('renders %j', (template, out) => expect(compileString(template)(vars)).toBe(out));

  it('renders an unknown variable as empty so the request is still sent and measured', () => {
    expect(compileString('Bearer {{missing}}')({})).toBe('Bearer ');
    expect(compileString('{{constructor}}')({})).toBe('');
  });

  it('makes a fresh uuid on every render', () => {
    const render = compileString('{{$uuid}}');
    const a = render({});
    const b = render({});
    expect(a).toMatch(/^[0-9a-f-]{36}$/);
    expect(a).not.toBe(b);
  });

  it('renders nested bodies, leaving non-strings alone', () => {
    const render = compileTemplate({ email: '{{email}}', n: 3, tags: ['x', '{{id}}'], deep: { ok: true, who: 'u{{$n}}' } });
    expect(render(vars)).toEqual({ email: 'u1@zimmer.test', n: 3, tags: ['x', '42'], deep: { ok: true, who: 'u7' } });
  });

  it('returns constant values without copying', () => {
    const body = { a: 1, b: ['x'] };
    expect(compileTemplate(body)({})).toBe(body);
  });

  it('throws on a malformed tag', () => {
    expect(() => compileString('{{ not a name }}')).toThrow(/malformed template/);
  });
});

describe('compileJsonBody', () => {
  it('matches JSON.stringify of the rendered body, escaping values', () => {
    const body = { email: '{{email}}', password: 'p"w', nested: [1, null, { q: '{{quote}}' }], flag: false };
    const vars = { email: 'a@b', quote: 'he said "hi"\n' };
    expect(compileJsonBody(body)(vars)).toBe(JSON.stringify(compileTemplate(body)(vars)));
    expect(JSON.parse(compileJsonBody(body)(vars)).nested[2].q).toBe('he said "hi"\n');
  });

  it('handles a constant body and scalar bodies', () => {
    expect(compileJsonBody({ a: 1 })({})).toBe('{"a":1}');
    expect(compileJsonBody('{{x}}')({ x: 'y' })).toBe('"y"');
    expect(compileJsonBody([])({})).toBe('[]');
  });
});

describe('templateVariables', () => {
  it('lists each referenced name once, in order, through nested values', () => {
    expect(templateVariables({ a: '{{x}} {{y}}', b: ['{{x}}', { c: '{{$uuid}}' }], d: 5 })).toEqual(['x', 'y', '$uuid']);
  });

  it('reports malformed and unbalanced tags', () => {
    expect(parseTemplateString('{{}}').problems).toHaveLength(1);
    expect(parseTemplateString('{{a-b}}').problems[0]).toMatch(/malformed/);
    expect(parseTemplateString('x {{y').problems[0]).toMatch(/unbalanced/);
    expect(parseTemplateString('{{ok}}').problems).toEqual([]);
  });
});
