import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { MarketTable } from '../../domain/ports.js';
import builtIn from './csp-markets.json' with { type: 'json' };

// R8: Microsoft's CSP markets are reference data, not code: csp-markets.json beside this file,
// with the source it was taken from. An operator corrects it (or points MARKETS_FILE at a copy)
// without a release.

const country = z.string().regex(/^[A-Z]{2}$/, 'a country is an ISO 3166-1 alpha-2 code such as "IT"');
const marketFileSchema = z.object({
  source: z.string().min(1),
  url: z.string().min(1),
  retrieved: z.string().min(1),
  note: z.string().optional(),
  multiCountryMarkets: z.record(
    z.string().regex(/^[a-z][a-zA-Z]*$/, 'a market id is a lower-case word such as "europe"'),
    z.array(country).min(2),
  ),
});
export type MarketFile = z.infer<typeof marketFileSchema>;

/** The table as the domain asks it: a country's market id (a multi-country market's id, or the country code itself). */
export function marketTable(file: MarketFile): MarketTable {
  const byCountry = new Map<string, string>();
  for (const [market, countries] of Object.entries(file.multiCountryMarkets)) {
    for (const code of countries) {
      const taken = byCountry.get(code);
      if (taken !== undefined && taken !== market) throw new Error(`${code} is in two markets, ${taken} and ${market}`);
      byCountry.set(code, market);
    }
  }
  return { marketOf: async (code) => byCountry.get(code.toUpperCase()) ?? code.toUpperCase() };
}

function parse(json: unknown, where: string): MarketFile {
  const parsed = marketFileSchema.safeParse(json);
  if (!parsed.success)
    throw new Error(
      `The market table ${where} is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}

/** The table shipped with the bot. */
export const BUILT_IN_MARKETS: MarketTable = marketTable(parse(builtIn, 'data/markets/csp-markets.json'));

/** The operator's table from `path`, or the built-in one; a broken file stops the start with one sentence. */
export async function loadMarkets(path?: string): Promise<MarketTable> {
  if (!path) return BUILT_IN_MARKETS;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read the market table ${path}: ${(error as Error).message}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`The market table ${path} is not JSON: ${(error as Error).message}`, { cause: error });
  }
  return marketTable(parse(json, path));
}
