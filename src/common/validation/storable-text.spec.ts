import { validate } from 'class-validator';
import { codePointLength, IsStorableText, textPattern, textProblem } from './storable-text';

describe('codePointLength', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['🎉', 1],
    ['❤️', 2],
    ['e\u0301', 2],
    ['ÄÖÜ', 3],
  ])('counts %p as %p code points', (text, length) => {
    expect(codePointLength(text)).toBe(length);
  });
});

describe('textProblem', () => {
  it.each([['x'.repeat(10)], ['🎉'.repeat(10)], ['❤️'.repeat(5)], ['مؤتمر'], ["'; --"]])(
    'accepts %p within 10 code points',
    (text) => {
      expect(textProblem(text, 10)).toBeUndefined();
    },
  );

  it.each([
    ['x'.repeat(11), 'must be shorter than or equal to 10 characters'],
    ['❤️'.repeat(6), 'must be shorter than or equal to 10 characters'],
    ['a\u0000b', 'must not contain NUL characters'],
    ['a\ud800b', 'must be well-formed Unicode'],
    ['a\udc00', 'must be well-formed Unicode'],
    ['\ud83c', 'must be well-formed Unicode'],
  ])('refuses %p: %s', (text, problem) => {
    expect(textProblem(text, 10)).toBe(problem);
  });

  it.each([
    ['a\tb', 'line', undefined],
    ['a\nb', 'line', 'must be one line without control characters'],
    ['a\u001bb', 'line', 'must be one line without control characters'],
    ['a\r\nb\tc', 'lines', undefined],
    ['a\u000bb', 'lines', 'must not contain control characters other than tabs and line ends'],
    ['a\u007fb', 'lines', 'must not contain control characters other than tabs and line ends'],
    ['a\u009fb', 'lines', 'must not contain control characters other than tabs and line ends'],
    ['a\u001bb', 'any', undefined],
  ] as const)('judges %p as %s text: %p', (text, kind, problem) => {
    expect(textProblem(text, 10, kind)).toBe(problem);
    // The document's pattern says the same as the check.
    expect(new RegExp(textPattern(kind)).test(text)).toBe(problem === undefined);
  });

  it('leaves non-strings to the type check', () => {
    expect(textProblem(42, 10)).toBeUndefined();
  });
});

describe('@IsStorableText', () => {
  class Probe {
    @IsStorableText(3)
    text!: unknown;
  }

  it('reports the problem with the property name', async () => {
    const probe = new Probe();
    probe.text = '❤️❤️';
    const [error] = await validate(probe);
    expect(error?.constraints).toEqual({
      isStorableText: 'text must be shorter than or equal to 3 characters',
    });
  });
});
