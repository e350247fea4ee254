// Durability: mmioFlush must reach the disk. Three proofs: the engine sends
// MMIOM_WRITEFLUSH (a recording procedure sees it), the DOS procedure answers
// it with write-then-syncData (counted on a spied Deno.FsFile), and a child
// process killed with SIGKILL right after a flush leaves every flushed byte
// in the file.

import { assert, assertEquals } from "@std/assert";
import {
  FOURCC_DOS,
  MMIO_CREATE,
  MMIO_EMPTYBUF,
  MMIO_FHOPEN,
  MMIO_FINDPROC,
  MMIO_READWRITE,
  MMIO_WRITE,
  mmioClose,
  mmioFlush,
  mmioInstallIOProc,
  MMIOM_WRITE,
  MMIOM_WRITEFLUSH,
  mmioOpen,
  mmioSeek,
  mmioWrite,
  SEEK_SET,
} from "../mod.ts";
import { CHILD_BASE_FLAGS, seededBytes } from "./children/_helpers.ts";
import { assertOk } from "./_engine_util.ts";
import { type RecordingFile, recordingProc } from "./_recording_proc.ts";
import { withTempDir } from "./_temp_dir.ts";

const CHILD = new URL("./children/flush_then_wait.ts", import.meta.url)
  .pathname;

interface Sent {
  msg: number;
  count: number;
}

/** A recording procedure that lets the built-in DOS procedure do the work. */
function recorder(): RecordingFile {
  const dos = mmioInstallIOProc(FOURCC_DOS, null, MMIO_FINDPROC);
  assertOk(dos, "the built-in DOS procedure is findable");
  return recordingProc(new Uint8Array(0), { forwardTo: dos });
}

/** The write messages a recorder received, with the bytes each carried. */
const writes = (rec: RecordingFile): Sent[] =>
  rec.log.filter(([msg]) => msg === MMIOM_WRITE || msg === MMIOM_WRITEFLUSH)
    .map(([msg, count]) => ({ msg: msg as number, count: Number(count) }));
const flushes = (log: Sent[]): number[] =>
  log.filter((s) => s.msg === MMIOM_WRITEFLUSH).map((s) => s.count);
const written = (log: Sent[]): number => log.reduce((n, s) => n + s.count, 0);

Deno.test("durability: mmioFlush sends MMIOM_WRITEFLUSH with the dirty bytes", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/rec.bin`;
    const rec = recorder();
    const h = await mmioOpen(path, {
      pIOProc: rec.proc,
      cchBuffer: 1000,
    }, MMIO_CREATE | MMIO_READWRITE);
    assertOk(h);
    const data = seededBytes(2800, 1);

    assertEquals(await mmioWrite(h, data.subarray(0, 300)), 300);
    assertEquals(writes(rec), [], "a buffered write of 300 bytes does no I/O");
    assertEquals(await mmioFlush(h, 0), 0);
    assertEquals(writes(rec), [{ msg: MMIOM_WRITEFLUSH, count: 300 }]);
    assertEquals(await Deno.readFile(path), data.subarray(0, 300));

    // Buffer-full flushes are plain writes; the durable flush carries the rest.
    rec.clear();
    assertEquals(await mmioWrite(h, data.subarray(300)), 2500);
    assertEquals(await mmioFlush(h, 0), 0);
    assertEquals(flushes(writes(rec)).length, 1, JSON.stringify(writes(rec)));
    assertEquals(writes(rec).at(-1)?.msg, MMIOM_WRITEFLUSH);
    assertEquals(written(writes(rec)), 2500);
    assertEquals(await Deno.readFile(path), data);

    // Nothing dirty: still a WRITEFLUSH (of 0 bytes), so the disk is synced.
    rec.clear();
    assertEquals(await mmioFlush(h, 0), 0);
    assertEquals(writes(rec), [{ msg: MMIOM_WRITEFLUSH, count: 0 }]);

    // MMIO_EMPTYBUF flushes durably too.
    rec.clear();
    assertEquals(await mmioSeek(h, 10, SEEK_SET), 10);
    assertEquals(await mmioWrite(h, new Uint8Array([1, 2, 3])), 3);
    assertEquals(await mmioFlush(h, MMIO_EMPTYBUF), 0);
    assertEquals(flushes(writes(rec)), [3]);
    assertEquals(written(writes(rec)), 3);
    data.set([1, 2, 3], 10);
    assertEquals(await Deno.readFile(path), data);

    assertEquals(await mmioClose(h, 0), 0);
  });
});

Deno.test("durability: unbuffered mmioFlush sends MMIOM_WRITEFLUSH of 0 bytes", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/unbuf.bin`;
    const rec = recorder();
    const h = await mmioOpen(
      path,
      { pIOProc: rec.proc },
      MMIO_CREATE | MMIO_WRITE,
    );
    assertOk(h);
    assertEquals(await mmioWrite(h, new Uint8Array(7).fill(9)), 7);
    assertEquals(writes(rec), [{ msg: MMIOM_WRITE, count: 7 }]);
    assertEquals(await mmioFlush(h, 0), 0);
    assertEquals(writes(rec)[1], { msg: MMIOM_WRITEFLUSH, count: 0 });
    assertEquals(writes(rec).length, 2);
    assertEquals(await mmioClose(h, 0), 0);
    assertEquals(await Deno.readFile(path), new Uint8Array(7).fill(9));
  });
});

/** What {@linkcode spySyncs} observes. */
interface SyncSpy {
  /** The file's size on disk when each sync was called. */
  sizes: number[];
  /** Syncs called but not finished yet. */
  pending: number;
}

/**
 * Wraps the sync methods of one `Deno.FsFile` instance so that each call is
 * counted together with the file's size on disk at that moment (which shows
 * that the data was written before the sync, not after). The async ones are
 * slowed down by 20 ms, so a flush that resolved before its sync finished
 * would be seen.
 */
function spySyncs(file: Deno.FsFile, path: string): SyncSpy {
  const spy: SyncSpy = { sizes: [], pending: 0 };
  const f = file as unknown as Record<string, (...a: unknown[]) => unknown>;
  for (const name of ["syncData", "syncDataSync", "sync", "syncSync"]) {
    const original = f[name].bind(file);
    f[name] = name.endsWith("Sync")
      ? (...a: unknown[]) => {
        spy.sizes.push(Deno.statSync(path).size);
        return original(...a);
      }
      : async (...a: unknown[]) => {
        spy.sizes.push(Deno.statSync(path).size);
        spy.pending++;
        await new Promise((r) => setTimeout(r, 20));
        try {
          return await original(...a);
        } finally {
          spy.pending--;
        }
      };
  }
  return spy;
}

Deno.test("durability: the DOS procedure answers WRITEFLUSH with write then syncData", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/sync.bin`;
    const file = await Deno.open(path, {
      read: true,
      write: true,
      create: true,
    });
    try {
      const spy = spySyncs(file, path);
      const syncs = spy.sizes;
      const h = await mmioOpen(null, {
        fccIOProc: FOURCC_DOS,
        adwInfo: [file, 0, 0],
        cchBuffer: 4096,
      }, MMIO_READWRITE);
      assertOk(h, "an inherited Deno.FsFile opens");
      const data = seededBytes(10_000, 2);

      assertEquals(await mmioWrite(h, data.subarray(0, 100)), 100);
      assertEquals(syncs, [], "no sync before the flush");
      assertEquals(await mmioFlush(h, 0), 0);
      assertEquals(syncs, [100], "one sync, after the 100 bytes were written");
      assertEquals(spy.pending, 0, "mmioFlush resolved after its sync ended");

      assertEquals(await mmioFlush(h, 0), 0);
      assertEquals(syncs, [100, 100], "a clean flush still syncs");

      assertEquals(await mmioWrite(h, data.subarray(100)), 9_900);
      assertEquals(await mmioFlush(h, 0), 0);
      assertEquals(syncs.length, 3);
      assertEquals(syncs[2], 10_000, "all bytes written before the sync");
      assertEquals(spy.pending, 0);

      // Unbuffered through the same file: mmioFlush still syncs.
      assertEquals(await mmioClose(h, MMIO_FHOPEN), 0);
      const u = await mmioOpen(null, {
        fccIOProc: FOURCC_DOS,
        adwInfo: [file, 0, 0],
      }, MMIO_READWRITE);
      assertOk(u);
      assertEquals(await mmioWrite(u, new Uint8Array([7])), 1);
      assertEquals(await mmioFlush(u, 0), 0);
      assertEquals(syncs.length, 4);
      assertEquals(syncs[3], 10_001);
      assertEquals(spy.pending, 0);
      assertEquals(await mmioClose(u, MMIO_FHOPEN), 0);

      const expected = new Uint8Array(10_001);
      expected.set(data);
      expected[10_000] = 7;
      assertEquals(await Deno.readFile(path), expected);
    } finally {
      file.close();
    }
  });
});

/**
 * Runs the child that flushes and then waits, kills it with SIGKILL once it
 * says "flushed", and returns how many bytes it flushed.
 */
async function flushThenKill(
  dir: string,
  path: string,
  nbytes: number,
  seed: number,
): Promise<number> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      ...CHILD_BASE_FLAGS,
      `--allow-read=${dir}`,
      `--allow-write=${dir}`,
      CHILD,
      path,
      String(nbytes),
      String(seed),
    ],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  const stderr = new Response(child.stderr).text();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, 20_000);
  let text = "";
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  try {
    while (!text.includes("\n")) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
    }
    if (text.startsWith("flushed ")) child.kill("SIGKILL");
  } finally {
    clearTimeout(timer);
    await reader.cancel();
  }
  const status = await child.status;
  const err = await stderr;
  assert(!timedOut, `child hung: ${text} ${err}`);
  assert(text.startsWith("flushed "), `child said ${text}; stderr ${err}`);
  assertEquals(status.signal, "SIGKILL", "the child was killed, not exited");
  return Number(text.trim().split(" ")[1]);
}

Deno.test("durability: every flushed byte survives SIGKILL of the writer", async () => {
  await withTempDir(async (dir) => {
    for (const [nbytes, seed] of [[1, 3], [300_001, 4]]) {
      const path = `${dir}/killed_${seed}.bin`;
      const flushed = await flushThenKill(dir, path, nbytes, seed);
      assertEquals(flushed, nbytes);
      const got = await Deno.readFile(path);
      assert(got.length >= nbytes, `file has ${got.length} of ${nbytes}`);
      assertEquals(got.subarray(0, nbytes), seededBytes(nbytes, seed));
    }
  });
});
