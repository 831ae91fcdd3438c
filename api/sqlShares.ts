// Shares of a case with an investigation (issue 15) in Postgres (either
// engine). A share and its first snapshot are written in one transaction with
// their 'share.create' audit row; a refresh adds a snapshot (the old ones
// stay) with 'share.refresh'; a withdrawal records who, when and why with
// 'share.withdraw'; the case's shares listed for its Bops officers, with
// 'share.list'. What a snapshot holds is decided by the caller
// (api/shareSnapshot.ts over the pack's sharing declaration) from the case
// facts read here, inside the same transaction, so the snapshot is the case
// as it stood when the share was made. A recipient's read of a share is one
// 'share.read' row per share shown.
import { appendAudit, type AuditContext } from './auditLog.js';
import { SETTLED_MEASURE_STATUSES, type MeasureStatus, type PersonRole, type PlanPart } from './caseDomain.js';
import type { Database, Queryable } from './database.js';
import { recordNotices } from './noticeOutbox.js';
import type { PoliceRegion } from './policeRegions.js';
import type { CaseShareFacts, ShareFields } from './shareSnapshot.js';
import { THREAT_ACTOR_ROLES } from './shareSnapshot.js';
import { shareSnapshotHash } from './shareSnapshotHash.js';

export interface ShareSnapshotRecord {
  seq: number;
  takenAt: Date;
  takenBy: string;
  pack: { id: string; version: string };
  fields: ShareFields;
}

export interface ShareRecord {
  id: string;
  caseId: string;
  caseNumber: string;
  investigationNumber: string;
  recipients: string[];
  reason: string;
  sharedBy: string;
  sharedAt: Date;
  withdrawn: { by: string; at: Date; reason: string } | null;
  snapshots: ShareSnapshotRecord[];
}

/** What the access policy needs about a share; not personal data. */
export interface ShareAccessFacts {
  shareId: string;
  caseId: string;
  caseNumber: string;
  region: PoliceRegion;
  sharedBy: string;
  recipients: string[];
  withdrawn: boolean;
  assignedOfficerIds: string[];
}

/** The case facts a snapshot is made from, with the pack version of the latest assessment (null: none). */
export type SnapshotSource = CaseShareFacts & { latestPack: { id: string; version: string } | null };
/** Turns the case facts into the snapshot to store, under the pack version it was declared by. */
export type SnapshotMaker = (source: SnapshotSource) => { pack: { id: string; version: string }; fields: ShareFields };

export interface NewShare {
  caseId: string;
  investigationNumber: string;
  recipients: readonly string[];
  reason: string;
  sharedBy: string;
  /** The snapshotHash of the preview the sharer confirmed; when given, a different snapshot now stores nothing (snapshot_changed). */
  snapshotHash?: string;
}

const SELECT_SHARE = `
  SELECT s.id, s.case_id, c.case_number, s.investigation_number, s.reason, s.shared_by, s.shared_at,
         s.withdrawn_by, s.withdrawn_at, s.withdraw_reason,
         ARRAY(SELECT r.officer_id FROM case_share_recipients r WHERE r.share_id = s.id ORDER BY r.officer_id) AS recipients
    FROM case_shares s JOIN cases c ON c.id = s.case_id`;

interface ShareRow {
  id: string;
  case_id: string;
  case_number: string;
  investigation_number: string;
  reason: string;
  shared_by: string;
  shared_at: Date | string;
  withdrawn_by: string | null;
  withdrawn_at: Date | string | null;
  withdraw_reason: string | null;
  recipients: string[];
}

interface SnapshotRow {
  share_id: string;
  seq: number;
  taken_at: Date | string;
  taken_by: string;
  pack_id: string;
  pack_version: string;
  fields: ShareFields;
}

const toSnapshot = (r: SnapshotRow): ShareSnapshotRecord => ({ seq: Number(r.seq), takenAt: new Date(r.taken_at), takenBy: r.taken_by, pack: { id: r.pack_id, version: r.pack_version }, fields: r.fields });

/** Why the repository refused a share action; api/repositoryProblems.ts answers each as its problem. */
export type ShareErrorReason = 'not_found' | 'share_withdrawn' | 'invalid_reference' | 'case_closed' | 'pack_not_loaded' | 'snapshot_changed';

export class ShareError extends Error {
  constructor(
    readonly reason: ShareErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'ShareError';
  }
}

/** The facts of a case a snapshot may draw on: nothing free-text, no label, no protected person. */
async function snapshotSource(tx: Queryable, caseId: string): Promise<SnapshotSource> {
  const latest = await tx.query<{ instrument_id: string; completed_at: Date | string; judgements: Record<string, string> | null; pack_id: string; pack_version: string }>(
    `SELECT instrument_id, completed_at, derived->'judgements' AS judgements, pack_id, pack_version FROM assessments
      WHERE case_id = $1 AND status = 'completed' AND level IN ('structured', 'in_depth')
      ORDER BY completed_at DESC, id DESC LIMIT 1`,
    [caseId],
  );
  const measures = await tx.query<{ measure_id: string; part: PlanPart; status: MeasureStatus; expires_on: string | null }>(
    `SELECT m.measure_id, m.part, m.status, m.expires_on::text AS expires_on FROM protection_measures m JOIN protection_plans p ON p.id = m.plan_id
      WHERE p.case_id = $1 AND p.status = 'active' ORDER BY m.measure_id`,
    [caseId],
  );
  const actors = await tx.query<{ role: PersonRole }>(
    `SELECT DISTINCT role FROM case_persons WHERE case_id = $1 AND NOT protected_identity AND role = ANY($2::text[]) ORDER BY role`,
    [caseId, [...THREAT_ACTOR_ROLES]],
  );
  // Of the bans earlier snapshots of the case's shares sent, those ended since: the latest row of each measure id.
  const ended = await tx.query<{ measure_id: string; status: MeasureStatus; expires_on: string | null; ended_at: Date | string }>(
    `SELECT DISTINCT ON (m.measure_id) m.measure_id, m.status, m.expires_on::text AS expires_on,
            CASE WHEN m.status = ANY($2::text[]) THEN m.updated_at ELSE p.closed_at END AS ended_at
       FROM protection_measures m JOIN protection_plans p ON p.id = m.plan_id
      WHERE p.case_id = $1 AND (m.status = ANY($2::text[]) OR p.status = 'closed')
        AND m.measure_id IN (SELECT ban->>'measureId' FROM case_share_snapshots n JOIN case_shares s ON s.id = n.share_id,
                                    jsonb_array_elements(COALESCE(n.fields->'contactBans', '[]'::jsonb)) AS ban
                              WHERE s.case_id = $1)
      ORDER BY m.measure_id, ended_at DESC`,
    [caseId, [...SETTLED_MEASURE_STATUSES]],
  );
  const l = latest.rows[0];
  return {
    latestAssessment: l ? { instrumentId: l.instrument_id, completedAt: new Date(l.completed_at), judgements: l.judgements ?? {} } : null,
    latestPack: l ? { id: l.pack_id, version: l.pack_version } : null,
    measures: measures.rows.map((m) => ({ measureId: m.measure_id, part: m.part, status: m.status, expiresOn: m.expires_on })),
    threatActorRoles: actors.rows.map((a) => a.role),
    endedContactBans: ended.rows.map((m) => ({ measureId: m.measure_id, status: m.status, expiresOn: m.expires_on, endedAt: new Date(m.ended_at) })),
  };
}

async function insertSnapshot(tx: Queryable, shareId: string, takenBy: string, make: SnapshotMaker, caseId: string, expectedHash: string | undefined): Promise<number> {
  const snapshot = make(await snapshotSource(tx, caseId));
  // Read in this transaction, so what is compared is what is stored; the throw rolls the whole share back.
  if (expectedHash !== undefined && shareSnapshotHash(snapshot) !== expectedHash) {
    throw new ShareError('snapshot_changed', 'the fields to share are no longer those of the preview named by snapshotHash; read the preview again and confirm it');
  }
  const { rows } = await tx.query<{ seq: number }>(
    `INSERT INTO case_share_snapshots (share_id, seq, taken_by, pack_id, pack_version, fields)
     SELECT $1, COALESCE(MAX(seq), 0) + 1, $2, $3, $4, $5::jsonb FROM case_share_snapshots WHERE share_id = $1
     RETURNING seq`,
    [shareId, takenBy, snapshot.pack.id, snapshot.pack.version, JSON.stringify(snapshot.fields)],
  );
  return Number(rows[0]!.seq);
}

export class SqlShares {
  constructor(private readonly db: Database) {}

  /** Which of the ids are active officers holding the investigator role. */
  async activeInvestigators(ids: readonly string[]): Promise<Set<string>> {
    const { rows } = await this.db.query<{ id: string }>(`SELECT id FROM officers WHERE id = ANY($1::text[]) AND active AND 'investigator' = ANY(roles)`, [[...ids]]);
    return new Set(rows.map((r) => r.id));
  }

  async accessFacts(shareId: string): Promise<ShareAccessFacts | undefined> {
    const { rows } = await this.db.query<{ id: string; case_id: string; case_number: string; region: PoliceRegion; shared_by: string; withdrawn: boolean; recipients: string[]; assigned: string[] }>(
      `SELECT s.id, s.case_id, c.case_number, c.region, s.shared_by, s.withdrawn_at IS NOT NULL AS withdrawn,
              ARRAY(SELECT r.officer_id FROM case_share_recipients r WHERE r.share_id = s.id) AS recipients,
              ARRAY(SELECT a.officer_id FROM case_assignments a WHERE a.case_id = s.case_id) AS assigned
         FROM case_shares s JOIN cases c ON c.id = s.case_id WHERE s.id = $1`,
      [shareId],
    );
    const r = rows[0];
    return r && { shareId: r.id, caseId: r.case_id, caseNumber: r.case_number, region: r.region, sharedBy: r.shared_by, recipients: r.recipients, withdrawn: r.withdrawn, assignedOfficerIds: r.assigned };
  }

  create(input: NewShare, make: SnapshotMaker, audit: AuditContext): Promise<ShareRecord> {
    return this.db.transaction(async (tx) => {
      const status = await tx.query<{ status: string }>('SELECT status FROM cases WHERE id = $1 FOR SHARE', [input.caseId]);
      if (status.rows[0]?.status === 'closed') throw new ShareError('case_closed', 'a closed case is not shared');
      const { rows } = await tx.query<{ id: string }>(
        'INSERT INTO case_shares (case_id, investigation_number, reason, shared_by) VALUES ($1, $2, $3, $4) RETURNING id',
        [input.caseId, input.investigationNumber, input.reason, input.sharedBy],
      );
      const shareId = rows[0]!.id;
      // The officers table is the reference: an id that is no officer fails here, in the transaction.
      for (const officerId of input.recipients) await tx.query('INSERT INTO case_share_recipients (share_id, officer_id) VALUES ($1, $2)', [shareId, officerId]);
      const seq = await insertSnapshot(tx, shareId, input.sharedBy, make, input.caseId, input.snapshotHash);
      await recordNotices(tx, { kind: 'share', caseId: input.caseId, subjectId: shareId, viaId: audit.viaId }, input.recipients);
      await appendAudit(tx, audit, 'share.create', { type: 'share', id: shareId }, { caseId: input.caseId, snapshot: seq, recipients: [...input.recipients].sort() });
      return readShare(tx, shareId);
    });
  }

  /** A new snapshot; with `snapshotHash` (the preview the sharer confirmed) only if it is still exactly that, else snapshot_changed. */
  refresh(shareId: string, takenBy: string, make: SnapshotMaker, audit: AuditContext, snapshotHash?: string): Promise<ShareRecord> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ case_id: string; withdrawn: boolean; status: string }>(
        'SELECT s.case_id, s.withdrawn_at IS NOT NULL AS withdrawn, c.status FROM case_shares s JOIN cases c ON c.id = s.case_id WHERE s.id = $1 FOR UPDATE OF s',
        [shareId],
      );
      const row = rows[0];
      if (!row) throw new ShareError('not_found', 'no share with that id');
      if (row.withdrawn) throw new ShareError('share_withdrawn', 'a withdrawn share is not refreshed; share again');
      if (row.status === 'closed') throw new ShareError('case_closed', 'a closed case is not shared');
      const seq = await insertSnapshot(tx, shareId, takenBy, make, row.case_id, snapshotHash);
      const recipients = await tx.query<{ officer_id: string }>('SELECT officer_id FROM case_share_recipients WHERE share_id = $1', [shareId]);
      await recordNotices(tx, { kind: 'share_refreshed', caseId: row.case_id, subjectId: shareId, viaId: audit.viaId }, recipients.rows.map((r) => r.officer_id));
      await appendAudit(tx, audit, 'share.refresh', { type: 'share', id: shareId }, { caseId: row.case_id, snapshot: seq });
      return readShare(tx, shareId);
    });
  }

  withdraw(shareId: string, by: string, reason: string, audit: AuditContext): Promise<ShareRecord> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ case_id: string }>(
        `UPDATE case_shares SET withdrawn_by = $2, withdrawn_at = now(), withdraw_reason = $3 WHERE id = $1 AND withdrawn_at IS NULL RETURNING case_id`,
        [shareId, by, reason],
      );
      if (!rows[0]) {
        const exists = await tx.query('SELECT 1 FROM case_shares WHERE id = $1', [shareId]);
        throw exists.rowCount ? new ShareError('share_withdrawn', 'the share is already withdrawn') : new ShareError('not_found', 'no share with that id');
      }
      await appendAudit(tx, audit, 'share.withdraw', { type: 'share', id: shareId }, { caseId: rows[0].case_id });
      return readShare(tx, shareId);
    });
  }

  /**
   * What a share of the case would send now, stored nowhere: the card the sharer confirms (chat
   * "dela <diarienummer>"). A consultation of the case, so one 'case.read' row (view: share_preview).
   */
  preview(caseId: string, make: SnapshotMaker, audit: AuditContext): Promise<{ pack: { id: string; version: string }; fields: ShareFields; snapshotHash: string }> {
    return this.db.transaction(async (tx) => {
      const snapshot = make(await snapshotSource(tx, caseId));
      await appendAudit(tx, audit, 'case.read', { type: 'case', id: caseId }, { view: 'share_preview' });
      return { ...snapshot, snapshotHash: shareSnapshotHash(snapshot) };
    });
  }

  /** Every share of the case, withdrawn ones too, newest first, each whole; one 'share.list' row about the case. */
  ofCase(caseId: string, audit: AuditContext): Promise<ShareRecord[]> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<ShareRow>(`${SELECT_SHARE} WHERE s.case_id = $1 ORDER BY s.shared_at DESC, s.id`, [caseId]);
      const shares: ShareRecord[] = [];
      for (const row of rows) shares.push(await withSnapshots(tx, row));
      await appendAudit(tx, audit, 'share.list', { type: 'case', id: caseId }, { shares: shares.map((s) => s.id) });
      return shares;
    });
  }

  /** The live shares addressed to the officer, each with its latest snapshot; one 'share.read' row per share. */
  received(officerId: string, audit: AuditContext, shareId?: string): Promise<{ share: ShareRecord; latest: ShareSnapshotRecord }[]> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<ShareRow>(
        `${SELECT_SHARE} WHERE s.withdrawn_at IS NULL AND ($2::uuid IS NULL OR s.id = $2::uuid)
           AND EXISTS (SELECT 1 FROM case_share_recipients r WHERE r.share_id = s.id AND r.officer_id = $1)
         ORDER BY s.shared_at DESC, s.id`,
        [officerId, shareId ?? null],
      );
      const found: { share: ShareRecord; latest: ShareSnapshotRecord }[] = [];
      for (const row of rows) {
        const share = await withSnapshots(tx, row);
        found.push({ share, latest: share.snapshots.at(-1)! });
        await appendAudit(tx, audit, 'share.read', { type: 'share', id: row.id }, { caseId: row.case_id, snapshot: share.snapshots.at(-1)!.seq });
      }
      return found;
    });
  }
}

async function withSnapshots(q: Queryable, r: ShareRow): Promise<ShareRecord> {
  const snapshots = await q.query<SnapshotRow>('SELECT share_id, seq, taken_at, taken_by, pack_id, pack_version, fields FROM case_share_snapshots WHERE share_id = $1 ORDER BY seq', [r.id]);
  return {
    id: r.id,
    caseId: r.case_id,
    caseNumber: r.case_number,
    investigationNumber: r.investigation_number,
    recipients: r.recipients,
    reason: r.reason,
    sharedBy: r.shared_by,
    sharedAt: new Date(r.shared_at),
    withdrawn: r.withdrawn_at === null ? null : { by: r.withdrawn_by!, at: new Date(r.withdrawn_at), reason: r.withdraw_reason! },
    snapshots: snapshots.rows.map(toSnapshot),
  };
}

async function readShare(q: Queryable, shareId: string): Promise<ShareRecord> {
  const { rows } = await q.query<ShareRow>(`${SELECT_SHARE} WHERE s.id = $1`, [shareId]);
  if (!rows[0]) throw new ShareError('not_found', 'no share with that id');
  return withSnapshots(q, rows[0]);
}
