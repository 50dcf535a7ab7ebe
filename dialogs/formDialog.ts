import type { Activity, TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogInstance, type DialogTurnResult } from 'botbuilder-dialogs';
import type { DirectoryEntry, Identity } from '../domain/identity.js';
import { isCommand, sayIn, type Say, type StringKey } from '../translations/index.js';
import type { TurnInfoSource } from '../turn/turnInfo.js';

// A dialog made of questions, with what every question needs: "help" explains the current
// question and asks it again, "cancel" leaves with nothing stored, "back" returns to the previous
// question, and a wrong answer gets a specific message and the question again (R20); after three
// wrong answers the dialog offers to cancel. Its whole state is plain data in the dialog stack,
// so a half-finished form survives a restart of the bot.

export interface FormInput {
  text: string;
  /** An Adaptive Card's Action.Submit data, when the answer came from a card. */
  value?: Record<string, unknown>;
}

export interface FormTurn<V> {
  context: TurnContext;
  say: Say;
  identity: Identity;
  me: DirectoryEntry;
  values: V;
  /** The activity id of the question being answered, where the channel gave one (to update a card once answered). */
  promptActivityId?: string;
}

export type StepOutcome =
  | { kind: 'next'; notes?: Array<string | Partial<Activity>> }
  | { kind: 'retry'; message: string }
  | { kind: 'goto'; step: string; returnTo?: string }
  | { kind: 'end'; messages: Array<string | Partial<Activity>>; result?: unknown };

export interface FormStep<V> {
  id: string;
  help: StringKey;
  skip?(values: V): boolean;
  prompt(turn: FormTurn<V>): Promise<Partial<Activity>> | Partial<Activity>;
  accept(turn: FormTurn<V>, input: FormInput): Promise<StepOutcome> | StepOutcome;
}

interface FormState<V> {
  values: V;
  promptActivityId?: string;
  step: string;
  tries: number;
  trail: string[];
  returnTo?: string;
}

export interface FormOptions<V> {
  values?: Partial<V>;
  /** An answer to the first question given with the command, e.g. "invite contoso.com". */
  firstAnswer?: string;
}

export const MAX_TRIES = 3;

export abstract class FormDialog<V extends object> extends Dialog<FormOptions<V>> {
  protected constructor(
    id: string,
    private readonly turnInfo: TurnInfoSource,
  ) {
    super(id);
  }

  protected abstract steps(): FormStep<V>[];
  protected abstract initialValues(): V;

  /** A reason this user may not use the form at all, said before the first question (nothing is asked then). */
  protected async refusalAtStart(_turn: FormTurn<V>): Promise<string | undefined> {
    return undefined;
  }

  override async beginDialog(dc: DialogContext, options?: FormOptions<V>): Promise<DialogTurnResult> {
    const first = this.steps()[0]!;
    const state: FormState<V> = {
      values: { ...this.initialValues(), ...options?.values },
      step: first.id,
      tries: 0,
      trail: [],
    };
    dc.activeDialog!.state = state;
    const refused = await this.refusalAtStart(await this.turn(dc, state));
    if (refused !== undefined) {
      await dc.context.sendActivity(refused);
      return dc.endDialog();
    }
    if (options?.firstAnswer) return this.answer(dc, state, { text: options.firstAnswer }, await this.turn(dc, state));
    await this.ask(dc, state);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const activity = dc.context.activity;
    if (activity.type !== 'message') return Dialog.EndOfTurn;
    const state = dc.activeDialog!.state as FormState<V>;
    const value =
      typeof activity.value === 'object' && activity.value !== null
        ? (activity.value as Record<string, unknown>)
        : undefined;
    const input: FormInput = { text: (activity.text ?? '').trim(), ...(value ? { value } : {}) };
    const word = typeof value?.formAction === 'string' ? value.formAction : input.text;
    const turn = await this.turn(dc, state);

    if (isCommand(word, 'command.cancel')) {
      await dc.context.sendActivity(turn.say('form.cancelled'));
      return dc.endDialog();
    }
    if (isCommand(word, 'command.help')) {
      await dc.context.sendActivity(turn.say(this.current(state).help));
      await this.ask(dc, state);
      return Dialog.EndOfTurn;
    }
    if (isCommand(word, 'command.back')) {
      const previous = state.trail.pop();
      if (previous === undefined) await dc.context.sendActivity(turn.say('form.nothingBack'));
      else {
        state.step = previous;
        state.tries = 0;
        delete state.returnTo;
      }
      await this.ask(dc, state);
      return Dialog.EndOfTurn;
    }
    return this.answer(dc, state, input, turn);
  }

  private async answer(
    dc: DialogContext,
    state: FormState<V>,
    input: FormInput,
    turn: FormTurn<V>,
  ): Promise<DialogTurnResult> {
    const step = this.current(state);
    const outcome = await step.accept(turn, input);
    switch (outcome.kind) {
      case 'retry': {
        state.tries += 1;
        await dc.context.sendActivity(outcome.message);
        if (state.tries >= MAX_TRIES) {
          await dc.context.sendActivity(turn.say('form.tooManyTries'));
          state.tries = 0;
        }
        await this.ask(dc, state);
        return Dialog.EndOfTurn;
      }
      case 'end':
        for (const message of outcome.messages) await dc.context.sendActivity(message);
        return dc.endDialog(outcome.result);
      case 'goto':
        state.trail.push(state.step);
        state.step = outcome.step;
        state.tries = 0;
        if (outcome.returnTo) state.returnTo = outcome.returnTo;
        await this.ask(dc, state);
        return Dialog.EndOfTurn;
      case 'next': {
        for (const note of outcome.notes ?? []) await dc.context.sendActivity(note);
        const next = state.returnTo ?? this.nextStep(state);
        if (next === undefined) return dc.endDialog(state.values);
        state.trail.push(state.step);
        state.step = next;
        state.tries = 0;
        delete state.returnTo;
        await this.ask(dc, state);
        return Dialog.EndOfTurn;
      }
    }
  }

  private nextStep(state: FormState<V>): string | undefined {
    const steps = this.steps();
    const at = steps.findIndex((s) => s.id === state.step);
    return steps.slice(at + 1).find((s) => !s.skip?.(state.values))?.id;
  }

  private current(state: FormState<V>): FormStep<V> {
    const step = this.steps().find((s) => s.id === state.step);
    if (!step) throw new Error(`${this.id}: no step "${state.step}"`);
    return step;
  }

  /** The open question again (the bot asks after a language change mid-dialog), in the turn's language. */
  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    await this.askIn(context, instance.state as FormState<V>);
  }

  private async turn(dc: DialogContext, state: FormState<V>): Promise<FormTurn<V>> {
    return this.turnIn(dc.context, state);
  }

  private async turnIn(context: TurnContext, state: FormState<V>): Promise<FormTurn<V>> {
    const info = await this.turnInfo(context);
    // The bot routes only known users into a form; a dialog resumed for someone else is a bug.
    if (!info.identity || !info.me) throw new Error(`${this.id}: no known user for this turn`);
    return {
      context,
      say: sayIn(info.locale),
      identity: info.identity,
      me: info.me,
      values: state.values,
      ...(state.promptActivityId ? { promptActivityId: state.promptActivityId } : {}),
    };
  }

  private async ask(dc: DialogContext, state: FormState<V>): Promise<void> {
    await this.askIn(dc.context, state);
  }

  private async askIn(context: TurnContext, state: FormState<V>): Promise<void> {
    const turn = await this.turnIn(context, state);
    const sent = await context.sendActivity(await this.current(state).prompt(turn));
    if (sent?.id) state.promptActivityId = sent.id;
    else delete state.promptActivityId;
  }
}
