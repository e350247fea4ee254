// mmioDescend (behavior.md §10): where the search starts and stops, the
// MMIO_FIND* flags, padding, and files whose sizes point past their end or
// their parent's, in every set-up of tests/_chunk_modes.ts.

import { assertEquals, assertNotEquals } from "@std/assert";
import {
  FOURCC_LIST,
  FOURCC_RIFF,
  MMIO_FINDCHUNK,
  MMIO_FINDLIST,
  MMIO_FINDRIFF,
  mmioDescend,
  MMIOERR_CHUNKNOTFOUND,
  mmioSeek,
  SEEK_SET,
} from "../mod.ts";
import { Bytes, fcc } from "./fuzz/_riff.ts";
import { describeModes, junk, tell, withReader } from "./_chunk_modes.ts";
import { PADDED, THREE } from "./_chunk_fixtures.ts";

describeModes(
  "mmioDescend searches from the current position",
  async (mode) => {
    await withReader(THREE, mode, async (h) => {
      assertEquals(await mmioSeek(h, 10, SEEK_SET), 10);
      const ck = junk();
      assertEquals(await mmioDescend(h, ck, null, 0), 0);
      assertEquals(ck.ckid, fcc("bbbb"));
      assertEquals(ck.cksize, 2);
      assertEquals(ck.dwDataOffset, 18);
      assertEquals(await tell(h), 18);

      // A chunk before the current position is not searched.
      assertEquals(await mmioSeek(h, 10, SEEK_SET), 10);
      const behind = junk({ ckid: fcc("aaaa") });
      assertEquals(
        await mmioDescend(h, behind, null, MMIO_FINDCHUNK),
        MMIOERR_CHUNKNOTFOUND,
      );
      assertEquals(await tell(h), 10);

      const ahead = junk({ ckid: fcc("cccc") });
      assertEquals(await mmioDescend(h, ahead, null, MMIO_FINDCHUNK), 0);
      assertEquals(ahead.dwDataOffset, 28);
      assertEquals(await tell(h), 28);
    });
  },
);

describeModes(
  "mmioDescend with flags 0 takes the first chunk, whatever it is",
  async (mode) => {
    await withReader(THREE, mode, async (h) => {
      const ck = junk();
      assertEquals(await mmioDescend(h, ck, null, 0), 0);
      assertEquals(ck, {
        ckid: fcc("aaaa"),
        cksize: 2,
        fccType: 0,
        dwDataOffset: 8,
        dwFlags: 0,
      });
      assertEquals(await tell(h), 8);
    });
  },
);

// RIFF 'WAVE' holding 'fmt ' (data 20..22); 'targ' after the RIFF at 22.
const RIFF_THEN_TARG = new Bytes()
  .fcc("RIFF").u32(14).fcc("WAVE")
  .fcc("fmt ").u32(2).raw("ab")
  .fcc("targ").u32(2).raw("ok")
  .bytes();

describeModes(
  "mmioDescend with a parent stops at the parent's end (decision)",
  async (mode) => {
    await withReader(RIFF_THEN_TARG, mode, async (h) => {
      const riff = junk({ fccType: fcc("WAVE") });
      assertEquals(await mmioDescend(h, riff, null, MMIO_FINDRIFF), 0);
      assertEquals(await tell(h), 12);

      const ck = junk({ ckid: fcc("targ") });
      assertEquals(
        await mmioDescend(h, ck, riff, MMIO_FINDCHUNK),
        MMIOERR_CHUNKNOTFOUND,
      );
      assertEquals(await tell(h), 12);
      // The last header read is the RIFF's last child, not the chunk after it.
      assertEquals(ck.ckid, fcc("fmt "));
      assertEquals(ck.cksize, 2);
      assertEquals(ck.dwDataOffset, 20);
      assertEquals(ck.fccType, 0);

      // Without a parent the same search goes on past the RIFF's end.
      const free = junk({ ckid: fcc("targ") });
      assertEquals(await mmioDescend(h, free, null, MMIO_FINDCHUNK), 0);
      assertEquals(free.dwDataOffset, 30);
      assertEquals(await tell(h), 30);
    });
  },
);

describeModes(
  "mmioDescend fails when the position is outside the parent's data",
  async (mode) => {
    await withReader(RIFF_THEN_TARG, mode, async (h) => {
      const riff = junk();
      assertEquals(await mmioDescend(h, riff, null, 0), 0);
      assertEquals(riff.dwDataOffset, 8);
      // At the parent's end (22 = 8 + 14) there is a chunk, but not inside.
      assertEquals(await mmioSeek(h, 22, SEEK_SET), 22);
      assertNotEquals(await mmioDescend(h, junk(), riff, 0), 0);
      // Before the parent's data.
      assertEquals(await mmioSeek(h, 0, SEEK_SET), 0);
      assertNotEquals(await mmioDescend(h, junk(), riff, 0), 0);
    });
  },
);

describeModes(
  "MMIO_FINDCHUNK skips chunks by their size rounded up to even",
  async (mode) => {
    await withReader(PADDED, mode, async (h) => {
      const riff = junk({ fccType: 0 });
      assertEquals(await mmioDescend(h, riff, null, MMIO_FINDRIFF), 0);
      const ck = junk({ ckid: fcc("targ") });
      assertEquals(await mmioDescend(h, ck, riff, MMIO_FINDCHUNK), 0);
      assertEquals(ck, {
        ckid: fcc("targ"),
        cksize: 4,
        fccType: 0,
        dwDataOffset: 32,
        dwFlags: 0,
      });
      assertEquals(await tell(h), 32);
    });
  },
);

describeModes("MMIO_FINDCHUNK with ckid 0 matches any chunk", async (mode) => {
  await withReader(PADDED, mode, async (h) => {
    const first = junk({ ckid: 0 });
    assertEquals(await mmioDescend(h, first, null, MMIO_FINDCHUNK), 0);
    assertEquals(first.ckid, FOURCC_RIFF);
    assertEquals(first.fccType, fcc("WAVE"));
    assertEquals(await tell(h), 12);
    const child = junk({ ckid: 0 });
    assertEquals(await mmioDescend(h, child, first, MMIO_FINDCHUNK), 0);
    assertEquals(child.ckid, fcc("odd "));
    assertEquals(child.dwDataOffset, 20);
    assertEquals(child.fccType, 0);
    assertEquals(await tell(h), 20);
  });
});

// RIFF 'AVI ' (0..24), RIFF 'WAVE' (24..46), LIST 'WAVE' (46..66), 'data' (66..76).
const FORMS = new Bytes()
  .fcc("RIFF").u32(16).fcc("AVI ").fcc("avih").u32(4).raw("1234")
  .fcc("RIFF").u32(14).fcc("WAVE").fcc("fmt ").u32(2).raw("ab")
  .fcc("LIST").u32(12).fcc("WAVE").fcc("junk").u32(0)
  .fcc("data").u32(2).raw("cd")
  .bytes();

describeModes(
  "MMIO_FINDRIFF matches RIFF chunks by form type (0: any)",
  async (mode) => {
    await withReader(FORMS, mode, async (h) => {
      const wave = junk({ fccType: fcc("WAVE") });
      assertEquals(await mmioDescend(h, wave, null, MMIO_FINDRIFF), 0);
      assertEquals(wave, {
        ckid: FOURCC_RIFF,
        cksize: 14,
        fccType: fcc("WAVE"),
        dwDataOffset: 32,
        dwFlags: 0,
      });
      assertEquals(await tell(h), 36, "after the form type");

      assertEquals(await mmioSeek(h, 0, SEEK_SET), 0);
      const any = junk({ fccType: 0 });
      assertEquals(await mmioDescend(h, any, null, MMIO_FINDRIFF), 0);
      assertEquals(any.fccType, fcc("AVI "));
      assertEquals(any.dwDataOffset, 8);
      assertEquals(await tell(h), 12);

      // A LIST of the same type is not a RIFF; the last header read is 'data'.
      assertEquals(await mmioSeek(h, 46, SEEK_SET), 46);
      const none = junk({ fccType: fcc("WAVE") });
      assertEquals(
        await mmioDescend(h, none, null, MMIO_FINDRIFF),
        MMIOERR_CHUNKNOTFOUND,
      );
      assertEquals(await tell(h), 46);
      assertEquals(none.ckid, fcc("data"));
      assertEquals(none.cksize, 2);
      assertEquals(none.dwDataOffset, 74);
      assertEquals(none.fccType, 0);
    });
  },
);

describeModes(
  "MMIO_FINDLIST matches LIST chunks by list type (0: any)",
  async (mode) => {
    await withReader(FORMS, mode, async (h) => {
      const wave = junk({ fccType: fcc("WAVE") });
      assertEquals(await mmioDescend(h, wave, null, MMIO_FINDLIST), 0);
      assertEquals(wave, {
        ckid: FOURCC_LIST,
        cksize: 12,
        fccType: fcc("WAVE"),
        dwDataOffset: 54,
        dwFlags: 0,
      });
      assertEquals(await tell(h), 58);

      assertEquals(await mmioSeek(h, 0, SEEK_SET), 0);
      const any = junk({ fccType: 0 });
      assertEquals(await mmioDescend(h, any, null, MMIO_FINDLIST), 0);
      assertEquals(any.dwDataOffset, 54);

      assertEquals(await mmioSeek(h, 0, SEEK_SET), 0);
      const info = junk({ fccType: fcc("INFO") });
      assertEquals(
        await mmioDescend(h, info, null, MMIO_FINDLIST),
        MMIOERR_CHUNKNOTFOUND,
      );
      assertEquals(await tell(h), 0);
      assertEquals(info.ckid, fcc("data"));
      assertEquals(info.dwDataOffset, 74);
    });
  },
);

describeModes(
  "MMIO_FINDCHUNK on a RIFF/LIST id leaves the position after the type",
  async (mode) => {
    await withReader(FORMS, mode, async (h) => {
      const ck = junk({ ckid: FOURCC_LIST });
      assertEquals(await mmioDescend(h, ck, null, MMIO_FINDCHUNK), 0);
      assertEquals(ck.dwDataOffset, 54);
      assertEquals(ck.fccType, fcc("WAVE"));
      assertEquals(await tell(h), 58);
    });
  },
);

// 'aaaa' 2 at 0, LIST 'INFO' at 10 (data 18..32) holding an odd 'ISFT'.
const ENDS_WITH_LIST = new Bytes()
  .fcc("aaaa").u32(2).raw("11")
  .fcc("LIST").u32(14).fcc("INFO").fcc("ISFT").u32(1).raw("x").raw([0])
  .bytes();

describeModes(
  "mmioDescend not found: ck is the last header read, position restored",
  async (mode) => {
    await withReader(ENDS_WITH_LIST, mode, async (h) => {
      const ck = junk({ ckid: fcc("zzzz") });
      assertEquals(
        await mmioDescend(h, ck, null, MMIO_FINDCHUNK),
        MMIOERR_CHUNKNOTFOUND,
      );
      assertEquals(await tell(h), 0);
      assertEquals(ck.ckid, FOURCC_LIST);
      assertEquals(ck.cksize, 14);
      assertEquals(ck.dwDataOffset, 18);
      assertEquals(ck.fccType, fcc("INFO"), "the type of a RIFF/LIST");

      // flags 0 at the LIST: position after the type, type kept.
      assertEquals(await mmioSeek(h, 10, SEEK_SET), 10);
      const list = junk();
      assertEquals(await mmioDescend(h, list, null, 0), 0);
      assertEquals(list.fccType, fcc("INFO"));
      assertEquals(list.dwFlags, 0);
      assertEquals(await tell(h), 22);
    });
  },
);

describeModes(
  "mmioDescend ends cleanly on sizes past the end of file",
  async (mode) => {
    for (const size of [0xffffffff, 0xfffffffe, 0x7fffffff, 0x80000000]) {
      const bytes = new Bytes()
        .fcc("big ").u32(size).raw("1234")
        .fcc("targ").u32(2).raw("ok")
        .bytes();
      await withReader(bytes, mode, async (h) => {
        const ck = junk({ ckid: fcc("targ") });
        assertEquals(
          await mmioDescend(h, ck, null, MMIO_FINDCHUNK),
          MMIOERR_CHUNKNOTFOUND,
          `size ${size}`,
        );
        assertEquals(await tell(h), 0);
        assertEquals(ck.ckid, fcc("big "));
        assertEquals(ck.cksize, size);
        assertEquals(ck.dwDataOffset, 8);
      });
    }
    // The same inside a parent that claims 0xFFFFFFFF bytes.
    const nested = new Bytes()
      .fcc("RIFF").u32(0xffffffff).fcc("WAVE")
      .fcc("big ").u32(0xfffffff0).raw("1234")
      .fcc("targ").u32(2).raw("ok")
      .bytes();
    await withReader(nested, mode, async (h) => {
      const riff = junk();
      assertEquals(await mmioDescend(h, riff, null, 0), 0);
      assertEquals(riff.cksize, 0xffffffff);
      const ck = junk({ ckid: fcc("targ") });
      assertEquals(
        await mmioDescend(h, ck, riff, MMIO_FINDCHUNK),
        MMIOERR_CHUNKNOTFOUND,
      );
      assertEquals(await tell(h), 12);
      assertEquals(ck.ckid, fcc("big "));
      assertEquals(ck.cksize, 0xfffffff0);
    });
  },
);

// RIFF data 8..24; 'big ' at 12 claims 16 bytes (to 36), past the RIFF;
// 'targ' at 36 (data 44..46).
const PAST_PARENT = new Bytes()
  .fcc("RIFF").u32(16).fcc("WAVE")
  .fcc("big ").u32(16).fill(0, 16)
  .fcc("targ").u32(2).raw("ok")
  .bytes();

describeModes(
  "mmioDescend ends cleanly on a size past the parent's end",
  async (mode) => {
    await withReader(PAST_PARENT, mode, async (h) => {
      const riff = junk();
      assertEquals(await mmioDescend(h, riff, null, 0), 0);
      const ck = junk({ ckid: fcc("targ") });
      assertEquals(
        await mmioDescend(h, ck, riff, MMIO_FINDCHUNK),
        MMIOERR_CHUNKNOTFOUND,
      );
      assertEquals(await tell(h), 12);
      assertEquals(ck.ckid, fcc("big "));
      assertEquals(ck.cksize, 16);
      assertEquals(ck.dwDataOffset, 20);
      // Without the parent, the chunk is there.
      const free = junk({ ckid: fcc("targ") });
      assertEquals(await mmioDescend(h, free, null, MMIO_FINDCHUNK), 0);
      assertEquals(free.dwDataOffset, 44);
    });
  },
);
