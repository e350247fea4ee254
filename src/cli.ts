/**
 * `mmio`, a command-line tool for RIFF files (WAV, AVI, WebP, RMI, SF2,
 * RF64/BW64, RIFX, ...), built on `@mmio/mmio/riff`.
 *
 * ```sh
 * deno run -R jsr:@mmio/mmio/cli tree song.wav          # chunk tree, offsets, sizes
 * deno run -R jsr:@mmio/mmio/cli info song.wav          # format, length, tags
 * deno run -R jsr:@mmio/mmio/cli check song.wav         # structural validation
 * deno run -R -W jsr:@mmio/mmio/cli repair take1.wav    # fix an unfinished recording
 * ffmpeg -i in.flac -f wav - | deno run jsr:@mmio/mmio/cli info -
 * ```
 *
 * Every command takes `--json` (one JSON document per file on standard
 * output) and `-h`/`--help`; `repair` takes `--dry-run`. `-` reads standard
 * input; `--` ends the options. It needs read access to the files it is
 * given (`repair`: read and write) and nothing else. Exit codes: 0 fine;
 * 1 a broken file (`check`), a file that is not RIFF, or one `repair`
 * cannot fix; 2 a usage error or a file that cannot be opened (one line,
 * never a stack trace). Nothing it prints is a raw control character from a
 * file.
 *
 * {@linkcode main} runs the tool on an argument list; the RIFF functions it
 * is built on ({@linkcode walkRiff}, {@linkcode readRiffInfo}, ...) live in
 * `@mmio/mmio/riff` and are re-exported here.
 *
 * @example Check a WAV file from a program
 * ```ts
 * import { main } from "@mmio/mmio/cli";
 * import { assertEquals } from "@std/assert";
 *
 * const dir = await Deno.makeTempDir();
 * try {
 *   // RIFF 'WAVE' holding only an empty 'data' chunk: 20 bytes.
 *   const wav = new Uint8Array(20);
 *   wav.set(new TextEncoder().encode("RIFF\x0c\0\0\0WAVEdata"));
 *   await Deno.writeFile(`${dir}/empty.wav`, wav);
 *   const lines: string[] = [];
 *   const output = { out: (s: string) => lines.push(s), err: (s: string) => lines.push(s) };
 *   assertEquals(await main(["check", `${dir}/empty.wav`], output), 0);
 *   assertEquals(lines, [`${dir}/empty.wav: ok (RIFF 'WAVE', 2 chunks, 20 bytes)`]);
 * } finally {
 *   await Deno.remove(dir, { recursive: true });
 * }
 * ```
 *
 * @module
 */

import {
  type HMMIO,
  MMIO_ALLOCBUF,
  MMIO_READ,
  MMIO_READWRITE,
  mmioClose,
  MMIOERR_ACCESSDENIED,
  MMIOERR_FILENOTFOUND,
  MMIOERR_PATHNOTFOUND,
  mmioGetLastError,
  type MMIOINFO,
  mmioOpen,
} from "../mod.ts";
import {
  checkRiff,
  repairRiff,
  type RiffRepair,
  walkRiff,
} from "./riff/mod.ts";
import { readInfoAndWalk } from "./riff/_collect.ts";
import {
  chunkJson,
  infoJson,
  infoLines,
  notRiff,
  treeText,
  valueText,
} from "./riff/_render.ts";
import { pipeProc } from "./riff/_pipe.ts";
import { plural, safeJson, safeLine } from "./riff/_text.ts";

export { readRiffInfo, walkRiff } from "./riff/mod.ts";
export type {
  RiffChunk,
  RiffInfo,
  RiffProblem,
  RiffWalk,
  WaveFormat,
} from "./riff/mod.ts";

/**
 * Where {@linkcode main} writes: one call per line, without the newline.
 *
 * @example Capturing the tool's output
 * ```ts
 * import { type CliOutput, main } from "@mmio/mmio/cli";
 * import { assertEquals } from "@std/assert";
 * const lines: string[] = [];
 * const output: CliOutput = { out: (l) => lines.push(l), err: (l) => lines.push(l) };
 * assertEquals(await main(["--help"], output), 0);
 * assertEquals(lines.length > 0, true);
 * ```
 */
export interface CliOutput {
  /** Standard output. */
  out(line: string): void;
  /** Standard error. */
  err(line: string): void;
}

const consoleOutput: CliOutput = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
};

type Command = "tree" | "info" | "check" | "repair";
const COMMANDS: readonly Command[] = ["tree", "info", "check", "repair"];

const USAGE = `mmio: inspect and repair RIFF files (WAV, AVI, WebP, RF64, ...)

Usage: deno run -R jsr:@mmio/mmio/cli <command> [options] <file>...

Commands:
  tree <file>...     print the chunk tree with offsets and sizes
  info <file>...     print the form type and what it holds: the WAV format
                     and length, AVI frames and streams, WebP size
  check <file>...    check the structure: sizes against the file and the
                     parent chunk, pad bytes, truncation, ds64
  repair <file>...   fix the sizes of an unfinished recording in place

Options:
  --json             print one JSON document per file
  --dry-run          (repair) print what would change, write nothing
  -h, --help         show this help, or a command's: mmio tree --help
  --                 end of the options: what follows are files
  -                  as a file: read standard input (tree, info, check)

Permissions: read access to the files given (repair: read and write).
Exit codes: 0 ok; 1 a broken file (check), a file that is not RIFF, or one
            that repair cannot fix; 2 a usage error or a file that cannot
            be opened.`;

const HELP: Record<Command, string> = {
  tree: `Usage: mmio tree [--json] <file>...

Prints the chunk tree: each chunk's id, type, header offset and stored size,
with the true size in parentheses where it differs (from ds64 in RF64/BW64,
the bytes present when unfinished). A run of zero bytes is one "(zeros)" line.

--json: { "file", "size": number | null, "chunks": [Chunk], "problems":
  [{ "offset", "message" }], "problemCount" }, where Chunk is { "id", "type"?,
  "offset", "size" (true size), "storedSize", "dataOffset", "children"? } and
  a zero run is { "id": "zeros", "offset", "size" }.`,
  info: `Usage: mmio info [--json] <file>...

WAVE: format tag and name (with the EXTENSIBLE sub-format), channels and
mask, rate, byte rate, block align, bits, the data present, the length in
frames (PCM and float: data / block align; other formats: the fact or ds64
sample count, else unknown, with the data in blocks) and the duration;
LIST INFO tags, the bext description. AVI: frames, size, frame rate,
streams. WebP: canvas, lossy/lossless, animation. Others: the chunks.

--json: { "file", "form", "type", "rf64", "format"?: { "formatTag",
  "channels", "sampleRate", "byteRate", "blockAlign", "bitsPerSample",
  "subFormat"? }, "dataBytes"?, "frames"?: number | null, "duration"?:
  number | null (seconds), "tags"?: { id: text }, ... }`,
  check: `Usage: mmio check [--json] <file>...

Checks the structure: every size against the file and the parent chunk, pad
bytes, truncated headers and data, stray and zero bytes, chunk ids, nesting,
RF64/BW64 ds64 (present, first, consistent). An unfinished recording is one
problem, which "mmio repair" fixes. Exit 1 when a file has problems.

--json: { "file", "ok", "problems": [{ "offset", "message" }],
  "problemCount" } (the first 100 problems; problemCount counts all).`,
  repair: `Usage: mmio repair [--dry-run] [--json] <file>...

Fixes an unfinished recording in place: the form's size and its last chunk's
size (0, 0xFFFFFFFF or past the end of the file) become what the file holds;
a missing final pad byte is appended; RF64/BW64 get their ds64 rewritten; a
form past 4 GiB becomes RF64 when it starts with a JUNK chunk of 28 bytes or
more. The writes are flushed to the disk. A file that is not unfinished, or
that cannot be repaired, is left byte for byte unchanged.
--dry-run: print what would change, write nothing (needs only -R).

Exit 0: repaired, or nothing to repair; 1: cannot repair; 2: cannot open it
for reading and writing.

--json: { "file", "outcome": "repaired" | "nothing" | "refused" | "failed",
  "dryRun", "changes": [{ "offset", "field", "from", "to" }], "reason"?,
  "problems", "problemCount" } (problems: those the repair leaves).`,
};

interface Parsed {
  command: Command;
  files: string[];
  json: boolean;
  dryRun: boolean;
}

/** The arguments, or the exit code of a help or usage answer already given. */
function parse(args: string[], output: CliOutput): Parsed | number {
  let command: string | undefined;
  const files: string[] = [];
  let json = false;
  let dryRun = false;
  let help = false;
  let options = true;
  for (const arg of args) {
    if (options && arg === "--") {
      options = false;
    } else if (options && arg.startsWith("-") && arg !== "-") {
      if (arg === "-h" || arg === "--help") help = true;
      else if (arg === "--json") json = true;
      else if (arg === "--dry-run") dryRun = true;
      else {
        output.err(`mmio: unknown option "${arg}" (try --help)`);
        return 2;
      }
    } else if (command === undefined) {
      command = arg;
    } else {
      files.push(arg);
    }
  }
  if (command === "help") {
    const topic = files[0] as Command | undefined;
    output.out(topic && COMMANDS.includes(topic) ? HELP[topic] : USAGE);
    return 0;
  }
  if (command === undefined) {
    if (help) {
      output.out(USAGE);
      return 0;
    }
    output.err(USAGE);
    return 2;
  }
  if (!COMMANDS.includes(command as Command)) {
    output.err(`mmio: unknown command "${command}" (try --help)`);
    return 2;
  }
  const cmd = command as Command;
  if (help) {
    output.out(HELP[cmd]);
    return 0;
  }
  if (dryRun && cmd !== "repair") {
    output.err(`mmio: "--dry-run" is an option of repair, not of ${cmd}`);
    return 2;
  }
  if (files.length === 0) {
    output.err(`mmio: ${cmd} needs a file (try --help)`);
    return 2;
  }
  const stdin = files.filter((f) => f === "-").length;
  if (stdin > 0 && cmd === "repair") {
    output.err(`mmio: repair needs a file it can write, not standard input`);
    return 2;
  }
  if (stdin > 1) {
    output.err(`mmio: standard input ("-") can be read only once`);
    return 2;
  }
  return { command: cmd, files, json, dryRun };
}

/** Opens `file` (`-`: standard input), or says in one line why it cannot. */
async function open(
  file: string,
  flags: number,
  output: CliOutput,
): Promise<HMMIO | string> {
  if (file === "-") {
    const h = await mmioOpen(
      "-",
      { pIOProc: pipeProc(Deno.stdin) },
      MMIO_READ | MMIO_ALLOCBUF,
    );
    return h ?? "cannot read standard input";
  }
  const info: Partial<MMIOINFO> = {};
  const h = await mmioOpen(file, info, flags | MMIO_ALLOCBUF);
  if (h) return h;
  const code = info.wErrorRet ?? 0;
  const cause = mmioGetLastError(info)?.cause;
  const why = cause instanceof Error ? cause.message : String(cause ?? "");
  const line = code === MMIOERR_ACCESSDENIED
    ? `mmio: permission denied: ${why || file}`
    : code === MMIOERR_FILENOTFOUND || code === MMIOERR_PATHNOTFOUND
    ? `mmio: ${file}: no such file`
    : `mmio: ${file}: cannot open (error ${code}${why ? `: ${why}` : ""})`;
  output.err(line);
  return line;
}

function sizeNote(file: string, walk: { sizeKnown: boolean }): string | null {
  if (file !== "-") return null;
  return walk.sizeKnown
    ? null
    : "(standard input: its end was not reached, so the checks against the file size were skipped)";
}

// ---------------------------------------------------------------------------
// tree

async function tree(
  h: HMMIO,
  file: string,
  json: boolean,
  output: CliOutput,
): Promise<number> {
  const walk = await walkRiff(h);
  if (json) {
    output.out(safeJson({
      file,
      size: walk.sizeKnown ? walk.fileSize : null,
      ...(walk.form ? { form: walk.form.id, type: walk.form.type } : {
        error: notRiff(walk),
      }),
      chunks: walk.chunks.map(chunkJson),
      problems: walk.problems,
      problemCount: walk.problemCount,
      unfinished: walk.unfinished !== null,
    }));
    return walk.form ? 0 : 1;
  }
  if (!walk.form) {
    output.err(`mmio: ${file}: ${notRiff(walk)}`);
    return 1;
  }
  for (const line of treeText(file, walk)) output.out(line);
  const note = sizeNote(file, walk);
  if (note) output.out(note);
  if (walk.problemCount > 0) {
    output.out(
      `(${
        plural(walk.problemCount, "structural problem")
      }: run "check" for details)`,
    );
  }
  return 0;
}

// ---------------------------------------------------------------------------
// info

async function info(
  h: HMMIO,
  file: string,
  json: boolean,
  output: CliOutput,
): Promise<number> {
  const { info: result, walk } = await readInfoAndWalk(h);
  if (!result) {
    const why = notRiff(walk);
    if (json) output.out(safeJson({ file, error: why }));
    else output.err(`mmio: ${file}: ${why}`);
    return 1;
  }
  if (json) output.out(safeJson(infoJson(file, result)));
  else {
    for (const line of infoLines(file, result)) output.out(line);
    const note = sizeNote(file, result);
    if (note) output.out(note);
  }
  return 0;
}

// ---------------------------------------------------------------------------
// check

async function check(
  h: HMMIO,
  file: string,
  json: boolean,
  output: CliOutput,
): Promise<number> {
  const r = await checkRiff(h);
  if (json) {
    output.out(safeJson({
      file,
      ok: r.ok,
      problems: r.problems,
      problemCount: r.problemCount,
      chunkCount: r.chunkCount,
      size: r.sizeKnown ? r.fileSize : null,
      form: r.form?.id ?? null,
      type: r.form?.type ?? null,
      unfinished: r.unfinished !== null,
    }));
    return r.ok ? 0 : 1;
  }
  const note = sizeNote(file, r);
  if (r.ok) {
    const bytes = file === "-"
      ? `${r.fileSize} bytes read from standard input`
      : `${r.fileSize} bytes`;
    output.out(
      `${file}: ok (${r.form!.id} '${r.form!.type}', ${
        plural(r.chunkCount, "chunk")
      }, ${bytes})`,
    );
    if (note) output.out(note);
    return 0;
  }
  output.out(`${file}: ${plural(r.problemCount, "problem")}`);
  for (const p of r.problems) output.out(`  offset ${p.offset}: ${p.message}`);
  if (r.problemCount > r.problems.length) {
    output.out(
      `  ... and ${
        r.problemCount - r.problems.length
      } more (only the first ${r.problems.length} are listed)`,
    );
  }
  if (r.unfinished) {
    output.out(`  ("mmio repair" can fix the unfinished sizes)`);
  }
  if (note) output.out(note);
  return 1;
}

// ---------------------------------------------------------------------------
// repair

async function repair(
  h: HMMIO,
  file: string,
  json: boolean,
  dryRun: boolean,
  output: CliOutput,
): Promise<number> {
  const r: RiffRepair = await repairRiff(h, { dryRun });
  const code = r.outcome === "repaired" || r.outcome === "nothing" ? 0 : 1;
  if (json) {
    output.out(safeJson({ file, ...r }));
    return code;
  }
  if (r.outcome === "refused") {
    output.err(
      `mmio: ${file}: cannot repair: ${r.reason}; the file is unchanged`,
    );
    return code;
  }
  if (r.outcome === "failed") {
    output.err(`mmio: ${file}: repair failed: ${r.reason}`);
    return code;
  }
  const others = r.problemCount > 0
    ? ` (${plural(r.problemCount, "other problem")}: run "mmio check")`
    : "";
  if (r.outcome === "nothing") {
    output.out(`${file}: nothing to repair${others}`);
    return code;
  }
  output.out(
    dryRun
      ? `${file}: would repair (dry run: nothing written)${others}`
      : `${file}: repaired${others}`,
  );
  for (const c of r.changes) {
    output.out(
      `  offset ${c.offset}: ${c.field} ${valueText(c.from)} -> ${
        valueText(c.to)
      }`,
    );
  }
  return code;
}

// ---------------------------------------------------------------------------

async function run(
  p: Parsed,
  file: string,
  output: CliOutput,
): Promise<number> {
  const flags = p.command === "repair" && !p.dryRun
    ? MMIO_READWRITE
    : MMIO_READ;
  const h = await open(file, flags, output);
  if (typeof h === "string") {
    if (p.json) output.out(safeJson({ file, error: h }));
    return 2;
  }
  try {
    switch (p.command) {
      case "tree":
        return await tree(h, file, p.json, output);
      case "info":
        return await info(h, file, p.json, output);
      case "check":
        return await check(h, file, p.json, output);
      case "repair":
        return await repair(h, file, p.json, p.dryRun, output);
    }
  } catch (error) {
    // Not expected from any input; still one line, never a stack trace.
    const message = error instanceof Error ? error.message : String(error);
    output.err(`mmio: ${file}: ${message}`);
    return 2;
  } finally {
    await mmioClose(h);
  }
}

/**
 * Runs the `mmio` command-line tool on an argument list, as `deno run`
 * would with `Deno.args`: `tree`, `info`, `check` or `repair`, options
 * (`--json`, `--dry-run`, `-h`/`--help`, `--`) and one or more files (`-`:
 * standard input), or `--help`.
 *
 * @param args The arguments, without the program name.
 * @param output Where the lines go (default: the console). No line holds a
 * raw control character.
 * @returns The exit code: 0 fine; 1 a broken file (`check`), a file that is
 * not RIFF, or one `repair` cannot fix; 2 a usage error or a file that
 * cannot be opened.
 *
 * @example Print the help
 * ```ts
 * import { main } from "@mmio/mmio/cli";
 * import { assertEquals, assertStringIncludes } from "@std/assert";
 *
 * const lines: string[] = [];
 * const code = await main(["--help"], { out: (s) => lines.push(s), err: (s) => lines.push(s) });
 * assertEquals(code, 0);
 * assertStringIncludes(lines.join("\n"), "tree <file>");
 * ```
 *
 * @example An unknown option is a usage error that names it
 * ```ts
 * import { main } from "@mmio/mmio/cli";
 * import { assertEquals } from "@std/assert";
 *
 * const errors: string[] = [];
 * const code = await main(["tree", "--jsn", "song.wav"], { out: () => {}, err: (s) => errors.push(s) });
 * assertEquals([code, errors], [2, [`mmio: unknown option "--jsn" (try --help)`]]);
 * ```
 */
export async function main(
  args: string[],
  output: CliOutput = consoleOutput,
): Promise<number> {
  if (!Array.isArray(args) || args.some((a) => typeof a !== "string")) {
    throw new TypeError(`args must be an array of strings, got ${typeof args}`);
  }
  if (
    output === null || typeof output !== "object" ||
    typeof output.out !== "function" || typeof output.err !== "function"
  ) {
    throw new TypeError("output must have out and err functions");
  }
  const safe: CliOutput = {
    out: (line) => {
      for (const l of line.split("\n")) output.out(safeLine(l));
    },
    err: (line) => {
      for (const l of line.split("\n")) output.err(safeLine(l));
    },
  };
  const parsed = parse(args, safe);
  if (typeof parsed === "number") return parsed;
  let exitCode = 0;
  for (const [i, file] of parsed.files.entries()) {
    if (
      !parsed.json && parsed.command !== "check" && parsed.files.length > 1 &&
      i > 0
    ) {
      safe.out("");
    }
    exitCode = Math.max(exitCode, await run(parsed, file, safe));
  }
  return exitCode;
}

if (import.meta.main) {
  Deno.exitCode = await main(Deno.args);
}
