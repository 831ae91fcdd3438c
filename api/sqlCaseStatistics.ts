// Counts over every case, per region: cases, measures, and the active time of
// completed assessments. No personal data, so not audited; the counts leave
// unsuppressed and the route suppresses small ones before anything leaves the API.
import type { RecordedMode } from './assessmentRepository.js';
import type { CaseStatus, MeasureStatus, PlanPart, ViolenceType } from './caseDomain.js';
import type { CaseStatistics } from './caseRepository.js';
import type { Database } from './database.js';
import type { PoliceRegion } from './policeRegions.js';

export async function caseStatistics(db: Database): Promise<CaseStatistics> {
  const cases = await db.query<{ region: PoliceRegion; violence_type: ViolenceType | null; status: CaseStatus; count: number }>(
    `SELECT region, violence_type, status, count(*)::int AS count FROM cases
     GROUP BY region, violence_type, status ORDER BY region, violence_type NULLS FIRST, status`,
  );
  const measures = await db.query<{ region: PoliceRegion; part: PlanPart; measure_id: string; status: MeasureStatus; count: number }>(
    `SELECT c.region, m.part, m.measure_id, m.status, count(*)::int AS count
     FROM protection_measures m JOIN protection_plans p ON p.id = m.plan_id JOIN cases c ON c.id = p.case_id
     GROUP BY c.region, m.part, m.measure_id, m.status ORDER BY c.region, m.part, m.measure_id, m.status`,
  );
  const minutes = await db.query<{ instrument_id: string; mode: RecordedMode; count: number; median_minutes: number; mean_minutes: number }>(
    `SELECT instrument_id, mode, count(*)::int AS count,
            (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM active_time)::float8) / 60)::float8 AS median_minutes,
            (avg(extract(epoch FROM active_time)::float8) / 60)::float8 AS mean_minutes
     FROM assessments WHERE status = 'completed' AND active_time IS NOT NULL
     GROUP BY instrument_id, mode ORDER BY instrument_id, mode`,
  );
  const oneDecimal = (n: number) => Math.round(Number(n) * 10) / 10;
  return {
    assessmentMinutes: minutes.rows.map((r) => ({ instrumentId: r.instrument_id, mode: r.mode, count: r.count, medianMinutes: oneDecimal(r.median_minutes), meanMinutes: oneDecimal(r.mean_minutes) })),
    cases: cases.rows.map((r) => ({ region: r.region, violenceType: r.violence_type, status: r.status, count: r.count })),
    measures: measures.rows.map((r) => ({ region: r.region, part: r.part, measureId: r.measure_id, status: r.status, count: r.count })),
  };
}
