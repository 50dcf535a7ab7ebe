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

describe('R25 plain text', () => {
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
