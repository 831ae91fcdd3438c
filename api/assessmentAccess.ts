// What a handler must know of an assessment before it touches its data: that
// it exists and on which facts access is decided (owner, region, level,
// instrument, pack), and the exact methodology version it was made with. The
// facts are remembered between requests (api/accessFactsMemo.ts); a decision
// on remembered facts that ends in a refusal or a miss is made again on fresh
// ones, and the repository re-checks remembered facts where it writes or
// reads, so a stale memory costs a read, never a wrong write.
import type { Request } from 'express';
import { findInstrument, MethodologyError, type LoadedPack, type MethodologySource } from '../methodology/methodologySource.js';
import type { Instrument } from '../methodology/packSchema.js';
import type { AccessFactsMemo } from './accessFactsMemo.js';
import type { AccessFacts, AssessmentOwnership, AssessmentRepository, PackRef } from './assessmentRepository.js';
import { uuidSchema } from './idSchemas.js';
import { ProblemError, type ProblemType } from './problem.js';
import { NO_SUCH_ASSESSMENT, parseRequestPart } from './routeGuards.js';

/**
 * Refusals that may come from remembered access facts gone stale (the owner,
 * region, level or pack changed, or the write found them changed): decided
 * again on facts read now before the refusal is final.
 */
const REDECIDE_ON_FRESH_FACTS: ReadonlySet<ProblemType> = new Set<ProblemType>(['forbidden', 'invalid-answer', 'pack-mismatch', 'concurrent-change', 'not-found']);

/** The pack version an assessment was made with, as loaded here; 'pack-mismatch' when it is not available with the recorded hash. */
export function loadedPackOf(methodology: MethodologySource, pack: PackRef): LoadedPack {
  const loaded = methodology.get(pack.id, pack.version);
  if (!loaded || loaded.hash !== pack.hash) throw new ProblemError('pack-mismatch', `pack ${pack.id}@${pack.version} is not available with the recorded hash`);
  return loaded;
}

export interface AssessmentAccess {
  /** The assessment id of the request's path, in the form the database prints (the memo's key). */
  idOf(req: Request): string;
  /** The access facts of an assessment read now; 'not-found' when there is none. */
  owned(rawId: unknown): Promise<AssessmentOwnership>;
  /** The instrument and pack version an assessment answers. */
  instrumentOf(ref: Pick<AssessmentOwnership, 'pack' | 'instrumentId'>): { instrument: Instrument; pack: LoadedPack };
  /**
   * Runs `act` on the access facts of an assessment: remembered ones when there are any — the
   * repository call in `act` must re-check them — else, or when remembered ones led to a refusal
   * or a miss, on facts read now (which are remembered for the next request).
   */
  onAccessFacts<T>(id: string, act: (facts: AccessFacts) => Promise<T>): Promise<T>;
}

export function assessmentAccessOf(repository: Pick<AssessmentRepository, 'ownership'>, methodology: MethodologySource, memo: AccessFactsMemo): AssessmentAccess {
  const owned = async (rawId: unknown): Promise<AssessmentOwnership> => {
    const ownership = await repository.ownership(parseRequestPart(uuidSchema, rawId, 'path'));
    if (!ownership) throw new ProblemError('not-found', NO_SUCH_ASSESSMENT);
    return ownership;
  };
  return {
    idOf: (req) => parseRequestPart(uuidSchema, req.params.id, 'path').toLowerCase(),
    owned,
    instrumentOf(ref) {
      const pack = loadedPackOf(methodology, ref.pack);
      try {
        return { instrument: findInstrument(pack, ref.instrumentId), pack };
      } catch (err) {
        if (err instanceof MethodologyError) throw new ProblemError('pack-mismatch', err.message);
        throw err;
      }
    },
    async onAccessFacts(id, act) {
      const remembered = memo.get(id);
      if (remembered !== undefined) {
        try {
          return await act(remembered);
        } catch (err) {
          if (!(err instanceof ProblemError && REDECIDE_ON_FRESH_FACTS.has(err.type))) throw err;
          memo.forget(id);
        }
      }
      const fresh = await owned(id);
      memo.remember(id, fresh);
      return act(fresh);
    },
  };
}
