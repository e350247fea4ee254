// The four set-ups every chunk test runs in (a memory file; a disk file with
// the engine's buffer, with a 7-byte buffer that splits every header, and
// unbuffered), and the helpers that open, check and clean up after them.

import { assertEquals } from "@std/assert";
import {
  FOURCC_MEM,
  type HMMIO,
  type MMCKINFO,
  MMIO_ALLOCBUF,
  MMIO_CREATE,
  MMIO_READ,
  MMIO_READWRITE,
  mmioClose,
  mmioGetInfo,
  type MMIOINFO,
  mmioOpen,
  mmioSeek,
  SEEK_CUR,
} from "../mod.ts";
import { fcc } from "./fuzz/_riff.ts";
import { type RecordingFile, recordingProc } from "./_recording_proc.ts";
import { withTempDir } from "./_temp_dir.ts";

/** Where a chunk test's file lives, and how it is buffered. */
export type Mode =
  | "memory"
  | "disk"
  | "disk, 7-byte buffer"
  | "disk, unbuffered";
/** Every {@linkcode Mode}, in the order the tests run them. */
export const MODES: Mode[] = [
  "memory",
  "disk",
  "disk, 7-byte buffer",
  "disk, unbuffered",
];

/** Bytes a memory file starts with, so that a written 0 is visible. */
export const FILLER = 0xcc;
/** The size of a writable memory file (it cannot grow). */
export const MEMORY_BLOCK = 64;

/** The handle, or a failed test when the open failed. */
export function opened(h: HMMIO | null, what: string): HMMIO {
  if (!h) throw new Error(`mmioOpen failed: ${what}`);
  return h;
}

/** The handle's current position. */
export async function tell(h: HMMIO): Promise<number> {
  return await mmioSeek(h, 0, SEEK_CUR);
}

/** Caller input that a correct engine must overwrite or ignore. */
export function junk(fields: Partial<MMCKINFO> = {}): MMCKINFO {
  return {
    ckid: fcc("junk"),
    cksize: 0x5a5a5a5a,
    fccType: fcc("TYPE"),
    dwDataOffset: 0x12345,
    dwFlags: 0x7fff,
    ...fields,
  };
}

/** Opens `bytes` for reading in `mode`, runs `fn`, closes, cleans up. */
export async function withReader(
  bytes: Uint8Array,
  mode: Mode,
  fn: (h: HMMIO) => Promise<void>,
): Promise<void> {
  await withTempDir(async (dir) => {
    let maybe: HMMIO | null;
    if (mode === "memory") {
      maybe = await mmioOpen(null, {
        fccIOProc: FOURCC_MEM,
        pchBuffer: bytes.slice(),
        cchBuffer: bytes.length,
      }, MMIO_READ);
    } else {
      const path = `${dir}/in.riff`;
      await Deno.writeFile(path, bytes);
      maybe = mode === "disk"
        ? await mmioOpen(path, null, MMIO_READ | MMIO_ALLOCBUF)
        : mode === "disk, 7-byte buffer"
        ? await mmioOpen(path, { cchBuffer: 7 }, MMIO_READ)
        : await mmioOpen(path, null, MMIO_READ);
    }
    const h = opened(maybe, mode);
    try {
      await fn(h);
    } finally {
      assertEquals(await mmioClose(h, 0), 0);
    }
  });
}

/**
 * Opens an empty writable file in `mode`, runs `fn`, closes and returns the
 * file's bytes. A memory file is a 64-byte block of 0xCC that cannot grow;
 * its whole block is returned.
 */
export async function withWriter(
  mode: Mode,
  fn: (h: HMMIO) => Promise<void>,
): Promise<Uint8Array> {
  return await withTempDir(async (dir) => {
    const path = `${dir}/out.riff`;
    let maybe: HMMIO | null;
    if (mode === "memory") {
      maybe = await mmioOpen(null, {
        fccIOProc: FOURCC_MEM,
        pchBuffer: new Uint8Array(MEMORY_BLOCK).fill(FILLER),
        cchBuffer: MEMORY_BLOCK,
        adwInfo: [0, 0, 0],
      }, MMIO_READWRITE);
    } else {
      const flags = MMIO_CREATE | MMIO_READWRITE;
      maybe = mode === "disk"
        ? await mmioOpen(path, null, flags | MMIO_ALLOCBUF)
        : mode === "disk, 7-byte buffer"
        ? await mmioOpen(path, { cchBuffer: 7 }, flags)
        : await mmioOpen(path, null, flags);
    }
    const h = opened(maybe, mode);
    let block: Uint8Array | null = null;
    try {
      await fn(h);
      if (mode === "memory") {
        const info: Partial<MMIOINFO> = {};
        assertEquals(await mmioGetInfo(h, info), 0);
        block = info.pchBuffer!.slice();
      }
    } finally {
      assertEquals(await mmioClose(h, 0), 0);
    }
    return block ?? await Deno.readFile(path);
  });
}

/** The file must be exactly `want` (memory: `want`, then untouched filler). */
export function assertFile(
  mode: Mode,
  got: Uint8Array,
  want: Uint8Array,
): void {
  if (mode === "memory") {
    assertEquals(got.subarray(0, want.length), want);
    assertEquals(
      got.subarray(want.length),
      new Uint8Array(MEMORY_BLOCK - want.length).fill(FILLER),
      "a memory file was written past the expected end",
    );
  } else {
    assertEquals(got, want);
  }
}

/** Registers one test per {@linkcode Mode}, named `name (mode)`. */
export function describeModes(
  name: string,
  fn: (mode: Mode) => Promise<void>,
): void {
  for (const mode of MODES) Deno.test(`${name} (${mode})`, () => fn(mode));
}

/**
 * An unbuffered handle on a recording procedure serving `bytes`: every write
 * and seek reaches the procedure at once, and its `failWrites` and
 * `failSeeks` make them fail.
 */
export async function openProc(
  bytes: Uint8Array,
): Promise<{ h: HMMIO; rec: RecordingFile }> {
  const rec = recordingProc(bytes);
  const h = await mmioOpen("chunks.tst", {
    fccIOProc: fcc("TST "),
    pIOProc: rec.proc,
  }, MMIO_READWRITE);
  return { h: opened(h, "a procedure"), rec };
}
