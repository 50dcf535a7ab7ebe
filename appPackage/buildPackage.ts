import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AdmZip from 'adm-zip';
import { ConfigError, loadConfig } from '../bot/config.js';
import { parseDomain } from '../domain/validation.js';

// Builds the Teams app package: manifest.json (from manifest.template.json and the environment),
// color.png and outline.png at the zip's root. Everything is checked first; a clear error names
// what is wrong and no zip is written.

const require = createRequire(import.meta.url);
// Microsoft's Teams manifest schema v1.24 as shipped in @microsoft/app-manifest (offline), checked
// with ajv the way that package does (draft-04, all errors); its own code needs require(esm).
const SCHEMA = require('@microsoft/app-manifest/build/json-schemas/teams/v1.24/MicrosoftTeams.schema.json') as object;
const AjvDraft04 = require('ajv-draft-04') as new (options: object) => {
  compile(schema: object): ((data: unknown) => boolean) & {
    errors?: Array<{ instancePath: string; message?: string; params?: object }> | null;
  };
};
const addFormats = require('ajv-formats') as (ajv: object, formats: string[]) => void;

/** Every way `manifest` breaks the Teams schema; empty when it is valid. */
export function manifestProblems(manifest: object): string[] {
  const ajv = new AjvDraft04({ allErrors: true, strictTypes: false });
  addFormats(ajv, ['uri', 'email', 'regex']);
  const validate = ajv.compile(SCHEMA);
  return validate(manifest)
    ? []
    : (validate.errors ?? []).map((e) =>
        `${e.instancePath || '/'} ${e.message ?? ''} ${e.params ? JSON.stringify(e.params) : ''}`.trim(),
      );
}

const HERE = dirname(fileURLToPath(import.meta.url));
// From dist/appPackage the committed files are two levels up.
const SOURCE = HERE.includes(`${join('dist', 'appPackage')}`) ? join(HERE, '..', '..', 'appPackage') : HERE;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class PackageError extends Error {}

export interface PackageSettings {
  MicrosoftAppId?: string;
  BOT_DOMAIN?: string;
  TEAMS_APP_ID?: string;
}

/** Reads the PNG header: width, height and whether it has an alpha channel. */
function pngInfo(bytes: Buffer): { width: number; height: number; alpha: boolean } | undefined {
  if (bytes.length < 26 || bytes.toString('latin1', 1, 4) !== 'PNG' || bytes.toString('latin1', 12, 16) !== 'IHDR')
    return undefined;
  const colorType = bytes[25];
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), alpha: colorType === 4 || colorType === 6 };
}

export async function buildTeamsPackage(
  settings: PackageSettings,
  outFile: string,
): Promise<{ manifest: Record<string, unknown> }> {
  const problems: string[] = [];
  const botId = settings.MicrosoftAppId?.trim() ?? '';
  if (!GUID.test(botId))
    problems.push(`MicrosoftAppId must be the Azure Bot registration's app id, a GUID (got "${botId}")`);
  const appId = settings.TEAMS_APP_ID?.trim() || botId;
  if (settings.TEAMS_APP_ID?.trim() && !GUID.test(appId)) problems.push(`TEAMS_APP_ID must be a GUID (got "${appId}")`);
  const domain = parseDomain(settings.BOT_DOMAIN ?? '');
  if (!domain.ok)
    problems.push(
      `BOT_DOMAIN must be the bot's host name, e.g. partner-bot.azurewebsites.net (got "${settings.BOT_DOMAIN ?? ''}")`,
    );
  if (problems.length) throw new PackageError(`Cannot build the Teams app package: ${problems.join('; ')}.`);

  const values: Record<string, string> = {
    BOT_ID: botId,
    TEAMS_APP_ID: appId,
    BOT_DOMAIN: domain.ok ? domain.value : '',
  };
  const fill = (value: unknown): unknown =>
    typeof value === 'string'
      ? value.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => values[name] ?? whole)
      : Array.isArray(value)
        ? value.map(fill)
        : typeof value === 'object' && value !== null
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v)]))
          : value;
  const manifest = fill(JSON.parse(await readFile(join(SOURCE, 'manifest.template.json'), 'utf8'))) as Record<
    string,
    unknown
  >;

  const schemaProblems = manifestProblems(manifest);
  if (schemaProblems.length)
    throw new PackageError(`The manifest does not match the Teams schema v1.24: ${schemaProblems.join('; ')}`);
  const color = await readFile(join(SOURCE, 'color.png'));
  const outline = await readFile(join(SOURCE, 'outline.png'));
  const colorInfo = pngInfo(color);
  const outlineInfo = pngInfo(outline);
  if (colorInfo?.width !== 192 || colorInfo.height !== 192) problems.push('color.png must be a 192×192 PNG');
  if (outlineInfo?.width !== 32 || outlineInfo.height !== 32 || !outlineInfo.alpha)
    problems.push('outline.png must be a 32×32 PNG with transparency');
  if (problems.length) throw new PackageError(`Cannot build the Teams app package: ${problems.join('; ')}.`);

  const zip = new AdmZip();
  zip.addFile('manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
  zip.addFile('color.png', color);
  zip.addFile('outline.png', outline);
  await zip.writeZipPromise(outFile, { overwrite: true });
  return { manifest };
}

// `npm run package`
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const outFile = join(SOURCE, 'build', 'appPackage.zip');
  try {
    const { mkdir } = await import('node:fs/promises');
    await mkdir(dirname(outFile), { recursive: true });
    // The same validated configuration as `npm start`, .env included.
    await buildTeamsPackage(loadConfig(), outFile);
    console.log(
      `Wrote ${outFile} (manifest.json, color.png, outline.png). Upload it in Teams: Apps > Manage your apps > Upload an app.`,
    );
  } catch (error) {
    if (!(error instanceof PackageError) && !(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  }
}
