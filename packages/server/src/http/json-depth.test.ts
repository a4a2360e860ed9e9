import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { nestsDeeperThan } from './json-depth.ts';

/** The depth of a parsed value, the slow and obvious way. */
const depthOf = (value: unknown): number => {
  if (value === null || typeof value !== 'object') return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + Math.max(0, ...children.map(depthOf));
};

describe('nestsDeeperThan', () => {
  it('counts arrays and objects, the outermost included', () => {
    assert.equal(nestsDeeperThan('{"a":{"b":[]}}', 3), false);
    assert.equal(nestsDeeperThan('{"a":{"b":[]}}', 2), true);
    assert.equal(nestsDeeperThan('[[],[],{"x":[1]}]', 3), false);
    assert.equal(nestsDeeperThan('[[],[],{"x":[1]}]', 2), true);
    assert.equal(nestsDeeperThan('"just a string"', 0), false);
    assert.equal(nestsDeeperThan('', 0), false);
  });

  it('ignores brackets inside strings, after escaped quotes and escaped backslashes', () => {
    assert.equal(nestsDeeperThan('{"a":"[[[{{{"}', 1), false);
    assert.equal(nestsDeeperThan('{"a":"\\"[[[\\""}', 1), false);
    // `"\\"` is a string of one backslash: the bracket after it is outside the string.
    assert.equal(nestsDeeperThan('{"a":"\\\\","b":[]}', 1), true);
    assert.equal(nestsDeeperThan('{"[[[":1}', 1), false);
  });

  it('agrees with the depth of the parsed value for any JSON text', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 10 }), (value, limit) => {
        const text = JSON.stringify(value);
        assert.equal(nestsDeeperThan(text, limit), depthOf(JSON.parse(text)) > limit);
      }),
      { numRuns: 500 },
    );
  });

  it('measures a 1 MiB body of 5,000 levels exactly', () => {
    const levels = 5000;
    const text = `${'['.repeat(levels)}${'"x",'.repeat(250_000)}1${']'.repeat(levels)}`;
    assert.equal(nestsDeeperThan(text, levels), false);
    assert.equal(nestsDeeperThan(text, levels - 1), true);
  });
});
