// RF64/BW64 in the chunk functions (rf64.md): reading with ds64 sizes,
// writing with MMIO_RF64 (the JUNK placeholder and the upgrade at ascend),
// and the 4 GiB wall. Files past 4 GiB are sparse: a seek past the end and a
// one-byte write make them in milliseconds.

import {
  assert,
  assertEquals,
  assertInstanceOf,
  assertRejects,
} from "@std/assert";
import {
  FOURCC_MEM,
  type HMMIO,
  type MMCKINFO,
  MMIO_ALLOCBUF,
  MMIO_CREATE,
  MMIO_CREATELIST,
  MMIO_CREATERIFF,
  MMIO_FINDCHUNK,
  MMIO_FINDLIST,
  MMIO_FINDRIFF,
  MMIO_READ,
  MMIO_READWRITE,
  MMIO_RF64,
  MMIO_WRITE,
  mmioAscend,
  mmioClose,
  mmioCreateChunk,
  mmioDescend,
  MMIOERR_CANNOTWRITE,
  MMIOERR_CHUNKNOTFOUND,
  mmioFOURCC,
  mmioGetLastError,
  mmioOpen,
  mmioRead,
  mmioSeek,
  mmioStringToFOURCC,
  mmioWrite,
  MMSYSERR_INVALFLAG,
  SEEK_CUR,
  SEEK_SET,
} from "../mod.ts";

const fcc = (s: string): number => mmioStringToFOURCC(s);

function opened(h: HMMIO | null): HMMIO {
  if (h === null) throw new Error("mmioOpen failed");
  return h;
}
const GiB4 = 0x100000000;

/** Little-endian bytes, built field by field. */
class Builder {
  bytes: number[] = [];
  id(s: string): this {
    for (const c of s) this.bytes.push(c.charCodeAt(0));
    return this;
  }
  u32(v: number): this {
    for (let i = 0; i < 4; i++) this.bytes.push((v >>> (8 * i)) & 0xff);
    return this;
  }
  u64(v: number): this {
    return this.u32(v % GiB4).u32(Math.floor(v / GiB4));
  }
  raw(...b: number[]): this {
    this.bytes.push(...b);
    return this;
  }
  get length(): number {
    return this.bytes.length;
  }
  done(): Uint8Array {
    return new Uint8Array(this.bytes);
  }
}

/** A memory file over `bytes`, for reading. */
async function memory(bytes: Uint8Array): Promise<HMMIO> {
  const h = opened(
    await mmioOpen(null, {
      fccIOProc: FOURCC_MEM,
      pchBuffer: bytes,
      cchBuffer: bytes.length,
    }, MMIO_READ),
  );
  return h;
}

/**
 * An RF64 WAVE file in memory: ds64 (with an optional table), a `big1`
 * chunk and a `big1` chunk again whose stored sizes are 0xFFFFFFFF, and a
 * `data` chunk whose stored size is 0xFFFFFFFF.
 */
function rf64File(
  form = "RF64",
  table: [string, number][] = [["big1", 6], ["big1", 2]],
): Uint8Array {
  const b = new Builder();
  b.id(form).u32(0xffffffff).id("WAVE");
  b.id("ds64").u32(28 + 12 * table.length);
  const sizes = b.length;
  b.u64(0).u64(0).u64(5).u32(table.length);
  for (const [id, size] of table) b.id(id).u64(size);
  b.id("big1").u32(0xffffffff).raw(1, 2, 3, 4, 5, 6);
  b.id("big1").u32(0xffffffff).raw(7, 8);
  b.id("data").u32(0xffffffff).raw(9, 9, 9);
  const bytes = b.done();
  const view = new DataView(bytes.buffer);
  view.setUint32(sizes, bytes.length - 8, true); // riffSize
  view.setUint32(sizes + 8, 3, true); // dataSize
  return bytes;
}

Deno.test("rf64: MMIO_FINDRIFF finds an RF64 form; cksize is ds64's riffSize", async () => {
  const bytes = rf64File();
  const h = await memory(bytes);
  const form: Partial<MMCKINFO> = { fccType: fcc("WAVE") };
  assertEquals(await mmioDescend(h, form, null, MMIO_FINDRIFF), 0);
  assertEquals(form.ckid, fcc("RF64"));
  assertEquals(form.cksize, bytes.length - 8);
  assertEquals(form.dwDataOffset, 8);
  // The position is after the type: ds64 is the form's first child.
  assertEquals(await mmioSeek(h, 0, SEEK_CUR), 12);
  const first: Partial<MMCKINFO> = {};
  assertEquals(await mmioDescend(h, first, form as MMCKINFO, 0), 0);
  assertEquals(first.ckid, fcc("ds64"));
  await mmioClose(h);
});

Deno.test("rf64: BW64 is found and sized like RF64", async () => {
  const bytes = rf64File("BW64");
  const h = await memory(bytes);
  const form: Partial<MMCKINFO> = { fccType: fcc("WAVE") };
  assertEquals(await mmioDescend(h, form, null, MMIO_FINDRIFF), 0);
  assertEquals(form.ckid, fcc("BW64"));
  assertEquals(form.cksize, bytes.length - 8);
  const data: Partial<MMCKINFO> = { ckid: fcc("data") };
  assertEquals(await mmioDescend(h, data, form as MMCKINFO, MMIO_FINDCHUNK), 0);
  assertEquals(data.cksize, 3);
  await mmioClose(h);
});

Deno.test("rf64: data gets dataSize; other 0xFFFFFFFF sizes take table entries in order, once", async () => {
  const h = await memory(rf64File());
  const form: Partial<MMCKINFO> = {};
  assertEquals(await mmioDescend(h, form, null, MMIO_FINDRIFF), 0);
  const seen: [number, number][] = [];
  for (;;) {
    const ck: Partial<MMCKINFO> = {};
    if (await mmioDescend(h, ck, form as MMCKINFO, 0) !== 0) break;
    seen.push([ck.ckid!, ck.cksize!]);
    assertEquals(await mmioAscend(h, ck as MMCKINFO), 0);
  }
  assertEquals(seen, [
    [fcc("ds64"), 52],
    [fcc("big1"), 6],
    [fcc("big1"), 2],
    [fcc("data"), 3],
  ]);
  // Reading the chunks again gives the same sizes: an entry stays its chunk's.
  await mmioSeek(h, 12, SEEK_SET);
  const again: number[] = [];
  for (;;) {
    const ck: Partial<MMCKINFO> = { ckid: fcc("big1") };
    if (await mmioDescend(h, ck, form as MMCKINFO, MMIO_FINDCHUNK) !== 0) break;
    again.push(ck.cksize!);
    await mmioAscend(h, ck as MMCKINFO);
  }
  assertEquals(again, [6, 2]);
  await mmioClose(h);
});

Deno.test("rf64: with no table entry left, the stored size stays", async () => {
  const h = await memory(rf64File("RF64", [["big1", 6]]));
  const form: Partial<MMCKINFO> = {};
  await mmioDescend(h, form, null, MMIO_FINDRIFF);
  await mmioSeek(h, 12 + 8 + 40, SEEK_SET); // past ds64
  const first: Partial<MMCKINFO> = {};
  assertEquals(await mmioDescend(h, first, form as MMCKINFO, 0), 0);
  assertEquals(first.cksize, 6);
  await mmioAscend(h, first as MMCKINFO);
  const second: Partial<MMCKINFO> = {};
  assertEquals(await mmioDescend(h, second, form as MMCKINFO, 0), 0);
  assertEquals(second.cksize, 0xffffffff);
  await mmioClose(h);
});

Deno.test("rf64: the sizes apply whether or not the form is the parent", async () => {
  const h = await memory(rf64File());
  const form: Partial<MMCKINFO> = {};
  await mmioDescend(h, form, null, MMIO_FINDRIFF);
  const data: Partial<MMCKINFO> = { ckid: fcc("data") };
  assertEquals(await mmioDescend(h, data, null, MMIO_FINDCHUNK), 0);
  assertEquals(data.cksize, 3);
  await mmioClose(h);
});

/** Malformed ds64 chunks: each leaves the stored sizes. */
const MALFORMED: [string, (b: Builder) => void][] = [
  ["not the first chunk", (b) => {
    b.id("JUNK").u32(4).u32(0);
    b.id("ds64").u32(28).u64(99).u64(99).u64(0).u32(0);
  }],
  ["shorter than 28 bytes", (b) => {
    b.id("ds64").u32(20).u64(99).u64(99).u32(0);
  }],
  ["a table that does not fit the chunk", (b) => {
    b.id("ds64").u32(28).u64(99).u64(99).u64(0).u32(3);
  }],
  ["a size that is not a safe integer", (b) => {
    b.id("ds64").u32(28).u32(0).u32(0xffffffff).u64(99).u64(0).u32(0);
  }],
];

for (const [name, make] of MALFORMED) {
  Deno.test(`rf64: a ds64 with ${name} leaves the stored sizes`, async () => {
    const b = new Builder().id("RF64").u32(60).id("WAVE");
    make(b);
    b.id("data").u32(2).raw(1, 2);
    const bytes = b.done();
    const h = await memory(bytes);
    const form: Partial<MMCKINFO> = {};
    assertEquals(await mmioDescend(h, form, null, MMIO_FINDRIFF), 0);
    assertEquals(form.cksize, 60);
    const data: Partial<MMCKINFO> = { ckid: fcc("data") };
    assertEquals(
      await mmioDescend(h, data, form as MMCKINFO, MMIO_FINDCHUNK),
      0,
    );
    assertEquals(data.cksize, 2);
    await mmioClose(h);
  });
}

Deno.test("rf64: a ds64 cut short by the end of the file leaves the stored sizes", async () => {
  const bytes = new Builder().id("RF64").u32(0xffffffff).id("WAVE")
    .id("ds64").u32(28).u64(99).done();
  const h = await memory(bytes);
  const form: Partial<MMCKINFO> = {};
  assertEquals(await mmioDescend(h, form, null, MMIO_FINDRIFF), 0);
  assertEquals(form.cksize, 0xffffffff);
  await mmioClose(h);
});

Deno.test("rf64: a hostile ds64 table length cannot make the reader allocate without bound", async () => {
  const bytes = new Builder().id("RF64").u32(0xffffffff).id("WAVE")
    .id("ds64").u32(0xfffffff0).u64(40).u64(0).u64(0).u32(0x7fffffff).done();
  const h = await memory(bytes);
  const form: Partial<MMCKINFO> = {};
  assertEquals(await mmioDescend(h, form, null, MMIO_FINDRIFF), 0);
  assertEquals(form.cksize, 0xffffffff);
  await mmioClose(h);
});

async function withTempFile(
  fn: (path: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "mmio_rf64_" });
  try {
    await fn(`${dir}/file.wav`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function bytesAt(
  path: string,
  at: number,
  n: number,
): Promise<Uint8Array> {
  using f = await Deno.open(path);
  await f.seek(at, Deno.SeekMode.Start);
  const out = new Uint8Array(n);
  let got = 0;
  while (got < n) {
    const r = await f.read(out.subarray(got));
    if (r === null) break;
    got += r;
  }
  return out.subarray(0, got);
}

function u32At(b: Uint8Array, at: number): number {
  return new DataView(b.buffer, b.byteOffset).getUint32(at, true);
}

function u64At(b: Uint8Array, at: number): number {
  return u32At(b, at) + u32At(b, at + 4) * GiB4;
}

Deno.test("rf64: MMIO_RF64 writes a 28-byte JUNK placeholder; a small form stays plain RIFF", async () => {
  await withTempFile(async (path) => {
    const h = opened(
      await mmioOpen(
        path,
        null,
        MMIO_CREATE | MMIO_WRITE | MMIO_ALLOCBUF,
      ),
    );
    const form: Partial<MMCKINFO> = { fccType: fcc("WAVE") };
    assertEquals(
      await mmioCreateChunk(h, form, MMIO_CREATERIFF | MMIO_RF64),
      0,
    );
    assertEquals(form.ckid, fcc("RIFF"));
    assertEquals(form.dwDataOffset, 8);
    assertEquals(await mmioSeek(h, 0, SEEK_CUR), 48);
    const data: Partial<MMCKINFO> = { ckid: fcc("data") };
    await mmioCreateChunk(h, data);
    await mmioWrite(h, new Uint8Array([1, 2, 3]));
    assertEquals(await mmioAscend(h, data as MMCKINFO), 0);
    assertEquals(await mmioAscend(h, form as MMCKINFO), 0);
    assertEquals(form.cksize, 52);
    assertEquals(await mmioClose(h), 0);
    const expected = new Builder().id("RIFF").u32(52).id("WAVE")
      .id("JUNK").u32(28).raw(...new Array(28).fill(0))
      .id("data").u32(3).raw(1, 2, 3, 0).done();
    assertEquals(await Deno.readFile(path), expected);
  });
});

Deno.test("rf64: MMIO_RF64 without MMIO_CREATERIFF is MMSYSERR_INVALFLAG and writes nothing", async () => {
  const h = opened(
    await mmioOpen(
      null,
      { fccIOProc: FOURCC_MEM, cchBuffer: 64 },
      MMIO_READWRITE | MMIO_CREATE,
    ),
  );
  const list: Partial<MMCKINFO> = { fccType: fcc("INFO") };
  assertEquals(
    await mmioCreateChunk(h, list, MMIO_CREATELIST | MMIO_RF64),
    MMSYSERR_INVALFLAG,
  );
  assertEquals(
    await mmioCreateChunk(h, { ckid: fcc("abcd") }, MMIO_RF64),
    MMSYSERR_INVALFLAG,
  );
  assertEquals(await mmioSeek(h, 0, SEEK_CUR), 0);
  assertEquals(list.dwDataOffset, undefined);
  await mmioClose(h);
});

Deno.test("rf64: a preset cksize above 0xFFFFFFFF is a RangeError and nothing is written", async () => {
  const h = opened(
    await mmioOpen(
      null,
      { fccIOProc: FOURCC_MEM, cchBuffer: 64 },
      MMIO_READWRITE | MMIO_CREATE,
    ),
  );
  const err = await assertRejects(
    () => mmioCreateChunk(h, { ckid: fcc("data"), cksize: GiB4 }),
    RangeError,
  );
  assert(err.message.includes("cksize"));
  assertEquals(await mmioSeek(h, 0, SEEK_CUR), 0);
  await mmioClose(h);
});

/**
 * Writes RIFF 'WAVE' (with `flags`), a 16-byte `fmt ` chunk and a `data`
 * chunk of `dataSize` bytes (a hole, then the last byte), ascending both.
 */
async function writeBig(
  path: string,
  flags: number,
  dataSize: number,
): Promise<{ h: HMMIO; form: MMCKINFO; data: MMCKINFO; rData: number }> {
  const h = opened(
    await mmioOpen(
      path,
      null,
      MMIO_CREATE | MMIO_READWRITE | MMIO_ALLOCBUF,
    ),
  );
  const form: Partial<MMCKINFO> = { fccType: fcc("WAVE") };
  assertEquals(await mmioCreateChunk(h, form, MMIO_CREATERIFF | flags), 0);
  const fmt: Partial<MMCKINFO> = { ckid: fcc("fmt ") };
  await mmioCreateChunk(h, fmt);
  await mmioWrite(h, new Uint8Array(16).fill(7));
  assertEquals(await mmioAscend(h, fmt as MMCKINFO), 0);
  const data: Partial<MMCKINFO> = { ckid: fcc("data") };
  await mmioCreateChunk(h, data);
  const last = data.dwDataOffset! + dataSize - 1;
  assertEquals(await mmioSeek(h, last, SEEK_SET), last);
  assertEquals(await mmioWrite(h, new Uint8Array([0x5a])), 1);
  const rData = await mmioAscend(h, data as MMCKINFO);
  return { h, form: form as MMCKINFO, data: data as MMCKINFO, rData };
}

Deno.test("rf64: past 4 GiB with MMIO_RF64, ascend upgrades the form to RF64 with a filled ds64", async () => {
  await withTempFile(async (path) => {
    const dataSize = GiB4 + 101; // odd: a pad byte follows
    const { h, form, data, rData } = await writeBig(path, MMIO_RF64, dataSize);
    assertEquals(rData, 0);
    assertEquals(data.cksize, dataSize);
    assertEquals(await mmioAscend(h, form), 0);
    const fileSize = 48 + 24 + 8 + dataSize + 1;
    assertEquals(form.cksize, fileSize - 8);
    assertEquals(form.ckid, fcc("RF64"));
    // A later ascend of the same ck lands at its end.
    assertEquals(await mmioAscend(h, form), 0);
    assertEquals(await mmioSeek(h, 0, SEEK_CUR), fileSize);
    assertEquals(await mmioClose(h), 0);
    assertEquals((await Deno.stat(path)).size, fileSize);
    const head = await bytesAt(path, 0, 80);
    assertEquals(new TextDecoder().decode(head.subarray(0, 4)), "RF64");
    assertEquals(u32At(head, 4), 0xffffffff);
    assertEquals(new TextDecoder().decode(head.subarray(8, 16)), "WAVEds64");
    assertEquals(u32At(head, 16), 28);
    assertEquals(u64At(head, 20), fileSize - 8); // riffSize
    assertEquals(u64At(head, 28), dataSize); // dataSize
    assertEquals(u64At(head, 36), 0); // sampleCount
    assertEquals(u32At(head, 44), 0); // table length
    assertEquals(new TextDecoder().decode(head.subarray(72, 76)), "data");
    assertEquals(u32At(head, 76), 0xffffffff);
    assertEquals(
      await bytesAt(path, 80 + dataSize - 1, 2),
      new Uint8Array([0x5a, 0]),
    );

    // And it reads back with the true sizes.
    const r = opened(
      await mmioOpen(path, null, MMIO_READ | MMIO_ALLOCBUF),
    );
    const rform: Partial<MMCKINFO> = { fccType: fcc("WAVE") };
    assertEquals(await mmioDescend(r, rform, null, MMIO_FINDRIFF), 0);
    assertEquals(rform.cksize, fileSize - 8);
    const rdata: Partial<MMCKINFO> = { ckid: fcc("data") };
    assertEquals(
      await mmioDescend(r, rdata, rform as MMCKINFO, MMIO_FINDCHUNK),
      0,
    );
    assertEquals(rdata.cksize, dataSize);
    assertEquals(rdata.dwDataOffset, 80);
    assertEquals(await mmioAscend(r, rdata as MMCKINFO), 0);
    assertEquals(await mmioSeek(r, 0, SEEK_CUR), fileSize);
    await mmioClose(r);
  });
});

Deno.test("rf64: a chunk after a data chunk past 4 GiB is found by skipping with the true size", async () => {
  await withTempFile(async (path) => {
    const dataSize = GiB4 + 10;
    const { h, form } = await writeBig(path, MMIO_RF64, dataSize);
    const list: Partial<MMCKINFO> = { fccType: fcc("INFO") };
    await mmioCreateChunk(h, list, MMIO_CREATELIST);
    await mmioWrite(h, new Uint8Array([1, 2]));
    assertEquals(await mmioAscend(h, list as MMCKINFO), 0);
    assertEquals(await mmioAscend(h, form), 0);
    assertEquals(await mmioClose(h), 0);
    const r = opened(
      await mmioOpen(path, null, MMIO_READ | MMIO_ALLOCBUF),
    );
    const rform: Partial<MMCKINFO> = {};
    assertEquals(await mmioDescend(r, rform, null, MMIO_FINDRIFF), 0);
    const info: Partial<MMCKINFO> = { fccType: fcc("INFO") };
    assertEquals(
      await mmioDescend(r, info, rform as MMCKINFO, MMIO_FINDLIST),
      0,
    );
    assertEquals(info.dwDataOffset, 80 + dataSize + 8);
    assertEquals(info.cksize, 6);
    const two = new Uint8Array(2);
    assertEquals(await mmioRead(r, two), 2);
    assertEquals(two, new Uint8Array([1, 2]));
    await mmioClose(r);
  });
});

Deno.test("rf64: the 4 GiB wall: without MMIO_RF64 ascend is CANNOTWRITE with a RangeError cause, sizes untouched", async () => {
  await withTempFile(async (path) => {
    const dataSize = GiB4 + 100;
    const { h, form, data, rData } = await writeBig(path, 0, dataSize);
    assertEquals(rData, MMIOERR_CANNOTWRITE);
    const err = mmioGetLastError(h);
    assertEquals(err?.code, MMIOERR_CANNOTWRITE);
    assertInstanceOf(err?.cause, RangeError);
    assert((err?.cause as Error).message.includes("'data'"));
    assert((err?.cause as Error).message.includes(String(dataSize)));
    // The position is at the chunk's end, as after any ascend.
    assertEquals(await mmioSeek(h, 0, SEEK_CUR), data.dwDataOffset + dataSize);
    assertEquals(await mmioAscend(h, form), MMIOERR_CANNOTWRITE);
    assertEquals(await mmioClose(h), 0);
    const head = await bytesAt(path, 0, 44);
    assertEquals(u32At(head, 4), 0); // the form's size as created, never wrapped
    assertEquals(u32At(head, 40), 0); // data's size as created, never wrapped
  });
});

Deno.test("rf64: inside an MMIO_RF64 form, a chunk other than data past 4 GiB meets the wall", async () => {
  await withTempFile(async (path) => {
    const h = opened(
      await mmioOpen(
        path,
        null,
        MMIO_CREATE | MMIO_READWRITE | MMIO_ALLOCBUF,
      ),
    );
    const form: Partial<MMCKINFO> = { fccType: fcc("WAVE") };
    await mmioCreateChunk(h, form, MMIO_CREATERIFF | MMIO_RF64);
    const big: Partial<MMCKINFO> = { ckid: fcc("big ") };
    await mmioCreateChunk(h, big);
    await mmioSeek(h, big.dwDataOffset! + GiB4, SEEK_SET);
    await mmioWrite(h, new Uint8Array(2));
    assertEquals(await mmioAscend(h, big as MMCKINFO), MMIOERR_CANNOTWRITE);
    assertInstanceOf(mmioGetLastError(h)?.cause, RangeError);
    await mmioClose(h);
  });
});

Deno.test("rf64: an MMIO_RF64 form under 4 GiB with a data chunk found again reads as RIFF with JUNK", async () => {
  await withTempFile(async (path) => {
    const { h, form, rData } = await writeBig(path, MMIO_RF64, 1000);
    assertEquals(rData, 0);
    assertEquals(await mmioAscend(h, form), 0);
    assertEquals(form.ckid, fcc("RIFF"));
    await mmioClose(h);
    const r = opened(
      await mmioOpen(path, null, MMIO_READ | MMIO_ALLOCBUF),
    );
    const rform: Partial<MMCKINFO> = {};
    assertEquals(await mmioDescend(r, rform, null, MMIO_FINDRIFF), 0);
    assertEquals(rform.ckid, fcc("RIFF"));
    const junk: Partial<MMCKINFO> = {};
    assertEquals(await mmioDescend(r, junk, rform as MMCKINFO, 0), 0);
    assertEquals(junk.ckid, fcc("JUNK"));
    assertEquals(junk.cksize, 28);
    await mmioAscend(r, junk as MMCKINFO);
    const data: Partial<MMCKINFO> = { ckid: fcc("data") };
    assertEquals(
      await mmioDescend(r, data, rform as MMCKINFO, MMIO_FINDCHUNK),
      0,
    );
    assertEquals(data.cksize, 1000);
    await mmioClose(r);
  });
});

Deno.test("rf64: a plain RIFF file is not affected: FINDRIFF of a missing form still fails", async () => {
  const bytes = new Builder().id("LIST").u32(4).id("INFO").done();
  const h = await memory(bytes);
  assertEquals(
    await mmioDescend(h, {}, null, MMIO_FINDRIFF),
    MMIOERR_CHUNKNOTFOUND,
  );
  const list: Partial<MMCKINFO> = {};
  assertEquals(await mmioDescend(h, list, null, MMIO_FINDLIST), 0);
  assertEquals(list.fccType, mmioFOURCC("I", "N", "F", "O"));
  await mmioClose(h);
});
