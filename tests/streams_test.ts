import {
  assert,
  assertEquals,
  assertFalse,
  assertInstanceOf,
  assertRejects,
  assertStrictEquals,
  assertThrows,
} from "@std/assert";
import { toArrayBuffer, toBytes, toText } from "@std/streams";
import {
  FOURCC_MEM,
  type HMMIO,
  type IOProc,
  type MMCKINFO,
  MMIO_ALLOCBUF,
  MMIO_CREATE,
  MMIO_CREATERIFF,
  MMIO_FINDCHUNK,
  MMIO_READ,
  MMIO_READWRITE,
  MMIO_WRITE,
  mmioAscend,
  mmioClose,
  mmioCreateChunk,
  mmioDescend,
  MMIOERR_CANNOTREAD,
  MMIOERR_CANNOTWRITE,
  MMIOError,
  mmioFOURCC,
  mmioGetLastError,
  MMIOM_CLOSE,
  MMIOM_OPEN,
  MMIOM_READ,
  MMIOM_SEEK,
  MMIOM_WRITE,
  MMIOM_WRITEFLUSH,
  mmioOpen,
  mmioRead,
  mmioReadable,
  mmioSeek,
  mmioWritable,
  mmioWrite,
  MMSYSERR_INVALHANDLE,
  SEEK_CUR,
  SEEK_END,
  SEEK_SET,
} from "../mod.ts";

/** Deterministic pseudo-random bytes (xorshift32). */
function bytesOf(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "mmio_streams_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function open(name: string, flags: number): Promise<HMMIO> {
  const info = {};
  const h = await mmioOpen(name, info, flags);
  if (!h) {
    throw new Error(`mmioOpen(${name}): ${mmioGetLastError(info)?.message}`);
  }
  return h;
}

function chunk(ckid = "", fccType = ""): MMCKINFO {
  const fcc = (s: string) => s ? mmioFOURCC(s[0], s[1], s[2], s[3]) : 0;
  return {
    ckid: fcc(ckid),
    cksize: 0,
    fccType: fcc(fccType),
    dwDataOffset: 0,
    dwFlags: 0,
  };
}

/** Lets pending promise jobs and I/O callbacks run. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * An in-memory procedure for tests: records messages, and can hold reads or
 * writes at a gate (so a test decides when they finish) or fail them.
 */
function testProc(content: Uint8Array = new Uint8Array(0)) {
  const state = {
    data: new Uint8Array(content),
    size: content.length,
    pos: 0,
    messages: [] as number[],
    writes: 0,
    gate: null as Promise<void> | null,
    failRead: null as Error | null,
    failWrite: null as Error | null,
  };
  const grow = (need: number) => {
    if (need <= state.data.length) return;
    const bigger = new Uint8Array(Math.max(need, state.data.length * 2));
    bigger.set(state.data);
    state.data = bigger;
  };
  const proc: IOProc = async (info, msg, p1, p2) => {
    state.messages.push(msg);
    switch (msg) {
      case MMIOM_OPEN:
        info.lDiskOffset = 0;
        return 0;
      case MMIOM_CLOSE:
        return 0;
      case MMIOM_READ: {
        if (state.gate) await state.gate;
        if (state.failRead) throw state.failRead;
        const n = Math.max(0, Math.min(p2 as number, state.size - state.pos));
        (p1 as Uint8Array).set(state.data.subarray(state.pos, state.pos + n));
        state.pos += n;
        info.lDiskOffset = state.pos;
        return n;
      }
      case MMIOM_WRITE:
      case MMIOM_WRITEFLUSH: {
        state.writes++;
        if (state.gate) await state.gate;
        if (state.failWrite) throw state.failWrite;
        const n = p2 as number;
        grow(state.pos + n);
        state.data.set((p1 as Uint8Array).subarray(0, n), state.pos);
        state.pos += n;
        state.size = Math.max(state.size, state.pos);
        info.lDiskOffset = state.pos;
        return n;
      }
      case MMIOM_SEEK: {
        const offset = p1 as number;
        const target = p2 === SEEK_SET
          ? offset
          : p2 === SEEK_CUR
          ? state.pos + offset
          : p2 === SEEK_END
          ? state.size - offset
          : -1;
        if (target < 0) return -1;
        state.pos = target;
        info.lDiskOffset = target;
        return target;
      }
      default:
        return 0;
    }
  };
  return { proc, state };
}

/** A gate that holds the test procedure until opened. */
function gate(state: { gate: Promise<void> | null }): () => void {
  let open!: () => void;
  state.gate = new Promise((resolve) => open = resolve);
  return () => {
    state.gate = null;
    open();
  };
}

Deno.test("mmioReadable reads a file from the current position to the end", async () => {
  await withDir(async (dir) => {
    const data = bytesOf(100_000);
    await Deno.writeFile(`${dir}/a.bin`, data);
    const h = await open(`${dir}/a.bin`, MMIO_READ | MMIO_ALLOCBUF);
    try {
      assertEquals(await mmioSeek(h, 1234, SEEK_SET), 1234);
      const got = new Uint8Array(await toArrayBuffer(mmioReadable(h)));
      assertEquals(got, data.subarray(1234));
      // The stream leaves the handle at the end of what it read.
      assertEquals(await mmioSeek(h, 0, SEEK_CUR), data.length);
    } finally {
      assertEquals(await mmioClose(h), 0);
    }
  });
});

Deno.test("mmioReadable over an unbuffered handle and over a memory file", async () => {
  await withDir(async (dir) => {
    const data = bytesOf(70_001, 7);
    await Deno.writeFile(`${dir}/a.bin`, data);
    const h = await open(`${dir}/a.bin`, MMIO_READ);
    try {
      assertEquals(await toBytes(mmioReadable(h)), data);
    } finally {
      await mmioClose(h);
    }
  });
  const text = "memory files stream too";
  const bytes = new TextEncoder().encode(text);
  const m = await mmioOpen(null, {
    fccIOProc: FOURCC_MEM,
    pchBuffer: bytes,
    cchBuffer: bytes.length,
  }, MMIO_READ);
  if (!m) throw new Error("mmioOpen failed");
  assertEquals(await toText(mmioReadable(m, { closeHandle: true })), text);
  // closeHandle: the handle is gone once the stream has ended.
  assertEquals(await mmioClose(m), MMSYSERR_INVALHANDLE);
});

/** Writes RIFF 'TEST' { 'odd ' (5 bytes), 'data' (n bytes), 'tail' (4) }. */
async function writeRiff(path: string, payload: Uint8Array): Promise<void> {
  const h = await open(path, MMIO_CREATE | MMIO_WRITE | MMIO_ALLOCBUF);
  try {
    const riff = chunk("", "TEST");
    assertEquals(await mmioCreateChunk(h, riff, MMIO_CREATERIFF), 0);
    for (
      const [id, bytes] of [
        ["odd ", new Uint8Array([1, 2, 3, 4, 5])],
        ["data", payload],
        ["tail", new Uint8Array([9, 9, 9, 9])],
      ] as const
    ) {
      const ck = chunk(id);
      assertEquals(await mmioCreateChunk(h, ck, 0), 0);
      assertEquals(await mmioWrite(h, bytes), bytes.length);
      assertEquals(await mmioAscend(h, ck, 0), 0);
    }
    assertEquals(await mmioAscend(h, riff, 0), 0);
  } finally {
    assertEquals(await mmioClose(h), 0);
  }
}

Deno.test("mmioReadable with a chunk reads exactly that chunk's data", async () => {
  await withDir(async (dir) => {
    const payload = bytesOf(30_000, 3);
    await writeRiff(`${dir}/t.riff`, payload);
    const g = await open(`${dir}/t.riff`, MMIO_READ | MMIO_ALLOCBUF);
    try {
      const riff = chunk("", "TEST");
      assertEquals(await mmioDescend(g, riff, null, 0), 0);
      const data = chunk("data");
      assertEquals(await mmioDescend(g, data, riff, MMIO_FINDCHUNK), 0);
      assertEquals(data.cksize, payload.length);
      // The stream reads from dwDataOffset whatever the handle's position.
      assertEquals(await mmioSeek(g, 0, SEEK_SET), 0);
      const sizes: number[] = [];
      const stream = mmioReadable(g, { chunk: data, readSize: 4096 })
        .pipeThrough(
          new TransformStream<Uint8Array, Uint8Array>({
            transform(bytes, controller) {
              sizes.push(bytes.length);
              controller.enqueue(bytes);
            },
          }),
        );
      assertEquals(await toBytes(stream), payload);
      assert(sizes.length >= Math.ceil(payload.length / 4096));
      assert(sizes.every((n) => n > 0 && n <= 4096), `sizes ${sizes}`);
      // Position: just after the data, so mmioAscend goes on from there.
      assertEquals(
        await mmioSeek(g, 0, SEEK_CUR),
        data.dwDataOffset + data.cksize,
      );
      assertEquals(await mmioAscend(g, data, 0), 0);
      const tail = chunk("tail");
      assertEquals(await mmioDescend(g, tail, riff, MMIO_FINDCHUNK), 0);
      // An odd-sized chunk: exactly its 5 bytes, not the pad byte.
      const odd = chunk("odd ");
      assertEquals(await mmioSeek(g, 12, SEEK_SET), 12);
      assertEquals(await mmioDescend(g, odd, riff, MMIO_FINDCHUNK), 0);
      assertEquals(
        await toBytes(mmioReadable(g, { chunk: odd })),
        new Uint8Array([1, 2, 3, 4, 5]),
      );
    } finally {
      await mmioClose(g);
    }
  });
});

Deno.test("mmioReadable keeps its own position when the handle is used between reads", async () => {
  await withDir(async (dir) => {
    const data = bytesOf(50_000, 11);
    await Deno.writeFile(`${dir}/a.bin`, data);
    const h = await open(`${dir}/a.bin`, MMIO_READ | MMIO_ALLOCBUF);
    try {
      const reader = mmioReadable(h, {
        chunk: { dwDataOffset: 100, cksize: 20_000 },
        readSize: 1000,
      }).getReader();
      const parts: Uint8Array[] = [];
      const scratch = new Uint8Array(10);
      for (;;) {
        const r = await reader.read();
        if (r.done) break;
        parts.push(r.value);
        // Someone else reads elsewhere on the same handle meanwhile.
        await mmioSeek(h, 40_000, SEEK_SET);
        assertEquals(await mmioRead(h, scratch), 10);
      }
      const got = new Uint8Array(
        await new Blob(parts as Uint8Array<ArrayBuffer>[]).arrayBuffer(),
      );
      assertEquals(got, data.subarray(100, 20_100));
    } finally {
      await mmioClose(h);
    }
  });
});

Deno.test("mmioReadable supports BYOB readers", async () => {
  const bytes = bytesOf(1000, 5);
  const h = await mmioOpen(null, {
    fccIOProc: FOURCC_MEM,
    pchBuffer: bytes,
    cchBuffer: bytes.length,
  }, MMIO_READ);
  if (!h) throw new Error("mmioOpen failed");
  try {
    const reader = mmioReadable(h).getReader({ mode: "byob" });
    let got = new Uint8Array(0);
    let buffer = new ArrayBuffer(64);
    for (;;) {
      const r = await reader.read(new Uint8Array(buffer));
      if (r.done) break;
      assert(r.value.length <= 64);
      got = new Uint8Array([...got, ...r.value]);
      buffer = r.value.buffer as ArrayBuffer;
    }
    assertEquals(got, bytes);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("mmioReadable ends early on a chunk cut short by the end of the file", async () => {
  // 'data' claims 1000 bytes; the memory block holds 8 + 100.
  const bytes = new Uint8Array(108);
  bytes.set(new TextEncoder().encode("data"));
  new DataView(bytes.buffer).setUint32(4, 1000, true);
  bytes.set(bytesOf(100, 9), 8);
  const h = await mmioOpen(null, {
    fccIOProc: FOURCC_MEM,
    pchBuffer: bytes,
    cchBuffer: bytes.length,
  }, MMIO_READ);
  if (!h) throw new Error("mmioOpen failed");
  try {
    const ck = chunk();
    assertEquals(await mmioDescend(h, ck, null, 0), 0);
    assertEquals(ck.cksize, 1000);
    assertEquals(
      await toBytes(mmioReadable(h, { chunk: ck })),
      bytes.subarray(8),
    );
  } finally {
    await mmioClose(h);
  }
});

Deno.test("gzip round trip: mmioReadable → CompressionStream → mmioWritable → DecompressionStream", async () => {
  await withDir(async (dir) => {
    // Compressible but not trivial: text with random digits.
    const text = Array.from(
      bytesOf(20_000, 13),
      (b, i) => `line ${i}: ${b}\n`,
    ).join("");
    const original = new TextEncoder().encode(text);
    await Deno.writeFile(`${dir}/in.txt`, original);

    const src = await open(`${dir}/in.txt`, MMIO_READ | MMIO_ALLOCBUF);
    const dst = await open(
      `${dir}/out.gz`,
      MMIO_CREATE | MMIO_READWRITE | MMIO_ALLOCBUF,
    );
    try {
      await mmioReadable(src, { closeHandle: true })
        .pipeThrough(new CompressionStream("gzip"))
        .pipeTo(mmioWritable(dst, { highWaterMark: 1024 }));
      const size = await mmioSeek(dst, 0, SEEK_CUR);
      assert(size > 0 && size < original.length / 2, `gzip size ${size}`);
      // The writer flushed on close: the bytes are in the file already.
      assertEquals((await Deno.stat(`${dir}/out.gz`)).size, size);

      assertEquals(await mmioSeek(dst, 0, SEEK_SET), 0);
      const back = await toText(
        mmioReadable(dst).pipeThrough(new DecompressionStream("gzip"))
          .pipeThrough(new TextDecoderStream()),
      );
      assertEquals(back, text);
    } finally {
      assertEquals(await mmioClose(src), MMSYSERR_INVALHANDLE);
      assertEquals(await mmioClose(dst), 0);
    }
    // And the file on disk is a valid gzip of the original.
    const file = await Deno.open(`${dir}/out.gz`);
    const unzipped = await toArrayBuffer(
      file.readable.pipeThrough(new DecompressionStream("gzip")),
    );
    assertEquals(new Uint8Array(unzipped), original);
  });
});

Deno.test("mmioWritable writes into a chunk, and mmioAscend fixes its size", async () => {
  await withDir(async (dir) => {
    const payload = bytesOf(12_345, 17);
    const h = await open(`${dir}/w.riff`, MMIO_CREATE | MMIO_WRITE);
    try {
      const riff = chunk("", "TEST");
      assertEquals(await mmioCreateChunk(h, riff, MMIO_CREATERIFF), 0);
      const data = chunk("data");
      assertEquals(await mmioCreateChunk(h, data, 0), 0);
      await ReadableStream.from([
        payload.subarray(0, 5000),
        payload.subarray(5000),
      ])
        .pipeTo(mmioWritable(h));
      assertEquals(await mmioAscend(h, data, 0), 0);
      assertEquals(await mmioAscend(h, riff, 0), 0);
    } finally {
      assertEquals(await mmioClose(h), 0);
    }
    const file = await Deno.readFile(`${dir}/w.riff`);
    const view = new DataView(file.buffer);
    assertEquals(file.length, 12 + 8 + payload.length + 1); // odd: pad byte
    assertEquals(view.getUint32(4, true), 4 + 8 + payload.length + 1);
    assertEquals(view.getUint32(16, true), payload.length);
    assertEquals(file.subarray(20, 20 + payload.length), payload);
  });
});

Deno.test("mmioWritable close flushes durably; closeHandle decides who closes", async () => {
  const a = testProc();
  const h = await mmioOpen(
    "rec",
    { pIOProc: a.proc, cchBuffer: 256 },
    MMIO_WRITE,
  );
  if (!h) throw new Error("mmioOpen failed");
  const writable = mmioWritable(h);
  await ReadableStream.from([new Uint8Array([1, 2, 3])]).pipeTo(writable);
  // Buffered bytes went out with MMIOM_WRITEFLUSH when the stream closed.
  assert(a.state.messages.includes(MMIOM_WRITEFLUSH));
  assertEquals(
    a.state.data.subarray(0, a.state.size),
    new Uint8Array([1, 2, 3]),
  );
  assertFalse(a.state.messages.includes(MMIOM_CLOSE));
  // The handle is still the caller's.
  assertEquals(await mmioWrite(h, new Uint8Array([4])), 1);
  assertEquals(await mmioClose(h), 0);
  assertEquals(a.state.size, 4);

  const b = testProc();
  const g = await mmioOpen(
    "rec",
    { pIOProc: b.proc, cchBuffer: 256 },
    MMIO_WRITE,
  );
  if (!g) throw new Error("mmioOpen failed");
  await ReadableStream.from([new Uint8Array([5, 6])])
    .pipeTo(mmioWritable(g, { closeHandle: true, flush: false }));
  assertFalse(b.state.messages.includes(MMIOM_WRITEFLUSH));
  assert(b.state.messages.includes(MMIOM_CLOSE));
  assertEquals(b.state.data.subarray(0, b.state.size), new Uint8Array([5, 6]));
  assertEquals(await mmioClose(g), MMSYSERR_INVALHANDLE);
});

Deno.test("mmioWritable honours backpressure (highWaterMark in bytes)", async () => {
  const t = testProc();
  // Unbuffered: every mmioWrite reaches the procedure, which we hold.
  const h = await mmioOpen("bp", { pIOProc: t.proc }, MMIO_WRITE);
  if (!h) throw new Error("mmioOpen failed");
  try {
    const release = gate(t.state);
    const writer = mmioWritable(h, { highWaterMark: 10 }).getWriter();
    assertEquals(writer.desiredSize, 10);
    const w1 = writer.write(new Uint8Array(8).fill(1));
    await settle();
    assertEquals(t.state.writes, 1); // held at the gate
    assertEquals(writer.desiredSize, 2);
    const w2 = writer.write(new Uint8Array(8).fill(2));
    assertEquals(writer.desiredSize, -6);
    let ready = false;
    writer.ready.then(() => ready = true);
    await settle();
    await settle();
    assertFalse(ready, "ready must wait while the queue is over highWaterMark");
    assertEquals(t.state.writes, 1, "writes go to the handle one at a time");
    release();
    await w1;
    await w2;
    await writer.ready;
    assert(ready);
    assertEquals(writer.desiredSize, 10);
    await writer.close();
    assertEquals(
      t.state.data.subarray(0, t.state.size),
      new Uint8Array([
        ...new Uint8Array(8).fill(1),
        ...new Uint8Array(8).fill(2),
      ]),
    );
  } finally {
    await mmioClose(h);
  }
});

Deno.test("pipeTo into mmioWritable stops pulling its source while the handle is slow", async () => {
  const t = testProc();
  const h = await mmioOpen("bp", { pIOProc: t.proc }, MMIO_WRITE);
  if (!h) throw new Error("mmioOpen failed");
  try {
    const release = gate(t.state);
    let pulls = 0;
    const source = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls++;
        if (pulls > 1000) controller.close();
        else controller.enqueue(new Uint8Array(100).fill(pulls & 0xff));
      },
    }, { highWaterMark: 0 });
    const piping = source.pipeTo(mmioWritable(h, { highWaterMark: 300 }));
    for (let i = 0; i < 20; i++) await settle();
    // At most: one chunk at the handle, the queue up to highWaterMark, and
    // the chunk pipeTo holds. Without backpressure all 1000 would be pulled.
    assert(
      pulls <= 6,
      `source pulled ${pulls} times while the handle was held`,
    );
    release();
    await piping;
    assertEquals(t.state.size, 100_000);
    assertEquals(t.state.data[99_999], 1000 & 0xff);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("cancelling mmioReadable stops reading; closeHandle closes the handle", async () => {
  await withDir(async (dir) => {
    await Deno.writeFile(`${dir}/big.bin`, bytesOf(1_000_000, 21));
    const h = await open(`${dir}/big.bin`, MMIO_READ | MMIO_ALLOCBUF);
    const reader = mmioReadable(h, { readSize: 1000, closeHandle: true })
      .getReader();
    const first = await reader.read();
    assertFalse(first.done);
    assertEquals(first.value?.length, 1000);
    await reader.cancel();
    assertEquals(await mmioClose(h), MMSYSERR_INVALHANDLE);

    // Without closeHandle the handle stays usable, where the stream stopped.
    const g = await open(`${dir}/big.bin`, MMIO_READ | MMIO_ALLOCBUF);
    try {
      const r = mmioReadable(g, { readSize: 500 }).getReader();
      await r.read();
      await r.cancel("enough");
      assertEquals(await mmioSeek(g, 0, SEEK_CUR), 500);
    } finally {
      assertEquals(await mmioClose(g), 0);
    }
  });
});

Deno.test("cancelling mmioReadable during a read waits for it, then closes", async () => {
  const t = testProc(bytesOf(10_000, 23));
  const h = await mmioOpen("slow", { pIOProc: t.proc }, MMIO_READ);
  if (!h) throw new Error("mmioOpen failed");
  const release = gate(t.state);
  const reader = mmioReadable(h, { readSize: 100, closeHandle: true })
    .getReader();
  const reading = reader.read();
  await settle();
  let cancelled = false;
  const cancelling = reader.cancel().then(() => cancelled = true);
  await settle();
  // The read is still at the procedure: the handle is not closed under it.
  assertFalse(cancelled);
  assertFalse(t.state.messages.includes(MMIOM_CLOSE));
  release();
  await cancelling;
  assertEquals((await reading).done, true);
  assert(t.state.messages.includes(MMIOM_CLOSE));
  assertEquals(await mmioClose(h), MMSYSERR_INVALHANDLE);
});

Deno.test("a failed read errors mmioReadable with an MMIOError carrying the cause", async () => {
  const t = testProc(bytesOf(5000, 25));
  const h = await mmioOpen("bad", { pIOProc: t.proc }, MMIO_READ);
  if (!h) throw new Error("mmioOpen failed");
  try {
    const reader = mmioReadable(h, { readSize: 1000 }).getReader();
    assertEquals((await reader.read()).value?.length, 1000);
    const boom = new Error("the disk caught fire");
    t.state.failRead = boom;
    const error = await assertRejects(() => reader.read(), MMIOError);
    assertStrictEquals(error.cause, boom);
    assertEquals(error.code, MMIOERR_CANNOTREAD);
    assertStrictEquals(error, mmioGetLastError(h));
  } finally {
    await mmioClose(h);
  }

  // With closeHandle the failed stream closes the handle.
  const u = testProc(bytesOf(10, 1));
  u.state.failRead = new Error("no");
  const g = await mmioOpen("bad", { pIOProc: u.proc }, MMIO_READ);
  if (!g) throw new Error("mmioOpen failed");
  await assertRejects(
    () => toBytes(mmioReadable(g, { closeHandle: true })),
    MMIOError,
    "",
  );
  assertEquals(await mmioClose(g), MMSYSERR_INVALHANDLE);
});

Deno.test("a failed write errors mmioWritable with an MMIOError carrying the cause", async () => {
  const t = testProc();
  const h = await mmioOpen("bad", { pIOProc: t.proc }, MMIO_WRITE);
  if (!h) throw new Error("mmioOpen failed");
  try {
    const boom = new Error("no space left");
    t.state.failWrite = boom;
    const writer = mmioWritable(h).getWriter();
    const error = await assertRejects(
      () => writer.write(new Uint8Array(10)),
      MMIOError,
    );
    assertStrictEquals(error.cause, boom);
    assertEquals(error.code, MMIOERR_CANNOTWRITE);
    await assertRejects(() => writer.closed, MMIOError);
  } finally {
    await mmioClose(h);
  }
});

Deno.test({
  name: "writing to /dev/full: the stream errors with the OS error as cause",
  ignore: Deno.build.os !== "linux",
  async fn() {
    const h = await open("/dev/full", MMIO_WRITE);
    try {
      const writer = mmioWritable(h).getWriter();
      const error = await assertRejects(
        () => writer.write(new Uint8Array(4096)),
        MMIOError,
      );
      assertInstanceOf(error.cause, Error);
    } finally {
      await mmioClose(h);
    }
    // Buffered: the write is accepted, the flush on close fails.
    const g = await open("/dev/full", MMIO_WRITE | MMIO_ALLOCBUF);
    try {
      const writer = mmioWritable(g).getWriter();
      await writer.write(new Uint8Array(10));
      const error = await assertRejects(() => writer.close(), MMIOError);
      assertEquals(error.code, MMIOERR_CANNOTWRITE);
      assertInstanceOf(error.cause, Error);
    } finally {
      await mmioClose(g);
    }
    // With closeHandle a failed close still closes the handle.
    const k = await open("/dev/full", MMIO_WRITE | MMIO_ALLOCBUF);
    const writer = mmioWritable(k, { closeHandle: true }).getWriter();
    await writer.write(new Uint8Array(10));
    await assertRejects(() => writer.close(), MMIOError);
    assertEquals(await mmioClose(k), MMSYSERR_INVALHANDLE);
  },
});

Deno.test("closed handles and bad arguments", async () => {
  const bytes = new Uint8Array(4);
  const h = await mmioOpen(null, {
    fccIOProc: FOURCC_MEM,
    pchBuffer: bytes,
    cchBuffer: 4,
  }, MMIO_READWRITE);
  if (!h) throw new Error("mmioOpen failed");
  assertThrows(() => mmioReadable(h, { readSize: 0 }), RangeError);
  assertThrows(() => mmioReadable(h, { readSize: "8" as never }), TypeError);
  assertThrows(
    () => mmioReadable(h, { chunk: {} as MMCKINFO }),
    TypeError,
    "chunk",
  );
  assertThrows(() => mmioWritable(h, { highWaterMark: -1 }), RangeError);
  const writer = mmioWritable(h).getWriter();
  await assertRejects(
    () => writer.write("text" as unknown as Uint8Array),
    TypeError,
    "Uint8Array",
  );
  assertEquals(await mmioClose(h), 0);

  const error = await assertRejects(() => toBytes(mmioReadable(h)), MMIOError);
  assertEquals(error.code, MMSYSERR_INVALHANDLE);
  const w = mmioWritable(h).getWriter();
  const werror = await assertRejects(
    () => w.write(new Uint8Array(1)),
    MMIOError,
  );
  assertEquals(werror.code, MMSYSERR_INVALHANDLE);
});

Deno.test("aborting mmioWritable keeps what was written; closeHandle closes", async () => {
  const t = testProc();
  const h = await mmioOpen(
    "ab",
    { pIOProc: t.proc, cchBuffer: 64 },
    MMIO_WRITE,
  );
  if (!h) throw new Error("mmioOpen failed");
  const writer = mmioWritable(h, { closeHandle: true }).getWriter();
  await writer.write(new Uint8Array([7, 7, 7]));
  await writer.abort(new Error("stop"));
  // mmioClose flushed the accepted bytes: nothing is dropped silently.
  assert(t.state.messages.includes(MMIOM_CLOSE));
  assertEquals(
    t.state.data.subarray(0, t.state.size),
    new Uint8Array([7, 7, 7]),
  );
  assertEquals(await mmioClose(h), MMSYSERR_INVALHANDLE);
});
