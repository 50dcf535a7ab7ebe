import { isApproverRole } from '../../domain/types.js';
import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { UseCases } from '../../domain/useCases.js';
import { refusal } from '../../domain/refusals.js';
import { type Locale, type Say, sayIn, type StringKey } from '../../translations/index.js';
import { forgetTurnInfo, type KnownTurn, type TurnInfoSource, type UserProfile } from '../../turn/turnInfo.js';

/** What any user can say whatever their role: help, language, sign-in (Emulator), and the welcome. */
export class UserCommands {
  constructor(
    private readonly service: UseCases,
    private readonly profiles: StatePropertyAccessor<UserProfile>,
    private readonly turnInfo: TurnInfoSource,
    private readonly selfDeclaredIdentity: boolean,
  ) {}

  async help({ context, say, me }: KnownTurn): Promise<void> {
    const roles = me.roles.map((r) => say(`role.${r}` as StringKey)).join(', ');
    const key =
      me.kind === 'partner' ? 'help.partner' : me.roles.some(isApproverRole) ? 'help.customerAdmin' : 'help.customer';
    await context.sendActivity(say(key, { name: me.name, roles, organisation: me.organisation }));
  }

  async setLanguage(context: TurnContext, say: Say, choice: string): Promise<void> {
    const locale = choice.toLowerCase();
    if (locale !== 'en' && locale !== 'ru') {
      await context.sendActivity(say('language.unknown'));
      return;
    }
    const profile = await this.profiles.get(context, {});
    await this.profiles.set(context, { ...profile, locale: locale as Locale });
    forgetTurnInfo(context);
    await context.sendActivity(sayIn(locale as Locale)('language.set'));
  }

  /** The Emulator sends no tenant: "signin <e-mail>" says which demo user this conversation is. */
  async signIn(context: TurnContext, say: Say, email: string): Promise<void> {
    if (!this.selfDeclaredIdentity) {
      // R24: with credentials, who you are is what the channel vouches for; the attempt is audited.
      const refused = refusal('selfDeclaredIdentity');
      const claimed = {
        tenantId: String(context.activity.conversation?.tenantId ?? context.activity.channelId ?? ''),
        userId: String(context.activity.from?.id ?? ''),
      };
      await this.service.people.refused(claimed, 'signin', 'customer', email.slice(0, 100), refused);
      await context.sendActivity(say.refusal(refused));
      return;
    }
    if (context.activity.channelId !== 'emulator') {
      await context.sendActivity(say('signin.notHere'));
      return;
    }
    const found = await this.service.people.find({ email });
    if (!found) {
      await context.sendActivity(say('signin.unknown', { email: email.slice(0, 80), users: await this.demoUsers() }));
      return;
    }
    const profile = await this.profiles.get(context, {});
    await this.profiles.set(context, { ...profile, emulatorUser: found.identity });
    forgetTurnInfo(context);
    await context.sendActivity(say('signin.done', { name: found.name, organisation: found.organisation }));
  }

  async tellUnknownUser(context: TurnContext, say: Say): Promise<void> {
    const how =
      context.activity.channelId === 'emulator' && this.selfDeclaredIdentity
        ? say('unknownUser.emulator', { users: await this.demoUsers() })
        : say('unknownUser.teams');
    await context.sendActivity(say('unknownUser', { how }));
  }

  async welcome(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const botId = activity.recipient?.id;
    const added = activity.membersAdded ?? [];
    // Teams announces the bot's installation; the Emulator announces the user joining.
    const greet =
      activity.channelId === 'msteams' ? added.some((m) => m.id === botId) : added.some((m) => m.id !== botId);
    if (!greet) return;
    const info = await this.turnInfo(context);
    const say = sayIn(info.locale);
    await context.sendActivity(info.me ? say('welcome', { name: info.me.name }) : say('welcome.unknown'));
  }

  private async demoUsers(): Promise<string> {
    return (await this.service.people.directory()).map((u) => u.email).join(', ');
  }
}
