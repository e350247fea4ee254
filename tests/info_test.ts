// Direct buffer access: behavior.md §7 (mmioGetInfo, mmioAdvance,
// mmioSetInfo) and mmioSetBuffer (§2).

import {
  assert,
  assertEquals,
  assertNotStrictEquals,
  assertStrictEquals,
} from "@std/assert";
import {
  FOURCC_DOS,
  FOURCC_MEM,
  MMIO_ALLOCBUF,
  MMIO_CREATE,
  MMIO_DENYNONE,
  MMIO_DIRTY,
  MMIO_READ,
  MMIO_READWRITE,
  MMIO_WRITE,
  mmioAdvance,
  mmioClose,
  MMIOERR_CANNOTEXPAND,
  MMIOERR_OUTOFMEMORY,
  MMIOERR_UNBUFFERED,
  mmioFlush,
  mmioGetInfo,
  type MMIOINFO,
  MMIOM_READ,
  MMIOM_SEEK,
  MMIOM_WRITE,
  mmioOpen,
  mmioRead,
  mmioSeek,
  mmioSetBuffer,
  mmioSetInfo,
  mmioWrite,
  MMSYSERR_INVALPARAM,
  SEEK_CUR,
  SEEK_END,
  SEEK_SET,
} from "../mod.ts";
import { assertOk, fill, infoOf, openMemory, seq } from "./_engine_util.ts";
import { openRecording } from "./_recording_proc.ts";
import { withTempDir } from "./_temp_dir.ts";

async function getInfo(
  h: Parameters<typeof mmioGetInfo>[0],
): Promise<MMIOINFO> {
  const info: Partial<MMIOINFO> = {};
  assertEquals(await mmioGetInfo(h, info), 0);
  return info as MMIOINFO;
}

// ---------------------------------------------------------------------------
// mmioGetInfo

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
    const info = await getInfo(h);
    assertEquals(await mmioRead(h, new Uint8Array(1)), 1);
    // The earlier snapshot's array shows the fill done afterwards.
    assertEquals(info.pchBuffer!.subarray(0, 16), seq(16));
    assertEquals(await mmioWrite(h, fill(2, 0xee)), 2);
    assertEquals(info.pchBuffer![1], 0xee);
    assertStrictEquals((await getInfo(h)).pchBuffer, info.pchBuffer);
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
    const info = await getInfo(h);
    info.pchNext = 9;
    info.lBufOffset = 1000;
    assertEquals(await mmioSeek(h, 0, SEEK_CUR), 0);
    assertEquals((await getInfo(h)).lBufOffset, 0);
  } finally {
    await mmioClose(h);
  }
});

// ---------------------------------------------------------------------------
// mmioAdvance

Deno.test("§7 mmioAdvance on an unbuffered handle is UNBUFFERED, checked first", async () => {
  const { h, rec } = await openRecording(seq(40), {});
  try {
    const info = await getInfo(h);
    assertEquals(await mmioAdvance(h, info, MMIO_READ), MMIOERR_UNBUFFERED);
    assertEquals(await mmioAdvance(h, info, MMIO_WRITE), MMIOERR_UNBUFFERED);
    assertEquals(await mmioAdvance(h, info, 7), MMIOERR_UNBUFFERED);
    assertEquals(await mmioAdvance(h, null, 7), MMIOERR_UNBUFFERED);
    assertEquals(rec.log, []);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§7 mmioAdvance flags other than exactly READ or WRITE are INVALPARAM", async () => {
  const { h, rec } = await openRecording(seq(40), { cchBuffer: 8 });
  try {
    const info = await getInfo(h);
    for (const flags of [2, 3, 0x10, MMIO_WRITE | 0x10, MMIO_ALLOCBUF]) {
      assertEquals(
        await mmioAdvance(h, info, flags),
        MMSYSERR_INVALPARAM,
        `flags ${flags}`,
      );
    }
    assertEquals(rec.log, []);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§7 mmioAdvance(MMIO_READ) on a fresh handle fills the buffer at the current position", async () => {
  const { h, rec } = await openRecording(seq(64), { cchBuffer: 16 });
  try {
    const info = await getInfo(h);
    assertEquals(await mmioAdvance(h, info, MMIO_READ), 0);
    assertEquals(rec.log, [[MMIOM_READ, 16]]);
    assertEquals([info.lBufOffset, info.pchNext, info.pchEndRead], [0, 0, 16]);
    assertEquals(info.pchEndWrite, 16);
    assertEquals(info.lDiskOffset, 16);
    assertEquals(info.pchBuffer!.subarray(0, 16), seq(16));
    // Consume it all; the next advance continues at 16.
    info.pchNext = 16;
    assertEquals(await mmioAdvance(h, info, MMIO_READ), 0);
    assertEquals([info.lBufOffset, info.pchNext, info.pchEndRead], [16, 0, 16]);
    assertEquals(info.pchBuffer!.subarray(0, 16), seq(16, 16));
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§7 mmioAdvance(MMIO_READ) after a seek fills at the new position", async () => {
  const { h } = await openRecording(seq(64), { cchBuffer: 16 });
  try {
    assertEquals(await mmioSeek(h, 10, SEEK_SET), 10);
    const info = await getInfo(h);
    assertEquals(info.lBufOffset, 10);
    assertEquals(await mmioAdvance(h, info, MMIO_READ), 0);
    assertEquals([info.lBufOffset, info.pchNext, info.pchEndRead], [10, 0, 16]);
    assertEquals(info.pchBuffer!.subarray(0, 16), seq(16, 10));
    assertEquals(await mmioSeek(h, 0, SEEK_CUR), 10);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§7 mmioAdvance(MMIO_READ) continues at lBufOffset + max(pchEndRead, pchNext)", async () => {
  const { h } = await openRecording(seq(64), { cchBuffer: 16 });
  try {
    const info = await getInfo(h);
    assertEquals(await mmioAdvance(h, info, MMIO_READ), 0);
    // pchNext below pchEndRead: the whole loaded part is skipped.
    info.pchNext = 5;
    assertEquals(await mmioAdvance(h, info, MMIO_READ), 0);
    assertEquals(info.lBufOffset, 16);
    assertEquals(info.pchBuffer!.subarray(0, 16), seq(16, 16));
  } finally {
    await mmioClose(h);
  }
  // pchNext above pchEndRead: 40-byte file, the third buffer holds 8 bytes.
  const r = await openRecording(seq(40), { cchBuffer: 16 });
  try {
    const info = await getInfo(r.h);
    assertEquals(await mmioAdvance(r.h, info, MMIO_READ), 0);
    assertEquals(await mmioAdvance(r.h, info, MMIO_READ), 0);
    assertEquals(await mmioAdvance(r.h, info, MMIO_READ), 0);
    assertEquals([info.lBufOffset, info.pchEndRead], [32, 8]);
    info.pchNext = 12;
    assertEquals(await mmioAdvance(r.h, info, MMIO_READ), 0);
    assertEquals(info.lBufOffset, 44);
    assertEquals(info.pchNext, info.pchEndRead);
  } finally {
    await mmioClose(r.h);
  }
});

Deno.test("§7 mmioAdvance(MMIO_READ) at end of file succeeds with pchNext == pchEndRead", async () => {
  const { h } = await openRecording(seq(16), { cchBuffer: 16 });
  try {
    const info = await getInfo(h);
    assertEquals(await mmioAdvance(h, info, MMIO_READ), 0);
    assertEquals(info.pchEndRead, 16);
    info.pchNext = 16;
    assertEquals(await mmioAdvance(h, info, MMIO_READ), 0);
    assertEquals(info.lBufOffset, 16);
    assertEquals(info.pchNext, info.pchEndRead);
    assertEquals(await mmioAdvance(h, info, MMIO_READ), 0);
    assertEquals(info.pchNext, info.pchEndRead);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§7 mmioAdvance with a null info uses the handle's own state", async () => {
  const { h } = await openRecording(seq(64), { cchBuffer: 16 });
  try {
    assertEquals(await mmioAdvance(h, null, MMIO_READ), 0);
    const info = await getInfo(h);
    assertEquals([info.lBufOffset, info.pchEndRead], [0, 16]);
    assertEquals(info.pchBuffer!.subarray(0, 16), seq(16));
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§7 mmioAdvance(MMIO_WRITE) writes the caller's [0, pchNext) at lBufOffset", async () => {
  const { h, rec } = await openRecording(new Uint8Array(0), { cchBuffer: 8 });
  try {
    const info = await getInfo(h);
    info.pchBuffer!.set(seq(8, 0x30), 0);
    info.pchNext = 8;
    info.dwFlags |= MMIO_DIRTY;
    assertEquals(await mmioAdvance(h, info, MMIO_WRITE), 0);
    assertEquals(rec.log, [[MMIOM_WRITE, 8]]);
    assertEquals(rec.data(), seq(8, 0x30));
    assertEquals(info.dwFlags & MMIO_DIRTY, 0);
    assertEquals(info.lBufOffset, 8);
    assertEquals(info.pchNext, 0);
    assertEquals(info.pchEndWrite, 8);
    assertEquals(info.lDiskOffset, 8);
    // Partly filled next buffer, then advance again.
    info.pchBuffer!.set(seq(3, 0x40), 0);
    info.pchNext = 3;
    info.dwFlags |= MMIO_DIRTY;
    assertEquals(await mmioAdvance(h, info, MMIO_WRITE), 0);
    assertEquals(info.lBufOffset, 11);
    assertEquals(await mmioSeek(h, 0, SEEK_CUR), 11);
  } finally {
    await mmioClose(h);
  }
  const expected = new Uint8Array(11);
  expected.set(seq(8, 0x30), 0);
  expected.set(seq(3, 0x40), 8);
  assertEquals(rec.data(), expected);
});

Deno.test("§7 mmioAdvance(MMIO_WRITE) without MMIO_DIRTY in the caller's info writes nothing of it", async () => {
  const { h, rec } = await openRecording(new Uint8Array(0), { cchBuffer: 8 });
  try {
    const info = await getInfo(h);
    info.pchBuffer!.set(seq(4), 0);
    info.pchNext = 4;
    assertEquals(await mmioAdvance(h, info, MMIO_WRITE), 0);
    assertEquals(rec.log.filter((e) => e[0] === MMIOM_WRITE), []);
    assertEquals(info.lBufOffset, 4);
  } finally {
    await mmioClose(h);
  }
  assertEquals(rec.data(), new Uint8Array(0));
});

Deno.test("§7 mmioAdvance(MMIO_WRITE) writes the union of the caller's and the engine's dirty bytes", async () => {
  const { h, rec } = await openRecording(seq(32), { cchBuffer: 16 });
  try {
    assertEquals(await mmioRead(h, new Uint8Array(1)), 1); // loaded [0, 16)
    assertEquals(await mmioSeek(h, 0, SEEK_SET), 0);
    assertEquals(await mmioWrite(h, fill(10, 0xaa)), 10); // engine dirty [0, 10)
    assertEquals(await mmioSeek(h, 2, SEEK_SET), 2);
    const info = await getInfo(h);
    assertEquals(info.pchNext, 2);
    info.pchBuffer![2] = 0xbb;
    info.pchNext = 3;
    info.dwFlags |= MMIO_DIRTY;
    assertEquals(await mmioAdvance(h, info, MMIO_WRITE), 0);
    const expected = seq(32);
    expected.fill(0xaa, 0, 10);
    expected[2] = 0xbb;
    assertEquals(rec.data(), expected);
    // The next buffer starts at info.lBufOffset + info.pchNext.
    assertEquals(info.lBufOffset, 3);
    assertEquals(info.pchNext, 0);
    assertEquals(await mmioSeek(h, 0, SEEK_CUR), 3);
    const b = new Uint8Array(2);
    assertEquals(await mmioRead(h, b), 2);
    assertEquals(b, fill(2, 0xaa));
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§7 mmioAdvance(MMIO_WRITE) with a caller range at lBufOffset after a seek", async () => {
  const { h, rec } = await openRecording(seq(64), { cchBuffer: 8 });
  try {
    assertEquals(await mmioSeek(h, 20, SEEK_SET), 20);
    const info = await getInfo(h);
    assertEquals(info.lBufOffset, 20);
    info.pchBuffer!.set(fill(5, 0x77), 0);
    info.pchNext = 5;
    info.dwFlags |= MMIO_DIRTY;
    assertEquals(await mmioAdvance(h, info, MMIO_WRITE), 0);
    assertEquals(info.lBufOffset, 25);
  } finally {
    await mmioClose(h);
  }
  const expected = seq(64);
  expected.fill(0x77, 20, 25);
  assertEquals(rec.data(), expected);
});

Deno.test("§7 mmioAdvance on a real file: write then read records through the buffer", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/adv.bin`;
    const h = await mmioOpen(
      path,
      { cchBuffer: 16 },
      MMIO_CREATE | MMIO_READWRITE,
    );
    assertOk(h);
    const info = await getInfo(h);
    for (let i = 0; i < 40; i++) {
      if (info.pchNext >= info.pchEndWrite) {
        info.dwFlags |= MMIO_DIRTY;
        assertEquals(await mmioAdvance(h, info, MMIO_WRITE), 0);
      }
      info.pchBuffer![info.pchNext++] = i;
    }
    info.dwFlags |= MMIO_DIRTY;
    assertEquals(await mmioSetInfo(h, info), 0);
    assertEquals(await mmioSeek(h, 0, SEEK_CUR), 40);
    assertEquals(await mmioSeek(h, 0, SEEK_SET), 0);
    const r = await getInfo(h);
    const got: number[] = [];
    while (true) {
      if (r.pchNext >= r.pchEndRead) {
        assertEquals(await mmioAdvance(h, r, MMIO_READ), 0);
        if (r.pchNext >= r.pchEndRead) break;
      }
      got.push(r.pchBuffer![r.pchNext++]);
    }
    assertEquals(new Uint8Array(got), seq(40));
    assertEquals(await mmioClose(h), 0);
    assertEquals(await Deno.readFile(path), seq(40));
  });
});

Deno.test("§7 memory file: mmioAdvance(MMIO_READ) changes nothing", async () => {
  const block = seq(32);
  const h = await openMemory(block, 32);
  try {
    assertEquals(await mmioSeek(h, 4, SEEK_SET), 4);
    const info = await getInfo(h);
    assertEquals(await mmioAdvance(h, info, MMIO_READ), 0);
    assertEquals([info.lBufOffset, info.pchNext, info.pchEndRead], [0, 4, 32]);
    assertStrictEquals(info.pchBuffer, block);
    assertEquals(await mmioSeek(h, 0, SEEK_CUR), 4);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§7 memory file: mmioAdvance(MMIO_WRITE) on a full block grows it or is CANNOTEXPAND", async () => {
  const block = new Uint8Array(8);
  const h = await openMemory(block, 8, 8);
  try {
    const info = await getInfo(h);
    info.pchBuffer!.set(seq(8), 0);
    info.pchNext = 8;
    info.dwFlags |= MMIO_DIRTY;
    assertEquals(await mmioAdvance(h, info, MMIO_WRITE), 0);
    assertEquals(info.lBufOffset, 0);
    // The grown block replaces pchBuffer; mmioGetInfo gives it.
    const grown = await getInfo(h);
    assert(grown.cchBuffer >= 16, `cchBuffer ${grown.cchBuffer}`);
    assertNotStrictEquals(grown.pchBuffer, block);
    assertEquals(grown.pchBuffer!.subarray(0, 8), seq(8));
    assertEquals(grown.pchEndWrite, grown.cchBuffer);
    assertEquals(info.pchEndWrite, grown.cchBuffer);
    // Growth does not set MMIO_ALLOCBUF.
    assertEquals(grown.dwFlags & MMIO_ALLOCBUF, 0);
  } finally {
    await mmioClose(h);
  }
  const h2 = await openMemory(new Uint8Array(8), 8, 0);
  try {
    const info = await getInfo(h2);
    info.pchNext = 8;
    info.dwFlags |= MMIO_DIRTY;
    assertEquals(await mmioAdvance(h2, info, MMIO_WRITE), MMIOERR_CANNOTEXPAND);
    assertEquals((await getInfo(h2)).cchBuffer, 8);
  } finally {
    await mmioClose(h2);
  }
});

// ---------------------------------------------------------------------------
// mmioSetInfo

Deno.test("§7 mmioSetInfo rejects pointers outside [0, cchBuffer] with INVALPARAM", async () => {
  const { h } = await openRecording(seq(64), { cchBuffer: 16 });
  try {
    for (const field of ["pchNext", "pchEndRead", "pchEndWrite"] as const) {
      for (const bad of [-1, 17, 1000]) {
        const info = await getInfo(h);
        info[field] = bad;
        assertEquals(
          await mmioSetInfo(h, info),
          MMSYSERR_INVALPARAM,
          `${field}=${bad}`,
        );
      }
      const info = await getInfo(h);
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
    const info = await getInfo(h);
    const buffer = info.pchBuffer;
    info.pchNext = 9;
    info.pchEndRead = 12;
    info.pchEndWrite = 14;
    info.lBufOffset = 999;
    info.lDiskOffset = 777;
    info.pchBuffer = new Uint8Array(16);
    assertEquals(await mmioSetInfo(h, info), 0);
    const after = await getInfo(h);
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
  const info = await getInfo(h);
  info.pchBuffer!.set(seq(5, 0x60), 0);
  info.pchNext = 5;
  info.dwFlags |= MMIO_DIRTY;
  assertEquals(await mmioSetInfo(h, info), 0);
  assertEquals((await getInfo(h)).dwFlags & MMIO_DIRTY, MMIO_DIRTY);
  assertEquals(await mmioSeek(h, 0, SEEK_CUR), 5);
  assertEquals(await mmioClose(h), 0);
  assertEquals(rec.data(), seq(5, 0x60));
});

Deno.test("§7 mmioSetInfo without MMIO_DIRTY writes nothing of the caller's bytes", async () => {
  const { h, rec } = await openRecording(new Uint8Array(0), { cchBuffer: 16 });
  const info = await getInfo(h);
  info.pchBuffer!.set(seq(5, 0x60), 0);
  info.pchNext = 5;
  assertEquals(await mmioSetInfo(h, info), 0);
  assertEquals(await mmioClose(h), 0);
  assertEquals(rec.data(), new Uint8Array(0));
});

Deno.test("§7 mmioSetInfo DIRTY joins the engine's dirty range", async () => {
  const { h, rec } = await openRecording(new Uint8Array(0), { cchBuffer: 16 });
  assertEquals(await mmioWrite(h, fill(8, 0xaa)), 8); // engine dirty [0, 8)
  const info = await getInfo(h);
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

// ---------------------------------------------------------------------------
// mmioSetBuffer (§2)

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

Deno.test("§7 mmioSetInfo DIRTY extends the engine's dirty range downwards", async () => {
  const { h, rec } = await openRecording(seq(32), { cchBuffer: 16 });
  assertEquals(await mmioRead(h, new Uint8Array(1)), 1); // loaded [0, 16)
  assertEquals(await mmioSeek(h, 4, SEEK_SET), 4);
  assertEquals(await mmioWrite(h, fill(4, 0xaa)), 4); // engine dirty [4, 8)
  const info = await getInfo(h);
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

Deno.test("§7 mmioAdvance with caller pointers outside [0, cchBuffer] is INVALPARAM (as mmioSetInfo)", async () => {
  const { h, rec } = await openRecording(seq(64), { cchBuffer: 16 });
  try {
    // The pointers each direction uses: pchNext for both, pchEndRead for
    // MMIO_READ (where the next buffer starts).
    const used = [
      [MMIO_READ, "pchNext"],
      [MMIO_READ, "pchEndRead"],
      [MMIO_WRITE, "pchNext"],
    ] as const;
    for (const [flags, field] of used) {
      for (const bad of [-1, 17, 1000]) {
        const info = await getInfo(h);
        info[field] = bad;
        info.dwFlags |= MMIO_DIRTY;
        assertEquals(
          await mmioAdvance(h, info, flags),
          MMSYSERR_INVALPARAM,
          `flags ${flags} ${field}=${bad}`,
        );
      }
    }
    assertEquals(rec.log, []);
    assertEquals(await mmioSeek(h, 0, SEEK_CUR), 0);
  } finally {
    await mmioClose(h);
  }
  assertEquals(rec.data(), seq(64));
});

Deno.test("§7 mmioSetInfo takes back dwFlags (the engine keeps ALLOCBUF and DIRTY)", async () => {
  const { h } = await openRecording(seq(64), { cchBuffer: 16 });
  try {
    const info = await getInfo(h);
    assertEquals(info.dwFlags, MMIO_READWRITE | MMIO_ALLOCBUF);
    info.dwFlags = MMIO_READWRITE | MMIO_DENYNONE | MMIO_ALLOCBUF;
    assertEquals(await mmioSetInfo(h, info), 0);
    assertEquals(
      (await getInfo(h)).dwFlags,
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
        const info = await getInfo(h);
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
      let info = await getInfo(h);
      info.pchBuffer!.set(fill(3, 0xd1), 0);
      info.pchNext = 3;
      info.dwFlags |= MMIO_DIRTY;
      assertEquals(await mmioSetInfo(h, info), 0);
      assertEquals(await mmioFlush(h), 0);
      assertEquals(await mmioWrite(h, fill(2, 0xd2)), 2);
      info = await getInfo(h);
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
