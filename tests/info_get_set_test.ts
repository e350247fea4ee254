// Direct buffer access, the state (behavior.md §7): what mmioGetInfo
// reports, what mmioSetInfo takes back (pointers, dwFlags, MMIO_DIRTY), and
// bytes written directly into the buffer next to mmioWrite.

import { assert, assertEquals, assertStrictEquals } from "@std/assert";
import {
  MMIO_ALLOCBUF,
  MMIO_DENYNONE,
  MMIO_DIRTY,
  MMIO_READWRITE,
  mmioClose,
  mmioFlush,
  mmioGetInfo,
  type MMIOINFO,
  mmioOpen,
  mmioRead,
  mmioSeek,
  mmioSetInfo,
  mmioWrite,
  MMSYSERR_INVALPARAM,
  SEEK_CUR,
  SEEK_END,
  SEEK_SET,
} from "../mod.ts";
import { assertOk, fill, infoOf, seq } from "./_engine_util.ts";
import { openRecording } from "./_recording_proc.ts";
import { withTempDir } from "./_temp_dir.ts";

Deno.test("§7 mmioGetInfo fills every field of a partial object", async () => {
  const { h, rec } = await openRecording(seq(40), {
    cchBuffer: 16,
    adwInfo: [1, 2, 3],
  });
  try {
    const b = new Uint8Array(3);
    assertEquals(await mmioRead(h, b), 3);
    const info: Partial<MMIOINFO> = {};
    assertEquals(await mmioGetInfo(h, info), 0);
    assertEquals(info.dwFlags, MMIO_READWRITE | MMIO_ALLOCBUF);
    assertStrictEquals(info.pIOProc, rec.proc);
    assertEquals(info.wErrorRet, 0);
    assertEquals(info.cchBuffer, 16);
    assert(info.pchBuffer instanceof Uint8Array);
    assertEquals(info.pchNext, 3);
    assertEquals(info.pchEndRead, 16);
    assertEquals(info.pchEndWrite, 16);
    assertEquals(info.lBufOffset, 0);
    assertEquals(info.lDiskOffset, 16);
    assertEquals(info.adwInfo, [1, 2, 3]);
    assertStrictEquals(info.hmmio, h);
    assertEquals(typeof info.hTask, "number");
    assertEquals(typeof info.dwReserved1, "number");
    assertEquals(typeof info.dwReserved2, "number");
    assertEquals(typeof info.fccIOProc, "number");
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§7 mmioGetInfo's pchBuffer is the live buffer, not a copy", async () => {
  const { h } = await openRecording(seq(40), { cchBuffer: 16 });
  try {
    const info = await infoOf(h);
    assertEquals(await mmioRead(h, new Uint8Array(1)), 1);
    // The earlier snapshot's array shows the fill done afterwards.
    assertEquals(info.pchBuffer!.subarray(0, 16), seq(16));
    assertEquals(await mmioWrite(h, fill(2, 0xee)), 2);
    assertEquals(info.pchBuffer![1], 0xee);
    assertStrictEquals((await infoOf(h)).pchBuffer, info.pchBuffer);
    // Writing into it directly shows in reads from the buffer.
    info.pchBuffer![5] = 0x42;
    assertEquals(await mmioSeek(h, 5, SEEK_SET), 5);
    const b = new Uint8Array(1);
    assertEquals(await mmioRead(h, b), 1);
    assertEquals(b[0], 0x42);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§7 mmioGetInfo returns a copy of the state, not the internal object", async () => {
  const { h } = await openRecording(seq(40), { cchBuffer: 16 });
  try {
    const info = await infoOf(h);
    info.pchNext = 9;
    info.lBufOffset = 1000;
    assertEquals(await mmioSeek(h, 0, SEEK_CUR), 0);
    assertEquals((await infoOf(h)).lBufOffset, 0);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§7 mmioSetInfo rejects pointers outside [0, cchBuffer] with INVALPARAM", async () => {
  const { h } = await openRecording(seq(64), { cchBuffer: 16 });
  try {
    for (const field of ["pchNext", "pchEndRead", "pchEndWrite"] as const) {
      for (const bad of [-1, 17, 1000]) {
        const info = await infoOf(h);
        info[field] = bad;
        assertEquals(
          await mmioSetInfo(h, info),
          MMSYSERR_INVALPARAM,
          `${field}=${bad}`,
        );
      }
      const info = await infoOf(h);
      info[field] = 16;
      assertEquals(await mmioSetInfo(h, info), 0, `${field}=16`);
      info[field] = 0;
      assertEquals(await mmioSetInfo(h, info), 0, `${field}=0`);
      info.pchEndWrite = 16;
      assertEquals(await mmioSetInfo(h, info), 0);
    }
    // A rejected call changed nothing.
    assertEquals(await mmioSeek(h, 0, SEEK_CUR), 0);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§7 mmioSetInfo takes back pchNext, pchEndRead, pchEndWrite and dwFlags only", async () => {
  const { h } = await openRecording(seq(64), { cchBuffer: 16 });
  try {
    assertEquals(await mmioRead(h, new Uint8Array(1)), 1);
    const info = await infoOf(h);
    const buffer = info.pchBuffer;
    info.pchNext = 9;
    info.pchEndRead = 12;
    info.pchEndWrite = 14;
    info.lBufOffset = 999;
    info.lDiskOffset = 777;
    info.pchBuffer = new Uint8Array(16);
    assertEquals(await mmioSetInfo(h, info), 0);
    const after = await infoOf(h);
    assertEquals(after.pchNext, 9);
    assertEquals(after.pchEndRead, 12);
    assertEquals(after.pchEndWrite, 14);
    assertEquals(after.lBufOffset, 0);
    assertEquals(after.lDiskOffset, 16);
    assertStrictEquals(after.pchBuffer, buffer);
    assertEquals(after.cchBuffer, 16);
    assertEquals(await mmioSeek(h, 0, SEEK_CUR), 9);
    const b = new Uint8Array(1);
    assertEquals(await mmioRead(h, b), 1);
    assertEquals(b[0], 9);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§7 mmioSetInfo with MMIO_DIRTY makes [0, pchNext) dirty", async () => {
  const { h, rec } = await openRecording(new Uint8Array(0), { cchBuffer: 16 });
  const info = await infoOf(h);
  info.pchBuffer!.set(seq(5, 0x60), 0);
  info.pchNext = 5;
  info.dwFlags |= MMIO_DIRTY;
  assertEquals(await mmioSetInfo(h, info), 0);
  assertEquals((await infoOf(h)).dwFlags & MMIO_DIRTY, MMIO_DIRTY);
  assertEquals(await mmioSeek(h, 0, SEEK_CUR), 5);
  assertEquals(await mmioClose(h), 0);
  assertEquals(rec.data(), seq(5, 0x60));
});

Deno.test("§7 mmioSetInfo without MMIO_DIRTY writes nothing of the caller's bytes", async () => {
  const { h, rec } = await openRecording(new Uint8Array(0), { cchBuffer: 16 });
  const info = await infoOf(h);
  info.pchBuffer!.set(seq(5, 0x60), 0);
  info.pchNext = 5;
  assertEquals(await mmioSetInfo(h, info), 0);
  assertEquals(await mmioClose(h), 0);
  assertEquals(rec.data(), new Uint8Array(0));
});

Deno.test("§7 mmioSetInfo DIRTY joins the engine's dirty range", async () => {
  const { h, rec } = await openRecording(new Uint8Array(0), { cchBuffer: 16 });
  assertEquals(await mmioWrite(h, fill(8, 0xaa)), 8); // engine dirty [0, 8)
  const info = await infoOf(h);
  info.pchBuffer!.set(fill(4, 0xbb), 8);
  info.pchNext = 12;
  info.dwFlags |= MMIO_DIRTY;
  assertEquals(await mmioSetInfo(h, info), 0);
  assertEquals(await mmioClose(h), 0);
  const expected = new Uint8Array(12);
  expected.fill(0xaa, 0, 8);
  expected.fill(0xbb, 8, 12);
  assertEquals(rec.data(), expected);
});

Deno.test("§7 mmioSetInfo accepts a partial object literal", async () => {
  const { h } = await openRecording(seq(64), { cchBuffer: 16 });
  try {
    assertEquals(await mmioRead(h, new Uint8Array(1)), 1);
    assertEquals(
      await mmioSetInfo(
        h,
        { pchNext: 2, pchEndRead: 16, pchEndWrite: 16 } as MMIOINFO,
      ),
      0,
    );
    assertEquals(await mmioSeek(h, 0, SEEK_CUR), 2);
    assertEquals(
      await mmioSetInfo(h, { pchNext: 99 } as MMIOINFO),
      MMSYSERR_INVALPARAM,
    );
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§7 mmioSetInfo DIRTY extends the engine's dirty range downwards", async () => {
  const { h, rec } = await openRecording(seq(32), { cchBuffer: 16 });
  assertEquals(await mmioRead(h, new Uint8Array(1)), 1); // loaded [0, 16)
  assertEquals(await mmioSeek(h, 4, SEEK_SET), 4);
  assertEquals(await mmioWrite(h, fill(4, 0xaa)), 4); // engine dirty [4, 8)
  const info = await infoOf(h);
  info.pchBuffer!.set(fill(2, 0xbb), 0); // the caller writes [0, 2)
  info.pchNext = 8;
  info.dwFlags |= MMIO_DIRTY;
  assertEquals(await mmioSetInfo(h, info), 0);
  assertEquals(await mmioClose(h), 0);
  const expected = seq(32);
  expected.fill(0xbb, 0, 2);
  expected.fill(0xaa, 4, 8);
  assertEquals(rec.data(), expected);
});

Deno.test("§7 mmioSetInfo takes back dwFlags (the engine keeps ALLOCBUF and DIRTY)", async () => {
  const { h } = await openRecording(seq(64), { cchBuffer: 16 });
  try {
    const info = await infoOf(h);
    assertEquals(info.dwFlags, MMIO_READWRITE | MMIO_ALLOCBUF);
    info.dwFlags = MMIO_READWRITE | MMIO_DENYNONE | MMIO_ALLOCBUF;
    assertEquals(await mmioSetInfo(h, info), 0);
    assertEquals(
      (await infoOf(h)).dwFlags,
      MMIO_READWRITE | MMIO_DENYNONE | MMIO_ALLOCBUF,
    );
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§7 bytes written directly then mmioWrite after them are all kept (buffer loaded at end of file)", async () => {
  for (const dos of [true, false]) {
    await withTempDir(async (dir) => {
      const path = `${dir}/gap.bin`;
      await Deno.writeFile(path, seq(10));
      const r = dos ? null : await openRecording(seq(10), { cchBuffer: 64 });
      const h = dos
        ? await mmioOpen(path, { cchBuffer: 64 }, MMIO_READWRITE)
        : r!.h;
      assertOk(h);
      try {
        assertEquals(await mmioSeek(h, 0, SEEK_END), 10);
        // A read at the end loads an empty buffer there.
        assertEquals(await mmioRead(h, new Uint8Array(4)), 0);
        const info = await infoOf(h);
        assertEquals([info.lBufOffset, info.pchNext, info.pchEndRead], [
          10,
          0,
          0,
        ]);
        info.pchBuffer!.set(fill(3, 0xd1), 0);
        info.pchNext = 3;
        info.dwFlags |= MMIO_DIRTY;
        assertEquals(await mmioSetInfo(h, info), 0);
        assertEquals(await mmioWrite(h, fill(2, 0xd2)), 2);
      } finally {
        assertEquals(await mmioClose(h), 0);
      }
      const expected = new Uint8Array(15);
      expected.set(seq(10), 0);
      expected.fill(0xd1, 10, 13);
      expected.fill(0xd2, 13, 15);
      const got = dos ? await Deno.readFile(path) : r!.rec.data();
      assertEquals(got, expected, dos ? "DOS" : "recording");
    });
  }
});

Deno.test("§7 directly written bytes survive a flush, a later mmioWrite and another direct write", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/gap2.bin`;
    await Deno.writeFile(path, seq(10));
    const h = await mmioOpen(path, { cchBuffer: 64 }, MMIO_READWRITE);
    assertOk(h);
    try {
      assertEquals(await mmioSeek(h, 0, SEEK_END), 10);
      assertEquals(await mmioRead(h, new Uint8Array(4)), 0);
      let info = await infoOf(h);
      info.pchBuffer!.set(fill(3, 0xd1), 0);
      info.pchNext = 3;
      info.dwFlags |= MMIO_DIRTY;
      assertEquals(await mmioSetInfo(h, info), 0);
      assertEquals(await mmioFlush(h), 0);
      assertEquals(await mmioWrite(h, fill(2, 0xd2)), 2);
      info = await infoOf(h);
      assertEquals(info.pchNext, 5);
      info.pchBuffer![5] = 0xd3;
      info.pchNext = 6;
      info.dwFlags |= MMIO_DIRTY;
      assertEquals(await mmioSetInfo(h, info), 0);
    } finally {
      assertEquals(await mmioClose(h), 0);
    }
    const expected = new Uint8Array(16);
    expected.set(seq(10), 0);
    expected.fill(0xd1, 10, 13);
    expected.fill(0xd2, 13, 15);
    expected[15] = 0xd3;
    assertEquals(await Deno.readFile(path), expected);
  });
});
