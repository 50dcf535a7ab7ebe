import { describe, expect, it } from '@jest/globals';
import { closest, editDistance, likelierDomain } from '../../domain/textDistance.js';

describe('did you mean …? (R20: a clear message and a chance to correct it)', () => {
  it.each([
    ['invite', 'invite', 0],
    ['invte', 'invite', 1],
    ['inivte', 'invite', 1], // two neighbours swapped: one edit
    ['customer', 'customers', 1],
    ['hlep', 'help', 1],
    ['contoso.cm', 'contoso.com', 1],
    ['abc', 'xyz', 3],
  ])('R20 %s → %s: %i edits', (a, b, edits) => {
    expect(editDistance(a, b)).toBe(edits);
    expect(editDistance(b, a)).toBe(edits);
  });

  it('R20 the nearest within the limit, never the word itself', () => {
    expect(closest('hlep', ['help', 'history'], 1)).toBe('help');
    expect(closest('help', ['help', 'hlep'], 1)).toBeUndefined();
    expect(closest('xyz', ['help'], 2)).toBeUndefined();
  });

  const known = ['contoso.com', 'contoso.onmicrosoft.com', 'adatum.com'];
  it.each([
    ['contoso.cm', 'contoso.com'], // a known tenant a letter away
    ['contso.com', 'contoso.com'],
    ['adatum.cmo', 'adatum.com'],
    ['fabrikam.nte', 'fabrikam.net'], // unknown here, but .nte is a letter from .net
    ['fabrikam.cm', 'fabrikam.com'],
    ['fabrikam.co', undefined], // .co is a domain in its own right
    ['fabrikam.de', undefined],
    ['contoso.com', undefined], // known: nothing to correct
    ['northwind.com', undefined],
  ])('R20 %s → %s', (typed, likelier) => {
    expect(likelierDomain(typed, known)).toBe(likelier);
  });
});
