import { describe, expect, it } from 'vitest';
import { QueueDelayEstimator, WaitCalibration, remainingMs } from '../../src/server/admission.ts';

describe('admission control cost model', () => {
  it('estimates by bytes from what finished jobs of the same kind took', () => {
    const e = new QueueDelayEstimator(2, 50);
    expect(e.costs.estimate('json', 1000)).toBe(1); // nothing learned: cheap, so a fresh server admits
    e.costs.learn('json', 1000, 10);
    expect(e.costs.estimate('json', 3000)).toBeCloseTo(30);
  });

  it('estimates beam jobs, before any was measured, as width times their body kind; then from their own measurements', () => {
    const e = new QueueDelayEstimator(2, 50);
    e.costs.learn('json', 1000, 10);
    expect(e.costs.estimate('json+beam8', 1000, 'json', 8)).toBeCloseTo(80);
    e.costs.learn('json+beam8', 1000, 50);
    expect(e.costs.estimate('json+beam8', 1000, 'json', 8)).toBeCloseTo(50);
    // Greedy jobs are not affected by what beam jobs cost.
    expect(e.costs.estimate('json', 1000)).toBeCloseTo(10);
  });

  it('a queue of beam jobs ahead makes a new request wait longer than the same queue of greedy ones', () => {
    const e = new QueueDelayEstimator(1, 50);
    e.costs.learn('json', 1000, 10);
    const running = [{ estimateMs: 10, startedAt: 0 }];
    const greedy = [{ estimateMs: e.costs.estimate('json', 1000), startedAt: undefined }];
    const beam = [{ estimateMs: e.costs.estimate('json+beam8', 1000, 'json', 8), startedAt: undefined }];
    expect(e.refuses(e.waitMs(greedy, running, 0))).toBe(false);
    expect(e.refuses(e.waitMs(beam, running, 0))).toBe(true);
    expect(remainingMs(10, 4)).toBe(6);
  });

  it('calibrates estimated waits against measured ones: a fixed delay plus a slope, not a ratio', () => {
    const c = new WaitCalibration();
    expect(c.predict(40)).toBe(40); // nothing measured yet: the estimate itself
    // Clients waited 10 ms more than 2× the estimate (what grows with the queue, and what does not).
    for (let i = 0; i < 200; i++) {
      const est = 2 + (i % 20);
      c.add(est, 10 + 2 * est);
    }
    expect(c.predict(5)).toBeCloseTo(20, 5);
    expect(c.predict(20)).toBeCloseTo(50, 5);
  });

  it('refuses by the calibrated wait: a queue that looked short enough is refused once waits prove longer', () => {
    const e = new QueueDelayEstimator(2, 50);
    expect(e.refuses(30)).toBe(false);
    for (let i = 0; i < 100; i++) e.calibration.add(10 + (i % 10), 3 * (10 + (i % 10)));
    expect(e.refuses(30)).toBe(true); // 3 × 30 = 90 ms > 50
    expect(e.refuses(15)).toBe(false); // 45 ms
    expect(e.refuses(0)).toBe(false); // a thread is idle
  });
});
