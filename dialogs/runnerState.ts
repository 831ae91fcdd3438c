// The assessment runner's snapshot, as the conversation state keeps it between
// turns. Validated on the way in and versioned, because it outlives a deploy:
// a snapshot of another shape is never resumed blindly (the dialog goes on from
// the draft the API saved instead).
import { z } from 'zod';
import { findItem } from '../methodology/instrumentEngine.js';
import type { LoadedPack } from '../methodology/methodologySource.js';
import type { Instrument, Item } from '../methodology/packSchema.js';
import { reassessmentStateSchema } from './reassessmentState.js';

/** Bumped whenever the snapshot shape changes; an older snapshot is not resumed blindly. */
export const RUNNER_STATE_VERSION = 2;

const answerValueSchema = z.union([z.string(), z.array(z.string())]);
const answerSchema = z.object({ value: answerValueSchema, rationale: z.string().nullable().optional() });

export const runnerStateSchema = z.object({
  v: z.literal(RUNNER_STATE_VERSION),
  packId: z.string(),
  packVersion: z.string(),
  level: z.enum(['initial', 'structured', 'in_depth']),
  /** Unset only while the officer picks the instrument. */
  instrumentId: z.string().optional(),
  /** The case, when it was known before the instrument was picked (a work list's "Ompröva"): not asked again. */
  presetCaseNumber: z.string().optional(),
  /**
   * 'completing' only lives within one turn, between the completion being sent to the API and its
   * answer being fed back; a turn never commits it.
   */
  phase: z.enum(['instrument', 'case_number', 'reassess_offer', 'question', 'rationale', 'completing', 'done']),
  /** A re-assessment (omprövning): the previous assessment, offered ('reassess_offer') or chosen. */
  reassessment: reassessmentStateSchema.optional(),
  assessmentId: z.string().optional(),
  current: z.string().optional(),
  /** The answer given while the officer writes the reason it needs. */
  pending: answerValueSchema.optional(),
  answers: z.record(z.string(), answerSchema),
  /** Items answered, in order, so "back" retraces the officer's own path. */
  history: z.array(z.string()),
  /**
   * Issue 13: 'compact' shows a card per section (compactGroups.ts) instead of a question at a time;
   * absent is step by step. Set each turn from the officer's choice, so switching mid-assessment
   * keeps every answer. Optional, so snapshots written before it still resume as they were.
   */
  mode: z.enum(['compact']).optional(),
  /** The values of a compact card that came back with marks, kept to show them again. */
  kept: z.record(z.string(), z.string()).optional(),
});
export type RunnerState = z.infer<typeof runnerStateSchema>;
export type AssessmentLevel = RunnerState['level'];

/** The instruments an assessment of this level chooses from, in the pack's order (the menu's numbering). */
export const instrumentsOf = (pack: LoadedPack, level: AssessmentLevel): Instrument[] => pack.pack.instruments.filter((i) => i.level === level);

/** The item the state is at; a state that points at none is a bug, not officer input. */
export function currentItem(instrument: Instrument, state: RunnerState): Item {
  const item = state.current ? findItem(instrument, state.current) : undefined;
  if (!item) throw new Error(`runner state points at no item of ${instrument.id}`);
  return item;
}
