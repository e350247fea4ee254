// Reading and writing: behavior.md §3 and §4, observed through a recording
// I/O procedure (exact messages), real files (DOS) and memory files (MEM).

import { assert, assertEquals, assertNotStrictEquals } from "@std/assert";
import {
  FOURCC_MEM,
  MMIO_ALLOCBUF,
  MMIO_CREATE,
  MMIO_DIRTY,
  MMIO_READ,
  MMIO_READWRITE,
  MMIO_WRITE,
  mmioAdvance,
  mmioClose,
  MMIOERR_CANNOTEXPAND,
  mmioGetInfo,
  type MMIOINFO,
  MMIOM_READ,
  MMIOM_SEEK,
  MMIOM_WRITE,
  mmioOpen,
  mmioRead,
  mmioSeek,
  mmioWrite,
  SEEK_CUR,
  SEEK_END,
  SEEK_SET,
} from "../mod.ts";
import { assertOk, fill, infoOf, openMemory, seq } from "./_engine_util.ts";
import { openRecording } from "./_recording_proc.ts";
import { withTempDir } from "./_temp_dir.ts";

// ---------------------------------------------------------------------------
// §3 reading

Deno.test("§3 unbuffered read sends MMIOM_READ straight to the procedure", async () => {
  const { h, rec } = await openRecording(seq(100), {});
  try {
    const buf = new Uint8Array(10);
    assertEquals(await mmioRead(h, buf), 10);
    assertEquals(buf, seq(10));
    assertEquals(rec.log, [[MMIOM_READ, 10]]);
    assertEquals(await mmioRead(h, buf, 3), 3);
    assertEquals(buf.subarray(0, 3), seq(3, 10));
    assertEquals(rec.log, [[MMIOM_READ, 10], [MMIOM_READ, 3]]);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§3 buffered read fills the buffer with one MMIOM_READ of cchBuffer", async () => {
  const { h, rec } = await openRecording(seq(100), { cchBuffer: 8 });
  try {
    const buf = new Uint8Array(3);
    assertEquals(await mmioRead(h, buf), 3);
    assertEquals(buf, seq(3));
    assertEquals(rec.log, [[MMIOM_READ, 8]]);
    let i = await infoOf(h);
    assertEquals([i.lBufOffset, i.pchNext, i.pchEndRead], [0, 3, 8]);
    assertEquals(i.pchBuffer!.subarray(0, 8), seq(8));
    // The next small reads come from the buffer: no message.
    assertEquals(await mmioRead(h, buf), 3);
    assertEquals(buf, seq(3, 3));
    assertEquals(await mmioRead(h, buf, 2), 2);
    assertEquals(buf.subarray(0, 2), seq(2, 6));
    assertEquals(rec.log, [[MMIOM_READ, 8]]);
    // An empty buffer refills at the logical position.
    assertEquals(await mmioRead(h, buf, 1), 1);
    assertEquals(buf[0], 8);
    assertEquals(rec.log, [[MMIOM_READ, 8], [MMIOM_READ, 8]]);
    i = await infoOf(h);
    assertEquals([i.lBufOffset, i.pchNext, i.pchEndRead], [8, 1, 8]);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§3 5-byte buffer example: seek 17, read 16 (recording procedure)", async () => {
  const { h, rec } = await openRecording(seq(64), { cchBuffer: 5 });
  try {
    assertEquals(await mmioSeek(h, 17, SEEK_SET), 17);
    assertEquals(rec.log, [[MMIOM_SEEK, 17, SEEK_SET]]);
    rec.clear();
    const buf = new Uint8Array(16);
    assertEquals(await mmioRead(h, buf), 16);
    assertEquals(buf, seq(16, 17));
    // Large-transfer bypass: one direct read, no copy through the buffer.
    assertEquals(rec.log, [[MMIOM_READ, 16]]);
    const i = await infoOf(h);
    assertEquals(i.lBufOffset, 33);
    assertEquals(i.pchNext, 0);
    assertEquals(i.pchEndRead, 0);
    assertEquals(await mmioSeek(h, 0, SEEK_CUR), 33);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§3 5-byte buffer example on a real file", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/f.bin`;
    await Deno.writeFile(path, seq(64));
    const h = await mmioOpen(path, { cchBuffer: 5 }, MMIO_READ);
    assertOk(h);
    try {
      assertEquals(await mmioSeek(h, 17, SEEK_SET), 17);
      const buf = new Uint8Array(16);
      assertEquals(await mmioRead(h, buf), 16);
      assertEquals(buf, seq(16, 17));
      const i = await infoOf(h);
      assertEquals([i.lBufOffset, i.pchNext, i.pchEndRead], [33, 0, 0]);
      assertEquals(i.lDiskOffset, 33);
      // And reading continues correctly from there.
      assertEquals(await mmioRead(h, buf, 3), 3);
      assertEquals(buf.subarray(0, 3), seq(3, 33));
    } finally {
      await mmioClose(h);
    }
  });
});

Deno.test("§3 a read copies the buffer's rest, then bypasses for >= cchBuffer", async () => {
  const { h, rec } = await openRecording(seq(100), { cchBuffer: 8 });
  try {
    const small = new Uint8Array(3);
    assertEquals(await mmioRead(h, small), 3);
    rec.clear();
    const big = new Uint8Array(20);
    assertEquals(await mmioRead(h, big), 20);
    assertEquals(big, seq(20, 3));
    // 5 bytes came from the buffer, 15 >= 8 went directly.
    assertEquals(rec.log, [[MMIOM_READ, 15]]);
    const i = await infoOf(h);
    assertEquals([i.lBufOffset, i.pchNext, i.pchEndRead], [23, 0, 0]);
    rec.clear();
    // Not loaded afterwards: the next small read refills at 23.
    assertEquals(await mmioRead(h, small, 2), 2);
    assertEquals(small.subarray(0, 2), seq(2, 23));
    assertEquals(rec.log, [[MMIOM_READ, 8]]);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§3 a smaller remainder refills the buffer and copies from it", async () => {
  const { h, rec } = await openRecording(seq(100), { cchBuffer: 8 });
  try {
    const small = new Uint8Array(3);
    assertEquals(await mmioRead(h, small), 3);
    const buf = new Uint8Array(10);
    assertEquals(await mmioRead(h, buf), 10);
    assertEquals(buf, seq(10, 3));
    // 5 from the first buffer, then one fill of 8 at 8, 5 copied from it.
    assertEquals(rec.log, [[MMIOM_READ, 8], [MMIOM_READ, 8]]);
    const i = await infoOf(h);
    assertEquals([i.lBufOffset, i.pchNext, i.pchEndRead], [8, 5, 8]);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§3 mmioRead(h, buf, 0) returns 0 and loads nothing", async () => {
  for (const cchBuffer of [0, 8]) {
    const { h, rec } = await openRecording(seq(100), { cchBuffer });
    try {
      const buf = new Uint8Array(4).fill(0xee);
      assertEquals(await mmioRead(h, buf, 0), 0);
      assertEquals(buf, fill(4, 0xee));
      assertEquals(rec.log, []);
      const i = await infoOf(h);
      assertEquals([i.pchNext, i.pchEndRead], [0, 0]);
      assertEquals(await mmioRead(h, new Uint8Array(0)), 0);
      assertEquals(rec.log, []);
    } finally {
      await mmioClose(h);
    }
  }
});

Deno.test("§3 a read at end of file returns 0; a short read returns what was there", async () => {
  for (const cchBuffer of [0, 4, 8192]) {
    const { h } = await openRecording(seq(10), { cchBuffer });
    try {
      assertEquals(await mmioSeek(h, 7, SEEK_SET), 7);
      const buf = new Uint8Array(10);
      assertEquals(await mmioRead(h, buf), 3, `cchBuffer ${cchBuffer}`);
      assertEquals(buf.subarray(0, 3), seq(3, 7));
      assertEquals(await mmioRead(h, buf), 0);
      assertEquals(await mmioRead(h, buf), 0);
      assertEquals(await mmioSeek(h, 0, SEEK_CUR), 10);
    } finally {
      await mmioClose(h);
    }
  }
  await withTempDir(async (dir) => {
    const path = `${dir}/f.bin`;
    await Deno.writeFile(path, seq(10));
    for (const flags of [MMIO_READ, MMIO_READ | MMIO_ALLOCBUF]) {
      const h = await mmioOpen(path, {}, flags);
      assertOk(h);
      try {
        const buf = new Uint8Array(16);
        assertEquals(await mmioRead(h, buf), 10);
        assertEquals(buf.subarray(0, 10), seq(10));
        assertEquals(await mmioRead(h, buf), 0);
      } finally {
        await mmioClose(h);
      }
    }
  });
});

Deno.test("§3 cch limits the read; the rest of the caller's array is untouched", async () => {
  const { h } = await openRecording(seq(50), { cchBuffer: 16 });
  try {
    const buf = new Uint8Array(10).fill(0xaa);
    assertEquals(await mmioRead(h, buf, 4), 4);
    assertEquals(buf.subarray(0, 4), seq(4));
    assertEquals(buf.subarray(4), fill(6, 0xaa));
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§3 memory file reads are bounded by the block's content", async () => {
  const h = await openMemory(seq(520), 520);
  try {
    assertEquals(await mmioSeek(h, 510, SEEK_SET), 510);
    const buf = new Uint8Array(20);
    assertEquals(await mmioRead(h, buf), 10);
    assertEquals(buf.subarray(0, 10), seq(10, 510));
    assertEquals(await mmioRead(h, buf), 0);
    const i = await infoOf(h);
    assertEquals([i.lBufOffset, i.lDiskOffset], [0, 0]);
    assertEquals(i.pchNext, 520);
  } finally {
    await mmioClose(h);
  }
});

// ---------------------------------------------------------------------------
// §4 writing

Deno.test("§4 unbuffered write sends MMIOM_WRITE straight to the procedure", async () => {
  const { h, rec } = await openRecording(new Uint8Array(0), {});
  try {
    assertEquals(await mmioWrite(h, seq(6)), 6);
    assertEquals(rec.log, [[MMIOM_WRITE, 6]]);
    assertEquals(await mmioWrite(h, seq(6, 6), 2), 2);
    assertEquals(rec.log, [[MMIOM_WRITE, 6], [MMIOM_WRITE, 2]]);
    assertEquals(rec.data(), seq(8));
    assertEquals((await infoOf(h)).dwFlags & MMIO_DIRTY, 0);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§4 buffered write copies into the buffer and sets MMIO_DIRTY", async () => {
  const { h, rec } = await openRecording(new Uint8Array(0), { cchBuffer: 8 });
  try {
    assertEquals(await mmioWrite(h, seq(5)), 5);
    assertEquals(rec.log, []);
    const i = await infoOf(h);
    assertEquals(i.dwFlags & MMIO_DIRTY, MMIO_DIRTY);
    assertEquals(i.pchNext, 5);
    assertEquals(i.pchBuffer!.subarray(0, 5), seq(5));
    assertEquals(await mmioClose(h), 0);
    assertEquals(rec.data(), seq(5));
  } catch (e) {
    await mmioClose(h);
    throw e;
  }
});

Deno.test("§4 a full buffer is flushed and writing continues in a fresh buffer", async () => {
  const { h, rec } = await openRecording(new Uint8Array(0), { cchBuffer: 8 });
  try {
    assertEquals(await mmioWrite(h, seq(5)), 5);
    assertEquals(await mmioWrite(h, seq(5, 5)), 5);
    assertEquals(rec.log, [[MMIOM_WRITE, 8]]);
    assertEquals(rec.data(), seq(8));
    const i = await infoOf(h);
    assertEquals(i.lBufOffset, 8);
    assertEquals(i.pchNext, 2);
    assertEquals(i.dwFlags & MMIO_DIRTY, MMIO_DIRTY);
    assertEquals(await mmioSeek(h, 0, SEEK_CUR), 10);
  } finally {
    await mmioClose(h);
  }
  assertEquals(rec.data(), seq(10));
});

Deno.test("§4 a write that fills the buffer exactly writes it out at once (as Windows)", async () => {
  const { h, rec } = await openRecording(new Uint8Array(0), { cchBuffer: 8 });
  try {
    assertEquals(await mmioWrite(h, seq(3)), 3);
    assertEquals(rec.log, []);
    assertEquals(await mmioWrite(h, seq(5, 3)), 5);
    assertEquals(rec.log, [[MMIOM_WRITE, 8]]);
    assertEquals(rec.data(), seq(8));
    const i = await infoOf(h);
    assertEquals([i.lBufOffset, i.pchNext, i.dwFlags & MMIO_DIRTY], [8, 0, 0]);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§4 large writes through a small buffer land intact", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/big.bin`;
    const data = seq(1 << 20, 3);
    const h = await mmioOpen(
      path,
      {},
      MMIO_CREATE | MMIO_READWRITE | MMIO_ALLOCBUF,
    );
    assertOk(h);
    try {
      assertEquals(await mmioWrite(h, seq(3)), 3);
      assertEquals(await mmioWrite(h, data), data.length);
      assertEquals(await mmioWrite(h, seq(5, 1)), 5);
      assertEquals(await mmioSeek(h, 0, SEEK_CUR), 3 + data.length + 5);
      assertEquals(await mmioSeek(h, 3, SEEK_SET), 3);
      const back = new Uint8Array(data.length);
      assertEquals(await mmioRead(h, back), data.length);
      assertEquals(back, data);
    } finally {
      assertEquals(await mmioClose(h), 0);
    }
    const file = await Deno.readFile(path);
    assertEquals(file.length, 3 + data.length + 5);
    assertEquals(file.subarray(0, 3), seq(3));
    assertEquals(file.subarray(3, 3 + data.length), data);
    assertEquals(file.subarray(3 + data.length), seq(5, 1));
  });
});

Deno.test("§4 mmioWrite never moves pchEndRead back; written bytes read back at once", async () => {
  const { h, rec } = await openRecording(seq(32), { cchBuffer: 16 });
  try {
    const two = new Uint8Array(2);
    assertEquals(await mmioRead(h, two), 2);
    assertEquals((await infoOf(h)).pchEndRead, 16);
    assertEquals(await mmioSeek(h, 0, SEEK_SET), 0);
    assertEquals(await mmioWrite(h, fill(4, 0xab)), 4);
    let i = await infoOf(h);
    assertEquals(i.pchEndRead, 16);
    assertEquals(i.pchNext, 4);
    // The rest of the loaded buffer is still readable, unchanged.
    const rest = new Uint8Array(12);
    assertEquals(await mmioRead(h, rest), 12);
    assertEquals(rest, seq(12, 4));
    // And the written bytes read back without any I/O.
    rec.clear();
    assertEquals(await mmioSeek(h, 0, SEEK_SET), 0);
    const back = new Uint8Array(6);
    assertEquals(await mmioRead(h, back), 6);
    assertEquals(back, new Uint8Array([0xab, 0xab, 0xab, 0xab, 4, 5]));
    assertEquals(rec.log, []);
    i = await infoOf(h);
    assertEquals(i.pchEndRead, 16);
  } finally {
    await mmioClose(h);
  }
  const expected = seq(32);
  expected.fill(0xab, 0, 4);
  assertEquals(rec.data(), expected);
});

Deno.test("§4 writing past pchEndRead of a loaded buffer reads back", async () => {
  const { h } = await openRecording(seq(10), { cchBuffer: 16 });
  try {
    const buf = new Uint8Array(4);
    assertEquals(await mmioRead(h, buf), 4);
    assertEquals((await infoOf(h)).pchEndRead, 10);
    assertEquals(await mmioSeek(h, 8, SEEK_SET), 8);
    assertEquals(await mmioWrite(h, fill(6, 0xcd)), 6);
    assert((await infoOf(h)).pchEndRead >= 10);
    assertEquals(await mmioSeek(h, 6, SEEK_SET), 6);
    const back = new Uint8Array(10);
    assertEquals(await mmioRead(h, back), 8);
    assertEquals(
      back.subarray(0, 8),
      new Uint8Array([6, 7, 0xcd, 0xcd, 0xcd, 0xcd, 0xcd, 0xcd]),
    );
    assertEquals(await mmioSeek(h, 0, SEEK_END), 14);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§4 write then read back on a new DOS file", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/rw.bin`;
    for (const cchBuffer of [0, 4, 8192]) {
      const h = await mmioOpen(
        path,
        { cchBuffer },
        MMIO_CREATE | MMIO_READWRITE,
      );
      assertOk(h);
      try {
        assertEquals(await mmioWrite(h, seq(10)), 10);
        assertEquals(await mmioSeek(h, 2, SEEK_SET), 2);
        const buf = new Uint8Array(10);
        assertEquals(await mmioRead(h, buf), 8);
        assertEquals(buf.subarray(0, 8), seq(8, 2));
      } finally {
        assertEquals(await mmioClose(h), 0);
      }
      assertEquals(await Deno.readFile(path), seq(10));
    }
  });
});

Deno.test("§4 a write-only DOS handle writes its data", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/w.bin`;
    const h = await mmioOpen(
      path,
      {},
      MMIO_CREATE | MMIO_WRITE | MMIO_ALLOCBUF,
    );
    assertOk(h);
    assertEquals(await mmioWrite(h, seq(300)), 300);
    assertEquals(await mmioClose(h), 0);
    assertEquals(await Deno.readFile(path), seq(300));
  });
});

// ---------------------------------------------------------------------------
// §4 memory files

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

Deno.test("§3/§4 Uint8Array views (subarrays) work as read and write buffers", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/v.bin`;
    for (const cchBuffer of [0, 4, 64]) {
      await Deno.writeFile(path, seq(50));
      const backing = new Uint8Array(40).fill(0xee);
      const h = await mmioOpen(path, { cchBuffer }, MMIO_READWRITE);
      assertOk(h);
      try {
        const view = backing.subarray(10, 30);
        assertEquals(await mmioRead(h, view), 20);
        assertEquals(backing.subarray(10, 30), seq(20));
        assertEquals(backing.subarray(0, 10), fill(10, 0xee));
        assertEquals(backing.subarray(30), fill(10, 0xee));
        assertEquals(await mmioRead(h, view, 5), 5);
        assertEquals(backing.subarray(10, 15), seq(5, 20));
        const src = seq(40, 100);
        assertEquals(await mmioSeek(h, 0, SEEK_SET), 0);
        assertEquals(await mmioWrite(h, src.subarray(7, 19)), 12);
        assertEquals(await mmioWrite(h, src.subarray(30), 3), 3);
      } finally {
        assertEquals(await mmioClose(h), 0);
      }
      const expected = seq(50);
      expected.set(seq(12, 107), 0);
      expected.set(seq(3, 130), 12);
      assertEquals(
        await Deno.readFile(path),
        expected,
        `cchBuffer ${cchBuffer}`,
      );
    }
  });
  // Memory file over a view of a larger array.
  const big = new Uint8Array(64).fill(0x11);
  const block = big.subarray(16, 48);
  const h = await openMemory(block, 32);
  try {
    assertEquals(await mmioWrite(h, seq(4)), 4);
    assertEquals(big.subarray(16, 20), seq(4));
    assertEquals(big.subarray(0, 16), fill(16, 0x11));
  } finally {
    await mmioClose(h);
  }
});
