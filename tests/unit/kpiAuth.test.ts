import { describe, expect, it } from 'vitest';
import { acceptedKeys, isAuthorised } from '../../lib/kpi/auth.ts';

describe('isAuthorised', () => {
  it.each([
    ['the configured key', 's3cret', 's3cret', true],
    ['another key', 'other', 's3cret', false],
    ['a prefix of the key', 's3cre', 's3cret', false],
    ['no header', undefined, 's3cret', false],
    ['an empty header against an empty configuration', '', '', false],
    ['the new key during a rotation', 'new-key', 'new-key,old-key', true],
    ['the old key during a rotation', 'old-key', 'new-key, old-key', true],
    ['both keys joined', 'new-key,old-key', 'new-key,old-key', false],
  ])('accepts %s: %s', (_case, presented, configured, expected) => {
    // Prepare: the arguments
    // Act
    const result = isAuthorised(presented, acceptedKeys(configured));
    // Assess
    expect(result).toBe(expected);
  });
});

describe('acceptedKeys', () => {
  it('drops blank entries so that an empty configuration accepts nothing', () => {
    // Prepare
    const configured = [' , ', 'a,,b ', ''];
    // Act
    const keys = configured.map(acceptedKeys);
    // Assess
    expect(keys).toEqual([[], ['a', 'b'], []]);
  });
});
