// Getting written bytes to the procedure (behavior.md §1, §6): internal
// flushes and their seeks, the dirty range, failed flushes in every call,
// mmioFlush and MMIOM_WRITEFLUSH, the DOS procedure's writes and sync, and
// random write failures that must never lose an accepted byte.

import { assert, assertEquals } from "@std/assert";
import {
  FOURCC_DOS,
  MMIO_ALLOCBUF,
  MMIO_CREATE,
  MMIO_DIRTY,
  MMIO_EMPTYBUF,
  MMIO_READ,
  MMIO_READWRITE,
  MMIO_WRITE,
  mmioAdvance,
  mmioClose,
  MMIOERR_CANNOTWRITE,
  mmioFlush,
  mmioGetInfo,
  mmioGetLastError,
  type MMIOINFO,
  MMIOM_CLOSE,
  MMIOM_READ,
  MMIOM_SEEK,
  MMIOM_WRITE,
  MMIOM_WRITEFLUSH,
  mmioOpen,
  mmioRead,
  mmioSeek,
  mmioSetBuffer,
  mmioWrite,
  SEEK_CUR,
  SEEK_END,
  SEEK_SET,
} from "../mod.ts";
import { assertOk, fill, infoOf, openMemory, seq } from "./_engine_util.ts";
import { mulberry32 as prng } from "./_prng.ts";
import { openRecording } from "./_recording_proc.ts";
import { withTempDir } from "./_temp_dir.ts";

Deno.test("§6 an internal flush seeks to lBufOffset + dirty start when the procedure is elsewhere", async () => {
  const { h, rec } = await openRecording(seq(32), { cchBuffer: 8 });
  try {
    const b = new Uint8Array(1);
    assertEquals(await mmioRead(h, b), 1); // loads [0, 8); the procedure is at 8
    assertEquals(await mmioSeek(h, 2, SEEK_SET), 2);
    assertEquals(await mmioWrite(h, fill(3, 0xee)), 3); // dirty [2, 5)
    rec.clear();
    assertEquals(await mmioSeek(h, 20, SEEK_SET), 20);
    assertEquals(rec.log, [
      [MMIOM_SEEK, 2, SEEK_SET],
      [MMIOM_WRITE, 3],
      [MMIOM_SEEK, 20, SEEK_SET],
    ]);
  } finally {
    await mmioClose(h);
  }
  const expected = seq(32);
  expected.fill(0xee, 2, 5);
  assertEquals(rec.data(), expected);
});

Deno.test("§6 an internal flush sends no seek when the procedure is already there", async () => {
  const { h, rec } = await openRecording(new Uint8Array(0), { cchBuffer: 8 });
  assertEquals(await mmioWrite(h, seq(4)), 4);
  assertEquals(await mmioClose(h), 0);
  assertEquals(rec.log, [[MMIOM_WRITE, 4], [MMIOM_CLOSE, 0]]);
  assertEquals(rec.data(), seq(4));
});

Deno.test("§6 a read that refills flushes dirty bytes first", async () => {
  const { h, rec } = await openRecording(seq(32), { cchBuffer: 8 });
  try {
    const b = new Uint8Array(4);
    assertEquals(await mmioRead(h, b), 4); // loads [0, 8)
    assertEquals(await mmioWrite(h, fill(4, 0xdd)), 4); // dirty [4, 8), full
    rec.clear();
    assertEquals(await mmioRead(h, b), 4);
    assertEquals(b, seq(4, 8));
    // The dirty bytes were written at 4 (the procedure was at 8) before the
    // next fill; the write may have happened when the buffer became full.
    assertEquals(rec.data().subarray(4, 8), fill(4, 0xdd));
  } finally {
    await mmioClose(h);
  }
  const expected = seq(32);
  expected.fill(0xdd, 4, 8);
  assertEquals(rec.data(), expected);
});

Deno.test("§1 bytes written after a backwards seek inside the buffer are not lost", async () => {
  const { h, rec } = await openRecording(seq(32), { cchBuffer: 16 });
  const b = new Uint8Array(1);
  assertEquals(await mmioRead(h, b), 1); // loaded [0, 16)
  assertEquals(await mmioSeek(h, 0, SEEK_SET), 0);
  assertEquals(await mmioWrite(h, fill(10, 0xaa)), 10); // dirty [0, 10)
  assertEquals(await mmioSeek(h, 2, SEEK_SET), 2); // inside: pchNext = 2
  assertEquals(await mmioClose(h), 0);
  const expected = seq(32);
  expected.fill(0xaa, 0, 10);
  assertEquals(rec.data(), expected);
});

Deno.test("§1 a rewrite inside the dirty range keeps the range's later bytes", async () => {
  const { h, rec } = await openRecording(seq(32), { cchBuffer: 16 });
  const b = new Uint8Array(1);
  assertEquals(await mmioRead(h, b), 1);
  assertEquals(await mmioSeek(h, 4, SEEK_SET), 4);
  assertEquals(await mmioWrite(h, fill(8, 0xaa)), 8); // dirty [4, 12)
  assertEquals(await mmioSeek(h, 6, SEEK_SET), 6);
  assertEquals(await mmioWrite(h, fill(1, 0xbb)), 1);
  rec.clear();
  assertEquals(await mmioFlush(h), 0);
  // Exactly the dirty range [4, 12) is written, at 4.
  assertEquals(rec.log, [[MMIOM_SEEK, 4, SEEK_SET], [MMIOM_WRITEFLUSH, 8]]);
  assertEquals(await mmioClose(h), 0);
  const expected = seq(32);
  expected.fill(0xaa, 4, 12);
  expected[6] = 0xbb;
  assertEquals(rec.data(), expected);
});

Deno.test("§1 the dirty range on a real file survives a backwards seek", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/d.bin`;
    await Deno.writeFile(path, seq(64));
    const h = await mmioOpen(path, { cchBuffer: 32 }, MMIO_READWRITE);
    assertOk(h);
    const b = new Uint8Array(1);
    assertEquals(await mmioRead(h, b), 1);
    assertEquals(await mmioSeek(h, 8, SEEK_SET), 8);
    assertEquals(await mmioWrite(h, fill(16, 0x5a)), 16);
    assertEquals(await mmioSeek(h, 9, SEEK_SET), 9);
    assertEquals(await mmioClose(h), 0);
    const expected = seq(64);
    expected.fill(0x5a, 8, 24);
    assertEquals(await Deno.readFile(path), expected);
  });
});

Deno.test("§6 failed flush in mmioSeek: -1, bytes stay dirty, position kept, retried later", async () => {
  const { h, rec } = await openRecording(new Uint8Array(0), { cchBuffer: 8 });
  assertEquals(await mmioWrite(h, seq(3)), 3);
  rec.failWrites = true;
  assertEquals(await mmioSeek(h, 20, SEEK_SET), -1);
  const i = await infoOf(h);
  assertEquals(i.dwFlags & MMIO_DIRTY, MMIO_DIRTY);
  assertEquals([i.lBufOffset, i.pchNext], [0, 3]);
  assertEquals(await mmioSeek(h, 0, SEEK_CUR), 3);
  rec.failWrites = false;
  assertEquals(await mmioClose(h), 0);
  assertEquals(rec.data(), seq(3));
});

Deno.test("§6 failed flush in mmioWrite: returns the bytes accepted so far", async () => {
  const { h, rec } = await openRecording(new Uint8Array(0), { cchBuffer: 8 });
  assertEquals(await mmioWrite(h, seq(6)), 6);
  rec.failWrites = true;
  // 2 bytes fit in the buffer; flushing it fails.
  assertEquals(await mmioWrite(h, seq(5, 6)), 2);
  assertEquals((await infoOf(h)).dwFlags & MMIO_DIRTY, MMIO_DIRTY);
  assertEquals(await mmioSeek(h, 0, SEEK_CUR), 8);
  // The buffer is full and cannot be flushed: nothing is accepted.
  assertEquals(await mmioWrite(h, seq(1)), -1);
  assertEquals(await mmioSeek(h, 0, SEEK_CUR), 8);
  rec.failWrites = false;
  assertEquals(await mmioClose(h), 0);
  assertEquals(rec.data(), seq(8));
});

Deno.test("§6 failed flush in mmioRead: returns what was already copied, -1 if none", async () => {
  const { h, rec } = await openRecording(seq(32), { cchBuffer: 8 });
  const b = new Uint8Array(4);
  assertEquals(await mmioRead(h, b), 4); // loaded [0, 8)
  assertEquals(await mmioWrite(h, fill(2, 0xcc)), 2); // dirty [4, 6)
  rec.failWrites = true;
  const big = new Uint8Array(10);
  assertEquals(await mmioRead(h, big), 2);
  assertEquals(big.subarray(0, 2), seq(2, 6));
  assertEquals(await mmioSeek(h, 0, SEEK_CUR), 8);
  assertEquals(await mmioRead(h, big, 1), -1);
  assertEquals(await mmioSeek(h, 0, SEEK_CUR), 8);
  assertEquals((await infoOf(h)).dwFlags & MMIO_DIRTY, MMIO_DIRTY);
  rec.failWrites = false;
  assertEquals(await mmioRead(h, big, 3), 3);
  assertEquals(big.subarray(0, 3), seq(3, 8));
  assertEquals(await mmioClose(h), 0);
  const expected = seq(32);
  expected.fill(0xcc, 4, 6);
  assertEquals(rec.data(), expected);
});

Deno.test("§6 failed flush in mmioSetBuffer: CANNOTWRITE and nothing changes", async () => {
  const { h, rec } = await openRecording(new Uint8Array(0), { cchBuffer: 8 });
  assertEquals(await mmioWrite(h, seq(3)), 3);
  rec.failWrites = true;
  assertEquals(await mmioSetBuffer(h, null, 32), MMIOERR_CANNOTWRITE);
  const i = await infoOf(h);
  assertEquals(i.cchBuffer, 8);
  assertEquals(i.pchNext, 3);
  assertEquals(i.dwFlags & MMIO_DIRTY, MMIO_DIRTY);
  assertEquals(i.pchBuffer!.subarray(0, 3), seq(3));
  rec.failWrites = false;
  assertEquals(await mmioSetBuffer(h, null, 32), 0);
  assertEquals(rec.data(), seq(3));
  assertEquals(await mmioClose(h), 0);
});

Deno.test("§6 failed flush in mmioAdvance: CANNOTWRITE, caller's MMIO_DIRTY kept", async () => {
  const { h, rec } = await openRecording(new Uint8Array(0), { cchBuffer: 8 });
  const info: Partial<MMIOINFO> = {};
  assertEquals(await mmioGetInfo(h, info), 0);
  info.pchBuffer!.set(seq(4), 0);
  info.pchNext = 4;
  info.dwFlags = info.dwFlags! | MMIO_DIRTY;
  rec.failWrites = true;
  assertEquals(
    await mmioAdvance(h, info as MMIOINFO, MMIO_WRITE),
    MMIOERR_CANNOTWRITE,
  );
  assertEquals(info.dwFlags & MMIO_DIRTY, MMIO_DIRTY);
  assertEquals(info.pchNext, 4);
  assertEquals(info.lBufOffset, 0);
  rec.failWrites = false;
  assertEquals(await mmioAdvance(h, info as MMIOINFO, MMIO_WRITE), 0);
  assertEquals(info.dwFlags & MMIO_DIRTY, 0);
  assertEquals(info.lBufOffset, 4);
  assertEquals(await mmioClose(h), 0);
  assertEquals(rec.data(), seq(4));
});

Deno.test("§6 failed mmioFlush: CANNOTWRITE, still dirty, a later flush retries", async () => {
  const { h, rec } = await openRecording(new Uint8Array(0), { cchBuffer: 8 });
  assertEquals(await mmioWrite(h, seq(5)), 5);
  rec.failWrites = true;
  assertEquals(await mmioFlush(h), MMIOERR_CANNOTWRITE);
  assertEquals((await infoOf(h)).dwFlags & MMIO_DIRTY, MMIO_DIRTY);
  assertEquals(mmioGetLastError(h)?.code, MMIOERR_CANNOTWRITE);
  rec.failWrites = false;
  rec.clear();
  assertEquals(await mmioFlush(h), 0);
  assertEquals(rec.log, [[MMIOM_WRITEFLUSH, 5]]);
  assertEquals((await infoOf(h)).dwFlags & MMIO_DIRTY, 0);
  assertEquals(rec.data(), seq(5));
  assertEquals(await mmioClose(h), 0);
});

Deno.test("§6 failed mmioFlush on an unbuffered handle is CANNOTWRITE", async () => {
  const { h, rec } = await openRecording(new Uint8Array(0), {});
  rec.failWrites = true;
  assertEquals(await mmioFlush(h), MMIOERR_CANNOTWRITE);
  rec.failWrites = false;
  assertEquals(await mmioClose(h), 0);
});

Deno.test("§6 mmioFlush sends the dirty bytes with MMIOM_WRITEFLUSH and clears MMIO_DIRTY", async () => {
  const { h, rec } = await openRecording(new Uint8Array(0), { cchBuffer: 16 });
  try {
    assertEquals(await mmioWrite(h, seq(3)), 3);
    assertEquals(await mmioFlush(h), 0);
    assertEquals(rec.log, [[MMIOM_WRITEFLUSH, 3]]);
    assertEquals(rec.data(), seq(3));
    const i = await infoOf(h);
    assertEquals(i.dwFlags & MMIO_DIRTY, 0);
    assertEquals(await mmioSeek(h, 0, SEEK_CUR), 3);
  } finally {
    await mmioClose(h);
  }
  // Nothing was dirty any more at close: no second write.
  assertEquals(rec.log, [[MMIOM_WRITEFLUSH, 3], [MMIOM_CLOSE, 0]]);
});

Deno.test("§6 mmioFlush sends MMIOM_WRITEFLUSH with 0 bytes when nothing is dirty", async () => {
  for (const cchBuffer of [0, 16]) {
    const { h, rec } = await openRecording(seq(8), { cchBuffer });
    try {
      assertEquals(await mmioFlush(h), 0);
      assertEquals(rec.log, [[MMIOM_WRITEFLUSH, 0]], `cchBuffer ${cchBuffer}`);
      rec.clear();
      assertEquals(await mmioRead(h, new Uint8Array(2)), 2);
      rec.clear();
      assertEquals(await mmioFlush(h), 0);
      const flushes = rec.log.filter((e) => e[0] === MMIOM_WRITEFLUSH);
      assertEquals(flushes, [[MMIOM_WRITEFLUSH, 0]]);
      assertEquals(rec.data(), seq(8));
    } finally {
      await mmioClose(h);
    }
  }
});

Deno.test("§6 mmioFlush on an unbuffered handle after writes still sends WRITEFLUSH", async () => {
  const { h, rec } = await openRecording(new Uint8Array(0), {});
  try {
    assertEquals(await mmioWrite(h, seq(4)), 4);
    rec.clear();
    assertEquals(await mmioFlush(h), 0);
    assertEquals(rec.log, [[MMIOM_WRITEFLUSH, 0]]);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§6 mmioFlush with MMIO_EMPTYBUF empties the buffer at the current position", async () => {
  const { h, rec } = await openRecording(seq(64), { cchBuffer: 16 });
  try {
    const b = new Uint8Array(5);
    assertEquals(await mmioRead(h, b), 5);
    assertEquals(await mmioFlush(h, MMIO_EMPTYBUF), 0);
    let i = await infoOf(h);
    assertEquals([i.lBufOffset, i.pchNext, i.pchEndRead], [5, 0, 0]);
    assertEquals(await mmioSeek(h, 0, SEEK_CUR), 5);
    rec.clear();
    // Not loaded: the next read fills again at 5.
    assertEquals(await mmioRead(h, b, 1), 1);
    assertEquals(b[0], 5);
    assert(rec.log.some((e) => e[0] === MMIOM_READ && e[1] === 16));
    // With dirty data: written with WRITEFLUSH, then emptied.
    assertEquals(await mmioWrite(h, fill(3, 0x11)), 3);
    rec.clear();
    assertEquals(await mmioFlush(h, MMIO_EMPTYBUF), 0);
    const wf = rec.log.filter((e) => e[0] === MMIOM_WRITEFLUSH);
    assertEquals(wf, [[MMIOM_WRITEFLUSH, 3]]);
    i = await infoOf(h);
    assertEquals([i.lBufOffset, i.pchNext, i.pchEndRead], [9, 0, 0]);
    assertEquals(i.dwFlags & MMIO_DIRTY, 0);
  } finally {
    await mmioClose(h);
  }
  const expected = seq(64);
  expected.fill(0x11, 6, 9);
  assertEquals(rec.data(), expected);
});

Deno.test("§6 mmioFlush without EMPTYBUF keeps the loaded buffer", async () => {
  const { h, rec } = await openRecording(seq(64), { cchBuffer: 16 });
  try {
    const b = new Uint8Array(5);
    assertEquals(await mmioRead(h, b), 5);
    assertEquals(await mmioFlush(h), 0);
    const i = await infoOf(h);
    assertEquals([i.lBufOffset, i.pchNext, i.pchEndRead], [0, 5, 16]);
    rec.clear();
    assertEquals(await mmioRead(h, b), 5);
    assertEquals(b, seq(5, 5));
    assertEquals(rec.log, []);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§6 mmioFlush on a memory file returns 0", async () => {
  const h = await openMemory(seq(16), 16);
  try {
    assertEquals(await mmioWrite(h, fill(4, 9)), 4);
    assertEquals(await mmioFlush(h), 0);
    assertEquals(await mmioFlush(h, MMIO_EMPTYBUF), 0);
    assertEquals(await mmioSeek(h, 0, SEEK_CUR), 4);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§6 mmioFlush on a DOS file puts the data on disk", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/f.bin`;
    for (const flags of [MMIO_WRITE, MMIO_READWRITE]) {
      const h = await mmioOpen(path, {}, MMIO_CREATE | MMIO_ALLOCBUF | flags);
      assertOk(h);
      try {
        assertEquals(await mmioWrite(h, seq(100)), 100);
        assertEquals((await Deno.stat(path)).size, 0);
        assertEquals(await mmioFlush(h), 0);
        assertEquals(await Deno.readFile(path), seq(100));
        // Nothing dirty: still 0.
        assertEquals(await mmioFlush(h), 0);
      } finally {
        await mmioClose(h);
      }
    }
  });
});

Deno.test("§6 the DOS procedure answers WRITEFLUSH with looping FsFile.write then syncData", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/sync.bin`;
    const file = await Deno.open(path, {
      read: true,
      write: true,
      create: true,
    });
    const events: string[] = [];
    const realWrite = file.write.bind(file);
    const realSync = file.syncData.bind(file);
    // Short writes: at most 3 bytes per call, so the procedure must loop.
    file.write = (p: Uint8Array) => {
      events.push("write");
      return realWrite(p.subarray(0, Math.min(3, p.length)));
    };
    file.syncData = () => {
      events.push("sync");
      return realSync();
    };
    const h = await mmioOpen(
      null,
      { fccIOProc: FOURCC_DOS, adwInfo: [file, 0, 0], cchBuffer: 64 },
      MMIO_READWRITE,
    );
    assertOk(h);
    try {
      assertEquals(await mmioWrite(h, seq(10)), 10);
      events.length = 0;
      assertEquals(await mmioFlush(h), 0);
      // 10 bytes in writes of at most 3, then one syncData.
      assertEquals(events, ["write", "write", "write", "write", "sync"]);
      assertEquals(await Deno.readFile(path), seq(10));
      events.length = 0;
      // Nothing dirty: still a sync (WRITEFLUSH with 0 bytes).
      assertEquals(await mmioFlush(h), 0);
      assertEquals(events.filter((e) => e === "sync"), ["sync"]);
    } finally {
      await mmioClose(h);
    }
  });
});

Deno.test("§6 the DOS procedure's MMIOM_WRITE loops over short writes", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/short.bin`;
    const file = await Deno.open(path, {
      read: true,
      write: true,
      create: true,
    });
    const realWrite = file.write.bind(file);
    const realWriteSync = file.writeSync.bind(file);
    let calls = 0;
    file.write = (p: Uint8Array) => {
      calls++;
      return realWrite(p.subarray(0, Math.min(5, p.length)));
    };
    file.writeSync = (p: Uint8Array) => {
      calls++;
      return realWriteSync(p.subarray(0, Math.min(5, p.length)));
    };
    const h = await mmioOpen(
      null,
      { fccIOProc: FOURCC_DOS, adwInfo: [file, 0, 0] },
      MMIO_READWRITE,
    );
    assertOk(h);
    try {
      // Unbuffered: one MMIOM_WRITE of 23 bytes.
      assertEquals(await mmioWrite(h, seq(23)), 23);
      assert(calls >= 5, `calls ${calls}`);
      assertEquals(await mmioSetBuffer(h, null, 64), 0);
      assertEquals(await mmioWrite(h, seq(17, 23)), 17);
    } finally {
      assertEquals(await mmioClose(h), 0);
    }
    assertEquals(await Deno.readFile(path), seq(40));
  });
});

Deno.test("§6 writing through a read-only DOS handle: -1 unbuffered, CANNOTWRITE on flush and close", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/ro.bin`;
    await Deno.writeFile(path, seq(20));
    const u = await mmioOpen(path, {}, MMIO_READ);
    assertOk(u);
    try {
      assertEquals(await mmioWrite(u, seq(3)), -1);
      assertOk(mmioGetLastError(u));
    } finally {
      await mmioClose(u);
    }
    const b = await mmioOpen(path, { cchBuffer: 64 }, MMIO_READ);
    assertOk(b);
    assertEquals(await mmioWrite(b, seq(3, 0x80)), 3); // accepted into the buffer
    assertEquals(await mmioFlush(b), MMIOERR_CANNOTWRITE);
    assertEquals((await infoOf(b)).dwFlags & MMIO_DIRTY, MMIO_DIRTY);
    assertEquals(await mmioClose(b), MMIOERR_CANNOTWRITE);
    assertEquals(mmioGetLastError(b)?.code, MMIOERR_CANNOTWRITE);
    assertEquals(await Deno.readFile(path), seq(20));
  });
});

Deno.test("§6 with random failing writes, accepted bytes are never lost and refused ones never land", async () => {
  for (let seed = 1; seed <= 24; seed++) {
    const r = prng(seed);
    const cchBuffer = [1, 4, 8, 16, 64][seed % 5];
    const { h, rec } = await openRecording(
      seq(30),
      { cchBuffer },
      MMIO_READWRITE,
      { async: seed % 4 === 0 },
    );
    const bytes = Array.from(seq(30));
    let pos = 0;
    const put = (data: Uint8Array) => {
      if (data.length === 0) return;
      while (bytes.length < pos) bytes.push(0);
      for (let i = 0; i < data.length; i++) bytes[pos + i] = data[i];
      pos += data.length;
    };
    try {
      for (let step = 0; step < 300; step++) {
        const where = `seed ${seed} step ${step}`;
        rec.failWrites = r() < 0.3;
        const x = r();
        const n = Math.floor(r() * (r() < 0.2 ? 80 : 12));
        if (x < 0.4) {
          const data = seq(n, Math.floor(r() * 256));
          const k = await mmioWrite(h, data);
          assert(k === -1 ? n > 0 : k >= 0 && k <= n, `${where} write ${k}`);
          if (!rec.failWrites) assertEquals(k, n, where);
          put(data.subarray(0, Math.max(k, 0)));
        } else if (x < 0.7) {
          const buf = new Uint8Array(n);
          const k = await mmioRead(h, buf);
          const avail = Math.max(0, Math.min(n, bytes.length - pos));
          if (!rec.failWrites) assertEquals(k, avail, where);
          // -1 when a needed flush failed before anything was copied (even at
          // the end of the file, which only the refill would show).
          assert(k === -1 ? n > 0 : k <= avail, `${where} read ${k}`);
          const got = Math.max(k, 0);
          assertEquals(
            Array.from(buf.subarray(0, got)),
            bytes.slice(pos, pos + got),
            where,
          );
          pos += got;
        } else if (x < 0.9) {
          const target = Math.floor(r() * (bytes.length + 20));
          const p = await mmioSeek(h, target, SEEK_SET);
          if (!rec.failWrites) assertEquals(p, target, where);
          if (p !== -1) {
            assertEquals(p, target, where);
            pos = p;
          }
          assertEquals(await mmioSeek(h, 0, SEEK_CUR), pos, where);
        } else {
          const rc = await mmioFlush(h);
          assertEquals(rc, rec.failWrites ? MMIOERR_CANNOTWRITE : 0, where);
        }
      }
      rec.failWrites = false;
      assertEquals(
        await mmioSeek(h, 0, SEEK_END),
        bytes.length,
        `seed ${seed}`,
      );
    } finally {
      rec.failWrites = false;
      assertEquals(await mmioClose(h), 0);
    }
    assertEquals(Array.from(rec.data()), bytes, `seed ${seed}`);
  }
});
