// What `npm start` says of itself: the mode, and loudly what is not durable or
// not protected.
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { startupBanner } from './startupBanner.js';

const server = (storageKind: 'redis' | 'memory') => ({ url: 'http://127.0.0.1:3978', database: { kind: 'pglite' as const }, storageKind });
const key = Buffer.alloc(32, 4).toString('base64');

describe('start-up banner', () => {
  it('warns loudly that state in memory is not durable, in dev mode', () => {
    const text = startupBanner(loadConfig({}), server('memory')).join('\n');
    expect(text).toMatch(/Mode: +DEV/);
    expect(text).toMatch(/IN MEMORY and is NOT durable/);
    expect(text).not.toMatch(/NOT ENCRYPTED/);
  });

  it('warns loudly that state in Redis is not encrypted without a key, and says nothing of it with one', () => {
    const plain = startupBanner(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }), server('redis')).join('\n');
    expect(plain).toMatch(/State: +Redis \(REDIS_URL\), NOT ENCRYPTED/);
    expect(plain).toMatch(/!!! WARNING: conversation state in Redis is NOT ENCRYPTED/);
    const sealed = startupBanner(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', STATE_ENCRYPTION_KEY: key, STATE_ENCRYPTION_KEY_ID: 'k1' }), server('redis')).join('\n');
    expect(sealed).toMatch(/State: +Redis \(REDIS_URL\), encrypted/);
    expect(sealed).not.toMatch(/WARNING/);
  });
});
