// The one rule for async (api.md): calls on one handle run in the order they
// were made, even when the caller does not await each one.

import { assert, assertEquals } from "@std/assert";
import {
  type HMMIO,
  MMIO_CREATE,
  MMIO_READWRITE,
  mmioClose,
  mmioFlush,
  mmioGetInfo,
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
import { assertOk, openMemory, seq } from "./_engine_util.ts";
import { mulberry32 as rng } from "./_prng.ts";
import { openRecording, type RecordingFile } from "./_recording_proc.ts";
import { withTempDir } from "./_temp_dir.ts";

type Op =
  | { kind: "write"; data: Uint8Array }
  | { kind: "read"; n: number }
  | { kind: "seek"; offset: number; origin: number }
  | { kind: "flush" }
  | { kind: "info" }
  | { kind: "setbuffer"; n: number };

function makeOps(seed: number, count: number): Op[] {
  const r = rng(seed);
  const ops: Op[] = [];
  for (let i = 0; i < count; i++) {
    const x = r();
    if (x < 0.35) {
      const n = 1 + Math.floor(r() * (r() < 0.1 ? 200 : 20));
      ops.push({ kind: "write", data: seq(n, Math.floor(r() * 256)) });
    } else if (x < 0.65) {
      ops.push({
        kind: "read",
        n: 1 + Math.floor(r() * (r() < 0.1 ? 200 : 20)),
      });
    } else if (x < 0.85) {
      const origin = Math.floor(r() * 3);
      const offset = origin === SEEK_CUR
        ? Math.floor(r() * 60) - 30
        : Math.floor(r() * 120);
      ops.push({ kind: "seek", offset, origin });
    } else if (x < 0.9) {
      ops.push({ kind: "flush" });
    } else if (x < 0.97) {
      ops.push({ kind: "info" });
    } else {
      ops.push({ kind: "setbuffer", n: [0, 7, 16, 64][Math.floor(r() * 4)] });
    }
  }
  return ops;
}

/** Issues one op; resolves to a comparable result. */
function issue(h: HMMIO, op: Op): Promise<unknown> {
  switch (op.kind) {
    case "write":
      return mmioWrite(h, op.data);
    case "read": {
      const buf = new Uint8Array(op.n);
      return mmioRead(h, buf).then((
        n,
      ) => [n, Array.from(buf.subarray(0, Math.max(0, n)))]);
    }
    case "seek":
      return mmioSeek(h, op.offset, op.origin);
    case "flush":
      return mmioFlush(h);
    case "info": {
      const info: Partial<MMIOINFO> = {};
      return mmioGetInfo(h, info).then((rc) => [
        rc,
        (info.lBufOffset ?? 0) + (info.pchNext ?? 0),
        info.cchBuffer,
      ]);
    }
    case "setbuffer":
      return mmioSetBuffer(h, null, op.n);
  }
}

async function runBoth(
  open: () => Promise<HMMIO>,
  ops: Op[],
): Promise<{ awaited: unknown[]; fired: unknown[] }> {
  const h1 = await open();
  const awaited: unknown[] = [];
  try {
    for (const op of ops) awaited.push(await issue(h1, op));
  } finally {
    await mmioClose(h1);
  }
  const h2 = await open();
  let fired: unknown[];
  try {
    fired = await Promise.all(ops.map((op) => issue(h2, op)));
  } finally {
    await mmioClose(h2);
  }
  return { awaited, fired };
}

Deno.test("ordering: unawaited calls reach the procedure in call order", async () => {
  const { h, rec } = await openRecording(seq(64), {}, MMIO_READWRITE, {
    async: true,
  });
  const buf = new Uint8Array(4);
  const results = await Promise.all([
    mmioWrite(h, seq(3, 0xa0)),
    mmioSeek(h, 10, SEEK_SET),
    mmioRead(h, buf),
    mmioFlush(h),
    mmioSeek(h, 0, SEEK_SET),
    mmioRead(h, new Uint8Array(3)),
    mmioClose(h),
  ]);
  assertEquals(results[0], 3);
  assertEquals(results[1], 10);
  assertEquals(results[2], 4);
  assertEquals(buf, seq(4, 10));
  assertEquals(results[3], 0);
  assertEquals(results[4], 0);
  assertEquals(results[5], 3);
  assertEquals(results[6], 0);
  assertEquals(rec.log.map((e) => e[0]), [
    MMIOM_WRITE,
    MMIOM_SEEK,
    MMIOM_READ,
    MMIOM_WRITEFLUSH,
    MMIOM_SEEK,
    MMIOM_READ,
    MMIOM_CLOSE,
  ]);
});

Deno.test("ordering: mmioGetInfo sees the state at its turn in the queue", async () => {
  const { h } = await openRecording(
    new Uint8Array(0),
    { cchBuffer: 64 },
    MMIO_READWRITE,
    {
      async: true,
    },
  );
  try {
    const i1: Partial<MMIOINFO> = {};
    const i2: Partial<MMIOINFO> = {};
    const p = [
      mmioWrite(h, seq(3)),
      mmioGetInfo(h, i1),
      mmioWrite(h, seq(2)),
      mmioGetInfo(h, i2),
    ];
    assertEquals(await Promise.all(p), [3, 0, 2, 0]);
    assertEquals(i1.pchNext, 3);
    assertEquals(i2.pchNext, 5);
  } finally {
    await mmioClose(h);
  }
});

Deno.test("ordering: calls made after an unawaited close see a closed handle", async () => {
  const { h } = await openRecording(seq(8), { cchBuffer: 4 });
  const p = [
    mmioRead(h, new Uint8Array(2)),
    mmioClose(h),
    mmioRead(h, new Uint8Array(2)),
    mmioClose(h),
  ];
  assertEquals(await Promise.all(p), [2, 0, -1, 5]);
});

Deno.test("ordering: results resolve in call order", async () => {
  const { h } = await openRecording(
    seq(256),
    { cchBuffer: 16 },
    MMIO_READWRITE,
    {
      async: true,
    },
  );
  try {
    const order: number[] = [];
    const ps = [];
    for (let i = 0; i < 40; i++) {
      const p = i % 3 === 0
        ? mmioSeek(h, i, SEEK_SET)
        : i % 3 === 1
        ? mmioRead(h, new Uint8Array(20))
        : mmioSeek(h, 0, SEEK_CUR);
      ps.push(p.then(() => order.push(i)));
    }
    await Promise.all(ps);
    assertEquals(order, Array.from({ length: 40 }, (_, i) => i));
  } finally {
    await mmioClose(h);
  }
});

Deno.test("ordering: random mixed calls unawaited equal awaited (recording procedure)", async () => {
  for (const seed of [1, 2, 3]) {
    const ops = makeOps(seed, 300);
    const recs: RecordingFile[] = [];
    const { awaited, fired } = await runBoth(async () => {
      const r = await openRecording(
        seq(100),
        { cchBuffer: 16 },
        MMIO_READWRITE,
        {
          async: seed === 2,
        },
      );
      recs.push(r.rec);
      return r.h;
    }, ops);
    assertEquals(fired, awaited, `seed ${seed}`);
    assertEquals(recs[1].data(), recs[0].data());
    assertEquals(
      recs[1].log.map((e) => e[0]),
      recs[0].log.map((e) => e[0]),
    );
  }
});

Deno.test("ordering: random mixed calls unawaited equal awaited (real files)", async () => {
  await withTempDir(async (dir) => {
    for (const seed of [11, 12]) {
      const ops = makeOps(seed, 300);
      let n = 0;
      const paths: string[] = [];
      const { awaited, fired } = await runBoth(async () => {
        const path = `${dir}/f${seed}_${n++}.bin`;
        paths.push(path);
        await Deno.writeFile(path, seq(100));
        const h = await mmioOpen(path, { cchBuffer: 16 }, MMIO_READWRITE);
        assertOk(h);
        return h;
      }, ops);
      assertEquals(fired, awaited, `seed ${seed}`);
      assertEquals(
        await Deno.readFile(paths[1]),
        await Deno.readFile(paths[0]),
      );
    }
  });
});

Deno.test("ordering: random mixed calls unawaited equal awaited (memory file)", async () => {
  const ops = makeOps(21, 300).filter((op) => op.kind !== "setbuffer");
  const blocks: Uint8Array[] = [];
  const { awaited, fired } = await runBoth(async () => {
    const block = seq(128);
    blocks.push(block);
    return await openMemory(block, 128, 0);
  }, ops);
  assertEquals(fired, awaited);
  assertEquals(blocks[1], blocks[0]);
});

Deno.test("ordering: many unawaited writes then SEEK_END and reads on a new file", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/many.bin`;
    const h = await mmioOpen(
      path,
      { cchBuffer: 64 },
      MMIO_CREATE | MMIO_READWRITE,
    );
    assertOk(h);
    const writes = [];
    for (let i = 0; i < 1000; i++) writes.push(mmioWrite(h, seq(3, i)));
    const end = mmioSeek(h, 0, SEEK_END);
    const back = mmioSeek(h, 0, SEEK_SET);
    const buf = new Uint8Array(3000);
    const read = mmioRead(h, buf);
    const close = mmioClose(h);
    const results = await Promise.all([...writes, end, back, read, close]);
    assert(results.slice(0, 1000).every((r) => r === 3));
    assertEquals(results.slice(1000), [3000, 0, 3000, 0]);
    const expected = new Uint8Array(3000);
    for (let i = 0; i < 1000; i++) expected.set(seq(3, i), i * 3);
    assertEquals(buf, expected);
    assertEquals(await Deno.readFile(path), expected);
  });
});
