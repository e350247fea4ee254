// mmioCreateChunk (behavior.md §10): the header it writes for each flag, and
// its answer when the write fails.

import { assertEquals } from "@std/assert";
import {
  FOURCC_LIST,
  FOURCC_MEM,
  FOURCC_RIFF,
  MMIO_CREATELIST,
  MMIO_CREATERIFF,
  MMIO_DIRTY,
  MMIO_READWRITE,
  mmioClose,
  mmioCreateChunk,
  MMIOERR_CANNOTWRITE,
  mmioOpen,
  mmioWrite,
} from "../mod.ts";
import { Bytes, fcc } from "./fuzz/_riff.ts";
import {
  assertFile,
  describeModes,
  junk,
  opened,
  openProc,
  tell,
  withWriter,
} from "./_chunk_modes.ts";

describeModes(
  "mmioCreateChunk MMIO_CREATERIFF writes RIFF, cksize, form type",
  async (mode) => {
    const ck = junk({ fccType: fcc("WAVE"), cksize: 0x12345678 });
    const file = await withWriter(mode, async (h) => {
      assertEquals(await mmioCreateChunk(h, ck, MMIO_CREATERIFF), 0);
      assertEquals(ck.ckid, FOURCC_RIFF);
      assertEquals(ck.cksize, 0x12345678);
      assertEquals(ck.fccType, fcc("WAVE"));
      assertEquals(ck.dwDataOffset, 8);
      assertEquals(ck.dwFlags, MMIO_DIRTY);
      assertEquals(await tell(h), 12);
    });
    assertFile(
      mode,
      file,
      new Bytes().fcc("RIFF").u32(0x12345678).fcc("WAVE").bytes(),
    );
  },
);

describeModes(
  "mmioCreateChunk MMIO_CREATELIST at a non-zero position",
  async (mode) => {
    const ck = junk({ fccType: fcc("INFO"), cksize: 0 });
    const file = await withWriter(mode, async (h) => {
      assertEquals(await mmioWrite(h, new TextEncoder().encode("prefix")), 6);
      assertEquals(await mmioCreateChunk(h, ck, MMIO_CREATELIST), 0);
      assertEquals(ck.ckid, FOURCC_LIST);
      assertEquals(ck.dwDataOffset, 14);
      assertEquals(ck.dwFlags, MMIO_DIRTY);
      assertEquals(await tell(h), 18);
    });
    assertFile(
      mode,
      file,
      new Bytes().raw("prefix").fcc("LIST").u32(0).fcc("INFO").bytes(),
    );
  },
);

describeModes(
  "mmioCreateChunk with flags 0 writes ckid and cksize only",
  async (mode) => {
    const ck = junk({ ckid: fcc("data"), cksize: 7, fccType: fcc("XXXX") });
    const file = await withWriter(mode, async (h) => {
      assertEquals(await mmioCreateChunk(h, ck, 0), 0);
      assertEquals(ck.ckid, fcc("data"));
      assertEquals(ck.dwDataOffset, 8);
      assertEquals(ck.dwFlags, MMIO_DIRTY);
      assertEquals(await tell(h), 8);
    });
    assertFile(mode, file, new Bytes().fcc("data").u32(7).bytes());
  },
);

Deno.test("mmioCreateChunk short write on a full memory file: MMIOERR_CANNOTWRITE", async () => {
  const h = opened(
    await mmioOpen(null, {
      fccIOProc: FOURCC_MEM,
      pchBuffer: new Uint8Array(10),
      cchBuffer: 10,
      adwInfo: [0, 0, 0],
    }, MMIO_READWRITE),
    "a 10-byte memory file",
  );
  try {
    const ck = junk({ fccType: fcc("WAVE") });
    assertEquals(
      await mmioCreateChunk(h, ck, MMIO_CREATERIFF),
      MMIOERR_CANNOTWRITE,
    );
  } finally {
    await mmioClose(h, 0);
  }
});

Deno.test("mmioCreateChunk when the procedure refuses the write: MMIOERR_CANNOTWRITE", async () => {
  const { h, rec } = await openProc(new Uint8Array(0));
  rec.failWrites = true;
  try {
    assertEquals(
      await mmioCreateChunk(h, junk({ ckid: fcc("data") }), 0),
      MMIOERR_CANNOTWRITE,
    );
    assertEquals(
      await mmioCreateChunk(h, junk(), MMIO_CREATELIST),
      MMIOERR_CANNOTWRITE,
    );
  } finally {
    await mmioClose(h, 0);
  }
});
