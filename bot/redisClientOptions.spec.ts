import { describe, expect, it } from 'vitest';
import { MAX_RECONNECT_DELAY_MS, reconnectDelayMs, redisClientOptions } from './redisClientOptions.js';

describe('redisClientOptions', () => {
  it('keeps no offline queue, so commands fail at once while Redis is away instead of piling up', () => {
    expect(redisClientOptions()).toMatchObject({ enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: true });
    expect(redisClientOptions().commandTimeout).toBeGreaterThan(0);
  });

  it('reconnects forever with a growing delay that never exceeds the bound', () => {
    const delays = Array.from({ length: 40 }, (_, i) => reconnectDelayMs(i + 1));
    for (const delay of delays) {
      expect(typeof delay).toBe('number');
      expect(delay).toBeGreaterThan(0);
      expect(delay).toBeLessThanOrEqual(MAX_RECONNECT_DELAY_MS);
    }
    expect(reconnectDelayMs(1)).toBeLessThanOrEqual(50);
    expect(delays.at(-1)).toBeGreaterThanOrEqual(MAX_RECONNECT_DELAY_MS * 0.8);
  });
});
