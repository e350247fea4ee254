/**
 * An I/O procedure of our own, installed by FOURCC and chosen by file name.
 *
 * ```sh
 * deno run -A examples/custom_ioproc.ts                 # stores a default note
 * deno run -A examples/custom_ioproc.ts "my own note"
 * ```
 *
 * The `'XYZ '` procedure stores files on disk with every byte XORed with a
 * key, and gives the plain bytes back through MMIO: a stand-in for any
 * storage of your own (encryption, an archive, a network store). It is
 * installed with `mmioInstallIOProc(..., MMIO_INSTALLPROC)`; afterwards any
 * name of the form `name.xyz+...` opens through it (the text between the
 * last `+` and the `.` before it names the procedure), so `"note.xyz+"`
 * uses it while the file on disk is `note.xyz`. The chunk functions work
 * through it unchanged. At the end it is removed with `MMIO_REMOVEPROC`.
 *
 * @module
 */

import {
  type IOProc,
  type MMCKINFO,
  MMIO_ALLOCBUF,
  MMIO_CREATE,
  MMIO_CREATERIFF,
  MMIO_FHOPEN,
  MMIO_FINDCHUNK,
  MMIO_FINDRIFF,
  MMIO_INSTALLPROC,
  MMIO_READ,
  MMIO_READWRITE,
  MMIO_REMOVEPROC,
  MMIO_RWMODE,
  mmioAscend,
  mmioClose,
  mmioCreateChunk,
  mmioDescend,
  MMIOERR_FILENOTFOUND,
  mmioFOURCC,
  mmioFOURCCToString,
  mmioGetInfo,
  mmioGetLastError,
  type MMIOINFO,
  mmioInstallIOProc,
  MMIOM_CLOSE,
  MMIOM_OPEN,
  MMIOM_READ,
  MMIOM_RENAME,
  MMIOM_SEEK,
  MMIOM_USER,
  MMIOM_WRITE,
  MMIOM_WRITEFLUSH,
  mmioOpen,
  mmioRead,
  mmioSendMessage,
  mmioWrite,
  SEEK_CUR,
  SEEK_END,
  SEEK_SET,
} from "../mod.ts";

const FOURCC_XYZ = mmioFOURCC("X", "Y", "Z", " ");
const KEY = 0x5a;
/** A message of our own: answers the key. */
const MSG_GET_KEY = MMIOM_USER + 1;

/** `"dir/note.xyz+"` → `"dir/note.xyz"`: the `+` part only picks the procedure. */
function diskName(name: unknown): string {
  const s = String(name);
  const plus = s.lastIndexOf("+");
  return plus < 0 ? s : s.slice(0, plus);
}

function scramble(bytes: Uint8Array): void {
  for (let i = 0; i < bytes.length; i++) bytes[i] ^= KEY;
}

/**
 * The procedure. It keeps its `Deno.FsFile` in `adwInfo[0]` and
 * `lDiskOffset` equal to the file position after every read, write and
 * seek, as every procedure must. Failures it does not map to a code are
 * thrown: MMIO answers them as failures and keeps the error as the cause.
 */
const xyzProc: IOProc = async (info, msg, lParam1, lParam2) => {
  const file = info.adwInfo[0] as Deno.FsFile;
  switch (msg) {
    case MMIOM_OPEN: {
      const mode = info.dwFlags & MMIO_RWMODE;
      const create = (info.dwFlags & MMIO_CREATE) !== 0;
      try {
        info.adwInfo[0] = await Deno.open(diskName(lParam1), {
          read: mode === MMIO_READ || mode === MMIO_READWRITE,
          write: mode !== MMIO_READ || create,
          create,
          truncate: create,
        });
      } catch (error) {
        if (error instanceof Deno.errors.NotFound) return MMIOERR_FILENOTFOUND;
        throw error;
      }
      info.lDiskOffset = 0;
      return 0;
    }
    case MMIOM_CLOSE:
      if (!((lParam1 as number) & MMIO_FHOPEN)) file.close();
      return 0;
    case MMIOM_READ: {
      const buffer = (lParam1 as Uint8Array).subarray(0, lParam2 as number);
      let got = 0;
      while (got < buffer.length) {
        const n = await file.read(buffer.subarray(got));
        if (n === null) break;
        got += n;
      }
      scramble(buffer.subarray(0, got));
      info.lDiskOffset += got;
      return got;
    }
    case MMIOM_WRITE:
    case MMIOM_WRITEFLUSH: {
      // Scramble a copy: the caller's buffer is the engine's, not ours.
      const bytes = (lParam1 as Uint8Array).slice(0, lParam2 as number);
      scramble(bytes);
      let done = 0;
      while (done < bytes.length) {
        done += await file.write(bytes.subarray(done));
      }
      if (msg === MMIOM_WRITEFLUSH) await file.syncData();
      info.lDiskOffset += done;
      return done;
    }
    case MMIOM_SEEK: {
      const offset = lParam1 as number;
      const origin = lParam2 as number;
      // MMIO's SEEK_END counts backwards; Deno's End counts forwards.
      const position = origin === SEEK_SET
        ? await file.seek(offset, Deno.SeekMode.Start)
        : origin === SEEK_CUR
        ? await file.seek(offset, Deno.SeekMode.Current)
        : origin === SEEK_END
        ? await file.seek(-offset, Deno.SeekMode.End)
        : -1;
      if (position >= 0) info.lDiskOffset = position;
      return position;
    }
    case MMIOM_RENAME:
      await Deno.rename(diskName(lParam1), diskName(lParam2));
      return 0;
    case MSG_GET_KEY:
      return KEY;
    default:
      return 0;
  }
};

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

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(" ");
}

async function main(text: string): Promise<void> {
  if (mmioInstallIOProc(FOURCC_XYZ, xyzProc, MMIO_INSTALLPROC) !== xyzProc) {
    throw new Error("mmioInstallIOProc refused the procedure");
  }
  const dir = await Deno.makeTempDir({ prefix: "custom_ioproc_" });
  try {
    const name = `${dir}/note.xyz+`;

    // Write a RIFF 'NOTE' file with one 'text' chunk, through the procedure.
    const info: Partial<MMIOINFO> = {};
    const out = await mmioOpen(
      name,
      info,
      MMIO_CREATE | MMIO_READWRITE | MMIO_ALLOCBUF,
    );
    if (!out) {
      throw mmioGetLastError(info) ?? new Error(`cannot create ${name}`);
    }
    const state: Partial<MMIOINFO> = {};
    await mmioGetInfo(out, state);
    console.log(
      `opened "note.xyz+" with the procedure '${
        mmioFOURCCToString(state.fccIOProc ?? 0)
      }'`,
    );
    const riff = chunk("", "NOTE");
    await mmioCreateChunk(out, riff, MMIO_CREATERIFF);
    const body = chunk("text");
    await mmioCreateChunk(out, body, 0);
    const bytes = new TextEncoder().encode(text);
    if (await mmioWrite(out, bytes) !== bytes.length) throw new Error("write");
    await mmioAscend(out, body, 0);
    await mmioAscend(out, riff, 0);
    console.log(
      `key from a message of our own: 0x${
        (await mmioSendMessage(out, MSG_GET_KEY)).toString(16)
      }`,
    );
    const closed = await mmioClose(out);
    if (closed !== 0) throw new Error(`mmioClose returned ${closed}`);

    // On disk the bytes are scrambled...
    const raw = await Deno.readFile(`${dir}/note.xyz`);
    console.log(
      `on disk (note.xyz, ${raw.length} bytes): ${
        hex(raw.subarray(0, 12))
      } ...`,
    );

    // ...and through the procedure they are a RIFF file again.
    const h = await mmioOpen(name, null, MMIO_READ | MMIO_ALLOCBUF);
    if (!h) throw new Error(`cannot open ${name}`);
    try {
      const form = chunk("", "NOTE");
      if (await mmioDescend(h, form, null, MMIO_FINDRIFF) !== 0) {
        throw new Error("no RIFF 'NOTE' chunk");
      }
      const found = chunk("text");
      if (await mmioDescend(h, found, form, MMIO_FINDCHUNK) !== 0) {
        throw new Error("no 'text' chunk");
      }
      const back = new Uint8Array(found.cksize);
      await mmioRead(h, back);
      console.log(
        `through 'XYZ ': RIFF 'NOTE' (${form.cksize} bytes), 'text' = "${
          new TextDecoder().decode(back)
        }"`,
      );
    } finally {
      await mmioClose(h);
    }
  } finally {
    // Remove the procedure: it must not outlive this example.
    const removed = mmioInstallIOProc(FOURCC_XYZ, xyzProc, MMIO_REMOVEPROC);
    console.log(`removed: ${removed === xyzProc}`);
    await Deno.remove(dir, { recursive: true });
  }
}

if (import.meta.main) {
  await main(Deno.args[0] ?? "Hello from a procedure of our own.");
}
