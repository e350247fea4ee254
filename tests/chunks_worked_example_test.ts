// The worked example of behavior.md §10, byte for byte: written through
// direct buffer access, through mmioWrite, and on a growing memory file.

import { assert, assertEquals } from "@std/assert";
import {
  FOURCC_MEM,
  type MMCKINFO,
  MMIO_ALLOCBUF,
  MMIO_CREATE,
  MMIO_CREATERIFF,
  MMIO_DIRTY,
  MMIO_FINDCHUNK,
  MMIO_FINDRIFF,
  MMIO_READWRITE,
  MMIO_WRITE,
  mmioAdvance,
  mmioAscend,
  mmioClose,
  mmioCreateChunk,
  mmioDescend,
  mmioGetInfo,
  type MMIOINFO,
  mmioOpen,
  mmioRead,
  mmioSetInfo,
  mmioWrite,
} from "../mod.ts";
import { Bytes, fcc } from "./fuzz/_riff.ts";
import { withTempDir } from "./_temp_dir.ts";
import {
  assertFile,
  describeModes,
  FILLER,
  junk,
  opened,
  tell,
  withReader,
  withWriter,
} from "./_chunk_modes.ts";

/** `RIFF`, 40, `WAVE`, `data`, 27, 8×DE, 8×EF, 8×BA, `EF EF EF 00`. */
const WORKED_EXAMPLE = new Bytes()
  .fcc("RIFF").u32(40).fcc("WAVE").fcc("data").u32(27)
  .fill(0xde, 8).fill(0xef, 8).fill(0xba, 8).fill(0xef, 3).raw([0])
  .bytes();

Deno.test("§10 worked example: 48 bytes through direct buffer access (disk)", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/example.wav`;
    const h = opened(
      await mmioOpen(path, null, MMIO_ALLOCBUF | MMIO_CREATE | MMIO_READWRITE),
      path,
    );
    try {
      const riff: Partial<MMCKINFO> = { fccType: fcc("WAVE") };
      assertEquals(await mmioCreateChunk(h, riff, MMIO_CREATERIFF), 0);
      const data: Partial<MMCKINFO> = { ckid: fcc("data") };
      assertEquals(await mmioCreateChunk(h, data, 0), 0);
      assertEquals(await mmioWrite(h, new Uint8Array(8).fill(0xde)), 8);

      const info = {} as MMIOINFO;
      assertEquals(await mmioGetInfo(h, info), 0);
      const put = (byte: number, n: number): void => {
        assert(info.pchNext + n <= info.pchEndWrite, "room in the buffer");
        info.pchBuffer!.fill(byte, info.pchNext, info.pchNext + n);
        info.pchNext += n;
        info.dwFlags |= MMIO_DIRTY;
      };
      put(0xef, 8);
      assertEquals(await mmioAdvance(h, info, MMIO_WRITE), 0);
      assertEquals(info.lBufOffset, 36);
      assertEquals(info.dwFlags & MMIO_DIRTY, 0, "advance clears MMIO_DIRTY");
      put(0xba, 8);
      assertEquals(await mmioAdvance(h, info, MMIO_WRITE), 0);
      assertEquals(info.lBufOffset, 44);
      put(0xef, 3);
      assertEquals(await mmioSetInfo(h, info, 0), 0);

      assertEquals(await mmioAscend(h, data as MMCKINFO, 0), 0);
      assertEquals(data.cksize, 27);
      assertEquals(await mmioAscend(h, riff as MMCKINFO, 0), 0);
      assertEquals(riff.cksize, 40);
      assertEquals(await tell(h), 48);
    } finally {
      assertEquals(await mmioClose(h, 0), 0);
    }
    assertEquals(await Deno.readFile(path), WORKED_EXAMPLE);
  });
});

describeModes(
  "§10 worked example: the same 48 bytes through mmioWrite",
  async (mode) => {
    const file = await withWriter(mode, async (h) => {
      const riff: Partial<MMCKINFO> = { fccType: fcc("WAVE") };
      assertEquals(await mmioCreateChunk(h, riff, MMIO_CREATERIFF), 0);
      const data: Partial<MMCKINFO> = { ckid: fcc("data") };
      assertEquals(await mmioCreateChunk(h, data, 0), 0);
      for (const [byte, n] of [[0xde, 8], [0xef, 8], [0xba, 8], [0xef, 3]]) {
        assertEquals(await mmioWrite(h, new Uint8Array(n).fill(byte)), n);
      }
      assertEquals(await mmioAscend(h, data as MMCKINFO, 0), 0);
      assertEquals(await mmioAscend(h, riff as MMCKINFO, 0), 0);
    });
    assertFile(mode, file, WORKED_EXAMPLE);
    // And it reads back: RIFF 'WAVE' → 'data' of 27 bytes.
    await withReader(WORKED_EXAMPLE, mode, async (h) => {
      const riff = junk({ fccType: fcc("WAVE") });
      assertEquals(await mmioDescend(h, riff, null, MMIO_FINDRIFF), 0);
      const data = junk({ ckid: fcc("data") });
      assertEquals(await mmioDescend(h, data, riff, MMIO_FINDCHUNK), 0);
      assertEquals(data.cksize, 27);
      const got = new Uint8Array(27);
      assertEquals(await mmioRead(h, got), 27);
      assertEquals(got, WORKED_EXAMPLE.subarray(20, 47));
    });
  },
);

Deno.test("§10 worked example on a memory file that grows from 16 bytes", async () => {
  const h = opened(
    await mmioOpen(null, {
      fccIOProc: FOURCC_MEM,
      pchBuffer: new Uint8Array(16).fill(FILLER),
      cchBuffer: 16,
      adwInfo: [8, 0, 0], // grow by at least 8 bytes at a time
    }, MMIO_READWRITE | MMIO_CREATE),
    "a growing memory file",
  );
  let block: Uint8Array;
  try {
    const riff: Partial<MMCKINFO> = { fccType: fcc("WAVE") };
    assertEquals(await mmioCreateChunk(h, riff, MMIO_CREATERIFF), 0);
    const data: Partial<MMCKINFO> = { ckid: fcc("data") };
    assertEquals(await mmioCreateChunk(h, data, 0), 0);
    for (const [byte, n] of [[0xde, 8], [0xef, 8], [0xba, 8], [0xef, 3]]) {
      assertEquals(await mmioWrite(h, new Uint8Array(n).fill(byte)), n);
    }
    assertEquals(await mmioAscend(h, data as MMCKINFO, 0), 0);
    assertEquals(await mmioAscend(h, riff as MMCKINFO, 0), 0);
    assertEquals(await tell(h), 48);
    const info: Partial<MMIOINFO> = {};
    assertEquals(await mmioGetInfo(h, info), 0);
    assert(info.cchBuffer! >= 48, `the block grew to ${info.cchBuffer}`);
    block = info.pchBuffer!.slice(0, info.cchBuffer);
  } finally {
    assertEquals(await mmioClose(h, 0), 0);
  }
  assertEquals(block.subarray(0, 48), WORKED_EXAMPLE);
});
