// What the API needs from storage for the RRI log (issue 16, item 1),
// independent of engine. Every write and read appends its audit row in the
// same transaction; a closed case takes no new entries.
import type { AuditContext } from './auditLog.js';
import type { RriContactKind, RriOutcome, RriOutcomeSource } from './rriContract.js';

export interface RriContactRecord {
  id: string;
  threatActorId: string | null;
  /** ISO date (YYYY-MM-DD). */
  contactedOn: string;
  kind: RriContactKind;
  accepted: boolean;
  talksHeld: number;
  officerId: string;
  createdBy: string;
  createdAt: Date;
}

export type NewRriContact = Omit<RriContactRecord, 'id' | 'createdBy' | 'createdAt'>;

export interface RriOutcomeRecord {
  id: string;
  followedUpOn: string;
  outcome: RriOutcome;
  source: RriOutcomeSource;
  createdBy: string;
  createdAt: Date;
}

export type NewRriOutcome = Omit<RriOutcomeRecord, 'id' | 'createdBy' | 'createdAt'>;

export interface RriLogRecord {
  contacts: RriContactRecord[];
  outcomes: RriOutcomeRecord[];
}

/**
 * The RRI log of a case. Writes throw CaseRepositoryError 'case_closed' for a closed case and
 * 'invalid_reference' when the named threat actor is no hotaktör or misstänkt of the case.
 */
export interface RriLog {
  addContact(caseId: string, contact: NewRriContact, audit: AuditContext): Promise<RriContactRecord>;
  addOutcome(caseId: string, outcome: NewRriOutcome, audit: AuditContext): Promise<RriOutcomeRecord>;
  /**
   * The case's log, audited as one 'rri.read' of the case; `includeProtected` false leaves out the
   * contacts naming a threat actor with protected identity, as the persons list leaves them out.
   */
  read(caseId: string, includeProtected: boolean, audit: AuditContext): Promise<RriLogRecord>;
}
