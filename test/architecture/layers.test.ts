import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

// The dependency direction is the architecture: each folder may import only the folders below it.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ALLOWED: Record<string, string[]> = {
  domain: [],
  data: ['domain'],
  partnerCenter: ['domain'],
  translations: ['domain'],
  cards: ['domain', 'translations'],
  turn: ['domain', 'translations'],
  delivery: ['domain', 'cards', 'translations', 'turn'],
  dialogs: ['domain', 'cards', 'translations', 'turn'],
  commands: ['domain', 'cards', 'translations', 'turn', 'delivery'],
  bot: ['domain', 'data', 'partnerCenter', 'translations', 'cards', 'turn', 'delivery', 'dialogs', 'commands'],
  appPackage: ['domain', 'bot'],
  // A tool beside the product (the tests' and the demo's Microsoft Graph): the role table and the demo directory.
  graphEmulator: ['domain', 'data'],
};
// Within domain/, cards/ and commands/ the code is grouped by feature, a folder each. A feature may
// import the shared files of its layer (those outside every feature's folder) and the features named
// here; the shared files import no feature, but for the one that gathers them all.
const FEATURES = ['invitations', 'relationships', 'access', 'partnerCenter', 'records', 'delivery', 'people'];
const FEATURE_DEPENDENCIES: Record<string, Record<string, string[]>> = {
  domain: {
    partnerCenter: ['invitations'],
    relationships: ['partnerCenter'],
    access: ['partnerCenter'],
    records: ['invitations'],
    // Someone reachable for the first time: what waited for them is released.
    people: ['delivery'],
  },
  cards: { relationships: ['access'] },
  commands: {},
};
const GATHERERS = [join('domain', 'useCases.ts'), join('commands', 'notices.ts')];

// What the domain may use from outside: nothing that does I/O or knows the framework.
const DOMAIN_PACKAGES: string[] = [];

function sources(folder: string): string[] {
  const dir = join(ROOT, folder);
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'build' ? [] : sources(join(folder, name));
    return name.endsWith('.ts') ? [join(folder, name)] : [];
  });
}

const IMPORT =
  /^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;

function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3]!).filter(Boolean);
}

const files = Object.keys(ALLOWED).flatMap(sources);
const topFolder = (file: string) => file.split(/[\\/]/)[0]!;
const resolveLocal = (from: string, spec: string) =>
  relative(ROOT, resolve(ROOT, dirname(from), spec)).replace(/\.js$/, '.ts');

describe('the layers', () => {
  it('no folder imports a folder above it', () => {
    const upward: string[] = [];
    for (const file of files) {
      const layer = topFolder(file);
      for (const spec of importsOf(file)) {
        if (!spec.startsWith('.')) continue;
        const target = topFolder(resolveLocal(file, spec));
        if (target !== layer && !ALLOWED[layer]!.includes(target)) upward.push(`${file} → ${spec}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('the domain does no I/O and knows no framework: it imports only itself', () => {
    const outside = files
      .filter((f) => topFolder(f) === 'domain')
      .flatMap((file) =>
        importsOf(file)
          .filter(
            (spec) =>
              !(spec.startsWith('.') && topFolder(resolveLocal(file, spec)) === 'domain') &&
              !DOMAIN_PACKAGES.includes(spec),
          )
          .map((spec) => `${file} → ${spec}`),
      );
    expect(outside).toEqual([]);
  });

  it('the domain has no words for people: no Russian text, no per-language messages', () => {
    const worded = files.filter(
      (f) => topFolder(f) === 'domain' && /[А-Яа-яЁё]|\b(en|ru):\s*['"`]/.test(readFileSync(join(ROOT, f), 'utf8')),
    );
    expect(worded).toEqual([]);
  });

  it('within a layer, a feature imports the shared files and only the features it is allowed; the shared files no feature', () => {
    const featureOf = (file: string) => {
      const [layer, folder] = file.split(/[\\/]/);
      return layer! in FEATURE_DEPENDENCIES && FEATURES.includes(folder!) ? folder : undefined;
    };
    const wrong: string[] = [];
    for (const file of files) {
      const layer = topFolder(file);
      if (!(layer in FEATURE_DEPENDENCIES)) continue;
      const from = featureOf(file);
      for (const spec of importsOf(file)) {
        if (!spec.startsWith('.')) continue;
        const target = resolveLocal(file, spec);
        const to = featureOf(target);
        if (topFolder(target) !== layer || to === undefined || to === from) continue;
        const allowed = from ? (FEATURE_DEPENDENCIES[layer]![from] ?? []).includes(to) : GATHERERS.includes(file);
        if (!allowed) wrong.push(`${file} → ${spec}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('there are no import cycles', () => {
    const graph = new Map(
      files.map((file) => [
        file,
        importsOf(file)
          .filter((s) => s.startsWith('.') && !s.endsWith('.json'))
          .map((s) => resolveLocal(file, s)),
      ]),
    );
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'visiting') {
        cycles.push([...path.slice(path.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'visiting');
      for (const next of graph.get(file) ?? []) if (graph.has(next)) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it('the store is chosen only at the composition root: no LowdbStore or PostgresStore above data/ but in bot/openStore.ts (and the move command, which opens both)', () => {
    const users = files.filter(
      (f) => topFolder(f) !== 'data' && /\b(LowdbStore|PostgresStore)\b/.test(readFileSync(join(ROOT, f), 'utf8')),
    );
    expect(users.sort()).toEqual([join('bot', 'moveToPostgres.ts'), join('bot', 'openStore.ts')]);
  });

  it('no module keeps mutable state at its top level (no `let` outside functions)', () => {
    const lets = files.flatMap((file) =>
      readFileSync(join(ROOT, file), 'utf8')
        .split('\n')
        .map((line, n) => [line, n + 1] as const)
        .filter(([line]) => /^(export\s+)?(let|var)\s/.test(line))
        .map(([, n]) => `${file}:${n}`),
    );
    expect(lets).toEqual([]);
  });
});
