import { type ConversationReference, type Storage, TurnContext } from 'botbuilder';
import type { Identity } from '../domain/identity.js';
import type { Locale } from './strings.js';

interface StoredReference {
  reference: Partial<ConversationReference>;
  locale: Locale;
}

/** A Teams tenant the bot has been talked to from. */
export interface TenantEndpoint {
  serviceUrl: string;
  bot: ConversationReference['bot'];
  tenantId: string;
}

/** A copy of an invitation card somewhere: where it was sent, its activity id, for whom and in which language. */
export interface CardCopy {
  reference: Partial<ConversationReference>;
  activityId: string;
  viewerId: string;
  /** Posted in a group chat: shown to everyone, so rebuilt with the shared view. */
  shared?: boolean;
  locale: Locale;
}

/**
 * What the bot needs to reach people later, kept in the bot's Storage (the same db file): the
 * conversation reference of everyone who talked to the bot, and every copy of every invitation
 * card, so a decision can update them all.
 */
export class ConversationStore {
  constructor(private readonly storage: Storage) {}

  async remember(context: TurnContext, identity: Identity, locale: Locale): Promise<void> {
    // Without the incoming activity's id: a proactive message is not a reply to it, and the
    // reference stays the same from turn to turn.
    const { activityId: _activityId, ...reference } = TurnContext.getConversationReference(context.activity);
    // Every turn calls this: write only what changed, so a turn costs no extra file write.
    const keys = [referenceKey(identity), endpointKey(identity.tenantId)];
    const stored = await this.storage.read(keys);
    const changes: Record<string, object> = {};
    const item: StoredReference = { reference, locale };
    if (!sameJson(stored[keys[0]!], item)) changes[keys[0]!] = { ...item, eTag: '*' };
    // Where Teams can be reached for this tenant: enough to open a 1:1 chat with someone who never wrote.
    if (context.activity.channelId === 'msteams' && reference.serviceUrl && reference.bot) {
      const endpoint: TenantEndpoint = { serviceUrl: reference.serviceUrl, bot: reference.bot, tenantId: identity.tenantId };
      if (!sameJson(stored[keys[1]!], endpoint)) changes[keys[1]!] = { ...endpoint, eTag: '*' };
    }
    if (Object.keys(changes).length > 0) await this.storage.write(changes);
  }

  async rememberReference(identity: Identity, reference: Partial<ConversationReference>, locale: Locale): Promise<void> {
    const item: StoredReference = { reference, locale };
    await this.storage.write({ [referenceKey(identity)]: { ...item, eTag: '*' } });
  }

  async endpointOf(tenantId: string): Promise<TenantEndpoint | undefined> {
    const key = endpointKey(tenantId);
    const item = (await this.storage.read([key]))[key] as TenantEndpoint | undefined;
    return item?.serviceUrl ? { serviceUrl: item.serviceUrl, bot: item.bot, tenantId: item.tenantId } : undefined;
  }

  async referenceOf(identity: Identity): Promise<StoredReference | undefined> {
    const key = referenceKey(identity);
    const item = (await this.storage.read([key]))[key] as StoredReference | undefined;
    return item?.reference ? item : undefined;
  }

  async addCardCopy(invitationId: string, copy: CardCopy): Promise<void> {
    await this.update(cardsKey(invitationId), (copies) => [...copies.filter((c) => !(c.activityId === copy.activityId && c.reference.conversation?.id === copy.reference.conversation?.id)), copy]);
  }

  async cardCopies(invitationId: string): Promise<CardCopy[]> {
    const key = cardsKey(invitationId);
    return ((await this.storage.read([key]))[key]?.copies as CardCopy[] | undefined) ?? [];
  }

  /** Read-modify-write with the eTag; a concurrent writer makes us read again. */
  private async update(key: string, change: (copies: CardCopy[]) => CardCopy[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const current = (await this.storage.read([key]))[key] as { copies?: CardCopy[]; eTag?: string } | undefined;
      try {
        await this.storage.write({ [key]: { copies: change(current?.copies ?? []), eTag: current?.eTag ?? '*' } });
        return;
      } catch (error) {
        if (attempt >= 10 || !/eTag conflict/.test(String(error))) throw error;
      }
    }
  }
}

/** Equal as stored, ignoring the eTag. */
function sameJson(stored: unknown, item: object): boolean {
  if (!stored) return false;
  const { eTag: _eTag, ...rest } = stored as Record<string, unknown>;
  return JSON.stringify(rest) === JSON.stringify(JSON.parse(JSON.stringify(item)));
}

const referenceKey = (identity: Identity) => `conversationReferences/${identity.tenantId}/${identity.userId}`;
const endpointKey = (tenantId: string) => `tenantEndpoints/${tenantId}`;
const cardsKey = (invitationId: string) => `invitationCards/${invitationId}`;
