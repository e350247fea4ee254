// mmioOpen's buffer set-up (behavior.md §2): what MMIO_ALLOCBUF, cchBuffer
// and a caller's pchBuffer give, for files, procedures and memory files, and
// the set-up table that Wine's conformance tests pin down on Windows.

import { assert, assertEquals, assertStrictEquals } from "@std/assert";
import {
  FOURCC_DOS,
  FOURCC_MEM,
  MMIO_ALLOCBUF,
  MMIO_CREATE,
  MMIO_DEFAULTBUFFER,
  MMIO_READ,
  MMIO_READWRITE,
  mmioClose,
  MMIOM_OPEN,
  mmioOpen,
  mmioRead,
  mmioSeek,
  mmioWrite,
  SEEK_CUR,
} from "../mod.ts";
import { assertOk, infoOf, openFile, seq } from "./_engine_util.ts";
import { recordingProc } from "./_recording_proc.ts";
import { withTempFile } from "./_temp_dir.ts";

Deno.test("§2 MMIO_ALLOCBUF with cchBuffer 0 allocates MMIO_DEFAULTBUFFER", async () => {
  await withTempFile(seq(10), async (path) => {
    const h = await openFile(path, {}, MMIO_READ | MMIO_ALLOCBUF);
    try {
      const i = await infoOf(h);
      assertEquals(i.cchBuffer, MMIO_DEFAULTBUFFER);
      assertEquals(i.cchBuffer, 8192);
      assertOk(i.pchBuffer);
      assert(i.pchBuffer.length >= 8192);
      assertEquals(i.dwFlags & MMIO_ALLOCBUF, MMIO_ALLOCBUF);
    } finally {
      await mmioClose(h);
    }
  });
});

Deno.test("§2 MMIO_ALLOCBUF with a cchBuffer allocates that size", async () => {
  await withTempFile(seq(10), async (path) => {
    const h = await openFile(
      path,
      { cchBuffer: 100 },
      MMIO_READ | MMIO_ALLOCBUF,
    );
    try {
      const i = await infoOf(h);
      assertEquals(i.cchBuffer, 100);
      assert(i.pchBuffer!.length >= 100);
      assertEquals(i.dwFlags & MMIO_ALLOCBUF, MMIO_ALLOCBUF);
    } finally {
      await mmioClose(h);
    }
  });
});

Deno.test("§2 a non-zero cchBuffer without pchBuffer allocates even without ALLOCBUF", async () => {
  await withTempFile(seq(10), async (path) => {
    const h = await openFile(path, { cchBuffer: 64 }, MMIO_READ);
    try {
      const i = await infoOf(h);
      assertEquals(i.cchBuffer, 64);
      assert(i.pchBuffer instanceof Uint8Array);
      assertEquals(i.dwFlags & MMIO_ALLOCBUF, MMIO_ALLOCBUF);
      assertEquals(i.dwFlags, MMIO_READ | MMIO_ALLOCBUF);
    } finally {
      await mmioClose(h);
    }
  });
});

Deno.test("§2 a caller buffer is used as it is, without MMIO_ALLOCBUF", async () => {
  await withTempFile(seq(40), async (path) => {
    const mine = new Uint8Array(32);
    const h = await openFile(
      path,
      { pchBuffer: mine, cchBuffer: 32 },
      MMIO_READ,
    );
    try {
      const i = await infoOf(h);
      assertStrictEquals(i.pchBuffer, mine);
      assertEquals(i.cchBuffer, 32);
      assertEquals(i.dwFlags & MMIO_ALLOCBUF, 0);
      // Reading fills the caller's own array.
      assertEquals(await mmioRead(h, new Uint8Array(4)), 4);
      assertEquals(mine.subarray(0, 32), seq(32));
    } finally {
      await mmioClose(h);
    }
  });
});

Deno.test("§2 a caller buffer plus ALLOCBUF and cchBuffer 0 is 8192 bytes, ALLOCBUF dropped", async () => {
  await withTempFile(seq(10), async (path) => {
    const mine = new Uint8Array(8192);
    const h = await openFile(
      path,
      { pchBuffer: mine, cchBuffer: 0 },
      MMIO_READ | MMIO_ALLOCBUF,
    );
    try {
      const i = await infoOf(h);
      assertStrictEquals(i.pchBuffer, mine);
      assertEquals(i.cchBuffer, 8192);
      assertEquals(i.dwFlags & MMIO_ALLOCBUF, 0);
    } finally {
      await mmioClose(h);
    }
  });
});

Deno.test("§2 a caller buffer plus ALLOCBUF keeps the caller's cchBuffer", async () => {
  await withTempFile(seq(10), async (path) => {
    const mine = new Uint8Array(50);
    const h = await openFile(
      path,
      { pchBuffer: mine, cchBuffer: 50 },
      MMIO_READ | MMIO_ALLOCBUF,
    );
    try {
      const i = await infoOf(h);
      assertStrictEquals(i.pchBuffer, mine);
      assertEquals(i.cchBuffer, 50);
      assertEquals(i.dwFlags, MMIO_READ);
    } finally {
      await mmioClose(h);
    }
  });
});

Deno.test("§2 cchBuffer 0 and no buffer is unbuffered", async () => {
  await withTempFile(seq(10), async (path) => {
    for (const info of [{}, { cchBuffer: 0, pchBuffer: null }, null]) {
      const h = await openFile(path, info, MMIO_READ);
      try {
        const i = await infoOf(h);
        assertEquals(i.cchBuffer, 0);
        assertEquals(i.pchBuffer, null);
        assertEquals(i.pchNext, 0);
        assertEquals(i.pchEndRead, 0);
        assertEquals(i.pchEndWrite, 0);
        assertEquals(i.dwFlags & MMIO_ALLOCBUF, 0);
      } finally {
        await mmioClose(h);
      }
    }
  });
});

Deno.test("§2 after open a file buffer is empty: pchNext 0, pchEndRead 0, pchEndWrite cchBuffer", async () => {
  await withTempFile(seq(100), async (path) => {
    const h = await openFile(path, { cchBuffer: 24 }, MMIO_READ);
    try {
      const i = await infoOf(h);
      assertEquals(i.pchNext, 0);
      assertEquals(i.pchEndRead, 0);
      assertEquals(i.pchEndWrite, 24);
      assertEquals(i.lBufOffset, 0);
    } finally {
      await mmioClose(h);
    }
  });
  const rec = recordingProc(seq(100));
  const h = await mmioOpen("x", { pIOProc: rec.proc, cchBuffer: 16 }, 0);
  assertOk(h);
  try {
    const i = await infoOf(h);
    assertEquals([i.pchNext, i.pchEndRead, i.pchEndWrite], [0, 0, 16]);
    // Nothing was read at open.
    assertEquals(rec.log, [[MMIOM_OPEN, "x"]]);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§2 a memory file's block is its content: pchEndRead = cchBuffer", async () => {
  const block = seq(520);
  const h = await mmioOpen(
    null,
    { fccIOProc: FOURCC_MEM, pchBuffer: block, cchBuffer: 520 },
    MMIO_READWRITE,
  );
  assertOk(h);
  try {
    const i = await infoOf(h);
    assertStrictEquals(i.pchBuffer, block);
    assertEquals(i.cchBuffer, 520);
    assertEquals(i.pchNext, 0);
    assertEquals(i.pchEndRead, 520);
    assertEquals(i.pchEndWrite, 520);
    const buf = new Uint8Array(8);
    assertEquals(await mmioRead(h, buf), 8);
    assertEquals(buf, seq(8));
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§2 a memory file opened with MMIO_CREATE starts empty: pchEndRead 0", async () => {
  const block = seq(64);
  const h = await mmioOpen(
    null,
    { fccIOProc: FOURCC_MEM, pchBuffer: block, cchBuffer: 64 },
    MMIO_READWRITE | MMIO_CREATE,
  );
  assertOk(h);
  try {
    const i = await infoOf(h);
    assertEquals(i.pchEndRead, 0);
    assertEquals(i.pchNext, 0);
    assertEquals(await mmioRead(h, new Uint8Array(8)), 0);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§2 a memory file with ALLOCBUF allocates its block", async () => {
  const h = await mmioOpen(
    null,
    { fccIOProc: FOURCC_MEM, cchBuffer: 100 },
    MMIO_READWRITE | MMIO_ALLOCBUF,
  );
  assertOk(h);
  try {
    const i = await infoOf(h);
    assertEquals(i.cchBuffer, 100);
    assertEquals(i.dwFlags & MMIO_ALLOCBUF, MMIO_ALLOCBUF);
    assertEquals(await mmioWrite(h, seq(10)), 10);
    assertEquals(i.pchBuffer!.subarray(0, 10), seq(10));
  } finally {
    await mmioClose(h);
  }
});

// The buffer set-ups that Wine's conformance tests pin down on Windows, for a
// DOS file and a memory file alike.
Deno.test("§2 buffer set-up table on DOS and MEM (as pinned on Windows)", async () => {
  await withTempFile(seq(300), async (path) => {
    const cases: {
      buf: number;
      cch: number;
      flags: number;
      cchBuffer: number;
      own: boolean;
      allocbuf: boolean;
    }[] = [
      {
        buf: 8192,
        cch: 8192,
        flags: 0,
        cchBuffer: 8192,
        own: true,
        allocbuf: false,
      },
      { buf: 8192, cch: 0, flags: 0, cchBuffer: 0, own: true, allocbuf: false },
      { buf: 0, cch: 0, flags: 0, cchBuffer: 0, own: false, allocbuf: false },
      {
        buf: 0,
        cch: 256,
        flags: 0,
        cchBuffer: 256,
        own: false,
        allocbuf: true,
      },
      {
        buf: 8192,
        cch: 8192,
        flags: MMIO_ALLOCBUF,
        cchBuffer: 8192,
        own: true,
        allocbuf: false,
      },
      {
        buf: 0,
        cch: 0,
        flags: MMIO_ALLOCBUF,
        cchBuffer: 8192,
        own: false,
        allocbuf: true,
      },
      {
        buf: 0,
        cch: 256,
        flags: MMIO_ALLOCBUF,
        cchBuffer: 256,
        own: false,
        allocbuf: true,
      },
      {
        buf: 8192,
        cch: 0,
        flags: MMIO_ALLOCBUF,
        cchBuffer: 8192,
        own: true,
        allocbuf: false,
      },
    ];
    for (const mem of [false, true]) {
      for (const c of cases) {
        const label = `${mem ? "MEM" : "DOS"} ${JSON.stringify(c)}`;
        const buf = c.buf ? new Uint8Array(c.buf) : null;
        const h = await mmioOpen(mem ? null : path, {
          fccIOProc: mem ? FOURCC_MEM : FOURCC_DOS,
          pchBuffer: buf,
          cchBuffer: c.cch,
        }, MMIO_READ | c.flags);
        assertOk(h, label);
        try {
          const i = await infoOf(h);
          assertEquals(
            i.dwFlags,
            MMIO_READ | (c.allocbuf ? MMIO_ALLOCBUF : 0),
            label,
          );
          assertEquals(i.wErrorRet, 0, label);
          assertEquals(i.fccIOProc, mem ? FOURCC_MEM : FOURCC_DOS, label);
          assertEquals(i.cchBuffer, c.cchBuffer, label);
          if (c.own) assertStrictEquals(i.pchBuffer, buf, label);
          else if (c.cchBuffer === 0) assertEquals(i.pchBuffer, null, label);
          else assert(i.pchBuffer instanceof Uint8Array, label);
          assertEquals(i.pchNext, 0, label);
          assertEquals(i.pchEndRead, mem ? c.cchBuffer : 0, label);
          assertEquals(i.pchEndWrite, c.cchBuffer, label);
          assertEquals([i.lBufOffset, i.lDiskOffset], [0, 0], label);
          assertEquals(await mmioSeek(h, 0, SEEK_CUR), 0, label);
        } finally {
          await mmioClose(h);
        }
      }
    }
  });
});
