// mmioRead (behavior.md §3), observed through a recording I/O procedure
// (exact messages), real files and memory files: the buffer fill, the
// bypass for large reads, the end of file, and the caller's array.

import { assertEquals } from "@std/assert";
import {
  MMIO_ALLOCBUF,
  MMIO_READ,
  mmioClose,
  MMIOM_READ,
  MMIOM_SEEK,
  mmioOpen,
  mmioRead,
  mmioSeek,
  SEEK_CUR,
  SEEK_SET,
} from "../mod.ts";
import { assertOk, fill, infoOf, openMemory, seq } from "./_engine_util.ts";
import { openRecording } from "./_recording_proc.ts";
import { withTempDir } from "./_temp_dir.ts";

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
