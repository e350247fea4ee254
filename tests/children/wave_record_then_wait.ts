// Child process for tests/wave_crash_test.ts: records seeded frames with
// WaveWriter in uneven blocks, awaits flush() and prints "flushed <frames>",
// then records 2,200,000 more frames (at least a block of them reaches the
// file, the last stay in the writer's block), prints "more", and waits to
// be killed with SIGKILL: no close, no exit handler.
//
// Usage: wave_record_then_wait.ts <path> <uint8|int16|float32> <channels>
//        <frames before the flush> <seed>

import { WaveWriter } from "../../src/wave/mod.ts";
import { seededFrames } from "../_wave_helpers.ts";

const [path, sample, channelsArg, framesArg, seedArg] = Deno.args;
const channels = Number(channelsArg);
const frames = Number(framesArg);
const seed = Number(seedArg);
if (sample !== "uint8" && sample !== "int16" && sample !== "float32") {
  throw new TypeError(`sample ${sample}`);
}
const MORE = 2_200_000;
const all = seededFrames(sample, channels, frames + MORE, seed);

const w = await WaveWriter.create(path, {
  sampleRate: 48000,
  channels,
  sample,
});
let done = 0;
let size = 1;
const writeUpTo = async (end: number): Promise<void> => {
  while (done < end) {
    // Blocks of 1 to ~200,000 frames: some through the buffer, some past it.
    const n = Math.min(end - done, size);
    await w.write(all.subarray(done * channels, (done + n) * channels));
    done += n;
    size = (size * 7 + 13) % 200_003;
  }
};
await writeUpTo(frames);
await w.flush();
console.log(`flushed ${w.frames}`);
await writeUpTo(frames + MORE - 10);
await w.write(all.subarray(done * channels, (done + 10) * channels));
console.log("more");
// Stay alive (a timer keeps the event loop running) until killed.
setInterval(() => {}, 60_000);
