// One werift RTCPeerConnection driven over JSON lines (stdin: commands, stdout: replies and events),
// so NUnit tests can use werift as a second, independent WebRTC stack (WeriftPeer.cs).
//
// Every command is {id, cmd, ...}; every reply is {id, ok:true, ...} or {id, ok:false, error}.
// Lines without an id are events: {event:"connectionState", state} and {event:"log", message}.
// Nothing but JSON goes to stdout; werift's own debug output (if any) goes to stderr.
import { readFileSync, existsSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import {
  RTCPeerConnection,
  RTCRtpCodecParameters,
  MediaStreamTrack,
  RtpHeader,
  RtpPacket,
  useSdesMid,
  useAbsSendTime,
  useTransportWideCC,
  useAudioLevelIndication,
  useNACK,
  usePLI,
  useFIR,
  useREMB,
} from "werift";

const here = dirname(fileURLToPath(import.meta.url));

// ---------------------------------------------------------------- output

function emit(obj) {
  process.stdout.write(JSON.stringify(obj) + "\n");
}

// ---------------------------------------------------------------- media sources

/** Frames of the committed VP8 clip (IVF: 32-byte file header, then 12-byte frame headers). */
function readIvf(path) {
  const data = readFileSync(path);
  if (data.toString("ascii", 0, 4) !== "DKIF") throw new Error(`${path} is not IVF`);
  const headerSize = data.readUInt16LE(6);
  const frames = [];
  for (let at = headerSize; at + 12 <= data.length; ) {
    const size = data.readUInt32LE(at);
    const frame = data.subarray(at + 12, at + 12 + size);
    // RFC 6386 §9.1: bit 0 of the frame tag is 0 for a key frame.
    frames.push({ data: frame, key: (frame[0] & 1) === 0 });
    at += 12 + size;
  }
  if (frames.length === 0 || !frames[0].key) throw new Error(`${path}: first frame is not a key frame`);
  return frames;
}

const clipPath = join(here, "clip-vp8.ivf");
let clip = null;
function vp8Clip() {
  if (clip === null) clip = existsSync(clipPath) ? readIvf(clipPath) : [];
  return clip;
}

/** Opus packets of the committed tone clip (RFC 7845 Ogg encapsulation; RFC 3533 pages and lacing),
 *  without the OpusHead/OpusTags header packets. */
function readOggOpus(path) {
  const data = readFileSync(path);
  const packets = [];
  let pending = [];
  for (let at = 0; at + 27 <= data.length; ) {
    if (data.toString("ascii", at, at + 4) !== "OggS") throw new Error(`${path}: no Ogg page at ${at}`);
    const segments = data[at + 26];
    let body = at + 27 + segments;
    for (let i = 0; i < segments; i++) {
      const size = data[at + 27 + i];
      pending.push(data.subarray(body, body + size));
      body += size;
      // A lacing value below 255 ends the packet; 255 continues it (possibly on the next page).
      if (size < 255) {
        const packet = Buffer.concat(pending);
        pending = [];
        const head = packet.toString("ascii", 0, 8);
        if (head !== "OpusHead" && head !== "OpusTags" && packet.length > 0) packets.push(packet);
      }
    }
    at = body;
  }
  if (packets.length === 0) throw new Error(`${path}: no Opus packets`);
  return packets;
}

/** RFC 6716 §3.1: the samples (at 48 kHz) one Opus packet carries, from its TOC byte (and frame count). */
function opusSamples(packet) {
  const config = packet[0] >> 3;
  let frameMs;
  if (config < 12) frameMs = [10, 20, 40, 60][config % 4]; // SILK
  else if (config < 16) frameMs = [10, 20][config % 2]; // hybrid
  else frameMs = [2.5, 5, 10, 20][config % 4]; // CELT
  const code = packet[0] & 3;
  const frames = code === 0 ? 1 : code === 3 ? (packet[1] ?? 0) & 0x3f : 2;
  return Math.round(48 * frameMs * frames);
}

const opusClipPath = join(here, "clip-opus.ogg");
let opusClip = null;
function toneClip() {
  if (opusClip === null) opusClip = readOggOpus(opusClipPath);
  return opusClip;
}

/** A VP8 frame of the given size that only looks right at the RTP level (not decodable):
 *  a frame tag with the key/inter bit, and for key frames the start code and a 16x16 size. */
function syntheticVp8Frame(key, size) {
  const frame = Buffer.alloc(Math.max(size, 10), 0x55);
  const firstPartition = Math.min(frame.length - 10, 0x7ffff);
  const tag = (key ? 0 : 1) | (0 << 1) | (1 << 4) | (firstPartition << 5); // version 0, show_frame
  frame[0] = tag & 0xff;
  frame[1] = (tag >> 8) & 0xff;
  frame[2] = (tag >> 16) & 0xff;
  if (key) {
    frame[3] = 0x9d; frame[4] = 0x01; frame[5] = 0x2a; // RFC 6386 §9.1 start code
    frame.writeUInt16LE(16, 6);
    frame.writeUInt16LE(16, 8);
  }
  return frame;
}

// RFC 7587 §3 / RFC 6716 §3.1: TOC 0xF8 = CELT fullband 20 ms, mono, one frame; the two bytes after
// it decode as silence. Decoders accept it, and it is the size Opus DTX-ish silence has on the wire.
const OPUS_SILENCE = Buffer.from([0xf8, 0xff, 0xfe]);

/** RFC 7741 §4.2 payload descriptor with a 15-bit PictureID (X=1, I=1, M=1). */
function vp8Descriptor(start, pictureId) {
  return Buffer.from([0x80 | (start ? 0x10 : 0), 0x80, 0x80 | ((pictureId >> 8) & 0x7f), pictureId & 0xff]);
}

/** RFC 7741 §4.3: is this packet the first of a VP8 key frame? */
function isVp8KeyFrameStart(payload) {
  if (payload.length < 1) return false;
  const b0 = payload[0];
  const start = (b0 & 0x10) !== 0;
  const partition = b0 & 0x07;
  if (!start || partition !== 0) return false;
  let at = 1;
  if (b0 & 0x80) {
    if (payload.length < 2) return false;
    const x = payload[at++];
    if (x & 0x80) at += payload[at] & 0x80 ? 2 : 1; // PictureID
    if (x & 0x40) at += 1; // TL0PICIDX
    if (x & 0x30) at += 1; // TID/KEYIDX
  }
  return at < payload.length && (payload[at] & 0x01) === 0;
}

/** RFC 7741 §4.2: the payload descriptor's start bit, partition index and where the VP8 data begins. */
function parseVp8Descriptor(payload) {
  if (payload.length < 1) return null;
  const b0 = payload[0];
  let at = 1;
  if (b0 & 0x80) {
    if (payload.length < 2) return null;
    const x = payload[at++];
    if (x & 0x80) at += (payload[at] ?? 0) & 0x80 ? 2 : 1; // PictureID, 7 or 15 bits
    if (x & 0x40) at += 1; // TL0PICIDX
    if (x & 0x30) at += 1; // TID/Y/KEYIDX
  }
  if (at > payload.length) return null;
  return { start: (b0 & 0x10) !== 0, partition: b0 & 0x07, body: payload.subarray(at) };
}

// Complete frames kept per SSRC for saveIvf (from the first key frame on), bounded.
const MAX_KEPT_FRAMES = 3000;

/**
 * Reassembles VP8 frames from RTP (RFC 7741 §4.5): a frame starts with S=1 and partition 0, continues
 * on consecutive sequence numbers with the same timestamp, and ends on the marker bit. A gap, a
 * timestamp change or a new start before the marker drops the frame (counted as incomplete).
 */
function depacketizeVp8(s, rtp) {
  const d = parseVp8Descriptor(rtp.payload);
  if (!d) { s.badPayloads++; return; }
  const seq = rtp.header.sequenceNumber;
  const ts = rtp.header.timestamp >>> 0;
  if (d.start && d.partition === 0) {
    if (s.assembly) s.incompleteFrames++;
    s.assembly = { ts, nextSeq: (seq + 1) & 0xffff, parts: [d.body] };
  } else if (s.assembly && s.assembly.ts === ts && s.assembly.nextSeq === seq) {
    s.assembly.parts.push(d.body);
    s.assembly.nextSeq = (seq + 1) & 0xffff;
  } else {
    if (s.assembly) { s.incompleteFrames++; s.assembly = null; }
    return;
  }
  if (!rtp.header.marker) return;
  const frame = Buffer.concat(s.assembly.parts);
  s.assembly = null;
  if (frame.length < 3) { s.incompleteFrames++; return; }
  // RFC 6386 §9.1: frame tag bit 0 clear = key frame; a key frame carries the start code and 14-bit sizes.
  const key = (frame[0] & 1) === 0;
  s.frames++;
  if (key) {
    s.completeKeyFrames++;
    if (frame.length >= 10 && frame[3] === 0x9d && frame[4] === 0x01 && frame[5] === 0x2a) {
      s.width = frame.readUInt16LE(6) & 0x3fff;
      s.height = frame.readUInt16LE(8) & 0x3fff;
    }
  }
  if ((s.kept.length > 0 || key) && s.kept.length < MAX_KEPT_FRAMES) s.kept.push({ ts, data: frame });
}

/** Writes the kept frames of one SSRC as IVF (32-byte header, 12-byte frame headers, 1/90000 time base). */
function writeIvf(path, s) {
  const header = Buffer.alloc(32);
  header.write("DKIF", 0, "ascii");
  header.writeUInt16LE(0, 4);
  header.writeUInt16LE(32, 6);
  header.write("VP80", 8, "ascii");
  header.writeUInt16LE(s.width, 12);
  header.writeUInt16LE(s.height, 14);
  header.writeUInt32LE(90000, 16);
  header.writeUInt32LE(1, 20);
  header.writeUInt32LE(s.kept.length, 24);
  const chunks = [header];
  const first = s.kept[0]?.ts ?? 0;
  for (const f of s.kept) {
    const h = Buffer.alloc(12);
    h.writeUInt32LE(f.data.length, 0);
    h.writeBigUInt64LE(BigInt((f.ts - first) >>> 0), 4);
    chunks.push(h, f.data);
  }
  writeFileSync(path, Buffer.concat(chunks));
}

/** RFC 6184 §5: an IDR slice or SPS alone, in a STAP-A, or at the start of an FU-A. */
function isH264KeyFrame(payload) {
  if (payload.length < 2) return false;
  const type = payload[0] & 0x1f;
  if (type === 5 || type === 7) return true;
  if (type === 24) {
    for (let at = 1; at + 2 < payload.length; ) {
      const size = payload.readUInt16BE(at);
      const nal = payload[at + 2] & 0x1f;
      if (nal === 5 || nal === 7) return true;
      at += 2 + size;
    }
    return false;
  }
  if (type === 28) return (payload[1] & 0x80) !== 0 && ((payload[1] & 0x1f) === 5 || (payload[1] & 0x1f) === 7);
  return false;
}

// ---------------------------------------------------------------- the peer

let pc = null;
/** Our m-lines in offer order: {index, kind, direction, transceiver, sending, sent stats}. */
const tracks = [];
/** Received RTP by SSRC: {ssrc, mid, kind, payloadType, packets, bytes, keyFrames, lastSeq}. */
const received = new Map();
let config = null;

function newPeerConnection(options) {
  const extensions = new Set(options.headerExtensions ?? ["mid", "abs-send-time", "audio-level"]);
  const videoFeedback = [useNACK(), usePLI(), useFIR(), useREMB()];
  const video = (options.videoCodecs ?? ["VP8"]).map((name, i) => {
    switch (String(name).toUpperCase()) {
      case "VP8":
        return new RTCRtpCodecParameters({ mimeType: "video/VP8", clockRate: 90000, payloadType: 96 + i * 2, rtcpFeedback: videoFeedback });
      case "H264":
        return new RTCRtpCodecParameters({
          mimeType: "video/H264", clockRate: 90000, payloadType: 96 + i * 2, rtcpFeedback: videoFeedback,
          parameters: "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f",
        });
      default:
        throw new Error(`unsupported video codec ${name}; use VP8 or H264`);
    }
  });
  const audio = [new RTCRtpCodecParameters({ mimeType: "audio/opus", clockRate: 48000, channels: 2, payloadType: 111, parameters: "minptime=10;useinbandfec=1" })];
  const ext = { audio: [], video: [] };
  if (extensions.has("mid")) { ext.audio.push(useSdesMid()); ext.video.push(useSdesMid()); }
  if (extensions.has("abs-send-time")) { ext.audio.push(useAbsSendTime()); ext.video.push(useAbsSendTime()); }
  if (extensions.has("twcc")) { ext.audio.push(useTransportWideCC()); ext.video.push(useTransportWideCC()); }
  if (extensions.has("audio-level")) ext.audio.push(useAudioLevelIndication());

  const peer = new RTCPeerConnection({
    codecs: { audio, video },
    headerExtensions: ext,
    // TESTING.md: the only way to keep werift on loopback (iceInterfaceAddresses does not restrict gathering).
    iceAdditionalHostAddresses: ["127.0.0.1"],
    iceUseIpv6: false,
    bundlePolicy: "max-bundle",
    iceFilterCandidatePair: (p) => p.protocol.localCandidate.host === "127.0.0.1",
  });
  peer.connectionStateChange.subscribe((state) => emit({ event: "connectionState", state }));
  peer.iceConnectionStateChange.subscribe((state) => emit({ event: "iceConnectionState", state }));
  return peer;
}

const watchedTracks = new WeakSet();

function watchReceiver(transceiver) {
  // Tracks signalled by a=ssrc in a remote offer are added during setRemoteDescription, before we could
  // subscribe to onTrack: watch those that exist, and those still to come.
  for (const track of transceiver.receiver.tracks) watchTrack(transceiver, track);
  transceiver.onTrack.subscribe((track) => watchTrack(transceiver, track));
}

function watchTrack(transceiver, track) {
  if (watchedTracks.has(track)) return;
  watchedTracks.add(track);
  track.onReceiveRtp.subscribe((rtp) => {
    const ssrc = rtp.header.ssrc >>> 0;
    let s = received.get(ssrc);
    if (!s) {
      s = {
        ssrc, mid: transceiver.mid, kind: transceiver.kind, payloadType: rtp.header.payloadType, packets: 0, bytes: 0, keyFrames: 0, lastSeq: -1,
        frames: 0, completeKeyFrames: 0, incompleteFrames: 0, badPayloads: 0, width: 0, height: 0, assembly: null, kept: [], lost: 0,
      };
      received.set(ssrc, s);
    }
    s.packets++;
    s.bytes += rtp.payload.length;
    s.lastSeq = rtp.header.sequenceNumber;
    // RFC 3550 §6.4.1 / A.3: expected = extended highest sequence number - first + 1; lost = expected - received.
    if (s.highestSeq === undefined) {
      s.firstSeq = s.highestSeq = rtp.header.sequenceNumber;
    } else {
      const delta = (rtp.header.sequenceNumber - (s.highestSeq & 0xffff) + 0x10000) & 0xffff;
      if (delta > 0 && delta < 0x8000) s.highestSeq += delta;
    }
    s.lost = s.highestSeq - s.firstSeq + 1 - s.packets;
    s.payloadType = rtp.header.payloadType;
    if (transceiver.kind === "video") {
      const codec = transceiver.codecs.find((c) => c.payloadType === rtp.header.payloadType);
      const mime = (codec?.mimeType ?? "video/VP8").toLowerCase();
      const key = mime === "video/h264" ? isH264KeyFrame(rtp.payload) : isVp8KeyFrameStart(rtp.payload);
      if (key) s.keyFrames++;
      if (mime === "video/vp8") depacketizeVp8(s, rtp);
    }
  });
}

function trackInfo(t) {
  return {
    index: t.index,
    kind: t.kind,
    direction: t.direction,
    mid: t.transceiver.mid,
    ssrc: t.transceiver.sender.ssrc >>> 0,
    sending: t.timer !== null,
    packetsSent: t.packetsSent,
    bytesSent: t.bytesSent,
    framesSent: t.framesSent,
    keyFramesSent: t.keyFramesSent,
    plisReceived: t.plisReceived,
    nacksReceived: t.nacksReceived,
    codec: t.transceiver.sender.codec?.mimeType ?? null,
  };
}

function addTransceiver(kind, direction) {
  const index = tracks.length;
  let transceiver;
  let source = null;
  if (direction === "sendrecv" || direction === "sendonly") {
    source = new MediaStreamTrack({ kind });
    transceiver = pc.addTransceiver(source, { direction });
  } else {
    transceiver = pc.addTransceiver(kind, { direction });
  }
  const t = {
    index, kind, direction, transceiver, source, timer: null,
    packetsSent: 0, bytesSent: 0, framesSent: 0, keyFramesSent: 0, plisReceived: 0, nacksReceived: 0,
    seq: Math.floor(Math.random() * 0xffff), timestamp: Math.floor(Math.random() * 0xffffffff), pictureId: Math.floor(Math.random() * 0x7fff),
    frameIndex: 0, keyFrameRequested: true,
  };
  transceiver.sender.onPictureLossIndication.subscribe(() => { t.plisReceived++; t.keyFrameRequested = true; });
  transceiver.sender.onGenericNack.subscribe(() => { t.nacksReceived++; });
  watchReceiver(transceiver);
  tracks.push(t);
  return t;
}

function findTrack(msg) {
  const t = msg.mid !== undefined
    ? tracks.find((x) => x.transceiver.mid === String(msg.mid))
    : tracks[msg.track ?? msg.index ?? -1];
  if (!t) throw new Error(`no track ${msg.mid !== undefined ? "with mid " + msg.mid : "at index " + (msg.track ?? msg.index)}`);
  return t;
}

function sendPacket(t, payload, marker, timestamp, extensions = []) {
  const header = new RtpHeader({ payloadType: 0, sequenceNumber: t.seq, timestamp, ssrc: 0, marker, extensions });
  t.seq = (t.seq + 1) & 0xffff;
  t.packetsSent++;
  t.bytesSent += payload.length;
  // The sender rewrites SSRC, payload type and adds the negotiated header extensions.
  t.source.writeRtp(new RtpPacket(header, payload));
}

/** One tick of a track's source: an audio packet, or one video frame split into MTU-sized packets. */
function sendTick(t, opts) {
  if (t.kind === "audio") {
    const ext = [];
    const levelId = t.transceiver.headerExtensions.find((e) => e.uri === "urn:ietf:params:rtp-hdrext:ssrc-audio-level")?.id;
    if (levelId !== undefined && opts.audioLevel !== undefined) {
      // RFC 6464 §3: V bit + level in -dBov (0 = loudest, 127 = silence).
      ext.push({ id: levelId, payload: Buffer.from([0x80 | Math.min(127, Math.max(0, opts.audioLevel))]) });
    }
    if (opts.audioClip) {
      // The tone clip's packets in a loop; the timestamp advances by what each packet carries.
      const packets = toneClip();
      const packet = packets[t.frameIndex % packets.length];
      t.frameIndex = (t.frameIndex + 1) % packets.length;
      sendPacket(t, packet, false, t.timestamp, ext);
      t.timestamp = (t.timestamp + opusSamples(packet)) >>> 0;
    } else {
      sendPacket(t, opts.payloadSize ? Buffer.alloc(opts.payloadSize, 0xfe).fill(0xf8, 0, 1) : OPUS_SILENCE, false, t.timestamp, ext);
      t.timestamp = (t.timestamp + Math.round(48000 / opts.rate)) >>> 0;
    }
    t.framesSent++;
    return;
  }

  let frame;
  let key;
  const frames = opts.synthetic ? [] : vp8Clip();
  if (frames.length > 0) {
    // A key-frame request restarts the clip at its first (key) frame, so the result stays decodable.
    if (t.keyFrameRequested) t.frameIndex = 0;
    const f = frames[t.frameIndex % frames.length];
    t.frameIndex = (t.frameIndex + 1) % frames.length;
    frame = f.data;
    key = f.key;
  } else {
    key = t.keyFrameRequested || (opts.keyFrameInterval > 0 && t.framesSent % opts.keyFrameInterval === 0);
    frame = syntheticVp8Frame(key, opts.payloadSize ?? 1000);
  }
  t.keyFrameRequested = false;
  const mtu = 1100;
  for (let at = 0; at < frame.length; at += mtu) {
    const chunk = frame.subarray(at, Math.min(frame.length, at + mtu));
    const last = at + mtu >= frame.length;
    sendPacket(t, Buffer.concat([vp8Descriptor(at === 0, t.pictureId), chunk]), last, t.timestamp);
  }
  t.pictureId = (t.pictureId + 1) & 0x7fff;
  t.timestamp = (t.timestamp + Math.round(90000 / opts.rate)) >>> 0;
  t.framesSent++;
  if (key) t.keyFramesSent++;
}

// ---------------------------------------------------------------- commands

const commands = {
  /** {send:[{kind, direction?}], recv:[{kind}]} or the shorthand {audio:true, video:true}. */
  async createOffer(msg) {
    if (pc) throw new Error("createOffer: a peer connection exists already (one per process)");
    config = msg;
    pc = newPeerConnection(msg);
    const send = msg.send ?? [...(msg.audio ? [{ kind: "audio" }] : []), ...(msg.video ? [{ kind: "video" }] : [])];
    for (const s of send) addTransceiver(s.kind, s.direction ?? "sendrecv");
    for (const r of msg.recv ?? []) addTransceiver(r.kind, "recvonly");
    if (tracks.length === 0) throw new Error("createOffer: no tracks (give send/recv or audio/video)");
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    return { sdp: pc.localDescription.sdp, tracks: tracks.map(trackInfo) };
  },

  /** {type:"answer"|"offer", sdp}; an offer (re)creates the peer connection if needed and returns the answer. */
  async setRemoteDescription(msg) {
    const type = msg.type ?? "answer";
    if (type === "offer") {
      if (!pc) { config = msg; pc = newPeerConnection(msg); }
      await pc.setRemoteDescription({ type, sdp: msg.sdp });
      for (const transceiver of pc.getTransceivers()) {
        if (tracks.some((t) => t.transceiver === transceiver)) continue;
        const t = { index: tracks.length, kind: transceiver.kind, direction: transceiver.direction, transceiver, source: null, timer: null, packetsSent: 0, bytesSent: 0, framesSent: 0, keyFramesSent: 0, plisReceived: 0, nacksReceived: 0 };
        watchReceiver(transceiver);
        tracks.push(t);
      }
      const answer = await pc.createAnswer();
      await pc.setLocalDescription(answer);
      return { sdp: pc.localDescription.sdp, tracks: tracks.map(trackInfo) };
    }
    if (!pc) throw new Error("setRemoteDescription(answer) before createOffer");
    await pc.setRemoteDescription({ type, sdp: msg.sdp });
    return { tracks: tracks.map(trackInfo) };
  },

  /** {track|mid, rate (packets/s for audio, frames/s for video), synthetic?, keyFrameInterval?, payloadSize?, audioLevel?} */
  async startSending(msg) {
    const t = findTrack(msg);
    if (!t.source) throw new Error(`track ${t.index} (mid ${t.transceiver.mid}) is ${t.direction}: it cannot send`);
    if (t.timer) clearInterval(t.timer);
    const opts = {
      rate: msg.rate ?? (t.kind === "audio" ? 50 : 15),
      synthetic: msg.synthetic ?? false,
      keyFrameInterval: msg.keyFrameInterval ?? 30,
      payloadSize: msg.payloadSize,
      audioLevel: msg.audioLevel,
      audioClip: msg.audioClip ?? false,
    };
    t.keyFrameRequested = true;
    t.timer = setInterval(() => {
      try { sendTick(t, opts); } catch (e) { emit({ event: "log", message: `send on track ${t.index}: ${e.message}` }); }
    }, 1000 / opts.rate);
    return { track: trackInfo(t), clipFrames: t.kind === "video" && !opts.synthetic ? vp8Clip().length : 0 };
  },

  /** {ssrc, path}: writes the complete VP8 frames received on ssrc (from its first key frame) as IVF. */
  async saveIvf(msg) {
    const s = received.get(Number(msg.ssrc) >>> 0);
    if (!s) throw new Error(`saveIvf: nothing received on ssrc ${msg.ssrc}`);
    if (s.kept.length === 0) throw new Error(`saveIvf: no complete key frame received on ssrc ${msg.ssrc}`);
    writeIvf(String(msg.path), s);
    return { frames: s.kept.length, width: s.width, height: s.height };
  },

  async stopSending(msg) {
    const t = findTrack(msg);
    if (t.timer) clearInterval(t.timer);
    t.timer = null;
    return { track: trackInfo(t) };
  },

  /** Sends an RTCP PLI for the first SSRC received on the track (or msg.ssrc). */
  async requestKeyFrame(msg) {
    const t = findTrack(msg);
    const ssrc = msg.ssrc ?? [...received.values()].find((s) => s.mid === t.transceiver.mid)?.ssrc;
    if (ssrc === undefined) throw new Error(`track ${t.index}: nothing received yet to request a key frame for`);
    await t.transceiver.receiver.sendRtcpPLI(ssrc);
    return { ssrc };
  },

  async stats() {
    const bySsrc = [...received.values()].map(({ assembly, kept, firstSeq, highestSeq, ...s }) => s);
    const byMid = {};
    for (const s of bySsrc) {
      const key = s.mid ?? "";
      const m = (byMid[key] ??= { mid: s.mid, kind: s.kind, packets: 0, bytes: 0, keyFrames: 0, ssrcs: [] });
      m.packets += s.packets;
      m.bytes += s.bytes;
      m.keyFrames += s.keyFrames;
      m.ssrcs.push(s.ssrc);
    }
    const dtls = pc?.dtlsTransports?.[0];
    return {
      connectionState: pc?.connectionState ?? "new",
      iceConnectionState: pc?.iceConnectionState ?? "new",
      dtlsState: dtls?.state ?? "new",
      srtpProfile: dtls?.srtp?.localContext?.profile ?? null, // werift numbering: 1 = AES128_CM_HMAC_SHA1_80, 7 = AEAD_AES_128_GCM
      tracks: tracks.map(trackInfo),
      received: bySsrc,
      receivedByMid: Object.values(byMid),
    };
  },

  async close() {
    for (const t of tracks) if (t.timer) clearInterval(t.timer);
    if (pc) await pc.close();
    return {};
  },
};

// werift's internals send asynchronously (e.g. a packet racing close()); Node would exit on an
// unhandled rejection, taking the peer down mid-test. Report it instead.
process.on("unhandledRejection", (e) => emit({ event: "log", message: `unhandled: ${e?.stack ?? e}` }));

const rl = createInterface({ input: process.stdin });
rl.on("line", async (line) => {
  if (!line.trim()) return;
  let msg;
  try {
    msg = JSON.parse(line);
  } catch (e) {
    emit({ event: "log", message: `bad JSON: ${e.message}` });
    return;
  }
  const handler = commands[msg.cmd];
  try {
    if (!handler) throw new Error(`unknown cmd '${msg.cmd}'; known: ${Object.keys(commands).join(", ")}`);
    const result = await handler(msg);
    emit({ id: msg.id, ok: true, ...result });
    if (msg.cmd === "close") setTimeout(() => process.exit(0), 50);
  } catch (e) {
    emit({ id: msg.id, ok: false, error: String(e?.stack ?? e) });
  }
});
// The test closed our stdin (or died): leave instead of lingering as an orphan.
rl.on("close", () => {
  for (const t of tracks) if (t.timer) clearInterval(t.timer);
  Promise.resolve(pc?.close()).finally(() => process.exit(0));
});
