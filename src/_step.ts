/**
 * The step driver. An engine operation is written once, as a generator
 * that yields each promise it must wait for; {@linkcode run} drives it
 * synchronously until a real promise appears, so work that needs no I/O
 * (small buffered reads and writes, seeks inside the buffer, chunk headers
 * already loaded) completes without awaiting anything.
 *
 * @module
 */

/**
 * A step of the engine: a generator that yields each promise it must wait
 * for and returns its result.
 */
export type Step<T> = Generator<Promise<unknown>, T, unknown>;

/** Drives a step: its result, or a promise of it once I/O is involved. */
export function run<T>(step: Step<T>): T | Promise<T> {
  const r = step.next();
  return r.done ? r.value : finish(step, r.value);
}

async function finish<T>(step: Step<T>, pending: Promise<unknown>): Promise<T> {
  for (;;) {
    let value: unknown;
    let failed = false;
    try {
      value = await pending;
    } catch (e) {
      value = e;
      failed = true;
    }
    const r = failed ? step.throw(value) : step.next(value);
    if (r.done) return r.value;
    pending = r.value;
  }
}

// Resolved promises of small results, shared so the buffered fast paths
// allocate nothing per call.
const resolvedCache: Promise<number>[] = [];
const CACHE_MIN = -1;
const CACHE_MAX = 4096;

/** An already-resolved promise of `n`. */
export function resolved(n: number): Promise<number> {
  if (n >= CACHE_MIN && n <= CACHE_MAX && Number.isInteger(n)) {
    return resolvedCache[n - CACHE_MIN] ??= Promise.resolve(n);
  }
  return Promise.resolve(n);
}

/**
 * An already-resolved promise of a byte count `n` (a whole number >= 0, as
 * the argument checks guarantee): the per-call fast paths' answer.
 */
export function resolvedCount(n: number): Promise<number> {
  return resolvedCache[n - CACHE_MIN] ?? resolved(n);
}
