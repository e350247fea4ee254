// mmioSetBuffer (behavior.md §2): a new engine or caller buffer, going
// unbuffered and back, allocation failure, memory files, and the sequence
// Wine's conformance tests pin down on Windows.

import { assert, assertEquals, assertStrictEquals } from "@std/assert";
import {
  FOURCC_DOS,
  FOURCC_MEM,
  MMIO_ALLOCBUF,
  MMIO_DIRTY,
  MMIO_READ,
  MMIO_WRITE,
  mmioClose,
  MMIOERR_OUTOFMEMORY,
  MMIOM_READ,
  MMIOM_SEEK,
  MMIOM_WRITE,
  mmioOpen,
  mmioRead,
  mmioSeek,
  mmioSetBuffer,
  mmioWrite,
  SEEK_CUR,
  SEEK_END,
  SEEK_SET,
} from "../mod.ts";
import { assertOk, infoOf, openMemory, seq } from "./_engine_util.ts";
import { openRecording } from "./_recording_proc.ts";
import { withTempDir } from "./_temp_dir.ts";

Deno.test("§2 mmioSetBuffer flushes dirty data and allocates a new empty buffer, keeping the position", async () => {
  const { h, rec } = await openRecording(new Uint8Array(0), { cchBuffer: 8 });
  try {
    assertEquals(await mmioWrite(h, seq(3)), 3);
    assertEquals(await mmioSetBuffer(h, null, 32), 0);
    assertEquals(rec.log, [[MMIOM_WRITE, 3]]);
    assertEquals(rec.data(), seq(3));
    const i = await infoOf(h);
    assertEquals(i.cchBuffer, 32);
    assert(i.pchBuffer!.length >= 32);
    assertEquals(i.dwFlags & MMIO_ALLOCBUF, MMIO_ALLOCBUF);
    assertEquals(i.dwFlags & MMIO_DIRTY, 0);
    assertEquals([i.pchNext, i.pchEndRead, i.pchEndWrite], [0, 0, 32]);
    assertEquals(i.lBufOffset, 3);
    assertEquals(await mmioSeek(h, 0, SEEK_CUR), 3);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§2 mmioSetBuffer keeps the logical position, not lDiskOffset", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/sb.bin`;
    await Deno.writeFile(path, seq(64));
    const h = await mmioOpen(path, { cchBuffer: 16 }, MMIO_READ);
    assertOk(h);
    try {
      const b = new Uint8Array(3);
      assertEquals(await mmioRead(h, b), 3); // the file is at 16 now
      assertEquals((await infoOf(h)).lDiskOffset, 16);
      assertEquals(await mmioSetBuffer(h, null, 8), 0);
      assertEquals(await mmioSeek(h, 0, SEEK_CUR), 3);
      assertEquals((await infoOf(h)).lBufOffset, 3);
      assertEquals(await mmioRead(h, b), 3);
      assertEquals(b, seq(3, 3));
    } finally {
      await mmioClose(h);
    }
  });
});

Deno.test("§2 mmioSetBuffer with a caller buffer uses it and drops ALLOCBUF", async () => {
  const { h } = await openRecording(seq(64), { cchBuffer: 8 });
  try {
    assertEquals((await infoOf(h)).dwFlags & MMIO_ALLOCBUF, MMIO_ALLOCBUF);
    const mine = new Uint8Array(20);
    assertEquals(await mmioSetBuffer(h, mine, 10), 0);
    const i = await infoOf(h);
    assertStrictEquals(i.pchBuffer, mine);
    assertEquals(i.cchBuffer, 10);
    assertEquals(i.dwFlags & MMIO_ALLOCBUF, 0);
    assertEquals([i.pchNext, i.pchEndRead, i.pchEndWrite], [0, 0, 10]);
    const b = new Uint8Array(2);
    assertEquals(await mmioRead(h, b), 2);
    assertEquals(mine.subarray(0, 10), seq(10));
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§2 mmioSetBuffer with a caller buffer and cch 0 still reads correctly", async () => {
  const { h } = await openRecording(seq(64), { cchBuffer: 8 });
  try {
    const mine = new Uint8Array(4);
    assertEquals(await mmioSetBuffer(h, mine, 0), 0);
    const i = await infoOf(h);
    assertEquals(i.cchBuffer, 0);
    const b = new Uint8Array(5);
    assertEquals(await mmioRead(h, b), 5);
    assertEquals(b, seq(5));
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§2 mmioSetBuffer(null, 0) goes unbuffered", async () => {
  const { h, rec } = await openRecording(seq(64), { cchBuffer: 8 });
  try {
    assertEquals(await mmioRead(h, new Uint8Array(2)), 2);
    assertEquals(await mmioSetBuffer(h, null, 0), 0);
    const i = await infoOf(h);
    assertEquals(i.cchBuffer, 0);
    assertEquals(i.pchBuffer, null);
    assertEquals(i.dwFlags & MMIO_ALLOCBUF, 0);
    rec.clear();
    const b = new Uint8Array(3);
    assertEquals(await mmioRead(h, b), 3);
    assertEquals(b, seq(3, 2));
    // Unbuffered: the read went straight to the procedure (after a seek
    // back to the logical position 2).
    assertEquals(rec.log[rec.log.length - 1], [MMIOM_READ, 3]);
    assert(rec.log.every((e) => e[0] === MMIOM_READ || e[0] === MMIOM_SEEK));
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§2 mmioSetBuffer turns an unbuffered handle buffered", async () => {
  const { h, rec } = await openRecording(seq(64), {});
  try {
    assertEquals(await mmioSetBuffer(h, null, 16), 0);
    const i = await infoOf(h);
    assertEquals(i.cchBuffer, 16);
    assertEquals(i.dwFlags & MMIO_ALLOCBUF, MMIO_ALLOCBUF);
    rec.clear();
    assertEquals(await mmioRead(h, new Uint8Array(2)), 2);
    assertEquals(rec.log, [[MMIOM_READ, 16]]);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§2 mmioSetBuffer ignores flags", async () => {
  const { h } = await openRecording(seq(64), { cchBuffer: 8 });
  try {
    assertEquals(await mmioSetBuffer(h, null, 12, 0xffff), 0);
    assertEquals((await infoOf(h)).cchBuffer, 12);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§2 mmioSetBuffer allocation failure is OUTOFMEMORY", async () => {
  const { h } = await openRecording(seq(64), { cchBuffer: 8 });
  try {
    assertEquals(await mmioSetBuffer(h, null, 2 ** 40), MMIOERR_OUTOFMEMORY);
    // The handle still works.
    const b = new Uint8Array(2);
    assertEquals(await mmioRead(h, b), 2);
    assertEquals(b, seq(2));
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§2 mmioSetBuffer on a memory file: the new block is the new file, empty, at 0", async () => {
  const h = await openMemory(seq(32), 32);
  try {
    assertEquals(await mmioSeek(h, 10, SEEK_SET), 10);
    const block = new Uint8Array(100).fill(0x33);
    assertEquals(await mmioSetBuffer(h, block, 100), 0);
    const i = await infoOf(h);
    assertStrictEquals(i.pchBuffer, block);
    assertEquals(i.cchBuffer, 100);
    assertEquals([i.pchNext, i.pchEndRead], [0, 0]);
    assertEquals(await mmioSeek(h, 0, SEEK_CUR), 0);
    assertEquals(await mmioRead(h, new Uint8Array(4)), 0);
    assertEquals(await mmioWrite(h, seq(4)), 4);
    assertEquals(block.subarray(0, 4), seq(4));
    assertEquals(await mmioSeek(h, 0, SEEK_END), 100);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§2 mmioSetBuffer sequence on DOS and MEM (as pinned on Windows)", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/sb.bin`;
    await Deno.writeFile(path, seq(300));
    for (const mem of [false, true]) {
      const buf = new Uint8Array(256);
      const h = await mmioOpen(mem ? null : path, {
        fccIOProc: mem ? FOURCC_MEM : FOURCC_DOS,
        pchBuffer: buf,
        cchBuffer: 256,
      }, MMIO_READ);
      assertOk(h);
      try {
        const check = async (
          cch: number,
          pch: Uint8Array | null | "new",
          flags: number,
        ) => {
          const i = await infoOf(h);
          const label = `${mem ? "MEM" : "DOS"} cch ${cch}`;
          assertEquals(i.dwFlags, flags, label);
          assertEquals(i.cchBuffer, cch, label);
          if (pch === "new") {
            assert(i.pchBuffer instanceof Uint8Array, label);
            assert(i.pchBuffer !== buf, label);
          } else {
            assertStrictEquals(i.pchBuffer, pch, label);
          }
          assertEquals(
            [i.pchNext, i.pchEndRead, i.pchEndWrite],
            [0, 0, cch],
            label,
          );
          assertEquals([i.lBufOffset, i.lDiskOffset], [0, 0], label);
          assertEquals(await mmioSeek(h, 0, SEEK_CUR), 0, label);
        };
        assertEquals(await mmioSetBuffer(h, null, 0, 0), 0);
        await check(0, null, MMIO_READ);
        assertEquals(await mmioSetBuffer(h, null, 0, MMIO_ALLOCBUF), 0);
        await check(0, null, MMIO_READ);
        assertEquals(await mmioSetBuffer(h, buf, 0, MMIO_ALLOCBUF), 0);
        await check(0, buf, MMIO_READ);
        assertEquals(
          await mmioSetBuffer(h, null, 256, MMIO_WRITE | MMIO_ALLOCBUF),
          0,
        );
        await check(256, "new", MMIO_READ | MMIO_ALLOCBUF);
      } finally {
        await mmioClose(h);
      }
    }
  });
});
