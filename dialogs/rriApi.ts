// What the "rri" command needs from the API (issue 16): a case's RRI log, and
// recording a contact or an outcome in it. An interface of its own, so the
// test doubles of the assessment and work-list clients need not grow; the
// HTTP client implements all three.
import type { z } from 'zod';
import type { AddRriContactRequest, AddRriOutcomeRequest, rriLogResponseSchema } from '../api/rriContract.js';
import type { OfficerRef } from './assessmentApi.js';

export type RriLogResponse = z.output<typeof rriLogResponseSchema>;

export interface RriApi {
  /** GET /cases/{caseNumber}/rri (audited). */
  rriLog(officer: OfficerRef, caseNumber: string): Promise<RriLogResponse>;
  addRriContact(officer: OfficerRef, caseNumber: string, contact: AddRriContactRequest): Promise<void>;
  addRriOutcome(officer: OfficerRef, caseNumber: string, outcome: AddRriOutcomeRequest): Promise<void>;
}
