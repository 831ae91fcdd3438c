// Reminders through the whole server, on real PostgreSQL and on PGlite (issue
// 12, item 3): after a structured assessment whose measure follow-up date is
// set to today through the API, the responsible officer gets exactly one
// reminder, and none more from a restarted (or second) server on the same
// database. The proactive sender is a stand-in ReminderDelivery; the clock is
// the test's, and a poll is run with tick() instead of waiting for it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DueReminder, ReminderDelivery, ReminderOutcome } from '../api/reminderDelivery.js';
import { loadConfig } from '../bot/config.js';
import { createLogger } from '../bot/logger.js';
import { startServer } from '../bot/server.js';
import { expectJson } from './expectJson.js';
import { planWithMeasures } from './planWithMeasures.js';
import { SettableClock } from './settableClock.js';
import { DATABASE_ENGINES } from './testDatabases.js';
import { startTestServer, type TestOfficer, type TestServer } from './testServer.js';

const OFFICER: TestOfficer = { id: 'officer-reminder-1', roles: ['bops_officer'], region: 'mitt' };
const COLLEAGUE: TestOfficer = { id: 'officer-reminder-2', roles: ['bops_officer'], region: 'mitt' };

class RecordingDelivery implements ReminderDelivery {
  readonly received: DueReminder[] = [];
  async deliver(reminder: DueReminder): Promise<ReminderOutcome> {
    this.received.push(reminder);
    return 'sent';
  }
}

describe.each(DATABASE_ENGINES)('reminders through the server on %s', (engine) => {
  // 11:00 in Stockholm on the day, past the reminder hour (08:00).
  const clock = new SettableClock(new Date('2030-01-15T10:00:00Z'));
  const delivery = new RecordingDelivery();
  let t: TestServer;


  beforeAll(async () => {
    t = await startTestServer({ engine, clock, reminderDelivery: delivery });
    await t.provision([OFFICER, COLLEAGUE]);
  });
  afterAll(() => t?.close());

  it('sends the responsible officer one reminder when a measure\'s follow-up is set to today, and a restarted server sends none more', async () => {
    const caseNumber = '1800-K000001-30';
    const measureId = (await planWithMeasures(t, { caseNumber, responsible: OFFICER, assignedBy: COLLEAGUE })).measureIds[0]!;
    const server = t.server.reminders!;
    await server.tick();
    expect(delivery.received).toEqual([]);

    await expectJson(await t.as(OFFICER, 'PUT', `/measures/${measureId}/status`, { status: 'proposed', followUpOn: '2030-01-15' }), 200);
    await server.tick();
    await server.tick();
    expect(delivery.received).toEqual([
      expect.objectContaining({ kind: 'measure_follow_up_due', caseNumber, dueOn: '2030-01-15', recipientOfficerId: OFFICER.id, reason: 'responsible', measureId }),
    ]);

    // Another server on the same database — a restart, or a second instance.
    const dataDir = await mkdtemp(join(tmpdir(), 'bops-test-reminders-'));
    const again = new RecordingDelivery();
    const restarted = await startServer(loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', RETENTION_INTERVAL_MINUTES: '0' }), createLogger('silent'), {
      database: t.server.database,
      clock,
      reminderDelivery: again,
    });
    try {
      await restarted.reminders!.tick();
      clock.set('2030-01-15T14:00:00Z');
      await restarted.reminders!.tick();
      await server.tick();
      expect(again.received).toEqual([]);
      expect(delivery.received).toHaveLength(1);
      // The queue is empty, and /metrics says so.
      expect((await restarted.metrics.scrape()).body).toMatch(/^bops_job_queue_depth\{queue="reminders"\} 0$/m);
    } finally {
      await restarted.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('counts a measure decided before its follow-up date, the date unchanged, as not followed up: the day\'s reminder and the overdue notice go; a status change on the day stops the notice', async () => {
    clock.set('2030-02-01T10:00:00Z');
    const server = t.server.reminders!;
    const decidedEarly = '1800-K000002-30';
    const followedUp = '1800-K000003-30';
    const measureOf = async (caseNumber: string) => (await planWithMeasures(t, { caseNumber, responsible: OFFICER, assignedBy: COLLEAGUE })).measureIds[0]!;
    const decide = async (measureId: string, status: 'decided' | 'in_progress') =>
      expectJson(await t.as(OFFICER, 'PUT', `/measures/${measureId}/status`, { status, followUpOn: '2030-03-01', decisionRef: 'Fiktivt beslut 1' }), 200);
    const early = await measureOf(decidedEarly);
    const onTheDay = await measureOf(followedUp);
    // Both decided a month before the follow-up date (2030-03-01), which stays as it was.
    await decide(early, 'decided');
    await decide(onTheDay, 'decided');
    const about = (caseNumber: string) => delivery.received.filter((r) => r.caseNumber === caseNumber).map((r) => `${r.kind}:${r.recipientOfficerId}`).sort();

    clock.set('2030-03-01T10:00:00Z');
    await server.tick();
    expect(about(decidedEarly)).toEqual([`measure_follow_up_due:${OFFICER.id}`]);
    expect(about(followedUp)).toEqual([`measure_follow_up_due:${OFFICER.id}`]);
    // On the day, one of them is followed up: it is under way now, the date kept.
    await decide(onTheDay, 'in_progress');

    clock.set('2030-03-04T10:00:00Z');
    await server.tick();
    await server.tick();
    expect(about(decidedEarly)).toEqual([`measure_follow_up_due:${OFFICER.id}`, `overdue_notice:${COLLEAGUE.id}`, `overdue_notice:${OFFICER.id}`].sort());
    expect(about(followedUp)).toEqual([`measure_follow_up_due:${OFFICER.id}`]);
  });
});
