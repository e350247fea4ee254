// The edges of the engine (behavior.md §12, and §2/§7 for the unbuffered
// memory file): failed calls that change nothing, values that cannot hang,
// direct buffer access that never writes stale bytes, answers and buffers
// that are checked, not trusted, and handles nobody closed. Hangs and growth
// run in child processes with a kill timeout and a heap cap.

import {
  assert,
  assertEquals,
  assertInstanceOf,
  assertRejects,
} from "@std/assert";
import {
  FOURCC_MEM,
  type IOProc,
  MMIO_CREATE,
  MMIO_DIRTY,
  MMIO_READ,
  MMIO_READWRITE,
  MMIO_WRITE,
  mmioAdvance,
  mmioClose,
  MMIOERR_CANNOTREAD,
  MMIOERR_CANNOTSEEK,
  MMIOERR_CANNOTWRITE,
  MMIOERR_UNBUFFERED,
  mmioGetInfo,
  mmioGetLastError,
  type MMIOINFO,
  MMIOM_READ,
  MMIOM_SEEK,
  MMIOM_USER,
  MMIOM_WRITE,
  mmioOpen,
  mmioRead,
  mmioSeek,
  mmioSendMessage,
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
import { withTempDir, withTempFile } from "./_temp_dir.ts";
import { openFdCount, runDenoChild } from "./children/_helpers.ts";

const child = (name: string): string =>
  new URL(`./children/${name}`, import.meta.url).pathname;

// §2/§7: a memory file opened with no block is unbuffered.

Deno.test("§7 mmioAdvance on a memory file opened with no block is MMIOERR_UNBUFFERED, checked first", async () => {
  const h = await mmioOpen(null, { fccIOProc: FOURCC_MEM }, MMIO_READWRITE);
  assertOk(h);
  try {
    const info = await infoOf(h);
    assertEquals(info.cchBuffer, 0);
    assertEquals(info.pchBuffer, null);
    assertEquals(await mmioAdvance(h, info, MMIO_READ), MMIOERR_UNBUFFERED);
    assertEquals(await mmioAdvance(h, info, MMIO_WRITE), MMIOERR_UNBUFFERED);
    assertEquals(await mmioAdvance(h, null, MMIO_WRITE), MMIOERR_UNBUFFERED);
    // Checked before the flags.
    assertEquals(await mmioAdvance(h, info, 0x77), MMIOERR_UNBUFFERED);
  } finally {
    await mmioClose(h);
  }
});

// §12: a failed call changes nothing it reports as not done.

Deno.test("§12 a failed mmioSetBuffer(h, null, 0) (seek refused) stays buffered at the same position", async () => {
  const { h, rec } = await openRecording(seq(64), { cchBuffer: 16 });
  try {
    assertEquals(await mmioRead(h, new Uint8Array(1)), 1); // loaded [0, 16)
    rec.failSeeks = true;
    assertEquals(await mmioSetBuffer(h, null, 0), MMIOERR_CANNOTSEEK);
    rec.failSeeks = false;
    const info = await infoOf(h);
    assertEquals(info.cchBuffer, 16);
    assertEquals(await mmioSeek(h, 0, SEEK_CUR), 1);
    assertEquals(await mmioWrite(h, fill(2, 0xee)), 2);
  } finally {
    await mmioClose(h);
  }
  const expected = seq(64);
  expected.fill(0xee, 1, 3);
  assertEquals(rec.data(), expected);
});

// §12: no accepted value can hang; growth is bounded.

for (
  const [name, what, check] of [
    [
      "pchEndWrite 0 on a fresh file buffer",
      "endwrite0-file",
      (r: Record<string, number>) => {
        assertEquals(r.total, 300);
        assertEquals(r.size, 300);
      },
    ],
    [
      "pchEndWrite below pchNext on a file buffer",
      "endwrite-below-next-file",
      (r: Record<string, number>) => {
        assertEquals(r.total, 310);
        assertEquals(r.size, 310);
      },
    ],
    [
      "pchEndWrite 0 on a growable memory file",
      "endwrite0-mem",
      (r: Record<string, number>) => {
        assertEquals(r.wrote, 1000);
        // 1010 bytes in 16-byte increments: no more than the write needs.
        assertEquals(r.cchBuffer, 1024);
      },
    ],
    [
      "mmioReadable(h) piped into mmioWritable(h)",
      "pipe-self",
      (r: Record<string, number>) => assertEquals(r.size, 2000),
    ],
  ] as const
) {
  Deno.test(`§12 no hang: ${name} (child, 20 s kill timeout, 64 MB heap)`, async () => {
    await withTempDir(async (dir) => {
      const r = await runDenoChild(
        ["-A", "--v8-flags=--max-old-space-size=64"],
        child("edge_hang.ts"),
        [what, `${dir}/f.bin`],
        { timeoutMs: 20_000 },
      );
      assertEquals(r.code, 0, r.stderr);
      check(JSON.parse(r.stdout));
    });
  });
}

Deno.test("§12 mmioAdvance(MMIO_WRITE, MMIO_DIRTY) with an lBufOffset not the handle's own is INVALPARAM, nothing written", async () => {
  for (const bad of [NaN, 0.5, 7, -1, Infinity]) {
    const { h, rec } = await openRecording(seq(32), { cchBuffer: 8 });
    try {
      const info = await infoOf(h);
      info.pchBuffer!.set(fill(4, 0xaa), 0);
      info.pchNext = 4;
      info.dwFlags |= MMIO_DIRTY;
      info.lBufOffset = bad;
      assertEquals(await mmioAdvance(h, info, MMIO_WRITE), MMSYSERR_INVALPARAM);
      assertEquals(await mmioSeek(h, 0, SEEK_CUR), 0, `lBufOffset ${bad}`);
    } finally {
      await mmioClose(h);
    }
    assertEquals(rec.data(), seq(32), `lBufOffset ${bad}`);
  }
});

Deno.test("§12 mmioAdvance without MMIO_DIRTY ignores the caller's lBufOffset", async () => {
  const { h } = await openRecording(seq(32), { cchBuffer: 8 });
  try {
    const info = await infoOf(h);
    info.lBufOffset = NaN;
    info.pchNext = 3;
    assertEquals(await mmioAdvance(h, info, MMIO_WRITE), 0);
    assertEquals(info.lBufOffset, 3);
    assertEquals(await mmioSeek(h, 0, SEEK_CUR), 3);
    info.lBufOffset = 1000;
    assertEquals(await mmioAdvance(h, info, MMIO_READ), 0);
    assertEquals(info.lBufOffset, 3);
    assertEquals(info.pchBuffer!.subarray(0, 8), seq(8, 3));
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§12 mmioAdvance and mmioSetInfo refuse pointer fields that are not whole numbers", async () => {
  const { h } = await openRecording(seq(32), { cchBuffer: 8 });
  try {
    for (const bad of [NaN, 1.5, -1, 9]) {
      const info = await infoOf(h);
      info.pchNext = bad;
      assertEquals(await mmioAdvance(h, info, MMIO_WRITE), MMSYSERR_INVALPARAM);
      assertEquals(await mmioSetInfo(h, info), MMSYSERR_INVALPARAM);
    }
    assertEquals(await mmioSeek(h, 0, SEEK_CUR), 0);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("§12 a fractional MEM increment is rounded up to a whole byte", async () => {
  const h = await openMemory(null, 0, 2.5, MMIO_READWRITE | MMIO_CREATE);
  try {
    assertEquals(await mmioWrite(h, seq(7)), 7);
    const info = await infoOf(h);
    assert(Number.isInteger(info.cchBuffer), `cchBuffer ${info.cchBuffer}`);
    assertEquals(info.cchBuffer % 3, 0);
    assertEquals(await mmioSeek(h, 0, SEEK_END), info.cchBuffer);
  } finally {
    await mmioClose(h);
  }
});

// §12: direct buffer access never writes stale bytes.

/**
 * A file of 64 bytes of 0xaa then 136 of 0xee, read so that the buffer holds
 * bytes 0..63, then moved to offset 190, where only 10 bytes of the file
 * remain: the rest of the buffer still holds 0xaa from the first fill.
 */
async function staleSetup(path: string) {
  const bytes = new Uint8Array(200).fill(0xee);
  bytes.fill(0xaa, 0, 64);
  await Deno.writeFile(path, bytes);
  const h = await mmioOpen(path, { cchBuffer: 64 }, MMIO_READWRITE);
  assertOk(h);
  assertEquals(await mmioRead(h, new Uint8Array(1)), 1);
  assertEquals(await mmioSeek(h, 190, SEEK_SET), 190);
  assertEquals(await mmioRead(h, new Uint8Array(1)), 1); // loads 190..199
  const info = await infoOf(h);
  assertEquals([info.lBufOffset, info.pchNext, info.pchEndRead], [190, 1, 10]);
  // Write 4 bytes at buffer offset 30 (file offset 220), past the loaded end.
  info.pchBuffer!.set(fill(4, 0x55), 30);
  info.pchNext = 34;
  info.dwFlags |= MMIO_DIRTY;
  return { h, info, bytes };
}

function expectedAfterStale(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(224);
  out.set(bytes);
  out.fill(0x55, 220, 224); // 200..219 are zeros
  return out;
}

Deno.test("§12 mmioSetInfo with MMIO_DIRTY past the loaded end flushes zeros, not stale bytes", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/stale.bin`;
    const { h, info, bytes } = await staleSetup(path);
    assertEquals(await mmioSetInfo(h, info), 0);
    assertEquals(await mmioClose(h), 0);
    assertEquals(await Deno.readFile(path), expectedAfterStale(bytes));
  });
});

Deno.test("§12 mmioAdvance(MMIO_WRITE) with MMIO_DIRTY past the loaded end writes zeros, not stale bytes", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/stale.bin`;
    const { h, info, bytes } = await staleSetup(path);
    assertEquals(await mmioAdvance(h, info, MMIO_WRITE), 0);
    assertEquals(await mmioClose(h), 0);
    assertEquals(await Deno.readFile(path), expectedAfterStale(bytes));
  });
});

// §12: source and destination in the same memory overlap safely.

for (const size of [1, 4, 8, 16, 17, 40]) {
  Deno.test(`§12 mmioWrite from a view of the handle's own block overlapping the destination (${size} bytes)`, async () => {
    const block = seq(64);
    const h = await openMemory(block, 64);
    try {
      assertEquals(await mmioSeek(h, 3, SEEK_SET), 3);
      assertEquals(await mmioWrite(h, block.subarray(0, size)), size);
    } finally {
      await mmioClose(h);
    }
    const expected = seq(64);
    expected.copyWithin(3, 0, size);
    assertEquals(block, expected);
  });
}

Deno.test("§12 mmioRead into a view of the handle's own block overlapping the source", async () => {
  const block = seq(64);
  const h = await openMemory(block, 64);
  try {
    assertEquals(await mmioSeek(h, 0, SEEK_SET), 0);
    assertEquals(await mmioRead(h, block.subarray(2, 12)), 10);
  } finally {
    await mmioClose(h);
  }
  const expected = seq(64);
  expected.copyWithin(2, 0, 10);
  assertEquals(block, expected);
});

// §12: a procedure's answer is checked.

/** An unbuffered handle on a procedure that answers `answer` to `msg`. */
async function junkHandle(msg: number, answer: unknown) {
  const proc: IOProc = (info, m, p1, p2) => {
    if (m === msg) return answer as number;
    if (m === MMIOM_READ || m === MMIOM_WRITE) {
      const n = p2 as number;
      (p1 as Uint8Array).fill(1, 0, n);
      info.lDiskOffset += n;
      return n;
    }
    if (m === MMIOM_SEEK) return info.lDiskOffset = p1 as number;
    return 0;
  };
  const h = await mmioOpen("junk", { pIOProc: proc }, MMIO_READWRITE);
  assertOk(h);
  return h;
}

for (const answer of [10000, 11, 1e9, 2.5, Infinity, -5, NaN, "10", null]) {
  Deno.test(`§12 an MMIOM_READ answer of ${String(answer)} for 10 bytes is a failure (-1, CANNOTREAD, TypeError)`, async () => {
    const h = await junkHandle(MMIOM_READ, answer);
    try {
      assertEquals(await mmioRead(h, new Uint8Array(10)), -1);
      const err = mmioGetLastError(h);
      assertEquals(err?.code, MMIOERR_CANNOTREAD);
      assertInstanceOf(err?.cause, TypeError);
      assert((err?.cause as Error).message.includes("MMIOM_READ"));
      assert((err?.cause as Error).message.includes(String(answer)));
      const info = await infoOf(h);
      assertEquals(info.lDiskOffset, 0);
      assertEquals(info.lBufOffset, 0);
    } finally {
      await mmioClose(h);
    }
  });
}

for (const answer of [11, 2.5, -7]) {
  Deno.test(`§12 an MMIOM_WRITE answer of ${answer} for 10 bytes is a failure (-1, CANNOTWRITE)`, async () => {
    const h = await junkHandle(MMIOM_WRITE, answer);
    try {
      assertEquals(await mmioWrite(h, new Uint8Array(10)), -1);
      assertEquals(mmioGetLastError(h)?.code, MMIOERR_CANNOTWRITE);
      assertEquals((await infoOf(h)).lDiskOffset, 0);
    } finally {
      await mmioClose(h);
    }
  });
}

for (const answer of [7.5, Infinity, -5, 2 ** 53, "3"]) {
  Deno.test(`§12 an MMIOM_SEEK answer of ${String(answer)} is a failure; lDiskOffset is not set from it`, async () => {
    const h = await junkHandle(MMIOM_SEEK, answer);
    try {
      assertEquals(await mmioSeek(h, 5, SEEK_SET), -1);
      assertEquals(mmioGetLastError(h)?.code, MMIOERR_CANNOTSEEK);
      const info = await infoOf(h);
      assertEquals(info.lDiskOffset, 0);
      assertEquals(info.lBufOffset, 0);
    } finally {
      await mmioClose(h);
    }
  });
}

Deno.test("§12 mmioSendMessage with a message number that is not an integer is INVALPARAM and reaches no procedure", async () => {
  const seen: number[] = [];
  const proc: IOProc = (_info, msg) => {
    seen.push(msg);
    return 0;
  };
  const h = await mmioOpen("x", { pIOProc: proc }, MMIO_READ);
  assertOk(h);
  try {
    seen.length = 0;
    for (const msg of [NaN, MMIOM_USER + 0.5, Infinity]) {
      assertEquals(await mmioSendMessage(h, msg), MMSYSERR_INVALPARAM);
    }
    assertEquals(seen, []);
  } finally {
    await mmioClose(h);
  }
});

// §12: buffers are checked, not trusted.

Deno.test("§12 a caller buffer detached after mmioSetBuffer: writes fail, close still closes and releases the file", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/detached.bin`;
    const before = openFdCount();
    const h = await mmioOpen(path, null, MMIO_CREATE | MMIO_READWRITE);
    assertOk(h);
    const buf = new Uint8Array(16);
    assertEquals(await mmioSetBuffer(h, buf, 16), 0);
    assertEquals(await mmioWrite(h, fill(4, 1)), 4);
    (buf.buffer as ArrayBuffer).transfer();
    assertEquals(await mmioWrite(h, fill(4, 2)), -1);
    assertEquals(mmioGetLastError(h)?.code, MMIOERR_CANNOTWRITE);
    assertInstanceOf(mmioGetLastError(h)?.cause, TypeError);
    assertEquals(await mmioRead(h, new Uint8Array(4)), -1);
    assertEquals(await mmioClose(h), MMIOERR_CANNOTWRITE);
    assertEquals(openFdCount(), before);
  });
});

Deno.test("§12 await using a handle whose buffer was detached never throws", async () => {
  await withTempDir(async (dir) => {
    const before = openFdCount();
    const buf = new Uint8Array(16);
    {
      await using h = await mmioOpen(
        `${dir}/f.bin`,
        null,
        MMIO_CREATE | MMIO_WRITE,
      );
      assertOk(h);
      await mmioSetBuffer(h, buf, 16);
      await mmioWrite(h, fill(4, 1));
      (buf.buffer as ArrayBuffer).transfer();
    }
    assertEquals(openFdCount(), before);
  });
});

Deno.test("§12 a resizable buffer shrunk below cchBuffer: reads and writes fail with their codes", async () => {
  await withTempFile(seq(64), async (path) => {
    const h = await mmioOpen(path, null, MMIO_READWRITE);
    assertOk(h);
    const ab = new ArrayBuffer(16, { maxByteLength: 64 });
    assertEquals(await mmioSetBuffer(h, new Uint8Array(ab), 16), 0);
    assertEquals(await mmioRead(h, new Uint8Array(2)), 2);
    ab.resize(4);
    assertEquals(await mmioRead(h, new Uint8Array(20)), -1);
    assertEquals(mmioGetLastError(h)?.code, MMIOERR_CANNOTREAD);
    assertEquals(await mmioWrite(h, fill(2, 9)), -1);
    assertEquals(await mmioClose(h), 0);
  });
});

Deno.test("§12 a memory file whose block is detached: reads and writes fail, close succeeds", async () => {
  const block = seq(32);
  const h = await openMemory(block, 32);
  (block.buffer as ArrayBuffer).transfer();
  assertEquals(await mmioRead(h, new Uint8Array(4)), -1);
  assertEquals(await mmioWrite(h, fill(4, 1)), -1);
  assertEquals(await mmioClose(h), 0);
});

for (
  const [name, make] of [
    ["a Proxy of a Uint8Array", () => new Proxy(new Uint8Array(8), {})],
    [
      "Object.create(Uint8Array.prototype)",
      () => Object.create(Uint8Array.prototype),
    ],
  ] as const
) {
  Deno.test(`§12 ${name} is rejected with a TypeError naming the argument`, async () => {
    const h = await openMemory(seq(16), 16);
    try {
      const fake = make() as Uint8Array;
      for (
        const call of [
          () => mmioRead(h, fake),
          () => mmioWrite(h, fake),
          () => mmioSetBuffer(h, fake, 0),
        ]
      ) {
        let p: Promise<number> | undefined;
        try {
          p = call();
        } catch (e) {
          throw new Error(`threw synchronously: ${e}`);
        }
        const err = await assertRejects(() => p!, TypeError);
        assert(err.message.includes("buffer"), err.message);
      }
      await assertRejects(
        () =>
          mmioOpen(null, {
            fccIOProc: FOURCC_MEM,
            pchBuffer: make() as Uint8Array,
          }),
        TypeError,
        "pchBuffer",
      );
    } finally {
      await mmioClose(h);
    }
  });
}

// §12: leaked handles lose nothing at exit.

for (const mode of ["end", "exit"] as const) {
  Deno.test(`§12 a handle never closed: its bytes are written when the program ${mode === "end" ? "ends" : "calls Deno.exit(0)"}`, async () => {
    await withTempDir(async (dir) => {
      const path = `${dir}/leak.bin`;
      const r = await runDenoChild(
        [`--allow-read=${dir}`, `--allow-write=${dir}`],
        child("edge_leak.ts"),
        [mode, path],
      );
      assertEquals(r.code, 0, r.stderr);
      assertEquals(await Deno.readFile(path), fill(1000, 7));
      assert(r.stderr.includes("1 handle was still open at exit"), r.stderr);
    });
  });
}

Deno.test("§12 2,000 handles dropped without mmioClose: the finalizer writes their bytes and closes their files", async () => {
  await withTempDir(async (dir) => {
    const r = await runDenoChild(
      [
        "-A", // Deno grants /proc/self/fd only with every permission
        "--v8-flags=--expose-gc",
      ],
      child("edge_leak.ts"),
      ["drop", dir],
      { timeoutMs: 60_000 },
    );
    assertEquals(r.code, 0, r.stderr);
    const { before, after } = JSON.parse(r.stdout);
    // A few handles may still be reachable from the last loop turns.
    assert(
      after <= before + 5,
      `descriptors: ${before} before, ${after} after`,
    );
    for (let i = 0; i < 2000; i++) {
      const bytes = await Deno.readFile(`${dir}/${i}.bin`);
      assertEquals(bytes, fill(10, i & 0xff), `file ${i}`);
    }
  });
});

Deno.test("§12 mmioGetInfo hands out a buffer whose bytes past the loaded content are zeros", async () => {
  await withTempFile(seq(100), async (path) => {
    const h = await mmioOpen(path, { cchBuffer: 64 }, MMIO_READ);
    assertOk(h);
    try {
      assertEquals(await mmioRead(h, new Uint8Array(1)), 1);
      assertEquals(await mmioSeek(h, 90, SEEK_SET), 90);
      assertEquals(await mmioRead(h, new Uint8Array(1)), 1);
      const info: Partial<MMIOINFO> = {};
      assertEquals(await mmioGetInfo(h, info), 0);
      assertEquals(info.pchBuffer!.subarray(0, 10), seq(10, 90));
      assertEquals(info.pchBuffer!.subarray(10, 64), new Uint8Array(54));
    } finally {
      await mmioClose(h);
    }
  });
});
