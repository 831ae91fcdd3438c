// What reaches a log line: never text, bodies, answers or case numbers, at any
// depth, while ids, counts and errors' messages and stacks stay readable.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

function captured(): { lines: Record<string, unknown>[]; log: ReturnType<typeof createLogger> } {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, log: createLogger('info', destination) };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('createLogger', () => {
  it('drops text, body, answer and caseNumber at the top, one level down and deeper, in arrays too', async () => {
    const { lines, log } = captured();
    log.info({ text: 'Hej', caseNumber: '5000-K1-26', a: { text: 't', b: { caseNumber: 'c', answer: 'ja', keep: 1 } }, list: [{ body: 'x', id: 'i1' }], count: 3 }, 'message');
    await flush();
    const line = lines[0]!;
    expect(line).toMatchObject({ msg: 'message', count: 3, a: { b: { keep: 1 } }, list: [{ id: 'i1' }] });
    expect(JSON.stringify(line)).not.toMatch(/Hej|5000-K1-26|"t"|"c"|"ja"|"x"/);
  });

  it("keeps an error's type, message and stack, and drops what its details carry", async () => {
    const { lines, log } = captured();
    const err = Object.assign(new TypeError('the request failed'), { details: { body: '{"rationale":"secret"}', status: 400 } });
    log.error({ err }, 'failed');
    await flush();
    const logged = lines[0]!.err as Record<string, unknown>;
    expect(logged).toMatchObject({ type: 'TypeError', message: 'the request failed', details: { status: 400 } });
    expect(logged.stack).toEqual(expect.stringContaining('TypeError: the request failed'));
    expect(JSON.stringify(lines[0])).not.toContain('secret');
  });

  it('writes a cyclic object without failing', async () => {
    const { lines, log } = captured();
    const cyclic: Record<string, unknown> = { id: 'c1' };
    cyclic.self = cyclic;
    log.info({ cyclic }, 'cycle');
    await flush();
    expect(lines[0]).toMatchObject({ cyclic: { id: 'c1', self: '[Circular]' } });
  });
});
