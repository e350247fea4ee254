// The model and stress tests' check after every step: the handle's engine
// invariants (src/_invariants.ts, test-only), with the step named when one is
// broken, so a failure points at the step that broke it.

import type { HMMIO } from "../mod.ts";
import { assertInvariants } from "../src/_invariants.ts";

/** Throws, naming `where`, when the handle's engine state breaks an invariant. */
export function assertInvariantsAfter(h: HMMIO, where: string): void {
  try {
    assertInvariants(h);
  } catch (e) {
    throw new Error(`after ${where}: ${(e as Error).message}`, { cause: e });
  }
}
