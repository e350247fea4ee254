#!/bin/sh
# Makes the WAVE fixtures of tests/wave_fixtures_test.ts, and next to each
# file the samples its own maker decodes from it:
#   NAME.f32  32-bit float, little-endian, interleaved (every file)
#   NAME.s32  32-bit signed integer, little-endian, interleaved (integer PCM:
#             the stored value shifted into the top bits, as FFmpeg and SoX
#             widen integers)
# FFmpeg-made files are decoded by FFmpeg, SoX-made files by SoX. SoX's
# float output keeps 24 bits below full scale (it is not rounded to the
# nearest float), so for its 32-bit integer and 64-bit float files it is
# within 2^-23 of the exact value; for those two FFmpeg's decode
# (NAME.ffmpeg.f32, rounded to the nearest float) is kept as well.
# Run from this directory: sh make.sh (FFmpeg 5.1, SoX 14.4.2). The tests do
# not need either tool: the outputs are committed.
set -eu
cd "$(dirname "$0")"

FF="ffmpeg -hide_banner -loglevel error -y"
# 200 frames at 8 kHz; 1.1x full scale so that integer formats clip at both
# ends (the most negative value and the most positive one both occur).
SIG1="aevalsrc=1.1*sin(2*PI*440*t)+0.05*sin(2*PI*3100*t):s=8000:d=0.025"
SIG2="aevalsrc=1.1*sin(2*PI*440*t)|0.7*sin(2*PI*1000*t+1)-0.3:s=8000:d=0.025"
SIG6="aevalsrc=sin(2*PI*300*t)|0.5*sin(2*PI*500*t)|-0.25|0.9*sin(2*PI*1700*t)|1.1*sin(2*PI*90*t)|0.001*sin(2*PI*2000*t):s=8000:d=0.0125"

ff() { # ff NAME SIGNAL ENCODER [muxer options...]
  name=$1 sig=$2 codec=$3
  shift 3
  $FF -f lavfi -i "$sig" -fflags +bitexact -flags +bitexact -c:a "$codec" "$@" "$name.wav"
  $FF -i "$name.wav" -f f32le -c:a pcm_f32le "$name.f32"
}
ffint() { ff "$@"; $FF -i "$1.wav" -f s32le -c:a pcm_s32le "$1.s32"; }

ffint u8_mono "$SIG1" pcm_u8
ffint s16_stereo "$SIG2" pcm_s16le
ffint s24_stereo_ext "$SIG2" pcm_s24le # FFmpeg: EXTENSIBLE above 16 bits
ffint s32_stereo_ext "$SIG2" pcm_s32le
ff f32_stereo "$SIG2" pcm_f32le # format 3 with a fact chunk
ff f64_stereo "$SIG2" pcm_f64le
ff alaw_mono "$SIG1" pcm_alaw
ff mulaw_stereo "$SIG2" pcm_mulaw
ffint s16_6ch "$SIG6" pcm_s16le # EXTENSIBLE, mask 0x3F
ff f32_6ch "$SIG6" pcm_f32le
ffint rf64_always "$SIG2" pcm_s16le -rf64 always
ffint rf64_auto "$SIG2" pcm_s16le -rf64 auto # RIFF with a JUNK placeholder
ffint tags "$SIG1" pcm_s16le \
  -metadata title="Take 1" -metadata artist="Zoë & the Testers" \
  -metadata comment="made by ffmpeg -metadata" -metadata date=2024-05-06 \
  -metadata genre=Test
ffint bext "$SIG1" pcm_s16le -write_bext 1 \
  -metadata description="A bext fixture" -metadata originator=ffmpeg \
  -metadata originator_reference=REF0001 -metadata origination_date=2024-05-06 \
  -metadata origination_time=12:34:56 -metadata time_reference=96000
# Not decodable here: opened with their format and fact, read rejects.
$FF -f lavfi -i "$SIG1" -fflags +bitexact -flags +bitexact -c:a adpcm_ms adpcm_ms.wav
$FF -f lavfi -i "$SIG1" -fflags +bitexact -flags +bitexact -c:a adpcm_ima_wav adpcm_ima.wav
# A recording to a pipe: FFmpeg cannot seek back, so the RIFF and data sizes
# stay 0xFFFFFFFF (unfinished).
$FF -f lavfi -i "$SIG2" -fflags +bitexact -flags +bitexact -c:a pcm_s16le -f wav pipe:1 > pipe.wav
$FF -i pipe.wav -f f32le -c:a pcm_f32le pipe.f32
$FF -i pipe.wav -f s32le -c:a pcm_s32le pipe.s32

sx() { # sx NAME CHANNELS TYPE [format options...]
  name=$1 ch=$2 type=$3
  shift 3
  sox -D -n -r 8000 -c "$ch" -t "$type" "$@" "$name.wav" synth 0.025 sine 440 sine 1000 sine 200 sine 2500 sine 60 sine 3000 gain -n -0.1
  sox -D "$name.wav" -t raw -e floating-point -b 32 -L "$name.f32"
}
sxint() { sx "$@"; sox -D "$1.wav" -t raw -e signed-integer -b 32 -L "$1.s32"; }

sxint u8_stereo_sox 2 wav -e unsigned-integer -b 8
sxint s16_mono_sox 1 wav -e signed-integer -b 16
sxint s24_stereo_sox 2 wavpcm -e signed-integer -b 24 # plain format 1, 24-bit
sxint s32_mono_sox 1 wavpcm -e signed-integer -b 32
sxint s24_6ch_sox 6 wav -e signed-integer -b 24 # SoX: EXTENSIBLE
sx f32_mono_sox 1 wav -e floating-point -b 32
sx f64_mono_sox 1 wav -e floating-point -b 64
sx alaw_stereo_sox 2 wav -e a-law
sx mulaw_mono_sox 1 wav -e u-law
for name in s32_mono_sox f64_mono_sox; do
  $FF -i "$name.wav" -f f32le -c:a pcm_f32le "$name.ffmpeg.f32"
done
