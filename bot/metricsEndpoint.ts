// The HTTP side of metrics: GET /metrics for the scraper — behind a bearer
// token when METRICS_TOKEN is set, as the counts tell an outsider how busy the
// service is — and the middleware that times every API request by the
// operation that answered it.
import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { matchedOperation } from '../api/matchedOperation.js';
import type { Metrics } from './metrics.js';

/** A request under /api/v1 that matched no operation: a path or method none has, or a body refused before routing (too large, malformed). */
export const UNMATCHED_OPERATION = 'unmatched';

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function metricsEndpoint(metrics: Metrics, token: string | undefined): RequestHandler {
  return async (req, res) => {
    if (token !== undefined) {
      const given = /^Bearer\s+(\S+)$/.exec(req.get('authorization') ?? '')?.[1];
      if (given === undefined || !sameToken(given, token)) {
        res.status(401).set('www-authenticate', 'Bearer').type('application/problem+json').json({ type: 'urn:bops:problem:unauthenticated', title: 'Metrics need the METRICS_TOKEN bearer token', status: 401 });
        return;
      }
    }
    const { contentType, body } = await metrics.scrape();
    res.set('cache-control', 'no-store').type(contentType).send(body);
  };
}

export function measuredApi(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const operation = matchedOperation(res)?.operationId ?? UNMATCHED_OPERATION;
      metrics.apiRequest(operation, req.method, res.statusCode, seconds);
    });
    next();
  };
}
