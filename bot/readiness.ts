// What /readyz reports: whether the parts a turn needs answer right now. The
// bot is "ready" only when Postgres and (if configured) Redis both answer, so a
// load balancer stops sending officers to an instance that would fail them.

export type ComponentStatus = { status: 'up'; engine: string } | { status: 'down'; engine: string; reason: string };

export interface ReadinessProbe {
  name: string;
  engine: string;
  check(): Promise<void>;
}

export interface ReadinessReport {
  status: 'ready' | 'not_ready';
  components: Record<string, ComponentStatus>;
}

const PROBE_TIMEOUT_MS = 2000;

export async function checkReadiness(probes: ReadinessProbe[]): Promise<ReadinessReport> {
  const results = await Promise.all(
    probes.map(async (p): Promise<[string, ComponentStatus]> => {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          p.check(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error('timeout')), PROBE_TIMEOUT_MS);
          }),
        ]);
        return [p.name, { status: 'up', engine: p.engine }];
      } catch (err) {
        // Only the error class and a short reason: driver messages can echo connection strings.
        const reason = (err as Error).message === 'timeout' ? 'timeout' : ((err as Error).name ?? 'error');
        return [p.name, { status: 'down', engine: p.engine, reason }];
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const components = Object.fromEntries(results);
  return { status: results.every(([, s]) => s.status === 'up') ? 'ready' : 'not_ready', components };
}
