import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import type { GraphEmulator } from '../../graphEmulator/server.js';
import { BotProcess } from '../helpers/channel.js';
import { graphModeEnv, startTestGraphEmulator } from '../helpers/graphEmulator.js';
import { demoSeed } from '../helpers/world.js';
import { launchChromium, openPlayground, Playground } from '../helpers/playground.js';

// Connected to Partner Center (PARTNER_CENTER=graph) in the real clients: the bot against the
// Microsoft Graph emulator, Fabrikam IT's admin agent and Contoso's Global Administrator in two
// Agents Playgrounds, Chromium clicking. The customer approves in the Microsoft 365 admin center
// (played through the emulator's control), never on the card (R15); the bot follows the status
// and updates the card the customer was sent. Screenshots land in docs/.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DOCS = join(ROOT, 'docs');
const ADMIN_CENTER_LINK = 'Approve in the Microsoft 365 admin center';
let dir = '';
let emulator: GraphEmulator;
let bot: BotProcess;
let partnerPlayground: Playground;
let customerPlayground: Playground;
let browser: Browser | undefined;

beforeAll(async () => {
  emulator = await startTestGraphEmulator();
  dir = await mkdtemp(join(tmpdir(), 'e2e-graph-'));
  bot = new BotProcess({ DB_FILE: join(dir, 'db.json'), ...graphModeEnv(emulator) });
  await bot.prepare(demoSeed());
  await bot.start();
  partnerPlayground = new Playground(ROOT, bot.port);
  customerPlayground = new Playground(join(ROOT, 'playground', 'contoso'), bot.port);
  await Promise.all([partnerPlayground.start(), customerPlayground.start()]);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([partnerPlayground?.stop(), customerPlayground?.stop()]);
  await bot?.stop();
  await emulator?.close();
  await rm(dir, { recursive: true, force: true });
}, 60_000);

it('R15 connected to Partner Center: the partner invites by clicking; the customer’s card links to the admin center and has no Approve; approved there, the card shows it and the partner is told', async () => {
  const megan = await openPlayground(browser!, customerPlayground.port);
  await megan.sees('Hello Megan Bowen!');
  const alex = await openPlayground(browser!, partnerPlayground.port);
  await alex.sees('Hello Alex Wilber!');

  await alex.walkInviteDialog({
    domain: 'contoso.com',
    // The dry run asked Microsoft: only the partner's own relationships there are the partner's to see.
    preview: 'its other partners are visible only to the customer',
    roles: 'Directory Readers',
    days: '90',
    email: 'megan@contoso.com',
    message: 'Our helpdesk reads your directory.',
  });
  await alex.click('Send', /is being registered at Microsoft/);
  // Made at Microsoft after the turn, by the schedule; the partner gets the links to pass on.
  await alex.sees(/is at Microsoft/, 30_000);
  await alex.page.getByRole('link', { name: 'Admin relationship (GDAP) link', exact: true }).last().waitFor();
  await alex.screenshot(join(DOCS, 'graph-partner-request.png'));

  const [atMicrosoft] = (
    (await (await fetch(`${emulator.origin}/_emulator/relationships`)).json()) as {
      value: Array<{ id: string; displayName: string; status: string }>;
    }
  ).value.filter((r) => r.displayName.includes('Contoso'));
  expect(atMicrosoft).toMatchObject({ status: 'approvalPending' });

  // The customer's card: the admin center's button, and no Approve or Decline on the card.
  await megan.sees('Fabrikam IT invites Contoso to work with it', 30_000);
  await megan.sees(
    'Microsoft requires a Global Administrator or a Customer Delegated Admin Relationship Administrator of Contoso to approve this request in the Microsoft 365 admin center',
  );
  // Action.OpenUrl: the Playground draws it as a link. Decline stays: the bot records it (R15).
  await megan.page.getByRole('link', { name: ADMIN_CENTER_LINK, exact: true }).last().waitFor();
  expect(await megan.page.getByRole('button', { name: 'Approve', exact: true }).count()).toBe(0);
  expect(await megan.page.getByRole('button', { name: 'Decline', exact: true }).count()).toBe(1);
  await megan.screenshot(join(DOCS, 'graph-invitation-card.png'));

  // Approved in the admin center: the bot follows the status, updates Megan's card and tells Alex.
  expect(
    (await fetch(`${emulator.origin}/_emulator/relationships/${atMicrosoft!.id}/approve`, { method: 'POST' })).status,
  ).toBe(200);
  await megan.sees(/Approved by Microsoft 365 admin center \(Contoso\) on \d{1,2} \w+ \d{4}\./, 30_000);
  expect(await megan.page.getByRole('link', { name: ADMIN_CENTER_LINK, exact: true }).count()).toBe(0);
  expect(await megan.page.getByRole('button', { name: 'Decline', exact: true }).count()).toBe(0);
  await megan.screenshot(join(DOCS, 'graph-invitation-card-approved.png'));
  await alex.sees(/Contoso approved your invitation [A-Z]{3}-\d{3}/, 30_000);
  const relationships = Object.values((await bot.database()).relationships).filter(
    (r) => r.microsoft?.id === atMicrosoft!.id,
  );
  expect(relationships).toEqual([expect.objectContaining({ status: 'active', customerId: 'contoso' })]);
}, 240_000);
