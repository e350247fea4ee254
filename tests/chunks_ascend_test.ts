// mmioAscend (behavior.md §10): the size fix-up and pad byte of a written
// chunk, skipping past a read one, and its answers when the fix-up's write
// or seek fails.

import { assertEquals } from "@std/assert";
import {
  MMIO_CREATELIST,
  MMIO_CREATERIFF,
  mmioAscend,
  mmioClose,
  mmioCreateChunk,
  mmioDescend,
  MMIOERR_CANNOTSEEK,
  MMIOERR_CANNOTWRITE,
  mmioRead,
  mmioSeek,
  mmioWrite,
  MMSYSERR_NOERROR,
  SEEK_SET,
} from "../mod.ts";
import { Bytes, fcc } from "./fuzz/_riff.ts";
import {
  assertFile,
  describeModes,
  junk,
  openProc,
  tell,
  withReader,
  withWriter,
} from "./_chunk_modes.ts";
import { PADDED } from "./_chunk_fixtures.ts";

describeModes("mmioAscend fixes the size of a dirty chunk", async (mode) => {
  const riff = junk({ fccType: fcc("WAVE"), cksize: 0 });
  const data = junk({ ckid: fcc("data"), cksize: 99 });
  const file = await withWriter(mode, async (h) => {
    assertEquals(await mmioCreateChunk(h, riff, MMIO_CREATERIFF), 0);
    assertEquals(await mmioCreateChunk(h, data, 0), 0);
    assertEquals(await mmioWrite(h, new TextEncoder().encode("sixsix")), 6);
    assertEquals(await mmioAscend(h, data, 0), 0);
    assertEquals(data.cksize, 6);
    assertEquals(data.dwFlags, 0);
    assertEquals(await tell(h), 26);
    assertEquals(await mmioAscend(h, riff, 0), 0);
    assertEquals(riff.cksize, 18);
    assertEquals(riff.dwFlags, 0);
    assertEquals(await tell(h), 26);
  });
  assertFile(
    mode,
    file,
    new Bytes().fcc("RIFF").u32(18).fcc("WAVE").fcc("data").u32(6)
      .raw("sixsix").bytes(),
  );
});

describeModes(
  "mmioAscend writes a zero pad byte after odd data",
  async (mode) => {
    const riff = junk({ fccType: fcc("WAVE"), cksize: 0 });
    const data = junk({ ckid: fcc("data"), cksize: 0 });
    const file = await withWriter(mode, async (h) => {
      assertEquals(await mmioCreateChunk(h, riff, MMIO_CREATERIFF), 0);
      assertEquals(await mmioCreateChunk(h, data, 0), 0);
      assertEquals(await mmioWrite(h, new TextEncoder().encode("five5")), 5);
      assertEquals(await mmioAscend(h, data, 0), 0);
      assertEquals(data.cksize, 5);
      assertEquals(await tell(h), 26, "after the pad byte");
      assertEquals(await mmioAscend(h, riff, 0), 0);
      assertEquals(riff.cksize, 18, "the parent counts the pad byte");
    });
    assertFile(
      mode,
      file,
      new Bytes().fcc("RIFF").u32(18).fcc("WAVE").fcc("data").u32(5)
        .raw("five5").raw([0]).bytes(),
    );
  },
);

describeModes(
  "mmioAscend pads even when the caller pre-set the odd size, and leaves an equal size alone (decision)",
  async (mode) => {
    const data = junk({ ckid: fcc("data"), cksize: 5 });
    const file = await withWriter(mode, async (h) => {
      assertEquals(await mmioCreateChunk(h, data, 0), 0);
      assertEquals(await mmioWrite(h, new TextEncoder().encode("abcde")), 5);
      // Overwrite the size field with a marker: if mmioAscend rewrote the
      // (unchanged) size, the marker would be gone.
      assertEquals(await mmioSeek(h, 4, SEEK_SET), 4);
      assertEquals(await mmioWrite(h, new TextEncoder().encode("SSSS")), 4);
      assertEquals(await mmioSeek(h, 13, SEEK_SET), 13);
      assertEquals(await mmioAscend(h, data, 0), 0);
      assertEquals(data.cksize, 5);
      assertEquals(data.dwFlags, 0);
      assertEquals(await tell(h), 14);
    });
    assertFile(
      mode,
      file,
      new Bytes().fcc("data").raw("SSSS").raw("abcde").raw([0]).bytes(),
    );
  },
);

describeModes(
  "mmioAscend of a dirty chunk with nothing written keeps size 0",
  async (mode) => {
    const list = junk({ fccType: fcc("INFO"), cksize: 0 });
    const empty = junk({ ckid: fcc("none"), cksize: 0 });
    const file = await withWriter(mode, async (h) => {
      assertEquals(await mmioCreateChunk(h, list, MMIO_CREATELIST), 0);
      assertEquals(await mmioCreateChunk(h, empty, 0), 0);
      assertEquals(await mmioAscend(h, empty, 0), 0);
      assertEquals(empty.cksize, 0);
      assertEquals(empty.dwFlags, 0);
      assertEquals(await tell(h), 20);
      assertEquals(await mmioAscend(h, list, 0), 0);
      assertEquals(list.cksize, 12);
    });
    assertFile(
      mode,
      file,
      new Bytes().fcc("LIST").u32(12).fcc("INFO").fcc("none").u32(0).bytes(),
    );
  },
);

describeModes(
  "mmioAscend of a read chunk goes past its pad byte, writing nothing",
  async (mode) => {
    await withReader(PADDED, mode, async (h) => {
      const riff = junk();
      assertEquals(await mmioDescend(h, riff, null, 0), 0);
      const odd = junk();
      assertEquals(await mmioDescend(h, odd, riff, 0), 0);
      assertEquals(odd.ckid, fcc("odd "));
      assertEquals(await mmioRead(h, new Uint8Array(1)), 1);
      assertEquals(await mmioAscend(h, odd, 0), 0);
      assertEquals(await tell(h), 24);
      assertEquals(odd.dwFlags, 0);
      assertEquals(odd.cksize, 3);
      const next = junk();
      assertEquals(await mmioDescend(h, next, riff, 0), 0);
      assertEquals(next.ckid, fcc("targ"));
      assertEquals(await mmioAscend(h, next, 0), 0);
      assertEquals(await mmioAscend(h, riff, 0), 0);
      assertEquals(await tell(h), 36);
    });
  },
);

describeModes(
  "mmioAscend out of a truncated chunk: memory files stop at the end of the block",
  async (mode) => {
    for (const size of [100, 5, 0xffffffff]) {
      // One chunk whose size runs past the 12-byte file.
      const bytes = new Bytes().fcc("trnc").u32(size).raw("abcd").bytes();
      await withReader(bytes, mode, async (h) => {
        let found = 0;
        const ck = junk();
        // The loop every reader writes must end.
        while (await mmioDescend(h, ck, null, 0) === MMSYSERR_NOERROR) {
          assertEquals(ck.cksize, size);
          assertEquals(await mmioAscend(h, ck, 0), 0, "not an error");
          const want = mode === "memory" ? 12 : 8 + size + (size % 2);
          assertEquals(await tell(h), want);
          if (++found > 3) break;
        }
        assertEquals(found, 1);
      });
    }
  },
);

Deno.test("mmioAscend when the size fix-up cannot be written: MMIOERR_CANNOTWRITE", async () => {
  const { h, rec } = await openProc(new Uint8Array(0));
  try {
    const ck = junk({ ckid: fcc("data"), cksize: 0 });
    assertEquals(await mmioCreateChunk(h, ck, 0), 0);
    assertEquals(await mmioWrite(h, new TextEncoder().encode("1234")), 4);
    rec.failWrites = true;
    assertEquals(await mmioAscend(h, ck, 0), MMIOERR_CANNOTWRITE);
  } finally {
    rec.failWrites = false;
    await mmioClose(h, 0);
  }
});

Deno.test("mmioAscend when the procedure refuses the seek: MMIOERR_CANNOTSEEK", async () => {
  const bytes = new Bytes().fcc("abcd").u32(4).raw("1234")
    .fcc("efgh").u32(2).raw("ok").bytes();
  const { h, rec } = await openProc(bytes);
  try {
    const ck = junk();
    assertEquals(await mmioDescend(h, ck, null, 0), 0);
    assertEquals(ck.dwDataOffset, 8);
    rec.failSeeks = true;
    assertEquals(await mmioAscend(h, ck, 0), MMIOERR_CANNOTSEEK);
  } finally {
    rec.failSeeks = false;
    await mmioClose(h, 0);
  }
});
