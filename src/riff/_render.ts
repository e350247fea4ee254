// The text and JSON the CLI prints for each command's result: one line per
// array element, every piece of file text already escaped by the RIFF tools
// (the CLI's output guard catches anything left).

import type {
  RiffChunk,
  RiffInfo,
  RiffProblem,
  RiffUnfinished,
  RiffUnfinishedSize,
  RiffWalk,
} from "./types.ts";
import { FORMAT_TAG_NAMES } from "../_format_tags.ts";
import { plural, sizeText } from "./_text.ts";

/** "not a RIFF file (it starts with 'ID3\x04')", "the file is empty". */
export function notRiff(walk: { problems: RiffProblem[] }): string {
  const message = walk.problems[0]?.message ?? "not a RIFF file";
  return message.replace(/^not a RIFF file: (.*)$/, "not a RIFF file ($1)");
}

/** Where the walk found an unfinished size, by header offset. */
function unfinishedAt(
  u: RiffUnfinished | null,
  offset: number,
): RiffUnfinishedSize | undefined {
  if (u?.chunk?.offset === offset) return u.chunk;
  if (u?.form?.offset === offset) return u.form;
  return undefined;
}

export function chunkJson(c: RiffChunk): Record<string, unknown> {
  if (c.id === "zeros") return { id: "zeros", offset: c.offset, size: c.size };
  return {
    id: c.id,
    ...(c.type === undefined ? {} : { type: c.type }),
    offset: c.offset,
    size: c.size,
    storedSize: c.storedSize,
    dataOffset: c.dataOffset,
    ...(c.children ? { children: c.children.map(chunkJson) } : {}),
  };
}

function treeLines(
  chunks: RiffChunk[],
  u: RiffUnfinished | null,
  indent: string,
  lines: string[],
): void {
  chunks.forEach((c, i) => {
    const last = i === chunks.length - 1;
    const branch = `${indent}${last ? "└─" : "├─"}`;
    if (c.id === "zeros") {
      lines.push(
        `${branch} (zeros)  offset ${c.offset}  size ${c.size} (${
          plural(c.size / 8, "empty chunk")
        } with id 0)`,
      );
      return;
    }
    const type = c.type === undefined ? "" : ` '${c.type}'`;
    const cut = unfinishedAt(u, c.offset);
    const declared = cut ? cut.declared : c.size;
    const notes: string[] = [];
    if (declared !== c.storedSize) notes.push(`ds64: ${declared}`);
    if (cut) notes.push(`unfinished: ${c.size} bytes present`);
    const note = notes.length ? ` (${notes.join("; ")})` : "";
    lines.push(
      `${branch} ${c.id}${type}  offset ${c.offset}  size ${
        sizeText(c.storedSize)
      }${note}`,
    );
    if (c.children) {
      treeLines(c.children, u, indent + (last ? "   " : "│  "), lines);
    }
  });
}

const SPEAKERS = [
  "FL",
  "FR",
  "FC",
  "LFE",
  "BL",
  "BR",
  "FLC",
  "FRC",
  "BC",
  "SL",
  "SR",
  "TC",
  "TFL",
  "TFC",
  "TFR",
  "TBL",
  "TBC",
  "TBR",
];

function hex(n: number, digits: number): string {
  return `0x${n.toString(16).padStart(digits, "0")}`;
}

function formatName(tag: number): string {
  return FORMAT_TAG_NAMES[tag]
    ? `${hex(tag, 4)} (${FORMAT_TAG_NAMES[tag]})`
    : hex(tag, 4);
}

function maskText(mask: number): string {
  const names = SPEAKERS.filter((_, i) => mask & (1 << i));
  return names.length ? `${hex(mask, 4)} (${names.join(" ")})` : hex(mask, 4);
}

function seconds(s: number): string {
  return `${s.toFixed(3)} s`;
}

function row(label: string, value: string): string {
  return `${label.padEnd(13)} ${value}`;
}

export function infoLines(file: string, info: RiffInfo): string[] {
  const lines = [
    row(
      "file",
      file === "-"
        ? `- (standard input, ${info.fileSize} bytes)`
        : `${file} (${info.fileSize} bytes)`,
    ),
    row(
      "form",
      `${info.form} '${info.formType}' (size ${sizeText(info.riffSize)}${
        info.rf64 ? ", from its ds64 chunk" : ""
      })`,
    ),
  ];
  if (info.rf64) {
    lines.push(
      row("64-bit", `${info.form}: the true sizes are in its ds64 chunk`),
    );
  }
  if (info.bigEndian) lines.push(row("byte order", "big-endian (RIFX)"));
  const u = info.unfinished;
  if (u) {
    const what = u.chunk ?? u.form!;
    lines.push(
      row(
        "unfinished",
        `'${what.id}' size ${
          sizeText(what.declared)
        } (only ${what.present} in the file); run "mmio repair" to fix`,
      ),
    );
  }
  const f = info.format;
  if (f) {
    const sub = f.subFormatTag === undefined
      ? ""
      : info.extensible && !info.extensible.standard
      ? `, sub-format {${info.extensible.subFormat}}`
      : `, sub-format ${formatName(f.subFormatTag)}`;
    lines.push(
      row("format tag", `${formatName(f.formatTag)}${sub}`),
      row("channels", `${f.channels}`),
    );
    if (info.extensible) {
      lines.push(row("channel mask", maskText(info.extensible.channelMask)));
    }
    const valid = info.extensible &&
        info.extensible.validBitsPerSample !== f.bitsPerSample
      ? ` (${info.extensible.validBitsPerSample} valid)`
      : "";
    lines.push(
      row("sample rate", `${f.sampleRate} Hz`),
      row("byte rate", `${f.byteRate} bytes/s`),
      row("block align", `${f.blockAlign} bytes`),
      row("bits", `${f.bitsPerSample}${valid}`),
    );
  }
  if (info.dataPresent !== undefined) {
    let length = "";
    if (info.framesFrom === "data") {
      length = `, ${plural(info.frames!, "frame")}`;
    } else if (f && f.blockAlign > 0) {
      const blocks = `${
        plural(info.blocks ?? 0, "block")
      } of ${f.blockAlign} bytes`;
      // A recorder writes its sample count first and updates it at the end.
      const stale = info.unfinished
        ? "; an unfinished recording may not have updated it"
        : "";
      length = info.frames !== undefined
        ? `, ${
          plural(info.frames, "frame")
        } (from ${info.framesFrom}${stale}), ${blocks}`
        : `, frames unknown (no fact chunk): ${blocks}`;
    }
    lines.push(row("data", `${info.dataPresent} bytes${length}`));
  }
  const avi = info.avi;
  if (avi) {
    lines.push(
      row("frames", `${avi.frames}`),
      row("size", `${avi.width}x${avi.height}`),
      row(
        "frame rate",
        avi.frameRate === null
          ? "unknown"
          : `${+avi.frameRate.toFixed(3)} frames/s`,
      ),
      row("streams", `${avi.streams.length}`),
    );
    avi.streams.forEach((s, i) => {
      const rate = s.scale > 0 ? +(s.rate / s.scale).toFixed(3) : 0;
      const detail = s.type === "vids"
        ? `'${s.compression ?? s.handler}' ${s.width ?? "?"}x${
          s.height ?? "?"
        }, ${s.length} frames at ${rate}/s`
        : s.type === "auds"
        ? `${s.formatTag === undefined ? "audio" : formatName(s.formatTag)}, ${
          s.channels ?? "?"
        } ch, ${s.sampleRate ?? "?"} Hz`
        : `'${s.handler}', length ${s.length}`;
      lines.push(row(`stream ${i}`, `${s.type} ${detail}`));
    });
  }
  const webp = info.webp;
  if (webp) {
    lines.push(
      row("canvas", `${webp.width}x${webp.height}`),
      row(
        "encoding",
        `${webp.encoding}${webp.alpha ? ", with alpha" : ""}`,
      ),
      row(
        "animation",
        webp.animated
          ? `${plural(webp.frames, "frame")}, loop count ${webp.loopCount}`
          : "no",
      ),
    );
  }
  if (info.duration !== undefined) {
    lines.push(row("duration", seconds(info.duration)));
  } else if (f && info.dataPresent !== undefined) {
    const estimate = f.byteRate > 0
      ? ` (about ${
        seconds(info.dataPresent / f.byteRate)
      } at ${f.byteRate} bytes/s)`
      : "";
    lines.push(row("duration", `unknown${estimate}`));
  }
  if (info.bext) {
    lines.push(row("description", info.bext.description));
    if (info.bext.originator) {
      lines.push(row("originator", info.bext.originator));
    }
    if (info.bext.date) lines.push(row("date", info.bext.date));
  }
  for (const [id, text] of info.tags) lines.push(row(`tag ${id}`, text));
  if (!f && !avi && !webp) {
    lines.push(row("chunks", `${info.chunkCount}`));
    for (const c of info.chunks) {
      const type = c.type === undefined ? "" : ` '${c.type}'`;
      lines.push(row("", `${c.id}${type}  offset ${c.offset}  size ${c.size}`));
    }
    if (info.chunkCount > info.chunks.length) {
      lines.push(
        row("", `... and ${info.chunkCount - info.chunks.length} more`),
      );
    }
  }
  if (info.problemCount > (info.unfinished ? 1 : 0)) {
    lines.push(
      `(${
        plural(info.problemCount, "structural problem")
      }: run "check" for details)`,
    );
  }
  return lines;
}

export function infoJson(
  file: string,
  info: RiffInfo,
): Record<string, unknown> {
  const f = info.format;
  const wave = info.formType === "WAVE";
  return {
    file,
    form: info.form,
    type: info.formType,
    rf64: info.rf64,
    bigEndian: info.bigEndian,
    size: info.sizeKnown ? info.fileSize : null,
    riffSize: info.riffSize,
    unfinished: info.unfinished !== null,
    ...(f
      ? {
        format: {
          formatTag: f.formatTag,
          formatName: FORMAT_TAG_NAMES[f.formatTag] ?? null,
          channels: f.channels,
          sampleRate: f.sampleRate,
          byteRate: f.byteRate,
          blockAlign: f.blockAlign,
          bitsPerSample: f.bitsPerSample,
          ...(f.subFormatTag === undefined ? {} : {
            subFormat: f.subFormatTag,
            subFormatName: FORMAT_TAG_NAMES[f.subFormatTag] ?? null,
          }),
          ...(info.extensible
            ? {
              validBitsPerSample: info.extensible.validBitsPerSample,
              channelMask: info.extensible.channelMask,
              subFormatGuid: info.extensible.subFormat,
            }
            : {}),
        },
      }
      : {}),
    ...(info.dataPresent === undefined ? {} : {
      dataBytes: info.dataPresent,
      dataSize: info.dataSize,
    }),
    ...(wave || info.frames !== undefined
      ? { frames: info.frames ?? null, framesFrom: info.framesFrom ?? null }
      : {}),
    ...(info.blocks === undefined ? {} : { blocks: info.blocks }),
    ...(info.factSamples === undefined
      ? {}
      : { factSamples: info.factSamples }),
    ...(wave || info.duration !== undefined
      ? { duration: info.duration ?? null }
      : {}),
    ...(info.tags.length
      ? { tags: Object.fromEntries([...info.tags].reverse()) }
      : {}),
    ...(info.bext ? { bext: info.bext } : {}),
    ...(info.avi ? { avi: info.avi } : {}),
    ...(info.webp ? { webp: info.webp } : {}),
    chunks: info.chunks,
    chunkCount: info.chunkCount,
    problemCount: info.problemCount,
  };
}

export function valueText(v: number | string): string {
  return typeof v === "number" ? sizeText(v) : v;
}

/** The `tree` text: the header line, then one line per chunk. */
export function treeText(file: string, walk: RiffWalk): string[] {
  const lines = [
    file === "-"
      ? `-  (standard input) ${walk.fileSize} bytes`
      : `${file}  ${walk.fileSize} bytes`,
  ];
  treeLines(walk.chunks, walk.unfinished, "", lines);
  return lines;
}
