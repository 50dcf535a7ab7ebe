import type { DialogContext } from 'botbuilder-dialogs';
import type { DirectoryEntry } from '../domain/identity.js';
import { editDistance } from '../domain/textDistance.js';
import { commandArgument, commandWords, isCommand } from '../translations/index.js';
import type { OpenTurn } from '../turn/turnInfo.js';
import type { Answer, Route, RoutedTurn, RouteInput, Trigger } from './routes.js';

/** The turn a route runs in: anyone's; who they are when the directory knows them; the conversation's dialogs. */
export interface RouteTurn extends OpenTurn {
  me?: DirectoryEntry;
  dialogs: () => Promise<DialogContext>;
}

/**
 * The registry of routes, built once from the table (bot/routes.ts): finds the route a command, a
 * card verb or a file consent answer starts, and runs it with the turn its kind takes.
 */
export class Router {
  private readonly commands: ReadonlyArray<{ route: Route; word: Extract<Trigger, { command: unknown }> }>;
  private readonly verbs = new Map<string, Route>();
  private readonly consents = new Map<string, Route>();

  constructor(routes: readonly Route[]) {
    const commands: Array<{ route: Route; word: Extract<Trigger, { command: unknown }> }> = [];
    for (const route of routes) {
      const on = route.on;
      if ('command' in on) commands.push({ route, word: on });
      else if ('verb' in on) this.verbs.set(on.verb, route);
      else this.consents.set(on.fileConsent, route);
    }
    this.commands = commands;
  }

  /** The verbs answered: for the test that every card button has a route, and every route a button. */
  get routedVerbs(): string[] {
    return [...this.verbs.keys()];
  }

  /** The first command route (table order) whose word starts `text`, with the rest as its argument. */
  command(text: string, which: 'open' | 'known'): { route: Route; argument: string } | undefined {
    for (const { route, word } of this.commands) {
      if ((route.open === true) !== (which === 'open')) continue;
      if (word.exact) {
        if (isCommand(text, word.command)) return { route, argument: '' };
        continue;
      }
      const argument = commandArgument(text, word.command);
      if (argument !== undefined) return { route, argument };
    }
    return undefined;
  }

  /**
   * What an unknown text likelier meant: the command a letter or two away from its first words
   * ("invte contoso.com" → "invite contoso.com"), with the rest as typed; undefined when none is near.
   */
  suggest(text: string): string | undefined {
    const parts = text.trim().split(/\s+/);
    let best: { distance: number; text: string } | undefined;
    for (const { word } of this.commands) {
      for (const command of commandWords(word.command)) {
        const length = command.split(' ').length;
        const limit = command.length <= 4 ? 1 : 2;
        const distance = editDistance(parts.slice(0, length).join(' ').toLowerCase(), command, limit);
        if (distance > 0 && distance <= limit && (!best || distance < best.distance))
          best = { distance, text: [command, ...parts.slice(length)].join(' ') };
      }
    }
    return best?.text;
  }

  verb(verb: string): Route | undefined {
    return this.verbs.get(verb);
  }

  fileConsent(action: string): Route | undefined {
    return this.consents.get(action);
  }

  /**
   * Runs a route. An open one takes anyone's turn; any other needs a user the directory knows:
   * `undefined` when the turn has none (the caller tells them who may use the bot).
   */
  async run(route: Route, turn: RouteTurn, input: RouteInput): Promise<{ answer: Answer } | undefined> {
    if (route.open) return { answer: await route.run(turn, input) };
    if (!turn.identity || !turn.me) return undefined;
    const routed: RoutedTurn = {
      context: turn.context,
      say: turn.say,
      identity: turn.identity,
      me: turn.me,
      dialogs: await turn.dialogs(),
    };
    return { answer: await route.run(routed, input) };
  }
}
