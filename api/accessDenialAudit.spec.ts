// The denial-audit middleware on its own: it records a refusal with the stated
// purpose, else its operation's (or 'unstated' where it matched none or one
// whose caller must state it), leaves
// every other error alone, and never lets a failing log change the answer —
// the officer is refused either way, and the failure is logged without
// content. Ids are fictitious.
import type { AddressInfo } from 'node:net';
import express from 'express';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { AccessDeniedError, type AccessDenial, type AccessDenialLog } from './accessDenial.js';
import { auditAccessDenials, UNSTATED_PURPOSE } from './accessDenialAudit.js';
import { operationOf } from './apiOperations.js';
import type { AuditContext } from './auditLog.js';
import { PURPOSE_HEADER } from './assessmentContract.js';
import { nameOperation } from './matchedOperation.js';
import { problemHandler, ProblemError } from './problem.js';

const DENIAL: AccessDenial = { action: 'case.read', code: 'nothing_shared_yet', target: { type: 'case', id: '00000000-0000-4000-8000-0000000000c1' }, answeredAs: 'forbidden' };
const CALLER = { officer: { id: 'officer-mw-1', roles: ['investigator' as const], region: 'vast' as const }, viaId: 'bops-bot' };

let close: (() => void) | undefined;
afterEach(() => close?.());

async function serve(log: AccessDenialLog, lines: string[] = []): Promise<string> {
  const logger = pino({ level: 'error' }, { write: (line: string) => void lines.push(line) });
  const app = express();
  const deny = () => {
    throw new AccessDeniedError(DENIAL, CALLER, 'investigators read only what is shared');
  };
  app.get('/denied', nameOperation(operationOf('getCase')), deny);
  // A look-up of persons, whose caller must state why (the purpose-required header).
  app.get('/persons', nameOperation(operationOf('listPersons')), deny);
  // Refused before any operation matched (an officer the API does not know, on a path none has).
  app.get('/unmatched', deny);
  app.get('/missing', () => {
    throw new ProblemError('not-found', 'no case with that number');
  });
  app.use(auditAccessDenials(log, logger));
  app.use(problemHandler(logger));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  close = () => server.close();
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('auditAccessDenials', () => {
  it("records the refusal with the purpose stated, else with its operation's, and answers the problem", async () => {
    const recorded: [AccessDenial, AuditContext][] = [];
    const base = await serve({ recordDenial: async (d, a) => void recorded.push([d, a]) });
    expect((await fetch(`${base}/denied`, { headers: { [PURPOSE_HEADER]: 'uppföljning' } })).status).toBe(403);
    expect((await fetch(`${base}/denied`)).status).toBe(403);
    expect((await fetch(`${base}/denied`, { headers: { [PURPOSE_HEADER]: '   ' } })).status).toBe(403);
    const audit = (purpose: string) => [DENIAL, { actorId: CALLER.officer.id, viaId: 'bops-bot', purpose }];
    expect(recorded).toEqual([audit('uppföljning'), audit('bops.case'), audit('bops.case')]);
  });

  it.each([
    ['matched no operation', '/unmatched'],
    ['is a look-up of persons, whose caller must state why', '/persons'],
  ])('records a refusal that %s and stated no purpose as unstated, a stated one as stated', async (_what, path) => {
    const recorded: string[] = [];
    const base = await serve({ recordDenial: async (_d, a) => void recorded.push(a.purpose) });
    expect((await fetch(`${base}${path}`)).status).toBe(403);
    expect((await fetch(`${base}${path}`, { headers: { [PURPOSE_HEADER]: 'uppföljning' } })).status).toBe(403);
    expect(recorded).toEqual([UNSTATED_PURPOSE, 'uppföljning']);
  });

  it('leaves other problems unrecorded', async () => {
    const recorded: AccessDenial[] = [];
    const base = await serve({ recordDenial: async (d) => void recorded.push(d) });
    expect((await fetch(`${base}/missing`)).status).toBe(404);
    expect(recorded).toEqual([]);
  });

  it('still refuses when the row cannot be written, and logs that without content', async () => {
    const lines: string[] = [];
    const base = await serve({ recordDenial: () => Promise.reject(new Error('connection terminated')) }, lines);
    const res = await fetch(`${base}/denied`, { headers: { [PURPOSE_HEADER]: 'uppföljning' } });
    expect(res.status).toBe(403);
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ msg: 'could not audit a refused request', action: 'case.read', code: 'nothing_shared_yet' }),
    ]);
    expect(lines.join()).not.toContain('uppföljning');
  });
});
