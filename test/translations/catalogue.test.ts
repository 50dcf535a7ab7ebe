import { describe, expect, it } from '@jest/globals';
import { REFUSAL_CODES, refusal } from '../../domain/refusals.js';
import { en } from '../../translations/en.js';
import { formatDate, refusalText, sayIn, t } from '../../translations/index.js';
import { ru } from '../../translations/ru.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)(?:\|[^}]*)?\}/g)].map((m) => m[1]).sort();

describe('the catalogue', () => {
  it('R20 has every refusal code in English and Russian', () => {
    const missing = REFUSAL_CODES.flatMap((code) => [['en', en], ['ru', ru]].filter(([, c]) => !(`refusal.${code}` in (c as object))).map(([l]) => `${l} ${code}`));
    expect(missing).toEqual([]);
  });

  it('says the same things in both languages: every key has the same placeholders', () => {
    const differ = Object.keys(en).filter((key) => JSON.stringify(placeholders(en[key as keyof typeof en])) !== JSON.stringify(placeholders(ru[key as keyof typeof en])));
    expect(differ).toEqual([]);
  });

  it('Russian has three plural forms: 1 партнёр, 2 партнёра, 5 партнёров', () => {
    const intro = (count: number) => t('ru', 'partners.intro', { customer: 'Contoso', count });
    expect([1, 2, 5, 21, 11].map((n) => intro(n).split('.')[0])).toEqual(['У Contoso 1 партнёр', 'У Contoso 2 партнёра', 'У Contoso 5 партнёров', 'У Contoso 21 партнёр', 'У Contoso 11 партнёров']);
    expect([1, 2, 5].map((days) => t('ru', 'value.days', { days }))).toEqual(['1 день', '2 дня', '5 дней']);
    expect([1, 2].map((days) => t('en', 'value.days', { days }))).toEqual(['1 day', '2 days']);
  });

  it('dates and numbers are formatted per language with Intl', () => {
    expect(formatDate('en', '2027-02-22T12:00:00.000Z')).toBe('22 February 2027');
    expect(formatDate('ru', '2027-02-22T12:00:00.000Z')).toBe('22 февраля 2027 г.');
    expect(sayIn('ru').number(10000)).toMatch(/^10\s000$/);
  });

  it('R8 R11 a refusal carries facts, and the edge puts them in words: countries by name, a decision\'s date as a date', () => {
    const otherCountry = refusal('otherCountry', { customer: 'Contoso', customerCountry: 'IT', partnerCountry: 'US' });
    expect(otherCountry.params).toEqual({ customer: 'Contoso', customerCountry: 'IT', partnerCountry: 'US' });
    expect(refusalText('en', otherCountry)).toContain('Contoso is in Italy and your organisation is in United States');
    expect(refusalText('ru', otherCountry)).toContain('«Италия»');
    const decided = refusal('alreadyDecided', { code: 'AAA-001', status: 'approved', by: 'Megan Bowen (Contoso)', at: '2026-11-26T15:48:03.616Z' });
    expect(refusalText('en', decided)).toBe('This invitation was already approved by Megan Bowen (Contoso) on 26 November 2026. Nothing was changed.');
    expect(refusalText('ru', decided)).toBe('Это приглашение уже одобрено: Megan Bowen (Contoso), 26 ноября 2026 г. Ничего не изменено.');
  });
});
