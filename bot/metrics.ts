// What an operator watches, in Prometheus text format at /metrics: turns and
// their latency, the API's latency per operation, Redis and Postgres faults,
// and the job queue's depth — counts and durations only, never a label that
// could carry personal data (operations, activity types, outcomes and status
// classes are closed sets). One registry per server, so two servers in one
// process (tests) do not share counters.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { isStateStoreUnavailable } from './stateStoreUnavailableError.js';

export type TurnOutcome = 'ok' | 'failed' | 'state_unavailable';
export type Dependency = 'postgres' | 'redis';

/** Seconds: a turn is a few API calls; a minute means something hangs. */
const TURN_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const API_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** Where the job queue's depth comes from, per queue; absent until a queue runs in this process. */
export type QueueDepthSource = () => Promise<Readonly<Record<string, number>>>;

export class Metrics {
  readonly registry = new Registry();
  private readonly turns = new Counter({ name: 'bops_turns_total', help: 'Bot turns run, by activity type and outcome', labelNames: ['activity_type', 'outcome'] as const, registers: [this.registry] });
  private readonly turnSeconds = new Histogram({ name: 'bops_turn_duration_seconds', help: 'Time from an activity admitted to its turn finished', labelNames: ['activity_type'] as const, buckets: TURN_BUCKETS, registers: [this.registry] });
  private readonly apiSeconds = new Histogram({
    name: 'bops_api_request_duration_seconds',
    help: 'API requests under /api/v1, by operation (operationId of the OpenAPI document), method and status class',
    labelNames: ['operation', 'method', 'status_class'] as const,
    buckets: API_BUCKETS,
    registers: [this.registry],
  });
  private readonly dependencyErrors = new Counter({ name: 'bops_dependency_errors_total', help: 'Faults of Redis (connection errors) and Postgres (connection lost, server shutting down or out of resources)', labelNames: ['dependency'] as const, registers: [this.registry] });
  private queueDepth: QueueDepthSource | undefined;

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'bops_' });
    // Both dependencies show from the first scrape, at 0, so a rate() over them works before the first fault.
    for (const dependency of ['postgres', 'redis'] as const) this.dependencyErrors.inc({ dependency }, 0);
    const metrics = this;
    new Gauge({
      name: 'bops_job_queue_depth',
      help: 'Jobs waiting in the queue, by queue',
      labelNames: ['queue'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        if (!metrics.queueDepth) return;
        for (const [queue, depth] of Object.entries(await metrics.queueDepth())) this.set({ queue }, depth);
      },
    });
  }

  /** Runs a turn, counting it by how it ended (and still throwing what it threw). */
  async measureTurn(activityType: string, turn: () => Promise<void>): Promise<void> {
    const end = this.turnSeconds.startTimer({ activity_type: activityType });
    let outcome: TurnOutcome = 'failed';
    try {
      await turn();
      outcome = 'ok';
    } catch (err) {
      if (isStateStoreUnavailable(err)) outcome = 'state_unavailable';
      throw err;
    } finally {
      end();
      this.turns.inc({ activity_type: activityType, outcome });
    }
  }

  apiRequest(operation: string, method: string, status: number, seconds: number): void {
    this.apiSeconds.observe({ operation, method, status_class: `${Math.floor(status / 100)}xx` }, seconds);
  }

  dependencyError(dependency: Dependency): void {
    this.dependencyErrors.inc({ dependency });
  }

  watchQueueDepth(source: QueueDepthSource): void {
    this.queueDepth = source;
  }

  /** The text a scrape reads, and its content type. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
