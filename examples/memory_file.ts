/**
 * A growable memory file: MMIO over a `Uint8Array` instead of a disk file.
 *
 * ```sh
 * deno run examples/memory_file.ts                 # builds it in memory only
 * deno run -W examples/memory_file.ts out.riff     # and saves the bytes
 * ```
 *
 * `fccIOProc: FOURCC_MEM` opens the built-in memory procedure. Its block
 * starts at `cchBuffer` bytes (64 here) and `adwInfo[0]` is the expansion
 * increment: every write that does not fit grows the block by at least that
 * many bytes (256 here), so a RIFF file of any size can be written into it
 * with the usual chunk functions. The grown block is read back with
 * `mmioGetInfo` (it replaces `pchBuffer`). With an increment of 0 the block
 * cannot grow and a write stops at its end.
 *
 * @module
 */

import {
  FOURCC_MEM,
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
  mmioWrite,
  SEEK_CUR,
  SEEK_END,
} from "../mod.ts";

const INITIAL = 64;
const INCREMENT = 256;

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

function check(what: string, got: number, want = 0): void {
  if (got !== want) throw new Error(`${what} returned ${got}, not ${want}`);
}

/** Builds a RIFF 'DEMO' file in a growable memory block; returns its bytes. */
async function build(): Promise<Uint8Array> {
  const h = await mmioOpen(null, {
    fccIOProc: FOURCC_MEM,
    cchBuffer: INITIAL,
    adwInfo: [INCREMENT, 0, 0],
  }, MMIO_CREATE | MMIO_READWRITE | MMIO_ALLOCBUF);
  if (!h) throw new Error("cannot open a memory file");
  try {
    const riff = chunk("", "DEMO");
    check("create RIFF", await mmioCreateChunk(h, riff, MMIO_CREATERIFF));
    const list = chunk("", "ROWS");
    check("create LIST", await mmioCreateChunk(h, list, MMIO_CREATELIST));
    for (let i = 1; i <= 10; i++) {
      const row = chunk("row ");
      check("create row", await mmioCreateChunk(h, row, 0));
      const text = new TextEncoder().encode(`row number ${i}, `.repeat(i));
      check("write row", await mmioWrite(h, text), text.length);
      check("ascend row", await mmioAscend(h, row, 0));
    }
    check("ascend LIST", await mmioAscend(h, list, 0));
    const end = chunk("end ");
    check("create end", await mmioCreateChunk(h, end, 0));
    check("ascend end", await mmioAscend(h, end, 0));
    check("ascend RIFF", await mmioAscend(h, riff, 0));

    // The content ends where the writing ended; the block may be larger.
    const length = await mmioSeek(h, 0, SEEK_CUR);
    const state: Partial<MMIOINFO> = {};
    check("get info", await mmioGetInfo(h, state));
    const block = await mmioSeek(h, 0, SEEK_END);
    console.log(
      `wrote ${length} bytes: the block grew from ${INITIAL} to ${block} bytes ` +
        `(cchBuffer ${state.cchBuffer})`,
    );
    // Copied: the block belongs to the handle and goes away with it.
    return state.pchBuffer!.slice(0, length);
  } finally {
    check("close", await mmioClose(h));
  }
}

/** Reads the bytes back as a read-only memory file and lists the rows. */
async function read(bytes: Uint8Array): Promise<void> {
  const h = await mmioOpen(null, {
    fccIOProc: FOURCC_MEM,
    pchBuffer: bytes,
    cchBuffer: bytes.length,
  }, MMIO_READ);
  if (!h) throw new Error("cannot open the memory file");
  try {
    const riff = chunk("", "DEMO");
    check("find RIFF", await mmioDescend(h, riff, null, MMIO_FINDRIFF));
    const list = chunk("", "ROWS");
    check("find LIST", await mmioDescend(h, list, riff, MMIO_FINDLIST));
    let rows = 0;
    let last = "";
    const row = chunk("row ");
    while (await mmioDescend(h, row, list, MMIO_FINDCHUNK) === 0) {
      const text = new Uint8Array(row.cksize);
      check("read row", await mmioRead(h, text), text.length);
      last = new TextDecoder().decode(text);
      rows++;
      check("ascend row", await mmioAscend(h, row, 0));
    }
    console.log(`read back RIFF 'DEMO' (${riff.cksize} bytes): ${rows} rows`);
    console.log(`last row: "${last.slice(0, 40)}..." (${last.length} chars)`);
  } finally {
    check("close", await mmioClose(h));
  }
}

/** With an increment of 0 the block is fixed: a write stops at its end. */
async function fixed(): Promise<void> {
  const block = new Uint8Array(16);
  const h = await mmioOpen(null, {
    fccIOProc: FOURCC_MEM,
    pchBuffer: block,
    cchBuffer: block.length,
    adwInfo: [0, 0, 0],
  }, MMIO_CREATE | MMIO_READWRITE);
  if (!h) throw new Error("cannot open the fixed memory file");
  try {
    const n = await mmioWrite(h, new TextEncoder().encode("x".repeat(40)));
    console.log(`fixed 16-byte block: a 40-byte write wrote ${n} bytes`);
  } finally {
    check("close", await mmioClose(h));
  }
}

if (import.meta.main) {
  const bytes = await build();
  await read(bytes);
  await fixed();
  if (Deno.args[0]) {
    await Deno.writeFile(Deno.args[0], bytes);
    console.log(`saved ${bytes.length} bytes to ${Deno.args[0]}`);
  }
}
