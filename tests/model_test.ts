// A model-based check of the engine: random reads, writes, seeks, flushes and
// buffer changes on a real file, against a plain byte array that plays the
// file. Every read must return the model's bytes, every seek the model's
// position, and the file on disk must equal the model after close. Seeded,
// so a failure names the seed and the step that went wrong.

import { assertEquals } from "@std/assert";
import {
  MMIO_CREATE,
  MMIO_DIRTY,
  MMIO_EMPTYBUF,
  MMIO_READWRITE,
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
import { mulberry32 } from "./_prng.ts";

/** The file as it should be: bytes and a position. */
class Model {
  bytes = new Uint8Array(0);
  size = 0;
  pos = 0;

  write(data: Uint8Array): void {
    const end = this.pos + data.length;
    if (end > this.bytes.length) {
      const grown = new Uint8Array(Math.max(end, this.bytes.length * 2));
      grown.set(this.bytes.subarray(0, this.size));
      this.bytes = grown;
    }
    this.bytes.set(data, this.pos);
    this.pos = end;
    if (end > this.size) this.size = end;
  }

  read(n: number): Uint8Array {
    const start = Math.min(this.pos, this.size);
    const end = Math.min(this.pos + n, this.size);
    this.pos = Math.max(this.pos, end);
    return this.bytes.slice(start, end);
  }

  content(): Uint8Array {
    return this.bytes.slice(0, this.size);
  }
}

async function runSeed(seed: number, cchBuffer: number, steps: number) {
  const random = mulberry32(seed);
  const int = (n: number) => Math.floor(random() * n);
  const dir = await Deno.makeTempDir();
  const path = `${dir}/model.bin`;
  const h = await mmioOpen(path, { cchBuffer }, MMIO_CREATE | MMIO_READWRITE);
  if (h === null) throw new Error("open failed");
  const model = new Model();
  const bufferSizes = [0, 3, 7, 16, 64];
  try {
    for (let step = 0; step < steps; step++) {
      const where = `seed ${seed}, buffer ${cchBuffer}, step ${step}`;
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
        assertEquals(
          await mmioSeek(h, 0, SEEK_CUR),
          model.pos,
          `tell, ${where}`,
        );
      }
    }
  } finally {
    assertEquals(await mmioClose(h), 0);
    const disk = await Deno.readFile(path);
    await Deno.remove(dir, { recursive: true });
    assertEquals(disk, model.content(), `file after close, seed ${seed}`);
  }
}

for (const cchBuffer of [0, 1, 5, 16, 100]) {
  Deno.test(`model: random I/O matches a plain byte array (buffer ${cchBuffer})`, async () => {
    for (let seed = 1; seed <= 12; seed++) {
      await runSeed(seed * 7919 + cchBuffer, cchBuffer, 250);
    }
  });
}

Deno.test("model: a write after mmioSetInfo moved pchNext in an unloaded buffer writes no unknown bytes", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/gap.bin`;
  try {
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
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
