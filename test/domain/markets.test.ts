import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { BUILT_IN_MARKETS, loadMarkets } from '../../data/markets/markets.js';
import builtIn from '../../data/markets/csp-markets.json' with { type: 'json' };
import { createUseCases } from '../../domain/useCases.js';
import { refusalText } from '../../translations/index.js';
import { demoSeed, demoWorld, people } from '../helpers/world.js';

// R8: Microsoft's CSP markets are data with their source, in the data layer; refusals name
// countries and markets in the reader's language.

const tempFile = async (content: string) => {
  const file = join(await mkdtemp(join(tmpdir(), 'markets-')), 'markets.json');
  await writeFile(file, content);
  return file;
};

describe('R8 CSP markets', () => {
  it("R8 the table ships with its source; the Europe market is the 45 countries and territories of Partner Center's list (the EU/EEA, the United Kingdom, Switzerland, the microstates and the territories); other countries are markets of their own", async () => {
    expect(builtIn.source).toMatch(/Partner Center, "Regional markets and currencies"/);
    expect(builtIn.url).toMatch(/^https:\/\//);
    expect(builtIn.multiCountryMarkets.europe).toHaveLength(45);
    for (const country of [
      'IT',
      'DE',
      'NO',
      'IS',
      'GB',
      'CH',
      'AX',
      'AD',
      'BV',
      'FO',
      'GI',
      'GL',
      'GG',
      'IM',
      'JE',
      'MC',
      'SM',
      'SJ',
      'VA',
    ])
      expect(await BUILT_IN_MARKETS.marketOf(country)).toBe('europe');
    // Not in Europe's list: a market of its own here.
    for (const country of ['TR', 'UA', 'AL']) expect(await BUILT_IN_MARKETS.marketOf(country)).toBe(country);
    expect(await BUILT_IN_MARKETS.marketOf('us')).toBe('US');
    expect(await BUILT_IN_MARKETS.marketOf('CA')).toBe('CA');
  });

  it("R8 a partner in Italy may invite a customer in the United Kingdom (one market), not one in the United States; the refusal names both in the reader's language", async () => {
    const seed = demoSeed();
    seed.partners.find((p) => p.id === 'fabrikam')!.country = 'IT';
    const world = await demoWorld(seed);
    const toUk = await world.service.invitations.preview(people.fabrikamAdminAgent, 'wingtiptoys.co.uk');
    expect(toUk.ok && toUk.value.refusals).toEqual([]);
    const toUs = await world.service.invitations.preview(people.fabrikamAdminAgent, 'contoso.com');
    const refused = toUs.ok ? toUs.value.refusals[0]! : undefined;
    expect(refused).toMatchObject({
      rule: 'R8',
      code: 'otherCountry',
      params: { customerCountry: 'US', partnerMarket: 'europe' },
    });
    expect(refusalText('en', refused!)).toBe(
      'The country or region of Contoso, United States, is outside the CSP market your organisation serves (the Europe market (the EU/EEA, the United Kingdom and Switzerland)); you can invite only customers in your own market.',
    );
    expect(refusalText('ru', refused!)).toBe(
      'Страна или регион Contoso — «Соединенные Штаты» — за пределами рынка CSP, который обслуживает ваша организация (европейский рынок (ЕС/ЕЭЗ, Великобритания и Швейцария)); приглашать можно только клиентов своего рынка.',
    );
  });

  it("R8 an operator's corrected table (MARKETS_FILE) changes the answer without a release", async () => {
    const file = await tempFile(JSON.stringify({ ...builtIn, multiCountryMarkets: { northAtlantic: ['US', 'GB'] } }));
    const markets = await loadMarkets(file);
    const world = await demoWorld();
    const service = createUseCases({ uow: world.store, ctx: { ...world.ctx, markets } });
    const preview = await service.invitations.preview(people.fabrikamAdminAgent, 'wingtiptoys.co.uk');
    expect(preview.ok && preview.value.refusals).toEqual([]);
    // The built-in table still refuses it.
    const builtInPreview = await world.service.invitations.preview(people.fabrikamAdminAgent, 'wingtiptoys.co.uk');
    expect(builtInPreview.ok && builtInPreview.value.refusals.map((r) => r.code)).toEqual(['otherCountry']);
  });

  it('R8 a broken table stops the start with one sentence naming the file and the problem', async () => {
    await expect(loadMarkets('/nonexistent/markets.json')).rejects.toThrow(
      /^Cannot read the market table \/nonexistent\/markets\.json/,
    );
    await expect(loadMarkets(await tempFile('{ not json'))).rejects.toThrow(/is not JSON/);
    await expect(
      loadMarkets(await tempFile(JSON.stringify({ ...builtIn, multiCountryMarkets: { europe: ['Italy', 'DE'] } }))),
    ).rejects.toThrow(/is not valid: multiCountryMarkets\.europe\.0: a country is an ISO 3166-1 alpha-2 code/);
    await expect(
      loadMarkets(
        await tempFile(JSON.stringify({ ...builtIn, multiCountryMarkets: { a: ['DE', 'FR'], b: ['DE', 'AT'] } })),
      ),
    ).rejects.toThrow('DE is in two markets, a and b');
  });
});
