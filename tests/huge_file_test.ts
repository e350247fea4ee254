// Huge files: offsets past 2 GiB and 4 GiB on a sparse file (no real disk
// space is used). Seek, write, read and SEEK_END must be exact through
// buffered and unbuffered handles, and chunk offsets must not wrap at 32 bits.

import { assertEquals } from "@std/assert";
import {
  type HMMIO,
  type MMCKINFO,
  MMIO_ALLOCBUF,
  MMIO_FINDCHUNK,
  MMIO_READWRITE,
  mmioAscend,
  mmioClose,
  mmioCreateChunk,
  mmioDescend,
  mmioFOURCC,
  mmioGetInfo,
  type MMIOINFO,
  mmioOpen,
  mmioRead,
  mmioSeek,
  mmioSetBuffer,
  mmioWrite,
  SEEK_CUR,
  SEEK_END,
  SEEK_SET,
} from "../mod.ts";
import { seededBytes } from "./children/_helpers.ts";
import { assertOk } from "./_engine_util.ts";
import { withTempDir } from "./_temp_dir.ts";

const GiB = 1024 ** 3;
const SIZE = 5 * GiB + 123;
const TWO32 = 2 ** 32;

/** Runs `fn` with a sparse file of SIZE bytes in a fresh temp dir. */
async function withSparseFile(
  fn: (path: string) => Promise<void>,
): Promise<void> {
  await withTempDir(async (dir) => {
    const path = `${dir}/sparse.bin`;
    await Deno.writeFile(path, new Uint8Array(0));
    await Deno.truncate(path, SIZE);
    await fn(path);
  });
}

/** Reads `n` bytes at `offset` straight from the file, without the engine. */
async function readAt(
  path: string,
  offset: number,
  n: number,
): Promise<Uint8Array> {
  using f = await Deno.open(path, { read: true });
  await f.seek(offset, Deno.SeekMode.Start);
  const buf = new Uint8Array(n);
  let got = 0;
  while (got < n) {
    const r = await f.read(buf.subarray(got));
    if (r === null) break;
    got += r;
  }
  return buf.subarray(0, got);
}

async function readExactly(h: HMMIO, n: number): Promise<Uint8Array> {
  const buf = new Uint8Array(n);
  assertEquals(await mmioRead(h, buf), n);
  return buf;
}

/** Writes and reads back across the 2 GiB, 4 GiB and end-of-file marks. */
async function scenario(
  path: string,
  info: Partial<MMIOINFO>,
  flags: number,
): Promise<void> {
  const h = await mmioOpen(path, info, flags);
  assertOk(h, `open: ${info.wErrorRet}`);
  const spots: [number, number][] = [
    [2 ** 31 - 7, 20_000], // across 2 GiB
    [TWO32 - 10, 20_000], // across 4 GiB
    [TWO32 + 65_537, 300],
    [SIZE - 5, 20_000], // across the old end: the file grows
  ];
  let end = SIZE;
  try {
    assertEquals(await mmioSeek(h, 0, SEEK_END), SIZE);
    assertEquals(await mmioSeek(h, 16, SEEK_END), SIZE - 16);
    for (const [i, [offset, n]] of spots.entries()) {
      const data = seededBytes(n, i + 1);
      assertEquals(await mmioSeek(h, offset, SEEK_SET), offset);
      assertEquals(await mmioWrite(h, data), n);
      assertEquals(await mmioSeek(h, 0, SEEK_CUR), offset + n);
      end = Math.max(end, offset + n);
      assertEquals(await mmioSeek(h, 0, SEEK_END), end, "SEEK_END after write");
      assertEquals(await mmioSeek(h, offset, SEEK_SET), offset);
      assertEquals(await readExactly(h, n), data, `read back at ${offset}`);
    }
    // Relative seeks across 4 GiB.
    assertEquals(await mmioSeek(h, TWO32 + 10, SEEK_SET), TWO32 + 10);
    assertEquals(await mmioSeek(h, -20, SEEK_CUR), TWO32 - 10);
    assertEquals(
      await readExactly(h, 3),
      seededBytes(20_000, 2).subarray(0, 3),
    );
    // SEEK_END with a positive offset counts back, past 32 bits.
    assertEquals(await mmioSeek(h, end - TWO32, SEEK_END), TWO32);
    const info2: Partial<MMIOINFO> = {};
    assertEquals(await mmioGetInfo(h, info2, 0), 0);
    assertEquals(info2.lBufOffset! + info2.pchNext!, TWO32, "logical position");

    // A write past the end leaves a hole of zeros and moves the end.
    assertEquals(await mmioSeek(h, end + 1000, SEEK_SET), end + 1000);
    assertEquals(await mmioWrite(h, new Uint8Array([1, 2, 3])), 3);
    assertEquals(await mmioSeek(h, 0, SEEK_END), end + 1003);
    assertEquals(await mmioSeek(h, end + 995, SEEK_SET), end + 995);
    assertEquals(
      await readExactly(h, 8),
      new Uint8Array([0, 0, 0, 0, 0, 1, 2, 3]),
    );
    const tail = new Uint8Array(10);
    assertEquals(await mmioRead(h, tail), 0, "end of file");
  } finally {
    assertEquals(await mmioClose(h, 0), 0);
  }
  // The same bytes, seen without the engine.
  const st = await Deno.stat(path);
  assertEquals(st.size, end + 1003);
  for (const [i, [offset, n]] of spots.entries()) {
    assertEquals(await readAt(path, offset, n), seededBytes(n, i + 1));
  }
  assertEquals(
    await readAt(path, end + 999, 4),
    new Uint8Array([0, 1, 2, 3]),
  );
}

Deno.test("huge file: buffered seek, write, read and SEEK_END past 4 GiB", async () => {
  await withSparseFile(async (path) => {
    await scenario(path, {}, MMIO_READWRITE | MMIO_ALLOCBUF);
  });
});

Deno.test("huge file: small-buffer seek, write, read and SEEK_END past 4 GiB", async () => {
  await withSparseFile(async (path) => {
    await scenario(path, { cchBuffer: 1000 }, MMIO_READWRITE);
  });
});

Deno.test("huge file: unbuffered seek, write, read and SEEK_END past 4 GiB", async () => {
  await withSparseFile(async (path) => {
    await scenario(path, {}, MMIO_READWRITE);
  });
});

Deno.test("huge file: a chunk past 4 GiB is created, fixed up and found", async () => {
  await withSparseFile(async (path) => {
    const h = await mmioOpen(path, {}, MMIO_READWRITE | MMIO_ALLOCBUF);
    assertOk(h);
    const start = TWO32 + 100;
    const data = seededBytes(33, 7);
    try {
      assertEquals(await mmioSeek(h, start, SEEK_SET), start);
      const ck: Partial<MMCKINFO> = { ckid: mmioFOURCC("d", "a", "t", "a") };
      assertEquals(await mmioCreateChunk(h, ck, 0), 0);
      assertEquals(ck.dwDataOffset, start + 8);
      assertEquals(await mmioWrite(h, data), 33);
      assertEquals(await mmioAscend(h, ck as MMCKINFO, 0), 0);
      assertEquals(ck.cksize, 33);
      assertEquals(await mmioSeek(h, 0, SEEK_CUR), start + 8 + 34, "padded");

      assertEquals(await mmioSeek(h, start, SEEK_SET), start);
      const found: Partial<MMCKINFO> = { ckid: mmioFOURCC("d", "a", "t", "a") };
      assertEquals(await mmioDescend(h, found, null, MMIO_FINDCHUNK), 0);
      assertEquals(found.cksize, 33);
      assertEquals(found.dwDataOffset, start + 8);
      assertEquals(await readExactly(h, 33), data);

      // mmioSetBuffer keeps the logical position, even past 4 GiB.
      assertEquals(await mmioSeek(h, TWO32 + 5, SEEK_SET), TWO32 + 5);
      assertEquals(await mmioSetBuffer(h, null, 4096, 0), 0);
      assertEquals(await mmioSeek(h, 0, SEEK_CUR), TWO32 + 5);
    } finally {
      assertEquals(await mmioClose(h, 0), 0);
    }
    const header = await readAt(path, start, 8);
    assertEquals(new TextDecoder().decode(header.subarray(0, 4)), "data");
    assertEquals(new DataView(header.buffer).getUint32(4, true), 33);
    assertEquals(await readAt(path, start + 8 + 33, 1), new Uint8Array([0]));
  });
});
