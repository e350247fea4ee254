// Nested chunks written through one handle (odd and empty data, a LIST in a
// RIFF), then walked back through the same handle.

// RIFF 'TEST' { LIST 'INFO' { 'ISFT' "abc" + pad, 'ICMT' empty }, 'data' "z" + pad }
import { assertEquals } from "@std/assert";
import {
  type MMCKINFO,
  MMIO_CREATELIST,
  MMIO_CREATERIFF,
  mmioAscend,
  mmioCreateChunk,
  MMIOERR_CHUNKNOTFOUND,
  mmioSeek,
  mmioWrite,
  SEEK_SET,
} from "../mod.ts";
import { Bytes, fcc } from "./fuzz/_riff.ts";
import { walkRiff, type WalkRow } from "./fuzz/_walk.ts";
import {
  assertFile,
  describeModes,
  FILLER,
  MEMORY_BLOCK,
  withWriter,
} from "./_chunk_modes.ts";

const NESTED = new Bytes()
  .fcc("RIFF").u32(46).fcc("TEST") // data 8..54
  .fcc("LIST").u32(24).fcc("INFO") // data 20..44
  .fcc("ISFT").u32(3).raw("abc").raw([0]) // 24..36
  .fcc("ICMT").u32(0) // 36..44
  .fcc("data").u32(1).raw("z").raw([0]) // 44..54
  .bytes();

describeModes(
  "nested chunks written with odd and empty data walk back through the same handle",
  async (mode) => {
    const text = new TextEncoder();
    const file = await withWriter(mode, async (h) => {
      const riff: Partial<MMCKINFO> = { fccType: fcc("TEST") };
      assertEquals(await mmioCreateChunk(h, riff, MMIO_CREATERIFF), 0);
      const list: Partial<MMCKINFO> = { fccType: fcc("INFO") };
      assertEquals(await mmioCreateChunk(h, list, MMIO_CREATELIST), 0);
      for (const [id, value] of [["ISFT", "abc"], ["ICMT", ""]]) {
        const ck: Partial<MMCKINFO> = { ckid: fcc(id) };
        assertEquals(await mmioCreateChunk(h, ck, 0), 0);
        assertEquals(await mmioWrite(h, text.encode(value)), value.length);
        assertEquals(await mmioAscend(h, ck as MMCKINFO, 0), 0);
      }
      assertEquals(await mmioAscend(h, list as MMCKINFO, 0), 0);
      const data: Partial<MMCKINFO> = { ckid: fcc("data") };
      assertEquals(await mmioCreateChunk(h, data, 0), 0);
      assertEquals(await mmioWrite(h, text.encode("z")), 1);
      assertEquals(await mmioAscend(h, data as MMCKINFO, 0), 0);
      assertEquals(await mmioAscend(h, riff as MMCKINFO, 0), 0);
      assertEquals(riff.cksize, 46);
      assertEquals(list.cksize, 24);

      // What was just written (still in the buffer) is what a reader sees.
      assertEquals(await mmioSeek(h, 0, SEEK_SET), 0);
      const seen = await walkRiff(h, {
        oracle: {
          bytes: mode === "memory"
            ? new Bytes().raw(NESTED).fill(FILLER, MEMORY_BLOCK - 54).bytes()
            : NESTED,
          memory: mode === "memory",
        },
      });
      assertEquals(seen.violations, []);
      const rows: WalkRow[] = [
        ["ck", 0, "RIFF", 46, 8, "TEST"],
        ["ck", 1, "LIST", 24, 20, "INFO"],
        ["ck", 2, "ISFT", 3, 32, ""],
        ["up", 2, 0, 36],
        ["ck", 2, "ICMT", 0, 44, ""],
        ["up", 2, 0, 44],
        ["end", 2, MMIOERR_CHUNKNOTFOUND, 44],
        ["up", 1, 0, 44],
        ["ck", 1, "data", 1, 52, ""],
        ["up", 1, 0, 54],
        ["end", 1, MMIOERR_CHUNKNOTFOUND, 54],
        ["up", 0, 0, 54],
      ];
      if (mode === "memory") {
        // The whole 64-byte block is the file: its filler reads as a chunk
        // header (ckid and size 0xCCCCCCCC) that runs past the block.
        rows.push(
          ["ck", 0, "\xcc\xcc\xcc\xcc", 0xcccccccc, 62, ""],
          ["up", 0, 0, 64],
          ["end", 0, MMIOERR_CHUNKNOTFOUND, 64],
        );
      } else {
        rows.push(["end", 0, MMIOERR_CHUNKNOTFOUND, 54]);
      }
      assertEquals(seen.rows, rows);
    });
    assertFile(mode, file, NESTED);
  },
);
