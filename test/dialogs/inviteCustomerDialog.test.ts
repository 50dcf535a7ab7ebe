import { describe, expect, it } from '@jest/globals';
import { InviteCustomerDialog } from '../../dialogs/inviteCustomerDialog.js';
import { card, dialogClient, play, submit, turnInfoFor, type Channel } from '../helpers/conversation.js';
import { demoWorld, people } from '../helpers/world.js';

const channels: Channel[] = ['msteams', 'emulator'];

describe.each(channels)('InviteCustomerDialog on %s', (channel) => {
  it('R1 R16 R17 R18 scenario 1 in English: invites Contoso, told about Northwind and what multi-partner does not change', async () => {
    const world = await demoWorld();
    const dialog = new InviteCustomerDialog(world.service, turnInfoFor(world));
    const client = dialogClient(channel, dialog, people.fabrikamAdminAgent, 'en');
    await play(client, [
      ['invite', ['Which customer do you want to invite?']],
      ['contoso.onmicrosoft.com', ['Contoso already works with 1 other partner: Northwind Traders', 'Which services']],
      ['Microsoft 365, Azure', ['1. **Directory Readers** — Reads basic directory information']],
      ['1, 6', ['For how many days (1–730)?']],
      ['365', ['Extend the admin roles automatically']],
      ['yes', ["The customer administrator's e-mail"]],
      ['megan@contoso.com', ['A message for the customer']],
      [
        'We look after your Azure estate.',
        ['The relationship will be named “Fabrikam IT – Contoso – Directory 2026-11”'],
      ],
      [
        'keep',
        [
          card(
            'Invitation to Contoso',
            'Fabrikam IT – Contoso – Directory 2026-11',
            'Directory Readers, User Administrator',
            '365 days',
            'megan@contoso.com',
            'We look after your Azure estate.',
          ),
        ],
      ],
      [
        submit({ formAction: 'send' }),
        [/Invitation \*\*AAA-001\*\* is on its way to Contoso. It expires on 22 February 2027/],
      ],
    ]);
    const stored = Object.values((await world.store.snapshot()).invitations);
    expect(stored).toEqual([
      expect.objectContaining({
        code: 'AAA-001',
        customerDomain: 'contoso.onmicrosoft.com',
        services: ['microsoft365', 'azure'],
        roles: ['directoryReaders', 'userAdministrator'],
        durationDays: 365,
        autoExtend: true,
        recipientEmail: 'megan@contoso.com',
        message: 'We look after your Azure estate.',
      }),
    ]);
  });

  it('R1 scenario 1 in Russian, with the domain given with the command', async () => {
    const world = await demoWorld();
    const dialog = new InviteCustomerDialog(world.service, turnInfoFor(world));
    const client = dialogClient(channel, dialog, people.fabrikamAdminAgent, 'ru', { firstAnswer: 'contoso.com' });
    await play(client, [
      ['пригласить contoso.com', ['Contoso уже работает с 1 другим партнёром: Northwind Traders', 'Какие услуги']],
      ['Azure', ['Какие роли администратора']],
      ['нет ролей', ['Адрес электронной почты администратора']],
      ['пропустить', ['Сообщение для клиента']],
      ['пропустить', ['Отношения будут называться «Fabrikam IT – Contoso – Reseller 2026-11»']],
      [
        'Fabrikam – Contoso – Azure resale',
        [card('Приглашение для Contoso', 'Fabrikam – Contoso – Azure resale', 'Нет — только отношения реселлера')],
      ],
      ['отправить', [/Приглашение \*\*AAA-001\*\* отправлено клиенту Contoso/]],
    ]);
    expect(Object.values((await world.store.snapshot()).invitations)).toEqual([
      expect.objectContaining({
        roles: [],
        durationDays: null,
        services: ['azure'],
        relationshipName: 'Fabrikam – Contoso – Azure resale',
      }),
    ]);
  });

  it('R7 R8 R13 R20 scenario 2: refused customers and garbage get a clear message and the question again', async () => {
    const world = await demoWorld();
    await world.service.invitations.create(people.fabrikamAdminAgent, {
      customerDomain: 'adatum.com',
      services: ['azure'],
      roles: [],
    });
    const dialog = new InviteCustomerDialog(world.service, turnInfoFor(world));
    const client = dialogClient(channel, dialog, people.fabrikamAdminAgent, 'en');
    await play(client, [
      ['invite', ['Which customer']],
      ['not a domain', ['"not a domain" is not a domain name', 'Which customer']],
      ['proseware.com', ['cannot resell to another CSP partner', 'Which customer']],
      ['relecloud.gov', ['separate', 'three tries', 'Which customer']],
      ['wingtiptoys.co.uk', ['you can invite only customers in your own market', 'Which customer']],
      // R13: a pending request is named; another one is allowed for other roles (refused at Send for the same roles).
      [
        'adatum.com',
        [
          // R1: never "no partner" while this partner has a request with it.
          'No other partner of Adatum is known to this bot; you already have 1 invitation waiting for its decision.',
          /Your request AAA-001 \(“Fabrikam IT – Adatum – [A-Za-z]+ 2026-11”.*\) is waiting for a decision/,
          'Which services',
        ],
      ],
      ['back', ['Which customer']],
      ['contoso.com', ['Northwind Traders', 'Which services']],
      ['office', ['Choose at least one of', 'Which services']],
      ['Azure', ['Which admin roles']],
      ['99', ['"99" is not a number from the list (1–11)', 'Which admin roles']],
      ['Root Administrator', ['"Root Administrator" is not an admin role I know', 'Which admin roles']],
      ['Global Administrator', ['Auto-extend is not possible with the Global Administrator role', 'For how many days']],
      ['forever', ['whole number of days from 1 to 730', 'For how many days']],
      ['731', ['"731" is not', 'For how many days']],
      ['0', ['"0" is not', 'three tries', 'For how many days']],
      ['30', ['e-mail']],
      ['megan at contoso', ['is not an e-mail address', 'e-mail']],
      ['skip', ['A message']],
      ['x'.repeat(501), ['at most 500 characters long; yours has 501', 'A message']],
      ['skip', ['The relationship will be named “Fabrikam IT – Contoso – Global 2026-11”']],
      ['y'.repeat(51), ['A relationship name has 1 to 50 characters', 'The relationship will be named']],
      ['keep', [card('Global Administrator', '30 days')]],
      ['maybe', ['Choose **send**, **edit** or **cancel**', card('Invitation to Contoso')]],
    ]);
  });

  it('R20 help, back and cancel work at any question; cancel stores nothing', async () => {
    const world = await demoWorld();
    const dialog = new InviteCustomerDialog(world.service, turnInfoFor(world));
    const client = dialogClient(channel, dialog, people.fabrikamAdminAgent, 'en');
    await play(client, [
      ['invite', ['Which customer']],
      ['back', ['This is the first question', 'Which customer']],
      ['help', ["I need one of the customer's verified domains", 'Which customer']],
      ['adatum.com', ['Adatum has no partner yet.', 'Which services']],
      ['help', ['Services say what you will do', 'Which services']],
      ['back', ['Which customer']],
      ['contoso.com', ['Northwind', 'Which services']],
      ['Dynamics 365', ['Which admin roles']],
      ['cancel', ['Cancelled. Nothing was stored.']],
    ]);
    expect((await world.store.snapshot()).invitations).toEqual({});
  });

  it('Edit from the summary changes one answer and comes back to the summary', async () => {
    const world = await demoWorld();
    const dialog = new InviteCustomerDialog(world.service, turnInfoFor(world));
    const client = dialogClient(channel, dialog, people.fabrikamAdminAgent, 'en', { firstAnswer: 'adatum.com' });
    await play(client, [
      ['invite adatum.com', ['Adatum has no partner yet.', 'Which services']],
      ['Azure', ['Which admin roles']],
      ['Directory Readers', ['For how many days']],
      ['730', ['Extend']],
      ['no', ['e-mail']],
      ['skip', ['A message']],
      ['skip', ['The relationship will be named']],
      ['keep', [card('730 days')]],
      [
        submit({ formAction: 'edit' }),
        [
          (reply) => {
            // Teams shows three suggested actions: two fields and Back; the text names every field.
            expect(reply.text).toMatch(
              /^What do you want to change\? Type one of: .*Duration.*Message.*; or \*\*back\*\*/,
            );
            expect(reply.suggestedActions?.actions.map((a) => a.title)).toHaveLength(3);
            expect(reply.suggestedActions?.actions.at(-1)?.title).toBe('Back to the summary');
          },
        ],
      ],
      ['back', [card('730 days')]], // changed my mind: nothing to change
      [submit({ formAction: 'edit' }), ['What do you want to change?']],
      ['Duration', ['For how many days']],
      ['90', [card('90 days', 'Directory Readers')]],
      [submit({ formAction: 'send' }), ['is on its way to Adatum']],
    ]);
    expect(Object.values((await world.store.snapshot()).invitations)[0]).toMatchObject({
      durationDays: 90,
      autoExtend: false,
    });
  });

  it('R9 a sales agent is not asked for admin roles; a helpdesk agent is stopped at once', async () => {
    const world = await demoWorld();
    const sales = dialogClient(
      channel,
      new InviteCustomerDialog(world.service, turnInfoFor(world)),
      people.fabrikamSalesAgent,
      'en',
    );
    await play(sales, [
      ['invite', ['Which customer']],
      ['adatum.com', ['Adatum has no partner yet.', 'Which services']],
      ['Azure', ['As a sales agent you can request the reseller relationship alone', 'e-mail']],
    ]);
    const helpdesk = dialogClient(
      channel,
      new InviteCustomerDialog(world.service, turnInfoFor(world)),
      people.fabrikamHelpdeskAgent,
      'en',
    );
    // Told before being asked for anything.
    await play(helpdesk, [['invite', ['Only an admin agent or a sales agent can send invitations']]]);
  });

  it('R1 the dry run never says a customer "has no partner" while the inviting partner itself has a pending request with it', async () => {
    const world = await demoWorld();
    const sent = await world.service.invitations.create(people.fabrikamAdminAgent, {
      customerDomain: 'adatum.com',
      services: ['azure'],
      roles: ['Directory Readers'],
      durationDays: 90,
    });
    expect(sent.ok).toBe(true);
    const client = dialogClient(
      channel,
      new InviteCustomerDialog(world.service, turnInfoFor(world)),
      people.fabrikamAdminAgent,
      'en',
    );
    await play(client, [
      ['invite', ['Which customer']],
      [
        'adatum.com',
        [
          'No other partner of Adatum is known to this bot; you already have 1 invitation waiting for its decision.',
          /Your request AAA-001 .* is waiting for a decision/,
          'Which services',
        ],
      ],
    ]);
  });

  it('R13 a name already taken is refused at the name question, with the proposed one offered; "skip" keeps the proposed name', async () => {
    const world = await demoWorld();
    const first = await world.service.invitations.create(people.fabrikamAdminAgent, {
      customerDomain: 'adatum.com',
      services: ['azure'],
      roles: ['Global Reader'],
      durationDays: 90,
      relationshipName: 'Adatum helpdesk',
    });
    expect(first.ok).toBe(true);
    const client = dialogClient(
      channel,
      new InviteCustomerDialog(world.service, turnInfoFor(world)),
      people.fabrikamAdminAgent,
      'en',
    );
    await play(client, [
      ['invite', ['Which customer']],
      ['adatum.com', [/waiting for its decision/, /Your request AAA-001/, 'Which services']],
      ['Azure', ['Which admin roles']],
      ['1', ['For how many days']],
      ['30', ['Extend the admin roles automatically']],
      ['no', ["The customer administrator's e-mail"]],
      ['skip', ['A message for the customer']],
      ['skip', [/The relationship will be named “(Fabrikam IT – Adatum – [^”]+)”/]],
      [
        'ADATUM HELPDESK',
        [
          /You already have a relationship or a pending request named “ADATUM HELPDESK”\. Type another name, or \*\*keep\*\* to use “Fabrikam IT – Adatum – /,
          'The relationship will be named',
        ],
      ],
      ['skip', [card('Invitation to Adatum', 'Fabrikam IT – Adatum – ')]],
    ]);
  });

  it('R13 a name taken by another request between the name question and Send: Send asks only for another name, a free one proposed, and every other answer is kept', async () => {
    const world = await demoWorld();
    const client = dialogClient(
      channel,
      new InviteCustomerDialog(world.service, turnInfoFor(world)),
      people.fabrikamAdminAgent,
      'en',
    );
    let proposed = '';
    await play(client, [
      ['invite', ['Which customer']],
      ['adatum.com', [/Adatum/, 'Which services']],
      ['Azure', ['Which admin roles']],
      ['1', ['For how many days']],
      ['45', ['Extend the admin roles automatically']],
      ['no', ["The customer administrator's e-mail"]],
      ['skip', ['A message for the customer']],
      ['Hello Adatum', [(reply) => void (proposed = /named “([^”]+)”/.exec(reply.text ?? '')?.[1] ?? '')]],
      ['keep', [card('Invitation to Adatum', proposed || 'Fabrikam IT – Adatum')]],
    ]);
    // Meanwhile a colleague's request takes that very name.
    const other = await world.service.invitations.create(people.fabrikamAdminAgent, {
      customerDomain: 'wingtiptoys.com',
      services: ['azure'],
      roles: ['Global Reader'],
      durationDays: 30,
      relationshipName: proposed,
    });
    expect(other.ok).toBe(true);
    await play(client, [
      [
        submit({ formAction: 'send' }),
        [
          `Nothing was sent: meanwhile another request of your organisation took the name “${proposed}”. Choose another name; every other answer is kept.`,
          (reply) => {
            const now = /named “([^”]+)”/.exec(reply.text ?? '')?.[1];
            expect(now).toBeDefined();
            expect(now).not.toBe(proposed);
          },
        ],
      ],
      ['keep', [card('Invitation to Adatum', '45 days', 'Hello Adatum')]],
      [submit({ formAction: 'send' }), ['is on its way to Adatum']],
    ]);
    const sent = Object.values((await world.store.snapshot()).invitations).find(
      (i) => i.customerDomain === 'adatum.com',
    );
    expect(sent).toMatchObject({ durationDays: 45, message: 'Hello Adatum', autoExtend: false });
    expect(sent?.relationshipName).not.toBe(proposed);
  });

  it('R25 a name with a word that mixes alphabets (a Greek ο in "Nοrthwind") is refused at the name question, naming the word; a name in two alphabets word by word is kept', async () => {
    const world = await demoWorld();
    const client = dialogClient(
      channel,
      new InviteCustomerDialog(world.service, turnInfoFor(world)),
      people.fabrikamAdminAgent,
      'en',
    );
    await play(client, [
      ['invite', ['Which customer']],
      ['adatum.com', [/Adatum/, 'Which services']],
      ['Azure', ['Which admin roles']],
      ['1', ['For how many days']],
      ['30', ['Extend the admin roles automatically']],
      ['no', ["The customer administrator's e-mail"]],
      ['skip', ['A message for the customer']],
      ['skip', ['The relationship will be named']],
      [
        'N\u03BFrthwind Traders \u2013 Adatum',
        [/^The word “N\u03BFrthwind” mixes letters of different alphabets/, 'The relationship will be named'],
      ],
      [
        '\u0424\u0430\u0431\u0440\u0438\u043A\u0430\u043C \u2013 Adatum',
        [card('Invitation to Adatum', '\u0424\u0430\u0431\u0440\u0438\u043A\u0430\u043C – Adatum')],
      ],
    ]);
  });

  it('R8 a US Government partner is not offered "none" for roles, and choosing it anyway is refused with the reason', async () => {
    const world = await demoWorld();
    const tom = dialogClient(
      channel,
      new InviteCustomerDialog(world.service, turnInfoFor(world)),
      people.usGovAdminAgent,
      'en',
    );
    await play(tom, [
      ['invite', ['Which customer']],
      ['relecloud.gov', [/Relecloud Government/, 'Which services']],
      [
        'Azure',
        [
          (reply) => {
            expect(reply.text).toContain('In the US Government cloud at least one is needed');
            // Teams shows three suggested actions: the likeliest; every role is in the text.
            expect(reply.suggestedActions?.actions.map((a) => a.title)).toEqual([
              'Directory Readers',
              'Global Reader',
              'Service Support Administrator',
            ]);
            expect(reply.text).toContain('Helpdesk Administrator');
          },
        ],
      ],
      ['none', ['cannot send a reseller-only invitation', 'Which admin roles']],
    ]);
  });
});
