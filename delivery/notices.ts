import type { CardJson } from '../cards/template.js';
import type { PersonalCard } from '../domain/delivery/delivery.js';
import type { Notification, NotificationKind, PersonRef } from '../domain/types.js';
import type { UseCases } from '../domain/useCases.js';
import type { Say } from '../translations/index.js';

/**
 * What one person is sent for a notification, as things are now: a card in their chat with the
 * bot, written in their language. `copyOf`: the invitation card itself — its copy is remembered so
 * that later changes update it, and in Teams a new chat may be opened for someone who never wrote.
 */
export interface Notice {
  card: (say: Say) => CardJson;
  copyOf?: { invitationId: string; card: PersonalCard };
}

/** Renders one kind of notification for one person; undefined when nothing is left to tell. */
export type NoticeRenderer = (
  notification: Notification,
  person: PersonRef,
  useCases: UseCases,
) => Promise<Notice | undefined>;

/** Every kind's renderer: each feature renders its own kinds (commands/<feature>/notices.ts). */
export type NoticeRenderers = { readonly [K in NotificationKind]: NoticeRenderer };

/** A kind that only updates card copies (done by the worker for every kind), with nothing for a person. */
export const onlyCardCopies: NoticeRenderer = async () => undefined;
