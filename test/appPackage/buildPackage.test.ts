import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import AdmZip from 'adm-zip';
import { buildTeamsPackage, manifestProblems, PackageError } from '../../appPackage/buildPackage.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'package-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const BOT = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

describe('the Teams app package', () => {
  it('holds manifest.json, color.png and outline.png at the root, with the bot id and host filled in', async () => {
    const file = join(dir, 'app.zip');
    await buildTeamsPackage({ MicrosoftAppId: BOT, BOT_DOMAIN: 'Partner-Bot.azurewebsites.net' }, file);
    const zip = new AdmZip(file);
    expect(
      zip
        .getEntries()
        .map((e) => e.entryName)
        .sort(),
    ).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(zip.readAsText('manifest.json')) as {
      id: string;
      bots: Array<{ botId: string; scopes: string[]; commandLists: Array<{ commands: Array<{ title: string }> }> }>;
      validDomains: string[];
      manifestVersion: string;
    };
    expect(manifest).toMatchObject({
      manifestVersion: '1.24',
      id: BOT,
      validDomains: ['partner-bot.azurewebsites.net'],
    });
    expect(manifest.bots[0]).toMatchObject({ botId: BOT, scopes: ['personal', 'groupChat'] });
    expect(manifest.bots[0]!.commandLists[0]!.commands.map((c) => c.title)).toEqual([
      'invite',
      'invitations',
      'partners',
      'history',
      'export',
      'help',
    ]);
    expect(manifest.bots[0]).toMatchObject({ supportsFiles: true }); // export sends a file in a personal chat
    expect(JSON.stringify(manifest)).not.toContain('{{');
    expect(manifestProblems(manifest)).toEqual([]);
    // …and the same check does see a broken manifest.
    expect(
      manifestProblems({ ...manifest, id: 'nope', bots: [{ ...manifest.bots[0], scopes: ['planet'] }] }).join('\n'),
    ).toMatch(/\/id must match pattern[\s\S]*\/bots\/0\/scopes\/0 must be equal to one of the allowed values/);
    const color = zip.readFile('color.png')!;
    const outline = zip.readFile('outline.png')!;
    expect([color.readUInt32BE(16), color.readUInt32BE(20)]).toEqual([192, 192]);
    expect([outline.readUInt32BE(16), outline.readUInt32BE(20), outline[25]]).toEqual([32, 32, 6]); // RGBA: transparent
  });

  it.each([
    [
      { BOT_DOMAIN: 'bot.example.com' },
      /MicrosoftAppId must be the Azure Bot registration's app id, a GUID \(got ""\)/,
    ],
    [{ MicrosoftAppId: 'my-bot', BOT_DOMAIN: 'bot.example.com' }, /MicrosoftAppId .* \(got "my-bot"\)/],
    [{ MicrosoftAppId: BOT, BOT_DOMAIN: 'https://bot.example.com/api' }, /BOT_DOMAIN must be the bot's host name/],
    [{ MicrosoftAppId: BOT, BOT_DOMAIN: 'bot.example.com', TEAMS_APP_ID: 'x' }, /TEAMS_APP_ID must be a GUID/],
  ])('refuses %j with a clear message and writes no zip', async (settings, message) => {
    const file = join(dir, 'refused.zip');
    const error = await buildTeamsPackage(settings, file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PackageError);
    expect((error as Error).message).toMatch(message);
    expect(existsSync(file)).toBe(false);
  });
});
