import { describe, expect, it } from '@jest/globals';
import { MemoryStorage } from 'botbuilder';
import { card, submit, type Channel, visible } from '../helpers/conversation.js';
import { member, party } from '../helpers/party.js';
import { botClient, playBot } from '../helpers/botClient.js';
import { demoWorld, people } from '../helpers/world.js';

const channels: Channel[] = ['msteams', 'emulator'];

describe.each(channels)('the bot on %s', (channel) => {
  it('help lists the partner commands for a partner user, in English and in Russian', async () => {
    const world = await demoWorld();
    await playBot(botClient(world, channel, people.fabrikamAdminAgent, 'en'), [
      ['help', ['You are Alex Wilber, admin agent at Fabrikam IT. I can:\n\n- **invite**']],
    ]);
    await playBot(botClient(world, channel, people.fabrikamSalesAgent, 'ru'), [
      ['помощь', ['Вы — Sam Sales, агент по продажам в Fabrikam IT. Я умею']],
    ]);
    await playBot(botClient(world, channel, people.contosoAdmin, 'en'), [
      [
        'help',
        [/You are Megan Bowen, Global Administrator at Contoso.*\*\*partners\*\*.*\*\*invitations\*\*.*\*\*code\*\*/s],
      ],
    ]);
    await playBot(botClient(world, channel, people.contosoUser, 'en'), [
      ['help', ['You are Diego Siciliani at Contoso. Invitations from partners come']],
    ]);
  });

  it('language ru / language en is remembered for the user', async () => {
    const world = await demoWorld();
    const client = botClient(world, channel, people.fabrikamAdminAgent, 'en');
    await playBot(client, [
      ['language ru', ['Теперь я буду говорить с вами по-русски.']],
      ['invite', ['Какого клиента вы хотите пригласить?']],
      ['отмена', ['Отменено. Ничего не сохранено.']],
      ['language fr', ['Я говорю по-английски (**language en**) и по-русски (**language ru**).']],
      ['language en', ['I will speak English with you from now on.']],
      ['help', ['You are Alex Wilber']],
    ]);
  });

  it('R20 a mistyped command or domain gets "did you mean …?" before anything is sent; the domain typed again is kept', async () => {
    const world = await demoWorld();
    await playBot(botClient(world, channel, people.fabrikamAdminAgent, 'en'), [
      [
        'invte contoso.com',
        [
          (reply) => {
            expect(reply.text).toBe(
              'I didn\'t understand "invte contoso.com". Did you mean **invite contoso.com**? Type **help** to see what I can do.',
            );
            expect(reply.suggestedActions?.actions.map((a) => a.value)).toEqual(['invite contoso.com']);
          },
        ],
      ],
      ['custmers', [/Did you mean \*\*customers\*\*\?/]],
      ['what is this', ['I didn\'t understand "what is this". Type **help** to see what I can do.']],
      [
        'invite contoso.cm',
        [
          'I know no organisation at **contoso.cm**.',
          (reply) => {
            expect(reply.text).toBe(
              'Did you mean **contoso.com**? Choose it, or **contoso.cm** again to invite that domain, or type another.',
            );
            expect(reply.suggestedActions?.actions.map((a) => a.value)).toEqual(['contoso.com', 'contoso.cm']);
          },
        ],
      ],
      ['contoso.com', [/Contoso/, 'Which services']],
      ['cancel', ['Cancelled']],
      ['invite fabrikam-customer.cm', ['I know no organisation at **fabrikam-customer.cm**.', /Did you mean/]],
      ['fabrikam-customer.cm', [/fabrikam-customer\.cm/, 'Which services']],
    ]);
    expect(Object.keys((await world.store.snapshot()).invitations)).toEqual([]);
  });

  it('R13 dialogs in flight at once are never proposed the same name: each is held for its dialog, and each is sent under its own', async () => {
    const world = await demoWorld();
    const p = party(world);
    const alex = member(people.fabrikamAdminAgent);
    // Three conversations of the partner's agents at once (Teams on two devices, a colleague's chat).
    const chats = [alex, { ...alex, conversationId: 'second' }, { ...alex, conversationId: 'third' }];
    // Requests with other roles (the same roles twice is R13's refusal) whose names start alike.
    const roles = [
      'Directory Readers',
      'Directory Readers, Global Reader',
      'Directory Readers, Helpdesk Administrator',
    ];
    const answers = ['invite adatum.com', 'Azure', roles, '30', 'no', 'skip', 'skip'];
    const proposed: string[] = [];
    for (const answer of answers) {
      // Turn by turn, each chat in its turn: every dialog is open while the others are answered.
      const replies = [];
      for (const [k, chat] of chats.entries())
        replies.push(await p.send(chat, typeof answer === 'string' ? answer : answer[k]!));
      const names = replies.map((r) => /named “([^”]+)”/.exec(r.at(-1)?.text ?? '')?.[1]);
      if (names.every((name) => name !== undefined)) proposed.push(...(names as string[]));
    }
    expect(proposed).toHaveLength(3);
    expect(new Set(proposed).size).toBe(3);
    for (const chat of chats) await p.send(chat, 'keep');
    const sent = [];
    for (const chat of chats) sent.push(await p.send(chat, { value: { formAction: 'send' } }));
    expect(sent.map((r) => r.some((a) => /is on its way to Adatum/.test(a.text ?? '')))).toEqual([true, true, true]);
    const names = Object.values((await world.store.snapshot()).invitations).map((i) => i.relationshipName);
    expect(names.sort()).toEqual([...proposed].sort());
  });

  it('a language chosen in the middle of the dialog: the dialog goes on, and its open question is asked again in that language', async () => {
    const world = await demoWorld();
    await playBot(botClient(world, channel, people.fabrikamAdminAgent, 'en'), [
      ['invite', ['Which customer']],
      ['contoso.com', [/Contoso/, 'Which services']],
      ['language ru', ['Теперь я буду говорить с вами по-русски.', /^Какие услуги/]],
      ['Azure', [/^Какие роли администратора/]],
      ['language en', ['I will speak English with you from now on.', /^Which admin roles/]],
    ]);
  });

  it('scenario 3: lists its invitations, cancels one by code and resends another from the card', async () => {
    const world = await demoWorld();
    const contoso = await world.service.invitations.create(people.fabrikamAdminAgent, {
      customerDomain: 'contoso.com',
      services: ['azure'],
      roles: [],
    });
    world.clock.advanceDays(1);
    const adatum = await world.service.invitations.create(people.fabrikamAdminAgent, {
      customerDomain: 'adatum.com',
      services: ['azure'],
      roles: [],
    });
    if (!contoso.ok || !adatum.ok) throw new Error('setup failed');
    const client = botClient(world, channel, people.fabrikamSalesAgent, 'en');
    await playBot(client, [
      [
        'invitations',
        [
          card(
            'Invitations of Fabrikam IT',
            'Page 1 of 1 · 2 invitations',
            '**AAA-002** · Adatum (adatum.com)',
            '**AAA-001** · Contoso (contoso.com)',
            '"verb":"resendInvitation"',
          ),
        ],
      ],
      ['cancel aaa-001', ['Invitation **AAA-001** is cancelled']],
      ['cancel AAA-001', ['Invitation AAA-001 was withdrawn by the partner']],
      ['cancel ZZZ-999', ['There is no invitation ZZZ-999']],
      ['cancel', ['There is nothing to cancel']],
      [
        submit({ verb: 'resendInvitation', invitationId: adatum.value.id }),
        [
          'Invitation **AAA-002** is being sent again to Ada Admin (Adatum), in their chat with the bot. It still expires on 23 February 2027.',
        ],
      ],
      [
        submit({ verb: 'resendInvitation', invitationId: adatum.value.id }),
        [
          /^Invitation AAA-002 was sent again less than an hour ago\. You can resend it from 25 Nov 2026, 13:00 UTC\. Nothing was sent\.$/,
        ],
      ],
      [submit({ verb: 'resendInvitation', invitationId: 'forged-id' }), ['There is no invitation forged-id']],
      [submit({ verb: 'dropDatabase' }), ['I cannot do anything with that button']],
      ['invitations', [card('Cancelled', 'Pending')]],
      ['language ru', ['по-русски']],
      ['приглашения', [card('Приглашения Fabrikam IT', 'Отменено', 'Ожидает', 'Отправить повторно')]],
    ]);
    const other = botClient(world, channel, people.northwindAdminAgent, 'en');
    await playBot(other, [['resend AAA-002', ['There is no invitation AAA-002.']]]); // R23: another partner learns nothing
  });

  it('pages the invitations list, newest first', async () => {
    const world = await demoWorld();
    // Seven invitations: two to customers the directory knows, five to tenants it does not know yet.
    const domains = [
      'contoso.com',
      'adatum.com',
      'one.example.com',
      'two.example.com',
      'three.example.com',
      'four.example.com',
      'five.example.com',
    ];
    for (const customerDomain of domains) {
      world.clock.advanceDays(1);
      await world.service.invitations.create(people.fabrikamAdminAgent, {
        customerDomain,
        services: ['azure'],
        roles: [],
      });
    }
    const client = botClient(world, channel, people.fabrikamAdminAgent, 'en');
    await playBot(client, [
      ['invitations', [card('Page 1 of 2 · 7 invitations', 'five.example.com', '"verb":"invitationsPage","page":2')]],
    ]);
    const [page1] = await client.send('invitations');
    const json = visible(JSON.stringify(page1?.attachments?.[0]?.content));
    expect(json.indexOf('five.example.com')).toBeLessThan(json.indexOf('one.example.com'));
    expect(json).not.toContain('contoso.com');
    await playBot(client, [
      [
        submit({ verb: 'invitationsPage', page: 2 }),
        [card('Page 2 of 2', 'Contoso (contoso.com)', 'Adatum (adatum.com)')],
      ],
    ]);
  });

  it("scenario 5: adds an Azure subscription next to Northwind's, naming what stays", async () => {
    const world = await demoWorld();
    const sent = await world.service.invitations.create(people.fabrikamAdminAgent, {
      customerDomain: 'contoso.com',
      services: ['azure'],
      roles: [],
    });
    if (!sent.ok) throw new Error('setup failed');
    const client = botClient(world, channel, people.fabrikamSalesAgent, 'en');
    await playBot(client, [
      ['add azure contoso.com', ['You need an active relationship with Contoso', 'For which customer?']],
      ['cancel', ['Cancelled. Nothing was stored.']],
    ]);
    await world.service.invitations.decide(people.contosoAdmin, { invitationId: sent.value.id, decision: 'approve' });
    await playBot(client, [
      ['add azure', ['For which customer?']],
      ['nowhere.example.com', ['There is no customer nowhere.example.com', 'For which customer?']],
      [
        'contoso.com',
        [
          'Microsoft 365 E3 ×50 (partner of record: Northwind Traders); Azure plan ×1 (partner of record: Northwind Traders). Add a new Azure plan with Fabrikam IT as its partner of record?',
        ],
      ],
      ['maybe', ['Answer **yes** or **no**', 'Add a new Azure plan']],
      ['yes', ['Added an Azure plan for Contoso; Fabrikam IT is its partner of record.']],
    ]);
    const subs = Object.values((await world.store.snapshot()).subscriptions);
    expect(subs.map((s) => [s.product, s.partnerOfRecordId])).toEqual([
      ['Microsoft 365 E3', 'northwind'],
      ['Azure plan', 'northwind'],
      ['Azure plan', 'fabrikam'],
    ]);
    await playBot(botClient(world, channel, people.fabrikamSalesAgent, 'ru'), [
      ['добавить azure contoso.com', ['У Contoso есть такие подписки, и они останутся без изменений']],
      ['нет', ['Ничего не добавлено.']],
    ]);
  });

  it('a stale summary card and unknown text get a clear answer', async () => {
    const world = await demoWorld();
    await playBot(botClient(world, channel, people.fabrikamAdminAgent, 'en'), [
      [submit({ formAction: 'send' }), ['That card belongs to a conversation that has ended']],
      ['make me a sandwich', ['I didn\'t understand "make me a sandwich"']],
    ]);
  });

  it('a half-finished invitation survives a new bot over the same storage', async () => {
    const world = await demoWorld();
    const storage = new MemoryStorage();
    await playBot(botClient(world, channel, people.fabrikamAdminAgent, 'en', storage), [
      ['invite contoso.com', ['Northwind', 'Which services']],
    ]);
    await playBot(botClient(world, channel, people.fabrikamAdminAgent, 'en', storage), [
      ['Azure', ['Which admin roles']],
    ]);
  });
});

describe('who is talking', () => {
  it('tells a Teams user the directory does not know who can use the bot', async () => {
    await playBot(botClient(await demoWorld(), 'msteams', people.stranger, 'en'), [
      [
        'invite',
        [
          "I don't know you: only the users of the partners and customers in my directory can use this bot. Ask your administrator",
        ],
      ],
      ['signin alex@fabrikam.onmicrosoft.com', ['Sign-in by e-mail exists only in the Bot Framework Emulator']],
    ]);
  });

  it("lets an Emulator user sign in as a demo user, and maps an Emulator user id set to a demo user's object id", async () => {
    const world = await demoWorld();
    await playBot(botClient(world, 'emulator', { tenantId: '', userId: 'emulator-user-1' }, 'en'), [
      [
        'help',
        [
          /In the Bot Framework Emulator, say who you are with \*\*signin\*\*.*Demo users: alex@fabrikam.onmicrosoft.com, sam@fabrikam.onmicrosoft.com/,
        ],
      ],
      ['signin nobody@nowhere.com', ['There is no demo user nobody@nowhere.com']],
      ['signin megan@contoso.com', ['You are now Megan Bowen (Contoso) in this Emulator conversation.']],
      ['help', ['You are Megan Bowen, Global Administrator at Contoso']],
    ]);
    await playBot(botClient(world, 'emulator', people.fabrikamAdminAgent, 'en'), [
      ['help', ['You are Alex Wilber, admin agent at Fabrikam IT']],
    ]);
  });

  it('welcomes a user when the bot is installed in Teams and when the Emulator opens a conversation', async () => {
    const world = await demoWorld();
    const teams = botClient(world, 'msteams', people.fabrikamAdminAgent, 'en');
    await playBot(teams, [
      [
        {
          type: 'conversationUpdate',
          membersAdded: [{ id: 'bot', name: 'Bot' }],
          recipient: { id: 'bot', name: 'Bot' },
        },
        ['Hello Alex Wilber!'],
      ],
    ]);
    const emulator = botClient(world, 'emulator', people.contosoAdmin, 'ru');
    await playBot(emulator, [
      [
        {
          type: 'conversationUpdate',
          membersAdded: [
            { id: 'bot', name: 'Bot' },
            { id: 'user', name: 'User' },
          ],
          recipient: { id: 'bot', name: 'Bot' },
        },
        ['Здравствуйте, Megan Bowen!'],
      ],
    ]);
  });
});
