import type { Activity, StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { DirectoryEntry, Identity } from '../domain/identity.js';
import type { UseCases } from '../domain/useCases.js';
import { localeFromTag, type Locale, type Say } from '../translations/index.js';

/** What every handler needs to know about a turn: the language to answer in, and who is acting. */
export interface TurnInfo {
  locale: Locale;
  /** The language the person chose ("language ru"), if the turn read it: it is `locale` then. */
  chosenLocale?: Locale;
  /** Present only for a user the directory knows. */
  identity?: Identity;
  me?: DirectoryEntry;
}

/**
 * `withoutState`: the turn reads none of the person's stored state (a Teams card action that needs
 * none): its language is then the activity's, and the handler reads the person's own with its work.
 * The first call of a turn decides; later ones get the same answer.
 */
export type TurnInfoSource = (context: TurnContext, options?: { withoutState?: boolean }) => Promise<TurnInfo>;

/** Remembered per user: the language chosen with "language ru", and who an Emulator user signed in as. */
export interface UserProfile {
  locale?: Locale;
  emulatorUser?: Identity;
}

/** Teams (and the Agents Playground) say who is acting: the tenant and the user's Entra object id. */
export function identityFromActivity(activity: Partial<Activity>): Identity | undefined {
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const tenantId = channelData?.tenant?.id ?? activity.conversation?.tenantId;
  const userId = activity.from?.aadObjectId;
  return typeof tenantId === 'string' && tenantId && typeof userId === 'string' && userId
    ? { tenantId, userId }
    : undefined;
}

const TURN_INFO = Symbol('turnInfo');

/** The language this turn was answered in, if the turn got as far as reading it (for an error said at its end). */
export async function turnLocale(context: TurnContext): Promise<Locale | undefined> {
  const cached = context.turnState.get(TURN_INFO) as Promise<TurnInfo> | undefined;
  return cached?.then((info) => info.locale).catch(() => undefined);
}

/** What changed the turn's language or identity (language, signin): the turn is read again when next asked. */
export function forgetTurnInfo(context: TurnContext): void {
  context.turnState.delete(TURN_INFO);
}

/**
 * Who is talking comes only from what the channel vouches for (R24): on `msteams`, the tenant and
 * Entra object id of the activity (the adapter has checked its token when an app id is set).
 * Self-declared identity — the Emulator's sign-in, or an Emulator user id equal to a demo user's
 * object id — is honoured only when `selfDeclaredIdentity` is on: the bot runs without credentials.
 */
export function createTurnInfoSource(
  service: UseCases,
  profiles: StatePropertyAccessor<UserProfile>,
  selfDeclaredIdentity: boolean,
): TurnInfoSource {
  // Resolved once per turn: the bot, its dialogs and handlers all ask.
  return (context, options = {}) => {
    const cached = context.turnState.get(TURN_INFO) as Promise<TurnInfo> | undefined;
    if (cached) return cached;
    const info = resolve(context, options.withoutState === true);
    context.turnState.set(TURN_INFO, info);
    return info;
  };

  async function resolve(context: TurnContext, withoutState: boolean): Promise<TurnInfo> {
    const activity = context.activity;
    const profile: UserProfile = withoutState ? {} : await profiles.get(context, {});
    const locale = profile.locale ?? localeFromTag(activity.locale);
    let identity = activity.channelId === 'msteams' ? identityFromActivity(activity) : undefined;
    if (!identity && selfDeclaredIdentity && activity.channelId === 'emulator') {
      // The Emulator sends no tenant: a user id set to a demo user's object id, or "signin <e-mail>".
      identity = profile.emulatorUser ?? (await service.people.find({ userId: activity.from?.id ?? '' }))?.identity;
    }
    // Connected to Partner Center, the partner's users are who Microsoft says (their groups).
    if (identity) await service.partnerCenter.recognisePartnerUser(identity, activity.from?.name ?? '');
    const me = identity ? await service.people.describe(identity) : undefined;
    const chosen = profile.locale ? { chosenLocale: profile.locale } : {};
    return identity && me ? { locale, ...chosen, identity, me } : { locale, ...chosen };
  }
}

/** A known user's turn: enough for a card action or a one-line command. */
export interface KnownTurn {
  context: TurnContext;
  say: Say;
  identity: Identity;
  me: DirectoryEntry;
}

/** Any user's turn: the language, and who it is if the directory knows them. */
export interface OpenTurn {
  context: TurnContext;
  say: Say;
  identity?: Identity;
  /**
   * The language the person chose was not read for this turn (a Teams card action: no state is
   * read for one), so `say` is their client's: the handler reads their choice with its own work.
   */
  languageUnread?: boolean;
}
