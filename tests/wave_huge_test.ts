// RF64 and BW64 past 4 GiB, read from sparse files (Deno.truncate makes the
// gigabytes without writing them): the frame count from ds64, seeking and
// reading frames beyond 4 GiB, and the unfinished cases of the ds64 sizes.

import { assertEquals } from "@std/assert";
import { WaveReader } from "../src/wave/mod.ts";
import { withTempDir } from "./_temp_dir.ts";
import { fmtBytes } from "./_wave_helpers.ts";

const GIB = 2 ** 30;
const HEADER = 12 + 36 + 24 + 8; // form, ds64, fmt, data header
const DATA_AT = HEADER;

/** The header of an RF64/BW64 file with 6-byte frames (24-bit stereo). */
function header(form: string, riffSize: number, dataSize: number): Uint8Array {
  const b = new Uint8Array(HEADER);
  const v = new DataView(b.buffer);
  const id = (at: number, s: string) =>
    b.set([...s].map((c) => c.charCodeAt(0)), at);
  const u64 = (at: number, n: number) => {
    v.setUint32(at, n % 2 ** 32, true);
    v.setUint32(at + 4, Math.floor(n / 2 ** 32), true);
  };
  id(0, form);
  v.setUint32(4, 0xffffffff, true);
  id(8, "WAVEds64");
  v.setUint32(16, 28, true);
  u64(20, riffSize);
  u64(28, dataSize);
  u64(36, 0);
  id(48, "fmt ");
  v.setUint32(52, 16, true);
  b.set(fmtBytes(1, 2, 48000, 6, 24), 56);
  id(72, "data");
  v.setUint32(76, 0xffffffff, true);
  return b;
}

/** A 24-bit stereo frame holding `left` and `right`. */
function frame(left: number, right: number): Uint8Array {
  return new Uint8Array([
    left,
    left >> 8,
    left >> 16,
    right,
    right >> 8,
    right >> 16,
  ]);
}

async function sparse(
  path: string,
  head: Uint8Array,
  size: number,
  writes: [number, Uint8Array][],
): Promise<void> {
  using f = await Deno.open(path, {
    create: true,
    write: true,
    truncate: true,
  });
  await f.write(head);
  await f.truncate(size);
  for (const [at, bytes] of writes) {
    await f.seek(at, Deno.SeekMode.Start);
    await f.write(bytes);
  }
}

for (const form of ["RF64", "BW64"]) {
  Deno.test(`huge: a ${form} file of 4.5 GiB, frames from ds64, read past 4 GiB`, async () => {
    await withTempDir(async (dir) => {
      const path = `${dir}/big.wav`;
      const frames = Math.floor(4.5 * GIB / 6);
      const dataSize = frames * 6;
      const size = DATA_AT + dataSize;
      const last = frames - 1;
      await sparse(path, header(form, size - 8, dataSize), size, [
        [DATA_AT, frame(1, -1)],
        [DATA_AT + (last - 1) * 6, frame(8388607, -8388608)],
        [DATA_AT + last * 6, frame(-2, 3)],
      ]);
      await using r = await WaveReader.open(path);
      assertEquals([r.form, r.frames, r.unfinished], [form, frames, false]);
      assertEquals(r.chunks.at(-1), { id: "data", offset: 72, size: dataSize });
      assertEquals((await r.read(1, { as: "int32" })).map((c) => c[0]), [
        1,
        -1,
      ]);
      await r.seek(last - 1);
      const [left, right] = await r.read(10, { as: "int32" });
      assertEquals([Array.from(left), Array.from(right)], [[8388607, -2], [
        -8388608,
        3,
      ]]);
      await r.seek(last);
      const [l] = await r.read(1);
      assertEquals(l[0], -2 / 8388608);
      assertEquals((await r.read(1))[0].length, 0);
    });
  });
}

Deno.test("huge: ds64 sizes of 0 or past the end read the bytes present", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/cut.wav`;
    // 4 GiB + 64 bytes of data: whole frames, and 4 bytes of a last one.
    const size = DATA_AT + 4 * GIB + 64;
    const frames = Math.floor((size - DATA_AT) / 6);
    for (const [riff, data] of [[0, 0], [size * 2, size * 2], [size - 8, 0]]) {
      await sparse(path, header("RF64", riff, data), size, [
        [DATA_AT + (frames - 1) * 6, frame(5, 6)],
      ]);
      await using r = await WaveReader.open(path);
      assertEquals([r.frames, r.unfinished], [frames, true], `${riff} ${data}`);
      await r.seek(frames - 1);
      assertEquals(
        (await r.read(5, { as: "int32" })).map((c) => Array.from(c)),
        [[5], [6]],
      );
    }
  });
});
