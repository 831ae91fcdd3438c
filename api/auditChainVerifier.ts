// Checks the audit log's hash chain (migration 002) from its first row to the
// chain head, recomputing every hash here in Node from the stored fields, so a
// row changed, removed or inserted behind the application's back is found
// without trusting any function inside the database.
import { createHash } from 'node:crypto';
import type { Queryable } from './database.js';

export const AUDIT_CHAIN_GENESIS_HASH = '0'.repeat(64);
const CANONICAL_PREFIX = 'bops-audit-v1';

/** The stored fields of one audit row in the text form the chain hashes. */
export interface AuditChainRow {
  chainSeq: string;
  id: string;
  /** UTC, microseconds: 2026-01-02T03:04:05.123456Z */
  at: string;
  actorId: string;
  viaId: string | null;
  action: string;
  /** null only on an 'access.denied' row that reached no entity (migration 005). */
  entityType: string | null;
  entityId: string | null;
  purpose: string;
  /** The jsonb text form Postgres prints for detail. */
  detail: string;
  prevHash: string;
}

const field = (value: string | null) => (value === null ? '~' : `${Buffer.byteLength(value, 'utf8')}:${value}`);

/** The bytes a row's hash covers; must stay identical to audit_chain_hash() in 002_audit_chain_and_http.sql. */
export function canonicalAuditRow(row: AuditChainRow): string {
  return [
    CANONICAL_PREFIX,
    field(row.chainSeq),
    field(row.id),
    field(row.at),
    field(row.actorId),
    field(row.viaId),
    field(row.action),
    field(row.entityType),
    field(row.entityId),
    field(row.purpose),
    field(row.detail),
    field(row.prevHash),
  ].join('\n');
}

export function auditRowHash(row: AuditChainRow): string {
  return createHash('sha256').update(canonicalAuditRow(row), 'utf8').digest('hex');
}

export type AuditChainBreakReason =
  /** The row's fields no longer hash to its row_hash: the row was changed. */
  | 'row_hash_mismatch'
  /** The row does not point at the row before it: a row before it was changed, removed or inserted. */
  | 'prev_hash_mismatch'
  /** chain_seq skips or repeats: rows were removed or inserted out of chain. */
  | 'sequence_gap'
  /** The last row is not the recorded chain head: rows were removed from the end, or the head was moved. */
  | 'head_mismatch'
  /**
   * The row at a position recorded earlier outside the database (an anchor) no longer has the hash
   * recorded then, or is gone: the chain was rewritten from there on, head and all — the one
   * change a chain inside the database cannot show by itself.
   */
  | 'anchor_mismatch';

export interface AuditChainBreak {
  reason: AuditChainBreakReason;
  /** audit_log.id of the first row that does not verify; null when the end of the chain is missing. */
  id: string | null;
  chainSeq: string | null;
  message: string;
}

/** A chain position and the row hash it had when it was recorded outside the database: `<seq>:<hash>`. */
export interface AuditChainAnchor {
  chainSeq: bigint;
  rowHash: string;
}

const ANCHOR = /^(\d{1,19}):([0-9a-f]{64})$/;

/** Reads `<seq>:<hash>` as `verify` prints it; undefined when it is not one. */
export function parseAuditChainAnchor(text: string): AuditChainAnchor | undefined {
  const match = ANCHOR.exec(text.trim());
  return match && BigInt(match[1]!) > 0n ? { chainSeq: BigInt(match[1]!), rowHash: match[2]! } : undefined;
}

export type AuditChainReport =
  | { ok: true; rowsChecked: number; headSeq: string; headHash: string }
  | { ok: false; rowsChecked: number; firstBreak: AuditChainBreak };

interface Row {
  chain_seq: string;
  id: string;
  at_text: string;
  actor_id: string;
  via_id: string | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  purpose: string;
  detail_text: string;
  prev_hash: string;
  row_hash: string;
}

const DEFAULT_BATCH_SIZE = 5000;

/**
 * Walks the chain in chain order in batches (keyset pagination, so memory
 * stays flat and it runs the same on PGlite) and stops at the first break.
 * Reads only; needs SELECT on audit_log and audit_chain_head.
 */
export async function verifyAuditChain(db: Queryable, options: { batchSize?: number; anchors?: readonly AuditChainAnchor[] } = {}): Promise<AuditChainReport> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const anchors = new Map((options.anchors ?? []).map((a) => [a.chainSeq, a.rowHash]));
  let expectedSeq = 1n;
  let prevHash = AUDIT_CHAIN_GENESIS_HASH;
  let rowsChecked = 0;
  let lastId: string | null = null;
  const broken = (reason: AuditChainBreakReason, row: Row | null, message: string): AuditChainReport => ({
    ok: false,
    rowsChecked,
    firstBreak: { reason, id: row?.id ?? null, chainSeq: row?.chain_seq ?? null, message },
  });

  for (;;) {
    const { rows } = await db.query<Row>(
      `SELECT chain_seq::text AS chain_seq, id::text AS id,
              to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at_text,
              actor_id, via_id, action, entity_type, entity_id, purpose, detail::text AS detail_text,
              prev_hash, row_hash
       -- Qualified: the bare name would order by the text alias above.
       FROM audit_log WHERE audit_log.chain_seq >= $1 ORDER BY audit_log.chain_seq LIMIT $2`,
      [expectedSeq.toString(), batchSize],
    );
    for (const row of rows) {
      if (BigInt(row.chain_seq) !== expectedSeq) {
        return broken('sequence_gap', row, `row ${row.id} has chain position ${row.chain_seq}, expected ${expectedSeq}`);
      }
      if (row.prev_hash !== prevHash) {
        return broken('prev_hash_mismatch', row, `row ${row.id} does not follow the row before it in the chain`);
      }
      const hash = auditRowHash({
        chainSeq: row.chain_seq,
        id: row.id,
        at: row.at_text,
        actorId: row.actor_id,
        viaId: row.via_id,
        action: row.action,
        entityType: row.entity_type,
        entityId: row.entity_id,
        purpose: row.purpose,
        detail: row.detail_text,
        prevHash: row.prev_hash,
      });
      if (hash !== row.row_hash) return broken('row_hash_mismatch', row, `row ${row.id} was changed after it was written`);
      const anchored = anchors.get(expectedSeq);
      if (anchored !== undefined && anchored !== row.row_hash) {
        return broken('anchor_mismatch', row, `row ${row.id} at chain position ${row.chain_seq} does not have the hash recorded for that position: the chain was rewritten from there on`);
      }
      prevHash = row.row_hash;
      lastId = row.id;
      expectedSeq += 1n;
      rowsChecked += 1;
    }
    if (rows.length < batchSize) break;
  }

  const head = await db.query<{ last_seq: string; last_hash: string }>('SELECT last_seq::text AS last_seq, last_hash FROM audit_chain_head');
  const recorded = head.rows[0];
  if (!recorded) return broken('head_mismatch', null, 'the chain head row is missing');
  if (BigInt(recorded.last_seq) !== expectedSeq - 1n || recorded.last_hash !== prevHash) {
    return broken(
      'head_mismatch',
      null,
      `the chain ends at position ${expectedSeq - 1n}${lastId ? ` (row ${lastId})` : ''} but the head records position ${recorded.last_seq}: rows are missing from the end or the head was moved`,
    );
  }
  const beyond = [...anchors.keys()].filter((seq) => seq >= expectedSeq).sort((a, b) => (a < b ? -1 : 1))[0];
  if (beyond !== undefined) {
    return broken('anchor_mismatch', null, `the chain ends at position ${expectedSeq - 1n}, before the recorded position ${beyond}: rows were removed from the end and the head moved back`);
  }
  return { ok: true, rowsChecked, headSeq: (expectedSeq - 1n).toString(), headHash: prevHash };
}
