// The notice outbox on both engines (migration 104): a recorded notice is
// claimed by one of several racers at once, again only once its claim lapsed
// and below the cap of attempts, and never after it was settled, which happens
// once; the sweep is named the notices past the grace, within the window, whose
// claim lapsed. Officers and cases are fictitious.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditContext } from './auditLog.js';
import { NoticeOutbox, recordNotices, type NoticeSubject } from './noticeOutbox.js';
import type { AnnounceRetry } from './referralRepository.js';
import { SqlCaseRepository } from './sqlCaseRepository.js';
import { DATABASE_ENGINES, openTestDatabase, type TestDatabase } from '../test/testDatabases.js';

const AUDIT: AuditContext = { actorId: 'officer-out-0001', viaId: 'bops-bot', purpose: 'bops.case' };
const RETRY: AnnounceRetry = { graceMs: 60_000, afterMs: 5 * 60_000, maxAttempts: 3, windowMs: 24 * 3_600_000 };
const minutes = (n: number) => n * 60_000;

let serial = 0;

describe.each(DATABASE_ENGINES)('notice outbox on %s', (engine) => {
  let opened: TestDatabase;
  let outbox: NoticeOutbox;
  let cases: SqlCaseRepository;

  beforeAll(async () => {
    opened = await openTestDatabase(engine);
    outbox = new NoticeOutbox(opened.db);
    cases = new SqlCaseRepository(opened.db);
  });
  afterAll(() => opened.dispose());

  /** A break-glass notice recorded for one officer on a new case; its id and subject. */
  async function recorded(): Promise<{ id: string; subject: NoticeSubject }> {
    const record = await cases.create({ caseNumber: `2400-K${String(++serial).padStart(6, '0')}-26`, region: 'nord', violenceType: 'heder', createdBy: AUDIT.actorId }, AUDIT);
    const subject = { kind: 'break_glass', caseId: record.id, subjectId: 'officer-out-0002' } as const;
    await opened.db.transaction((tx) => recordNotices(tx, { ...subject, viaId: AUDIT.viaId }, ['officer-out-0003']));
    const [notice, ...more] = await outbox.unsettled(subject);
    expect(more).toEqual([]);
    expect(notice).toMatchObject({ officerId: 'officer-out-0003', viaId: 'bops-bot' });
    return { id: notice!.id, subject };
  }

  it('lets one of several racers claim a notice, another only once the claim lapsed and below the cap, and none once it is settled', async () => {
    const { id, subject } = await recorded();
    const t0 = new Date();
    const at = (m: number) => new Date(t0.getTime() + minutes(m));
    expect((await Promise.all([1, 2, 3].map(() => outbox.claim(id, t0, RETRY)))).filter(Boolean)).toHaveLength(1);
    expect(await outbox.claim(id, at(4), RETRY)).toBe(false);
    expect(await outbox.claim(id, at(5), RETRY)).toBe(true);
    expect(await outbox.claim(id, at(10), RETRY)).toBe(true);
    // Three attempts made: the cap.
    expect(await outbox.claim(id, at(60), RETRY)).toBe(false);

    const other = await recorded();
    expect(await outbox.claim(other.id, t0, RETRY)).toBe(true);
    expect(await outbox.settle(other.id, { outcome: 'sent' })).toBe(true);
    expect(await outbox.settle(other.id, { outcome: 'dropped', reason: 'inactive' })).toBe(false);
    expect(await outbox.claim(other.id, at(60), RETRY)).toBe(false);
    expect(await outbox.unsettled(other.subject)).toEqual([]);
    expect(await outbox.unsettled(subject)).toHaveLength(1);
    const { rows } = await opened.db.query('SELECT outcome, drop_reason, attempts FROM notice_outbox WHERE id = $1', [other.id]);
    expect(rows).toEqual([{ outcome: 'sent', drop_reason: null, attempts: 1 }]);
  });

  it('names for the sweep the notices past the grace and within the window whose claim lapsed, never a settled one', async () => {
    const { id } = await recorded();
    const now = new Date();
    const at = (m: number) => new Date(now.getTime() + minutes(m));
    const due = async (when: Date) => (await outbox.due(when, RETRY, 1000)).map((n) => n.id).filter((n) => n === id);
    expect(await due(now)).toEqual([]); // within the grace: its request is sending it
    expect(await due(at(2))).toEqual([id]);
    // The request's attempt failed just now: not due until its claim lapsed.
    expect(await outbox.claim(id, at(2), RETRY)).toBe(true);
    expect(await due(at(3))).toEqual([]);
    expect(await due(at(7))).toEqual([id]);
    // Older than the window: left to where what it tells of is kept.
    expect(await due(at(25 * 60))).toEqual([]);
    await outbox.settle(id, { outcome: 'refused' });
    expect(await due(at(7))).toEqual([]);
  });
});
