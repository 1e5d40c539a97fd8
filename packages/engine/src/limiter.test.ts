import { describe, expect, it } from 'vitest';
import { Limiter } from './limiter.ts';

describe('Limiter', () => {
  it('never runs more than the limit at once and runs everything', async () => {
    const limiter = new Limiter(3);
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        limiter.run(async () => {
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 1 + (index % 3)));
          running -= 1;
          done.push(index);
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, index) => index));
    expect(limiter.inFlight).toBe(0);
  });

  it('starts waiting tasks by priority, then in arrival order', async () => {
    const limiter = new Limiter(1);
    let finishFirst = () => {};
    const started: string[] = [];
    const task = (name: string) => async () => {
      started.push(name);
    };
    const first = limiter.run(() => new Promise<void>((resolve) => (finishFirst = resolve)));
    const waiting = [limiter.run(task('low a')), limiter.run(task('high a'), 2), limiter.run(task('low b')), limiter.run(task('middle'), 1), limiter.run(task('high b'), 2)];
    finishFirst();
    await Promise.all([first, ...waiting]);
    expect(started).toEqual(['high a', 'high b', 'middle', 'low a', 'low b']);
  });

  it('releases the slot when a task throws', async () => {
    const limiter = new Limiter(1);
    await expect(limiter.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limiter.run(async () => 'ok')).resolves.toBe('ok');
  });

  it('rejects a limit below one', () => {
    expect(() => new Limiter(0)).toThrow(RangeError);
  });
});
