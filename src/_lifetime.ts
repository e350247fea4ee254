/**
 * The lifetime of open handles: closing, and what happens to handles nobody
 * closed (behavior.md §12, "Leaked handles lose nothing at exit").
 *
 * - When the program ends normally or through `Deno.exit`, the `unload`
 *   event writes the dirty bytes of every handle still open on a procedure
 *   that can write synchronously (the built-in DOS procedure), as C's stdio
 *   does at `exit`, and says on stderr how many handles were left open.
 *   An uncaught error, an unhandled rejection or a signal fires no `unload`
 *   event: what is still buffered then is lost.
 * - A handle that becomes unreachable without `mmioClose` is flushed the
 *   same way and its file closed by a finalizer. The engine holds open
 *   handles' state (`Handle`) but never their public face (`HMMIO`), so
 *   this registry keeps no handle alive.
 *
 * @module
 */

import { close } from "./_buffer.ts";
import type { Handle } from "./_handle.ts";
import type { Step } from "./_step.ts";

// Open handles whose procedure can write at exit, in opening order.
const open = new Set<Handle>();

const finalizer = new FinalizationRegistry<Handle>((s) => {
  if (s.closed) return;
  writeOut(s);
  s.closed = true;
  open.delete(s);
  if (s.entry) s.entry.uses--;
  try {
    s.can.closeNow?.(s.info);
  } catch {
    // Nothing to report to: nobody holds this handle any more.
  }
});

let listening = false;

function atExit(): void {
  let left = 0;
  for (const s of open) {
    if (s.closed) continue;
    left++;
    writeOut(s);
  }
  open.clear();
  if (left > 0) {
    const what = left === 1 ? "1 handle was" : `${left} handles were`;
    console.error(
      `mmio: ${what} still open at exit (call mmioClose); what they had buffered was written`,
    );
  }
}

/**
 * Writes a handle's dirty bytes synchronously through its procedure's
 * `writeNow`, and marks them clean when all were written.
 */
function writeOut(s: Handle): void {
  const write = s.can.writeNow;
  const info = s.info;
  if (
    write === undefined || s.dirtyHi <= s.dirtyLo || info.pchBuffer === null
  ) {
    return;
  }
  try {
    const data = info.pchBuffer.subarray(s.dirtyLo, s.dirtyHi);
    const n = write(info, data, info.lBufOffset + s.dirtyLo);
    if (n === data.length) {
      s.dirtyLo = s.dirtyHi = 0;
    }
  } catch {
    // A detached buffer or a closed file: nothing more can be saved.
  }
}

/**
 * Starts watching a newly opened handle: its dirty bytes are written at exit
 * or when its public face `face` is collected unclosed.
 */
export function adopt(s: Handle, face: object): void {
  if (s.can.writeNow === undefined) return;
  if (!listening) {
    listening = true;
    globalThis.addEventListener("unload", atExit);
  }
  open.add(s);
  finalizer.register(face, s, s);
}

/**
 * Closes a handle (`mmioClose`) and stops watching it. It leaves the exit
 * list only once closed, so that an exit during the final flush still
 * writes what is buffered.
 */
export function* closeHandle(s: Handle, flags: number): Step<number> {
  finalizer.unregister(s);
  try {
    return yield* close(s, flags);
  } finally {
    open.delete(s);
  }
}
