// Model-based checks of the engine: seeded random reads, writes, seeks,
// flushes, buffer changes and direct buffer access, on real files, memory
// files and recording procedures, against a plain byte array that plays the
// file (tests/_file_model.ts). Every read must return the model's bytes,
// every seek the model's position, and the file must equal the model at the
// end. Each run goes through one step function, which also checks the
// handle's engine invariants (src/_invariants.ts, test-only), so a failure
// names the seed and the step that went wrong.

import { assertEquals } from "@std/assert";
import {
  type HMMIO,
  MMIO_CREATE,
  MMIO_DIRTY,
  MMIO_EMPTYBUF,
  MMIO_READ,
  MMIO_READWRITE,
  MMIO_WRITE,
  mmioAdvance,
  mmioClose,
  mmioFlush,
  mmioGetInfo,
  type MMIOINFO,
  mmioOpen,
  mmioRead,
  mmioSeek,
  mmioSetBuffer,
  mmioSetInfo,
  mmioWrite,
  SEEK_CUR,
  SEEK_END,
  SEEK_SET,
} from "../mod.ts";
import { assertOk, openMemory, seq } from "./_engine_util.ts";
import { FileModel } from "./_file_model.ts";
import { mulberry32 } from "./_prng.ts";
import { openRecording } from "./_recording_proc.ts";
import { withTempDir } from "./_temp_dir.ts";
import { assertInvariantsAfter } from "./_invariants_after.ts";

// ---------------------------------------------------------------------------
// Random I/O and buffer changes on a new disk file

/** One random step of {@linkcode runSeed}, checked against the model. */
async function seedStep(
  h: HMMIO,
  model: FileModel,
  int: (n: number) => number,
  where: string,
): Promise<void> {
  const bufferSizes = [0, 3, 7, 16, 64];
  const op = int(100);
  if (op < 40) {
    // Mostly small writes, now and then one larger than any buffer.
    const n = int(10) === 0 ? 50 + int(150) : 1 + int(12);
    const data = new Uint8Array(n);
    for (let i = 0; i < n; i++) data[i] = 1 + int(255);
    assertEquals(await mmioWrite(h, data), n, where);
    model.write(data);
  } else if (op < 70) {
    const n = int(10) === 0 ? 40 + int(120) : 1 + int(12);
    const out = new Uint8Array(n);
    const got = await mmioRead(h, out);
    const want = model.read(n);
    assertEquals(out.subarray(0, Math.max(got, 0)), want, where);
  } else if (op < 90) {
    const origin = int(3);
    let target: number;
    let offset: number;
    if (origin === SEEK_SET) {
      target = int(model.size + 20);
      offset = target;
    } else if (origin === SEEK_CUR) {
      target = int(model.size + 20);
      offset = target - model.pos;
    } else {
      target = int(model.size + 1);
      offset = model.size - target; // counts back from the end
    }
    const origins = [SEEK_SET, SEEK_CUR, SEEK_END];
    assertEquals(await mmioSeek(h, offset, origins[origin]), target, where);
    model.pos = target;
  } else if (op < 96) {
    assertEquals(await mmioFlush(h, int(2) ? MMIO_EMPTYBUF : 0), 0, where);
  } else {
    const size = bufferSizes[int(bufferSizes.length)];
    assertEquals(await mmioSetBuffer(h, null, size), 0, where);
  }
  if (int(8) === 0) {
    assertEquals(await mmioSeek(h, 0, SEEK_CUR), model.pos, `tell, ${where}`);
  }
  assertInvariantsAfter(h, where);
}

async function runSeed(
  seed: number,
  cchBuffer: number,
  steps: number,
): Promise<void> {
  const random = mulberry32(seed);
  const int = (n: number) => Math.floor(random() * n);
  await withTempDir(async (dir) => {
    const path = `${dir}/model.bin`;
    const h = await mmioOpen(path, { cchBuffer }, MMIO_CREATE | MMIO_READWRITE);
    if (h === null) throw new Error("open failed");
    const model = new FileModel();
    try {
      for (let step = 0; step < steps; step++) {
        const where = `seed ${seed}, buffer ${cchBuffer}, step ${step}`;
        await seedStep(h, model, int, where);
      }
    } finally {
      assertEquals(await mmioClose(h), 0);
    }
    const disk = await Deno.readFile(path);
    assertEquals(disk, model.content(), `file after close, seed ${seed}`);
  });
}

for (const cchBuffer of [0, 1, 5, 16, 100]) {
  Deno.test(`model: random I/O matches a plain byte array (buffer ${cchBuffer})`, async () => {
    for (let seed = 1; seed <= 12; seed++) {
      await runSeed(seed * 7919 + cchBuffer, cchBuffer, 250);
    }
  });
}

Deno.test("model: a write after mmioSetInfo moved pchNext in an unloaded buffer writes no unknown bytes", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/gap.bin`;
    await Deno.writeFile(path, new Uint8Array(40).fill(0xaa));
    const h = await mmioOpen(path, { cchBuffer: 64 }, MMIO_READWRITE);
    if (h === null) throw new Error("open failed");
    await mmioWrite(h, new Uint8Array([1, 2, 3, 4])); // unloaded, dirty [0, 4)
    const info = {} as MMIOINFO;
    await mmioGetInfo(h, info);
    info.pchNext = 10; // skip ahead without writing
    info.dwFlags &= ~MMIO_DIRTY;
    assertEquals(await mmioSetInfo(h, info), 0);
    assertEquals(await mmioWrite(h, new Uint8Array([9, 9])), 2);
    assertEquals(await mmioClose(h), 0);
    const want = new Uint8Array(40).fill(0xaa);
    want.set([1, 2, 3, 4]);
    want.set([9, 9], 10);
    assertEquals(await Deno.readFile(path), want);
  });
});

// ---------------------------------------------------------------------------
// Random reads, writes and seeks through every buffer set-up, on an existing
// file, and direct buffer access (§3, §4, §5, §7)

/** Reads or writes `size` bytes through direct buffer access (§7). */
async function directStep(
  h: HMMIO,
  model: FileModel,
  write: boolean,
  size: number,
  start: number,
  where: string,
): Promise<void> {
  const info: Partial<MMIOINFO> = {};
  assertEquals(await mmioGetInfo(h, info), 0, where);
  const i = info as MMIOINFO;
  if (write) {
    // Bytes between pchEndRead and pchNext of a loaded buffer are not file
    // content; a caller marking [0, pchNext) dirty would write them.
    if (i.pchNext > i.pchEndRead) return;
    const data = seq(size, start);
    for (const b of data) {
      if (i.pchNext >= i.pchEndWrite) {
        i.dwFlags |= MMIO_DIRTY;
        assertEquals(await mmioAdvance(h, i, MMIO_WRITE), 0, where);
      }
      i.pchBuffer![i.pchNext++] = b;
    }
    if (size > 0) i.dwFlags |= MMIO_DIRTY;
    assertEquals(await mmioSetInfo(h, i), 0, where);
    model.write(data);
  } else {
    const got: number[] = [];
    while (got.length < size) {
      if (i.pchNext >= i.pchEndRead) {
        assertEquals(await mmioAdvance(h, i, MMIO_READ), 0, where);
        if (i.pchNext >= i.pchEndRead) break;
      }
      got.push(i.pchBuffer![i.pchNext++]);
    }
    // A reader wrote nothing: it must not hand back the MMIO_DIRTY that
    // mmioGetInfo reported (that would mark [0, pchNext) as written).
    i.dwFlags &= ~MMIO_DIRTY;
    assertEquals(await mmioSetInfo(h, i), 0, where);
    assertEquals(new Uint8Array(got), model.read(size), `${where} direct read`);
  }
}

/** One random step of {@linkcode modelRun}, checked against the model. */
async function modelStep(
  h: HMMIO,
  model: FileModel,
  r: () => number,
  direct: boolean,
  where: string,
): Promise<void> {
  const x = r();
  const size = r() < 0.15 ? Math.floor(r() * 100) : Math.floor(r() * 12);
  if (x < 0.35) {
    const data = seq(size, Math.floor(r() * 256));
    assertEquals(await mmioWrite(h, data), model.write(data), where);
  } else if (x < 0.65) {
    const buf = new Uint8Array(size);
    const n = await mmioRead(h, buf);
    const want = model.read(size);
    assertEquals(n, want.length, where);
    assertEquals(buf.subarray(0, n), want, where);
  } else if (x < 0.85) {
    const origin = Math.floor(r() * 3);
    const offset = Math.floor(r() * 160) - (origin === SEEK_SET ? 10 : 60);
    assertEquals(
      await mmioSeek(h, offset, origin),
      model.seek(offset, origin),
      `${where} seek ${offset} ${origin}`,
    );
  } else if (x < 0.9 || !direct) {
    assertEquals(await mmioFlush(h), 0, where);
  } else {
    await directStep(h, model, r() < 0.5, size, Math.floor(r() * 256), where);
  }
  assertInvariantsAfter(h, where);
}

async function modelRun(
  h: HMMIO,
  model: FileModel,
  seed: number,
  steps: number,
  direct = false,
): Promise<void> {
  const r = mulberry32(seed);
  for (let step = 0; step < steps; step++) {
    await modelStep(h, model, r, direct, `seed ${seed} step ${step}`);
  }
  assertEquals(await mmioSeek(h, 0, SEEK_END), model.size);
}

Deno.test("§3/§4/§5 random reads, writes and seeks match a byte-array model", async () => {
  await withTempDir(async (dir) => {
    let seed = 100;
    const configs = [0, 1, 3, 8, 16, 64, 8192];
    // Six rounds of every buffer size (84 seeded runs of 400 steps).
    for (const cchBuffer of [...Array(6)].flatMap(() => configs)) {
      // DOS file.
      const path = `${dir}/m${cchBuffer}.bin`;
      await Deno.writeFile(path, seq(40));
      const model = new FileModel(seq(40));
      const h = await mmioOpen(path, { cchBuffer }, MMIO_READWRITE);
      assertOk(h);
      try {
        await modelRun(h, model, seed++, 400, cchBuffer > 0);
      } finally {
        assertEquals(await mmioClose(h), 0);
      }
      assertEquals(await Deno.readFile(path), model.content());
      // Recording procedure (not a DOS handle: SEEK_END asks it).
      const rmodel = new FileModel(seq(40));
      const r = await openRecording(seq(40), { cchBuffer });
      try {
        await modelRun(r.h, rmodel, seed++, 400, cchBuffer > 0);
      } finally {
        assertEquals(await mmioClose(r.h), 0);
      }
      assertEquals(r.rec.data(), rmodel.content());
    }
  });
});

Deno.test("§3/§4/§5 the model check on memory files that cannot grow", async () => {
  for (let seed = 500; seed < 520; seed++) {
    const block = seq(256, seed);
    // The block is the whole file (§4, §5).
    const model = new FileModel(block, { fixed: true });
    const h = await openMemory(block, 256, 0);
    try {
      await modelRun(h, model, seed, 300);
    } finally {
      assertEquals(await mmioClose(h), 0);
    }
    assertEquals(block, model.content(), `seed ${seed}`);
  }
});

Deno.test("§3/§4/§5 the model check through an asynchronous procedure", async () => {
  for (const cchBuffer of [0, 8]) {
    const model = new FileModel(seq(40));
    const r = await openRecording(seq(40), { cchBuffer }, MMIO_READWRITE, {
      async: true,
    });
    try {
      await modelRun(r.h, model, 900 + cchBuffer, 150);
    } finally {
      assertEquals(await mmioClose(r.h), 0);
    }
    assertEquals(r.rec.data(), model.content());
  }
});
