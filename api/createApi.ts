// The API composed from its configuration: the database (opened, and migrated
// when the connected role may, else checked to be current), the repositories,
// the officers directory, the token verifier, the router under /api/v1, the
// retention job on its interval, and the reminders' poller when the caller
// gives it a ReminderDelivery. Whoever serves it (the bot's server
// today, a process of its own tomorrow) mounts the router and calls close()
// when stopping; nothing here knows of the bot.
import { systemClock, type Clock } from './clock.js';
import type { Router } from 'express';
import type { Logger } from 'pino';
import type { MethodologySource } from '../methodology/methodologySource.js';
import type { ApiConfig } from './apiConfig.js';
import type { AuditContext } from './auditLog.js';
import { apiRouter } from './apiRouter.js';
import { createApiTokenVerifier } from './apiTokenVerifier.js';
import type { Database } from './database.js';
import { observeDatabaseFaults } from './databaseFaults.js';
import { bringSchemaCurrent } from './migrator.js';
import { provisionOfficer } from './officerAdministration.js';
import { DevFallbackOfficerDirectory, SqlOfficerDirectory } from './officerDirectory.js';
import { openDatabase } from './openDatabase.js';
import type { ReminderDelivery } from './reminderDelivery.js';
import { ReminderPoller } from './reminderPoller.js';
import { scheduleRetention } from './retentionJob.js';
import { SqlReminderLedger } from './sqlReminderLedger.js';
import { SqlAssessmentRepository } from './sqlAssessmentRepository.js';
import { SqlCaseRepository } from './sqlCaseRepository.js';
import { SqlDocumentLinks } from './documentLinks.js';
import { SqlWorkList } from './sqlWorkList.js';
import { SqlRriLog } from './sqlRriLog.js';
import { SqlFigures } from './sqlFigures.js';
import { SqlShares } from './sqlShares.js';
import { SqlReviews } from './sqlReviews.js';
import { calendarDate } from '../methodology/calendarDate.js';
import type { ProactiveDelivery } from './proactiveDelivery.js';
import { EscalationNotifier } from './escalationNotifier.js';
import { ReferralNotifier } from './referralNotifier.js';
import { ReferralSweep } from './referralSweep.js';
import { NoticeOutbox } from './noticeOutbox.js';
import { NoticeSender } from './noticeSender.js';
import { NoticeSweep } from './noticeSweep.js';
import { ShareReviewNotifier } from './shareReviewNotifier.js';
import { BreakGlassNotifier } from './breakGlassNotifier.js';
import { SqlConversationReferences } from './sqlConversationReferences.js';
import { SqlReferrals } from './sqlReferrals.js';

/** Who the audit log names for provisioning the fictitious dev officer: dev mode itself. */
const DEV_MODE_PROVISIONING: AuditContext = { actorId: 'system:dev-mode', viaId: null, purpose: 'dev mode: the fictitious dev officer' };

export interface ApiOptions {
  log: Logger;
  methodology: MethodologySource;
  /** Use this database instead of the configured one; the caller keeps it and closes it. */
  database?: Database;
  /** Told of every fault of the database itself (connection lost, server shutting down; api/databaseFaults.ts), for metrics. */
  onDatabaseFault?: (err: Error) => void;
  /** What time it is (the system clock unless a test sets one). */
  clock?: Clock;
  /**
   * Carries due reminders to officers, or makes the carrier from the API's own stores (the bot's
   * proactive sender: api/proactiveReminderDelivery.ts); without one (or with REMINDER_POLL_MS=0) no
   * reminders are polled here.
   */
  reminderDelivery?: ReminderDelivery | ((stores: ReminderStores) => ReminderDelivery);
  /** Issue 12: how the API speaks first in Teams (the bot's adapter, when it runs in the same process); absent: it does not. */
  proactive?: ProactiveDelivery;
}

/** What a reminder carrier made by the API may use: the officers' conversation references, the reminders' ledger and the referrals (their cards). */
export interface ReminderStores {
  references: SqlConversationReferences;
  ledger: SqlReminderLedger;
  referrals: SqlReferrals;
}

export interface RunningApi {
  /** Mount under API_PREFIX. */
  router: Router;
  /** The database every part of the API uses (faults observed when `onDatabaseFault` is given). */
  database: Database;
  /** The reminders' poller when one runs here: tick() runs a pass now (what the interval does; tests call it). */
  reminders: Pick<ReminderPoller, 'tick'> | undefined;
  /** The sweep that sends referral cards that did not arrive, when one runs here; tick() runs a pass now. */
  referralSweep: Pick<ReferralSweep, 'tick'> | undefined;
  /** The sweep that sends the notices a write recorded and that did not arrive, when one runs here; tick() runs a pass now. */
  noticeSweep: Pick<NoticeSweep, 'tick'> | undefined;
  /** Job queues' depth by queue (the reminders' deliveries still to go), for metrics. */
  queueDepth(): Promise<Record<string, number>>;
  /** Stops the retention job and the reminders, and closes the database it opened (not one it was given). */
  close(): Promise<void>;
}

export async function createApi(config: ApiConfig, { log, methodology, database: given, onDatabaseFault, clock = systemClock, reminderDelivery, proactive }: ApiOptions): Promise<RunningApi> {
  const opened = given ?? (await openDatabase(config));
  const database = onDatabaseFault ? observeDatabaseFaults(opened, onDatabaseFault) : opened;
  const closers: (() => unknown)[] = given ? [] : [() => opened.close()];
  const close = async () => {
    for (const closer of closers.reverse()) await closer();
  };
  try {
    // The app role may not migrate: a pending migration, or a published pack version's figure rows not yet
    // written, refuses the start here, naming `npm run migrate`.
    const { applied, catalogued } = await bringSchemaCurrent(database, methodology);
    log.info({ engine: database.kind, applied: applied.length, catalogued }, 'database ready');
    const provisioned = new SqlOfficerDirectory(database, { devStandIns: config.trust.mode === 'dev' });
    if (config.trust.mode !== 'dev') {
      const standIns = await provisioned.activeDevStandIns();
      if (standIns > 0) log.warn({ standIns }, 'officers provisioned by dev mode open nothing outside it; provision them with npm run officers -- add, or deactivate them');
    }
    const workList = new SqlWorkList(database, config.figures.targetDays);
    const conversationReferences = new SqlConversationReferences(database);
    const referrals = new SqlReferrals(database);
    const cases = new SqlCaseRepository(database);
    const notifier = new ReferralNotifier({ referrals, references: conversationReferences, delivery: proactive, methodology, log, clock });
    const breakGlass = new BreakGlassNotifier({ officers: provisioned, database });
    const shareReview = new ShareReviewNotifier({ officers: provisioned, database });
    const escalation = new EscalationNotifier({ officers: provisioned, referrals });
    const notices = new NoticeSender({
      outbox: new NoticeOutbox(database),
      composers: {
        break_glass: breakGlass.compose,
        share: shareReview.composeShare,
        share_refreshed: shareReview.composeShare,
        review: shareReview.composeReview,
        escalation_taken: escalation.composeTaken,
        escalation_completed: escalation.composeCompleted,
      },
      references: conversationReferences,
      delivery: proactive,
      officers: provisioned,
      database,
      log,
      clock,
    });
    const router = apiRouter({
      repository: new SqlAssessmentRepository(database),
      cases,
      documentLinks: new SqlDocumentLinks(database),
      methodology,
      verifier: createApiTokenVerifier(config.trust, { dataDir: config.dataDir, officers: provisioned }),
      // Who the bot may act for: in dev mode also anyone never provisioned, as the fictitious dev officer.
      officers: config.trust.mode === 'dev' ? new DevFallbackOfficerDirectory(provisioned, config.trust.devOfficer, (officer) => provisionOfficer(database, officer, DEV_MODE_PROVISIONING, { devStandIn: true })) : provisioned,
      provisionedOfficers: provisioned,
      caseNumberPattern: config.caseNumberPattern,
      log,
      workList: { sources: workList.sources(), recordRead: (caseIds, audit) => workList.recordRead(caseIds, audit), today: () => calendarDate(clock.now()) },
      clock,
      conversationReferences,
      referrals: { referrals, notifier, notices, cases, methodology },
      rri: new SqlRriLog(database),
      figures: new SqlFigures(database),
      figureSettings: config.figures,
      shares: new SqlShares(database),
      reviews: new SqlReviews(database),
      reviewers: config.reviewers,
      reviewStatisticsMinCell: config.reviewStatisticsMinCell,
      notices,
    });
    if (config.retentionIntervalMinutes > 0) {
      closers.push(scheduleRetention(database, config.retention, log, config.retentionIntervalMinutes * 60_000, clock));
    }
    const reminders = new SqlReminderLedger(database, config.figures.targetDays);
    let poller: ReminderPoller | undefined;
    if (reminderDelivery && config.reminders.pollMs > 0) {
      const delivery = typeof reminderDelivery === 'function' ? reminderDelivery({ references: conversationReferences, ledger: reminders, referrals }) : reminderDelivery;
      poller = new ReminderPoller({ ledger: reminders, delivery, clock, settings: config.reminders, log });
      closers.push(poller.start());
    }
    // Where nothing can speak first there is nothing to send again; with REMINDER_POLL_MS=0 it only runs when ticked.
    const referralSweep = proactive ? new ReferralSweep({ referrals, notifier, clock, pollMs: config.reminders.pollMs, log }) : undefined;
    if (referralSweep && config.reminders.pollMs > 0) closers.push(referralSweep.start());
    const noticeSweep = proactive ? new NoticeSweep({ sender: notices, pollMs: config.reminders.pollMs, log }) : undefined;
    if (noticeSweep && config.reminders.pollMs > 0) closers.push(noticeSweep.start());
    const queueDepth = async () => ({ reminders: await reminders.openDeliveries() });
    return { router, database, reminders: poller, referralSweep, noticeSweep, queueDepth, close };
  } catch (err) {
    await close().catch(() => undefined);
    throw err;
  }
}
