// Writing memory files (behavior.md §4): growth by the expansion increment,
// a block that cannot grow, MMIO_CREATE, and a file with no block at all.

import { assert, assertEquals, assertNotStrictEquals } from "@std/assert";
import {
  FOURCC_MEM,
  MMIO_ALLOCBUF,
  MMIO_CREATE,
  MMIO_READWRITE,
  MMIO_WRITE,
  mmioAdvance,
  mmioClose,
  MMIOERR_CANNOTEXPAND,
  mmioGetInfo,
  type MMIOINFO,
  mmioOpen,
  mmioRead,
  mmioSeek,
  mmioWrite,
  SEEK_CUR,
  SEEK_END,
  SEEK_SET,
} from "../mod.ts";
import { fill, infoOf, openMemory, seq } from "./_engine_util.ts";

Deno.test("§4 a memory file grows by at least the increment; the grown block is pchBuffer", async () => {
  const block = seq(8);
  const h = await openMemory(block, 8, 16);
  try {
    assertEquals(await mmioSeek(h, 5, SEEK_SET), 5);
    assertEquals(await mmioWrite(h, fill(10, 0x77)), 10);
    const i = await infoOf(h);
    assert(i.cchBuffer >= 8 + 16, `cchBuffer ${i.cchBuffer}`);
    assert(i.pchBuffer!.length >= i.cchBuffer);
    assertNotStrictEquals(i.pchBuffer, block);
    assertEquals(i.pchBuffer!.subarray(0, 5), seq(5));
    assertEquals(i.pchBuffer!.subarray(5, 15), fill(10, 0x77));
    assertEquals(i.dwFlags & MMIO_ALLOCBUF, 0);
    assertEquals([i.lBufOffset, i.lDiskOffset], [0, 0]);
    assertEquals(await mmioSeek(h, 0, SEEK_CUR), 15);
    // The new content reads back.
    assertEquals(await mmioSeek(h, 0, SEEK_SET), 0);
    const back = new Uint8Array(15);
    assertEquals(await mmioRead(h, back), 15);
    assertEquals(back.subarray(5), fill(10, 0x77));
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§4 a memory file grows repeatedly for a big write", async () => {
  const h = await openMemory(new Uint8Array(4), 4, 4);
  try {
    assertEquals(await mmioWrite(h, seq(100)), 100);
    const i = await infoOf(h);
    assert(i.cchBuffer >= 100);
    assertEquals(i.pchBuffer!.subarray(0, 100), seq(100));
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§4 a memory file that cannot grow stops at the end of the block (no wrap-around)", async () => {
  const block = seq(8);
  const h = await openMemory(block, 8, 0);
  try {
    assertEquals(await mmioSeek(h, 5, SEEK_SET), 5);
    assertEquals(await mmioWrite(h, fill(10, 0x99)), 3);
    assertEquals(await mmioWrite(h, fill(10, 0x88)), 0);
    assertEquals(await mmioSeek(h, 0, SEEK_CUR), 8);
    const i = await infoOf(h);
    assertEquals(i.cchBuffer, 8);
    assertEquals(i.pchBuffer, block);
  } finally {
    await mmioClose(h);
  }
  // The start was not overwritten.
  assertEquals(block, new Uint8Array([0, 1, 2, 3, 4, 0x99, 0x99, 0x99]));
});

Deno.test("§4/§7 mmioAdvance on a full memory file that cannot grow is CANNOTEXPAND", async () => {
  const block = new Uint8Array(8);
  const h = await openMemory(block, 8, 0);
  try {
    assertEquals(await mmioWrite(h, fill(8, 1)), 8);
    const info: Partial<MMIOINFO> = {};
    assertEquals(await mmioGetInfo(h, info), 0);
    assertEquals(info.pchNext, 8);
    assertEquals(
      await mmioAdvance(h, info as MMIOINFO, MMIO_WRITE),
      MMIOERR_CANNOTEXPAND,
    );
    assertEquals(block, fill(8, 1));
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§4 a memory file opened with MMIO_CREATE is written from its start", async () => {
  const block = new Uint8Array(16).fill(0xff);
  const h = await openMemory(block, 16, 0, MMIO_READWRITE | MMIO_CREATE);
  try {
    assertEquals(await mmioWrite(h, seq(4)), 4);
    assertEquals(await mmioSeek(h, 0, SEEK_SET), 0);
    const buf = new Uint8Array(4);
    assertEquals(await mmioRead(h, buf), 4);
    assertEquals(buf, seq(4));
    assertEquals(await mmioSeek(h, 0, SEEK_END), 16);
  } finally {
    await mmioClose(h);
  }
  assertEquals(block.subarray(0, 4), seq(4));
});

Deno.test("§4 a memory file with no block and an increment grows from nothing", async () => {
  const h = await mmioOpen(null, {
    fccIOProc: FOURCC_MEM,
    adwInfo: [64, 0, 0],
  }, MMIO_READWRITE | MMIO_CREATE);
  assert(h !== null);
  try {
    assertEquals(await mmioWrite(h!, seq(100)), 100);
    const i = await infoOf(h!);
    assert(i.cchBuffer >= 100);
    assertEquals(i.pchBuffer!.subarray(0, 100), seq(100));
    assertEquals(await mmioSeek(h!, 0, SEEK_SET), 0);
    const back = new Uint8Array(100);
    assertEquals(await mmioRead(h!, back), 100);
    assertEquals(back, seq(100));
  } finally {
    await mmioClose(h!);
  }
});
