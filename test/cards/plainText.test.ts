import { describe, expect, it } from '@jest/globals';
import { plainText } from '../../translations/plainText.js';
import { cardOf, member, party } from '../helpers/party.js';
import { renderCard } from '../helpers/renderCard.js';
import { demoWorld, inviteContoso, people } from '../helpers/world.js';

// R25: what one party typed reaches the other as plain text: the card as the adaptivecards library
// renders it (Markdown on, addresses autolinked) has no link, no emphasis, no list, no mention from it.
const HOSTILE = [
  '[click](http://evil.example)',
  '<b>bold</b> <at>Megan</at> <a href="http://evil.example">x</a>',
  '**urgent** _now_ ~~gone~~ `code`',
  'visit www.evil.example or http://evil.example/path?q=1 or evil.com, mail admin@evil.example',
  '- first\n1. second\n# heading\n> quote',
  '![img](http://evil.example/i.png)',
];

const withoutInvisible = (text: string) => text.replace(/\u200B/g, '');

/** Every invisible or direction-changing character R25 names, one of each. */
const INVISIBLE = [
  ...'\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200B\u200C\u200D\u2060\uFEFF\u200E\u200F',
];

describe('R25 plain text', () => {
  it('R25 invisible and direction-changing characters a party typed are gone from what the other sees: in the message, the decline reason and the relationship name stored, and in any text shown', async () => {
    const hidden = (text: string) => INVISIBLE.filter((c) => text.includes(c));
    const sneaky = `Pay \u202Eexe.tnemyap\u202C now\u200B, from Fab\u200Drikam\uFEFF \u2066IT\u2069`;
    expect(hidden(plainText(sneaky).replace(/\u200B(?=\S)/g, ''))).toEqual([]);
    const world = await demoWorld();
    const p = party(world);
    const [alex, megan] = [member(people.fabrikamAdminAgent), member(people.contosoAdmin)];
    for (const who of [alex, megan]) await p.send(who, 'help');
    const sent = await world.service.invitations.create(people.fabrikamAdminAgent, {
      ...inviteContoso,
      message: sneaky,
      relationshipName: 'Fabrikam\u202E IT\u200B – Contoso',
    });
    if (!sent.ok) throw new Error(sent.refusal.code);
    expect(sent.value.relationshipName).toBe('Fabrikam IT – Contoso');
    expect(sent.value.message).toBe('Pay exe.tnemyap now, from Fabrikam IT');
    await p.deliver();
    const declined = await world.service.invitations.decide(people.contosoAdmin, {
      invitationId: sent.value.id,
      decision: 'decline',
      reason: 'No\u2067 thanks\u200C',
    });
    expect(declined.ok && declined.value.invitation.reason).toBe('No thanks');
    // Megan's card: no invisible character but the product's own zero-width spaces (breaking an address).
    const card = JSON.stringify(cardOf(p.adapter.activeQueue.splice(0).find((a) => a.attachments?.length)));
    expect(card).toContain('Fabrikam IT – Contoso');
    expect(hidden(card.replace(/\u200B/g, ''))).toEqual([]);
  });

  it.each(HOSTILE)('R25 %j renders as the same visible text with no link or formatting', (text) => {
    const element = renderCard({
      type: 'AdaptiveCard',
      version: '1.5',
      body: [{ type: 'TextBlock', text: plainText(text), wrap: true }],
    });
    expect(
      element.querySelectorAll('a, strong, em, b, i, code, s, del, ul, ol, li, h1, h2, h3, blockquote, img').length,
    ).toBe(0);
    expect(
      withoutInvisible(element.textContent ?? '')
        .replace(/\s+/g, ' ')
        .trim(),
    ).toBe(text.replace(/\s+/g, ' ').trim());
  });

  it("R25 a partner's hostile message and a hostile decline reason reach the other side as plain text, in every card", async () => {
    const world = await demoWorld();
    const p = party(world);
    const [alex, megan] = [member(people.fabrikamAdminAgent), member(people.contosoAdmin)];
    for (const who of [alex, megan]) await p.send(who, 'help');
    const message = HOSTILE.join(' ');
    const sent = await world.service.invitations.create(people.fabrikamAdminAgent, { ...inviteContoso, message });
    if (!sent.ok) throw new Error(sent.refusal.code);
    await p.deliver();
    const cards = p.adapter.activeQueue.splice(0).map(cardOf);
    const declined = await p.send(megan, {
      value: { verb: 'decline', invitationId: sent.value.id, reason: HOSTILE[0] + ' ' + HOSTILE[3] },
    });
    cards.push(...declined.map(cardOf), ...p.updates.map(cardOf));
    const rendered = cards.filter((c) => c !== undefined).map(renderCard);
    expect(rendered.length).toBeGreaterThanOrEqual(3); // Megan's card, its update, Alex's notice
    for (const element of rendered) {
      expect([...element.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual([]);
      // The cards' own formatting (role names in bold, the "does not change" list) stays; nothing typed is formatted.
      const formattedFromUserText = [...element.querySelectorAll('strong, em, code, s, del, img, li, h1, blockquote')]
        .map((e) => e.textContent ?? '')
        .filter((t) => /urgent|now|gone|code|bold|first|second|heading|quote|evil|click/.test(t));
      expect(formattedFromUserText).toEqual([]);
    }
    const text = rendered.map((e) => withoutInvisible(e.textContent ?? '')).join('\n');
    expect(text).toContain('[click](http://evil.example)'); // shown, as typed, not as a link
  });
});
