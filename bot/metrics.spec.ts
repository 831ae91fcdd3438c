import { describe, expect, it } from 'vitest';
import { Metrics } from './metrics.js';
import { StateStoreUnavailableError } from './stateStoreUnavailableError.js';

const valueOf = async (metrics: Metrics, name: string, labels: Record<string, string>) =>
  (await metrics.registry.getSingleMetric(name)!.get()).values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value;

describe('Metrics', () => {
  it('counts a turn by how it ended and still throws what it threw', async () => {
    const metrics = new Metrics();
    await metrics.measureTurn('message', async () => undefined);
    await expect(metrics.measureTurn('message', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(metrics.measureTurn('invoke', async () => Promise.reject(new StateStoreUnavailableError('disconnected', 'read', { cause: new Error('down') })))).rejects.toBeInstanceOf(StateStoreUnavailableError);
    expect(await valueOf(metrics, 'bops_turns_total', { activity_type: 'message', outcome: 'ok' })).toBe(1);
    expect(await valueOf(metrics, 'bops_turns_total', { activity_type: 'message', outcome: 'failed' })).toBe(1);
    expect(await valueOf(metrics, 'bops_turns_total', { activity_type: 'invoke', outcome: 'state_unavailable' })).toBe(1);
    expect(await valueOf(metrics, 'bops_turn_duration_seconds', { activity_type: 'message', le: '+Inf' } as Record<string, string>)).toBe(2);
  });

  it('reads the job queue depth at scrape time, per queue, and forgets a queue that is gone', async () => {
    const metrics = new Metrics();
    expect((await metrics.scrape()).body).not.toMatch(/^bops_job_queue_depth\{/m);
    let depths: Record<string, number> = { reminders: 3, referrals: 0 };
    metrics.watchQueueDepth(async () => depths);
    let body = (await metrics.scrape()).body;
    expect(body).toMatch(/^bops_job_queue_depth\{queue="reminders"\} 3$/m);
    expect(body).toMatch(/^bops_job_queue_depth\{queue="referrals"\} 0$/m);
    depths = { reminders: 1 };
    body = (await metrics.scrape()).body;
    expect(body).toMatch(/^bops_job_queue_depth\{queue="reminders"\} 1$/m);
    expect(body).not.toContain('referrals');
  });

  it('keeps servers in one process apart', async () => {
    const [a, b] = [new Metrics(), new Metrics()];
    a.dependencyError('redis');
    expect(await valueOf(a, 'bops_dependency_errors_total', { dependency: 'redis' })).toBe(1);
    expect(await valueOf(b, 'bops_dependency_errors_total', { dependency: 'redis' })).toBe(0);
  });
});
