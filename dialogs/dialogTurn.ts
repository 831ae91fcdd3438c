// What the bot layer hands a dialog for one turn besides the TurnContext:
// who the officer is, their language, and the input already recognised.
// Carried in TurnContext.turnState under one key so dialogs stay free of
// Teams identity rules.
import type { TurnContext } from 'botbuilder';
import type { OfficerRef } from './assessmentApi.js';
import type { RunnerInput } from './assessmentRunner.js';
import type { Locale } from './messageCatalogue.js';

export interface DialogTurn {
  officer: OfficerRef;
  locale: Locale;
  input: RunnerInput;
}

const DIALOG_TURN_KEY = Symbol('bops.dialogTurn');

export function setDialogTurn(context: TurnContext, turn: DialogTurn): void {
  context.turnState.set(DIALOG_TURN_KEY, turn);
}

export function dialogTurnOf(context: TurnContext): DialogTurn {
  const turn = context.turnState.get(DIALOG_TURN_KEY) as DialogTurn | undefined;
  if (!turn) throw new Error('dialog continued without a DialogTurn; set it before continueDialog()');
  return turn;
}
