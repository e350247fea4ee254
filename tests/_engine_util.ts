// Small helpers for the engine tests: byte patterns, a handle's state, memory
// files, installed procedures, and a narrowing presence check. The recording
// procedure, the file model and temp directories have their own modules.

import { assertEquals } from "@std/assert";
import {
  type FOURCC,
  FOURCC_MEM,
  type HMMIO,
  type IOProc,
  MMIO_INSTALLPROC,
  MMIO_READWRITE,
  MMIO_REMOVEPROC,
  mmioClose,
  mmioGetInfo,
  type MMIOINFO,
  mmioInstallIOProc,
  mmioOpen,
} from "../mod.ts";

/** Bytes `start, start+1, ...` (mod 256), `n` of them. */
export function seq(n: number, start = 0): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (start + i) & 0xff;
  return out;
}

/** `n` copies of `value`. */
export function fill(n: number, value: number): Uint8Array {
  return new Uint8Array(n).fill(value);
}

/** A snapshot of a handle's state through `mmioGetInfo`, which must succeed. */
export async function infoOf(h: HMMIO): Promise<MMIOINFO> {
  const info: Partial<MMIOINFO> = {};
  assertEquals(await mmioGetInfo(h, info), 0, "mmioGetInfo");
  return info as MMIOINFO;
}

/** Closes a handle if it is still open, ignoring the result. */
export async function closeQuietly(h: HMMIO | null | undefined): Promise<void> {
  if (h) await mmioClose(h, 0);
}

/** Installs `proc` under `fcc` for the duration of `fn`. */
export async function withInstalled(
  fcc: FOURCC,
  proc: IOProc,
  fn: () => Promise<void>,
): Promise<void> {
  mmioInstallIOProc(fcc, proc, MMIO_INSTALLPROC);
  try {
    await fn();
  } finally {
    // Remove exactly our entry (newest for fcc); other tests' state stays.
    const found = mmioInstallIOProc(fcc, null, MMIO_REMOVEPROC);
    if (found !== proc && found !== null) {
      // Put back what we should not have removed.
      mmioInstallIOProc(fcc, found, MMIO_INSTALLPROC);
    }
  }
}

/** Opens a file by name, failing the test when the open fails. */
export async function openFile(
  path: string,
  info: Partial<MMIOINFO> | null,
  flags: number,
): Promise<HMMIO> {
  const h = await mmioOpen(path, info, flags);
  assertOk(h, `mmioOpen(${path}) failed: ${info?.wErrorRet}`);
  return h;
}

/** Opens a memory file over `block` with expansion increment `inc`. */
export async function openMemory(
  block: Uint8Array | null,
  size: number,
  inc = 0,
  flags: number = MMIO_READWRITE,
): Promise<HMMIO> {
  const h = await mmioOpen(null, {
    fccIOProc: FOURCC_MEM,
    pchBuffer: block,
    cchBuffer: size,
    adwInfo: [inc, 0, 0],
  }, flags);
  if (!h) throw new Error("mmioOpen on a memory file failed");
  return h;
}

/**
 * Asserts that a value is neither null nor undefined, and tells TypeScript
 * so (the npm mapping of @std/assert here cannot narrow).
 */
export function assertOk<T>(
  value: T,
  msg = "expected a value",
): asserts value is NonNullable<T> {
  if (value === null || value === undefined) throw new Error(msg);
}
