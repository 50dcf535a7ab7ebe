import { describe, expect, it } from '@jest/globals';
import { REFUSAL_CODES, refusal } from '../../domain/refusals.js';
import { en } from '../../translations/en.js';
import { formatDate, refusalText, roleIdFromName, roleName, sayIn, t } from '../../translations/index.js';
import { ADMIN_ROLES } from '../../domain/adminRoles.js';
import { ru } from '../../translations/ru.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)(?:\|[^}]*)?\}/g)].map((m) => m[1]).sort();

describe('the catalogue', () => {
  it('R20 has every refusal code in English and Russian', () => {
    const missing = REFUSAL_CODES.flatMap((code) =>
      [
        ['en', en],
        ['ru', ru],
      ]
        .filter(([, c]) => !(`refusal.${code}` in (c as object)))
        .map(([l]) => `${l} ${code}`),
    );
    expect(missing).toEqual([]);
  });

  it('says the same things in both languages: every key has the same placeholders', () => {
    const differ = Object.keys(en).filter(
      (key) =>
        JSON.stringify(placeholders(en[key as keyof typeof en])) !==
        JSON.stringify(placeholders(ru[key as keyof typeof en])),
    );
    expect(differ).toEqual([]);
  });

  it('Russian has three plural forms: 1 партнёр, 2 партнёра, 5 партнёров', () => {
    const intro = (count: number) => t('ru', 'partners.intro', { customer: 'Contoso', count });
    expect([1, 2, 5, 21, 11].map((n) => intro(n).split('.')[0])).toEqual([
      'У Contoso 1 партнёр',
      'У Contoso 2 партнёра',
      'У Contoso 5 партнёров',
      'У Contoso 21 партнёр',
      'У Contoso 11 партнёров',
    ]);
    expect([1, 2, 5].map((days) => t('ru', 'value.days', { days }))).toEqual(['1 день', '2 дня', '5 дней']);
    expect([1, 2].map((days) => t('en', 'value.days', { days }))).toEqual(['1 day', '2 days']);
  });

  it('R16 every admin role has its Entra name in both languages, and a typed name in either language finds it', () => {
    for (const role of ADMIN_ROLES) {
      expect(roleName('en', role.id)).toBe(role.name);
      expect(roleName('ru', role.id)).toMatch(/[а-яё]/i);
    }
    expect(roleIdFromName('Читатели каталогов')).toBe('directoryReaders');
    expect(roleIdFromName('«читатели  каталогов»')).toBe('directoryReaders');
    expect(roleIdFromName('Глобальный администратор')).toBe('globalAdministrator');
    expect(roleIdFromName('global reader')).toBe('globalReader');
    expect(roleIdFromName('Читатели')).toBeUndefined();
    expect(sayIn('ru').roles(['directoryReaders', 'licenseAdministrator'])).toBe(
      'Читатели каталогов, Администратор лицензий',
    );
    // The list of known roles in a refusal is in the reader's language.
    expect(refusalText('ru', refusal('unknownRole', { role: 'x', known: 'directoryReaders,globalReader' }))).toContain(
      'Читатели каталогов, Глобальный читатель',
    );
  });

  it('uses Microsoft\'s Russian terms: "зарегистрированный партнёр", "агент администратора"', () => {
    const all = Object.values(ru).join('\n');
    expect(all).not.toMatch(/партн[её]р\S* записи|агент-администратор/);
    expect(ru['role.adminAgent']).toBe('агент администратора');
    expect(ru['card.unchanged.partnerOfRecord']).toContain('Зарегистрированный партнёр');
  });

  it('dates and numbers are formatted per language with Intl', () => {
    expect(formatDate('en', '2027-02-22T12:00:00.000Z')).toBe('22 February 2027');
    expect(formatDate('ru', '2027-02-22T12:00:00.000Z')).toBe('22 февраля 2027 г.');
    expect(sayIn('ru').number(10000)).toMatch(/^10\s000$/);
  });

  it("R8 R11 a refusal carries facts, and the edge puts them in words: countries by name, a decision's date as a date", () => {
    const otherCountry = refusal('otherCountry', {
      customer: 'Contoso',
      customerCountry: 'IT',
      partnerCountry: 'US',
      partnerMarket: 'US',
    });
    expect(refusalText('en', otherCountry)).toBe(
      'The country or region of Contoso, Italy, is outside the CSP market your organisation serves (United States); you can invite only customers in your own market.',
    );
    expect(refusalText('ru', otherCountry)).toContain('«Италия»');
    expect(refusalText('ru', otherCountry)).toContain('(Соединенные Штаты)');
    // A multi-country market is named, never given as a code.
    const fromEurope = refusal('otherCountry', {
      customer: 'Adatum',
      customerCountry: 'US',
      partnerCountry: 'IT',
      partnerMarket: 'europe',
    });
    expect(refusalText('en', fromEurope)).toContain(
      'United States, is outside the CSP market your organisation serves (the Europe market (the EU/EEA, the United Kingdom and Switzerland))',
    );
    expect(refusalText('ru', fromEurope)).toContain('(европейский рынок (ЕС/ЕЭЗ, Великобритания и Швейцария))');
    expect(refusalText('ru', fromEurope)).not.toMatch(/\b(US|IT|europe)\b/);
    const decided = refusal('alreadyDecided', {
      code: 'AAA-001',
      status: 'approved',
      by: 'Megan Bowen (Contoso)',
      at: '2026-11-26T15:48:03.616Z',
    });
    expect(refusalText('en', decided)).toBe(
      'This invitation was already approved by Megan Bowen (Contoso) on 26 November 2026. Nothing was changed.',
    );
    expect(refusalText('ru', decided)).toBe(
      'Это приглашение уже одобрено: Megan Bowen (Contoso), 26 ноября 2026 г. Ничего не изменено.',
    );
  });
});
