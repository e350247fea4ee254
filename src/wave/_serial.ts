// Runs a reader's or writer's operations one at a time, in call order, even
// when the caller does not await each one: each spans several MMIO calls
// (seek, read, write), which must not interleave with another's.

/** A queue of asynchronous operations run one after the other. */
export class Serial {
  #tail: Promise<unknown> = Promise.resolve();

  /** Runs `op` after every operation queued before it. */
  run<T>(op: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(op);
    this.#tail = result.catch(() => {});
    return result;
  }
}
