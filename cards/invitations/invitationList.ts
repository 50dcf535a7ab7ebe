import type { Invitation } from '../../domain/types.js';
import type { Say } from '../../translations/index.js';
import invitationListTemplate from './invitationList.json' with { type: 'json' };
import { plainText } from '../../translations/plainText.js';
import { type CardJson, compileCard } from '../template.js';

const INVITATION_LIST = compileCard(invitationListTemplate);

// The list cards: a partner's or an administrator's invitations, a customer's partners, a
// partner's customers. Their buttons carry ids only.

export interface InvitationListInput {
  organisation: string;
  viewer: 'partner' | 'customer';
  page: number;
  pageSize: number;
  total: number;
  items: Invitation[];
  /** Customer names by domain, where the directory knows them. */
  names: ReadonlyMap<string, string>;
}

export function invitationListCard(say: Say, input: InvitationListInput): CardJson {
  const pages = Math.ceil(input.total / input.pageSize);
  return INVITATION_LIST.expand({
    title: say('invitations.title', { organisation: plainText(input.organisation) }),
    pageText: say('invitations.page', { page: input.page, pages, total: input.total }),
    labels: { status: say('field.status'), created: say('field.created'), expires: say('field.expires') },
    buttons: {
      cancel: say('button.cancel'),
      resend: say('button.resend'),
      open: say('button.open'),
      previous: say('button.previous'),
      next: say('button.next'),
    },
    items: input.items.map((i) => {
      const name = input.names.get(i.customerDomain);
      return {
        id: i.id,
        code: i.code,
        customer: plainText(name ? `${name} (${i.customerDomain})` : i.customerDomain),
        status: say(`status.${i.status}`),
        created: say.date(i.createdAt),
        expires: say.date(i.expiresAt),
        // The partner manages its invitations; the customer's administrator opens the card to decide.
        pending: input.viewer === 'partner' && i.status === 'pending',
        openable: input.viewer === 'customer' && i.status === 'pending',
      };
    }),
    hasPrevious: input.page > 1,
    hasNext: input.page < pages,
    previousPage: input.page - 1,
    nextPage: input.page + 1,
  });
}
