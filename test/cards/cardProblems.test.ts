import { expect, it } from '@jest/globals';
import { compileCard } from '../../cards/template.js';
import inviteSummary from '../../cards/invitations/inviteSummary.json' with { type: 'json' };
import { cardProblems } from '../helpers/adaptiveCard.js';

// The card checks in the dialog tests rely on cardProblems; make sure it does see problems.
it('card validation reports unknown elements, bad values, duplicate ids and unexpanded bindings', () => {
  expect(
    cardProblems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlok', text: 'x' }] }).join(),
  ).toContain('Unknown element type "TextBlok"');
  expect(
    cardProblems({
      type: 'AdaptiveCard',
      version: '1.5',
      body: [
        { type: 'Input.Text', id: 'a' },
        { type: 'Input.Text', id: 'a' },
      ],
    }).join(),
  ).toMatch(/Duplicate id/i);
  expect(
    cardProblems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: '${missing}' }] }),
  ).toContain('unexpanded template binding');
  expect(
    cardProblems(
      compileCard(inviteSummary).expand({
        title: 'T',
        facts: [{ label: 'a', value: 'b' }],
        prompt: 'p',
        buttons: { send: 's', edit: 'e', cancel: 'c' },
      }),
    ),
  ).toEqual([]);
});
