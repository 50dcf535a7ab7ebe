import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { BotProcess } from '../helpers/channel.js';
import { demoSeed, people } from '../helpers/world.js';
import { launchChromium, openPlayground, Playground } from '../helpers/playground.js';

// The real clients: the bot, two Microsoft 365 Agents Playgrounds (Fabrikam IT's admin agent and
// Contoso's Global Administrator, from the committed .m365agentsplayground.yml files) and Debian's
// Chromium clicking through their pages. Screenshots land in docs/.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DOCS = join(ROOT, 'docs');
let dir = '';
let bot: BotProcess;
let partnerPlayground: Playground;
let customerPlayground: Playground;
let ordinaryUserPlayground: Playground;
let browser: Browser | undefined;

/** The demo data, plus a relationship of Fabrikam IT's that ends in 7 days without auto-extend (R21's warning card). */
async function prepareDemoDatabase(bot: BotProcess): Promise<void> {
  const seed = demoSeed();
  const now = Date.now();
  const at = (days: number) => new Date(now + days * 86_400_000).toISOString();
  const alex = {
    tenantId: people.fabrikamAdminAgent.tenantId,
    userId: people.fabrikamAdminAgent.userId,
    name: 'Alex Wilber',
    organisation: 'Fabrikam IT',
  };
  seed.relationships.push({
    id: 'rel-fabrikam-adatum',
    name: 'Fabrikam IT – Adatum – Exchange',
    partnerId: 'fabrikam',
    customerId: 'adatum',
    roles: ['exchangeAdministrator'],
    startedAt: at(-358),
    endsAt: at(7),
    autoExtend: false,
    status: 'active',
    invitationIds: [],
    accessAssignments: [
      {
        groupId: '00000000-0000-4000-8000-000000003012',
        roles: ['exchangeAdministrator'],
        assignedAt: at(-358),
        assignedBy: alex,
      },
    ],
    history: [{ at: at(-358), action: 'created', note: 'demo data' }],
  });
  // Six more, ending in 200 days, so that "customers" has two pages (five a page).
  for (const [customerId, customerName] of [
    ['proseware', 'Proseware'],
    ['wingtip', 'Wingtip'],
  ] as const) {
    for (const n of [1, 2, 3]) {
      seed.relationships.push({
        id: `rel-fabrikam-${customerId}-${n}`,
        name: `Fabrikam IT – ${customerName} – Helpdesk ${n}`,
        partnerId: 'fabrikam',
        customerId,
        roles: ['helpdeskAdministrator'],
        startedAt: at(-165),
        endsAt: at(200),
        autoExtend: true,
        status: 'active',
        invitationIds: [],
        accessAssignments: [],
        history: [{ at: at(-165), action: 'created', note: 'demo data' }],
      });
    }
  }
  await bot.prepare(seed);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'e2e-'));
  bot = new BotProcess({ DB_FILE: join(dir, 'db.json') });
  await prepareDemoDatabase(bot);
  await bot.start();
  partnerPlayground = new Playground(ROOT, bot.port);
  customerPlayground = new Playground(join(ROOT, 'playground', 'contoso'), bot.port);
  ordinaryUserPlayground = new Playground(join(ROOT, 'playground', 'contoso-user'), bot.port);
  await Promise.all([partnerPlayground.start(), customerPlayground.start(), ordinaryUserPlayground.start()]);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([partnerPlayground?.stop(), customerPlayground?.stop(), ordinaryUserPlayground?.stop()]);
  await bot?.stop();
  await rm(dir, { recursive: true, force: true });
}, 60_000);

it('a partner invites Contoso by typing and clicking; an ordinary user is refused; the administrator approves by clicking; both chats show it', async () => {
  expect(partnerPlayground.port).not.toBe(customerPlayground.port);
  // Megan opens her chat first, so the bot knows where to send her the card.
  const megan = await openPlayground(browser!, customerPlayground.port);
  await megan.sees('Hello Megan Bowen!');
  const alex = await openPlayground(browser!, partnerPlayground.port);
  await alex.sees('Hello Alex Wilber!');
  // R21: the relationship with Adatum ends in 7 days. The sweep at start wrote the warning; it reaches
  // Alex at the first retry after he could be reached. Waited for here, before the dialog, so that it
  // cannot arrive in the middle and take the place of a question's buttons.
  await alex.sees(
    'The relationship “Fabrikam IT – Adatum – Exchange” between Fabrikam IT and Adatum ends in 7 days',
    90_000,
  );
  await alex.screenshot(join(DOCS, 'expiry-warning.png'));

  await alex.walkInviteDialog({
    domain: 'contoso.com',
    preview: 'Contoso already works with 1 other partner: Northwind Traders',
    roles: 'Directory Readers, User Administrator',
    days: '365',
    email: 'megan@contoso.com',
    message: 'We look after your Azure estate.',
  });
  await alex.screenshot(join(DOCS, 'partner-dialog.png'));
  await alex.click('Send', /^Invitation [A-Z]{3}-\d{3} is on its way to Contoso/);
  const sent = await alex.page
    .getByText(/^Invitation [A-Z]{3}-\d{3} is on its way to Contoso/)
    .last()
    .textContent();
  const code = /[A-Z]{3}-\d{3}/.exec(sent ?? '')![0];

  // An ordinary Contoso user, in a group chat, shows the card and presses Approve: refused, nothing changes.
  const diego = await openPlayground(browser!, ordinaryUserPlayground.port);
  await diego.openChat('Group Chat', 'Hello Diego Siciliani!');
  await diego.typeToBot('Partner invitations', `code ${code}`, 'Fabrikam IT invites Contoso to work with it');
  await diego.click(
    'Approve',
    'Only a Global Administrator or a Customer Delegated Admin Relationship Administrator of the invited organisation can approve or decline this invitation. Nothing was changed.',
  );
  await diego.screenshot(join(DOCS, 'ordinary-user-refused.png'));

  await megan.sees('Fabrikam IT invites Contoso to work with it');
  await megan.sees('None of your existing subscriptions changes: product, quantity and status stay as they are.');
  await megan.screenshot(join(DOCS, 'invitation-card.png'));
  await megan.click('Approve', /Approved by Megan Bowen \(Contoso\) on \d{1,2} \w+ \d{4}\./);
  expect(await megan.page.getByRole('button', { name: 'Approve', exact: true }).count()).toBe(0);
  await megan.screenshot(join(DOCS, 'invitation-card-approved.png'));

  await alex.sees(/Contoso approved your invitation [A-Z]{3}-\d{3}/);
  await alex.sees('Directory Readers, User Administrator');
  await alex.sees('Nobody at Fabrikam IT can use these roles until you assign them to your security groups.');
  await alex.screenshot(join(DOCS, 'partner-notification.png'));

  // R22: Assign access on the notice opens the card; Alex ticks roles per group and assigns.
  await alex.page.getByRole('button', { name: 'Assign access', exact: true }).last().click();
  await alex.sees('Assign access for “Fabrikam IT – Contoso – Directory');
  await alex.page.getByRole('checkbox', { name: 'Directory Readers' }).first().check();
  await alex.page.getByRole('checkbox', { name: 'User Administrator' }).first().check();
  await alex.screenshot(join(DOCS, 'access-assignment.png'));
  await alex.page.getByRole('button', { name: 'Assign access', exact: true }).last().click();
  await alex.sees('Fabrikam Helpdesk Tier 1: Directory Readers, User Administrator');
}, 240_000);

it('"customers" in the Playground: five relationships a page, by customer name; Next replaces the card with the second page', async () => {
  const alex = await openPlayground(browser!, partnerPlayground.port);
  await alex.type('customers', /Page 1 of 2 · [78] relationships/);
  await alex.sees('Customers of Fabrikam IT');
  await alex.sees('Fabrikam IT – Proseware – Helpdesk 3');
  expect(await alex.page.getByText('Fabrikam IT – Wingtip – Helpdesk 3').count()).toBe(0);
  await alex.click('Next', /Page 2 of 2 · [78] relationships/);
  await alex.sees('Fabrikam IT – Wingtip – Helpdesk 3');
  // The same card, now page 2 (Action.Execute's answer replaces it): page 1's rows are gone.
  expect(await alex.page.getByText(/Page 1 of 2 · [78] relationships/).count()).toBe(0);
  expect(await alex.page.getByText('Fabrikam IT – Proseware – Helpdesk 3').count()).toBe(0);
  // Short titles (Teams shows a button's title on one line); each names its relationship in its tooltip.
  const terminate = alex.page.locator('button', { hasText: /^Terminate$/ }).last();
  expect([await terminate.getAttribute('title'), await terminate.getAttribute('aria-label')]).toContain(
    'Terminate “Fabrikam IT – Wingtip – Helpdesk 3”',
  );
  await alex.screenshot(join(DOCS, 'customers-page-2.png'));
  await alex.click('Previous', /Page 1 of 2 · [78] relationships/);
  await alex.sees('Fabrikam IT – Proseware – Helpdesk 3');
}, 120_000);
