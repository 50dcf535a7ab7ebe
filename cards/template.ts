import { createRequire } from 'node:module';

// adaptivecards-templating is CommonJS and its type declarations pull in adaptivecards' sources,
// which do not compile here: load it through require and describe the one class we use.
const require = createRequire(import.meta.url);
const templating = require('adaptivecards-templating') as {
  Template: new (payload: object) => { expand(context: { $root: unknown }): object };
};

export type CardJson = Record<string, unknown>;

/** Expands a card template (adaptivecards-templating `${…}` bindings) with `data` as `$root`. */
export function expandCard(template: object, data: object): CardJson {
  return new templating.Template(template).expand({ $root: data }) as CardJson;
}
