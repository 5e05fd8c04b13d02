// One group room through the SFU, over the room signaling events:
//   room-join {roomId} → ack {roomId, participants}
//   publish:   our sendonly offer (audio + video) → room-publish → ack {answer}
//   subscribe: the server offers whenever what we receive changes (room-subscriber-offer) and we answer
//              (room-subscriber-answer). Only the server starts subscriber negotiations and only we start
//              publisher ones, so the two peer connections never meet in glare (RFC 8829 §4.1.8.2 not needed).
//   toggle-audio / toggle-video {roomId, enabled}; room-leave {roomId}
//   server → us: room-participant-joined/-left, room-media-state, room-active-speaker, room-ended, room-error.
// The engine is ICE-lite and the protocol carries no trickled candidates, so every description we send
// waits for candidate gathering to finish (loopback and host candidates take milliseconds).
import { rtcConfig, asDescription } from './call.js';
import { current } from './session.js';

const GATHER_TIMEOUT_MS = 3000;

// The server's own messages are shown as they come; these cover codes whose meaning here is specific.
export const ROOM_ERRORS = {
  MEDIA001: 'The media server was lost',
  NOTFOUND001: 'This room does not exist (check the link)',
  CALL002: 'This room is full',
  AUTH003: 'You are not allowed in this room',
  TIMEOUT: 'The server did not answer',
};

export function roomErrorMessage(code, message) {
  if (code === 'MEDIA001' || code === 'NOTFOUND001') return ROOM_ERRORS[code];
  return message || ROOM_ERRORS[code] || 'Something went wrong in the room';
}

/** Resolves once the connection gathered its candidates (or after a bound: what we have is then sent). */
function gathered(pc) {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise(resolve => {
    const done = () => { clearTimeout(t); pc.removeEventListener('icegatheringstatechange', check); resolve(); };
    const check = () => { if (pc.iceGatheringState === 'complete') done(); };
    const t = setTimeout(done, GATHER_TIMEOUT_MS);
    pc.addEventListener('icegatheringstatechange', check);
  });
}

export class RoomController extends EventTarget {
  constructor(signaling) {
    super();
    this.signaling = signaling;
    this.pendingName = '';        // the name of a room we just created, for its header
    this.reset();
    const on = (name, fn) => signaling.addEventListener(name, e => fn.call(this, e.detail));
    on('room-subscriber-offer', this.onSubscriberOffer);
    on('room-participant-joined', this.onParticipantJoined);
    on('room-participant-left', this.onParticipantLeft);
    on('room-media-state', this.onMediaState);
    on('room-active-speaker', this.onActiveSpeaker);
    on('room-ended', this.onRoomEnded);
    on('room-error', this.onRoomError);
    on('state', this.onSocketState);
  }

  reset() {
    this.state = 'idle';          // idle | joining | active | ended
    this.roomId = null;
    this.name = '';
    this.participants = new Map(); // userId → {userId, name, audioEnabled, videoEnabled, stream}
    this.trackOwners = new Map();  // remote track id → userId (from event.streams[0].id)
    this.pubPc = null;
    this.subPc = null;
    this.localStream = null;
    this.audioEnabled = true;
    this.videoEnabled = true;
    this.activeSpeaker = null;
    this.statusText = '';
    this.outcome = null;          // {code, message, error} once ended
    this.error = null;            // the last room-error that did not end the room
    this.joinedAt = 0;
    this.offerChain = Promise.resolve();
    this.pendingOffers = [];      // subscriber offers that came before the join ack
  }

  get selfId() { return current()?.userId; }

  get inRoom() { return this.state === 'joining' || this.state === 'active'; }

  mine(d) { return d && this.roomId && d.roomId === this.roomId; }

  changed() { this.dispatchEvent(new Event('change')); }

  setStatus(state, text) {
    if (state) this.state = state;
    this.statusText = text;
    this.changed();
  }

  participant(userId, name) {
    let p = this.participants.get(userId);
    if (!p) {
      p = { userId, name: name || 'Participant', audioEnabled: true, videoEnabled: true, stream: null };
      this.participants.set(userId, p);
    } else if (name) {
      p.name = name;
    }
    return p;
  }

  async getMedia() {
    try {
      return await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: { ideal: 1280 }, height: { ideal: 720 } } });
    } catch {
      // No camera (or refused): join with the microphone only.
      return navigator.mediaDevices.getUserMedia({ audio: true, video: false });
    }
  }

  /**
   * Joins a room by id: media first, then room-join, then our publishing connection. A 1:1 call through the
   * server passes its own camera/microphone stream and mute state (options.stream, options.audioEnabled, …).
   */
  async join(roomId, name = '', options = {}) {
    if (this.inRoom) throw new Error('Already in a room');
    this.reset();
    this.roomId = roomId;
    this.name = name;
    this.setStatus('joining', 'Starting camera and microphone…');
    const attempt = this.attempt = {};
    try {
      this.localStream = options.stream ?? await this.getMedia();
      this.videoEnabled = this.localStream.getVideoTracks().length > 0 && options.videoEnabled !== false;
      this.audioEnabled = options.audioEnabled !== false;
      if (this.attempt !== attempt) return this.stopMedia();
      this.changed();
      // The subscribing connection exists before we join: the server may offer right after the join.
      this.subPc = await this.createSubscriber();
      this.setStatus('joining', 'Joining the room…');
      const ack = await this.signaling.request('room-join', { roomId });
      if (this.attempt !== attempt || this.state !== 'joining') {
        this.signaling.request('room-leave', { roomId }).catch(() => {});
        return;
      }
      if (ack.name) this.name = ack.name;
      for (const p of ack.participants ?? []) {
        if (!p || p.userId === this.selfId) continue;
        Object.assign(this.participant(p.userId, p.name), { audioEnabled: p.audioEnabled !== false, videoEnabled: p.videoEnabled !== false });
      }
      this.joinedAt = Date.now();
      for (const offer of this.pendingOffers.splice(0)) this.queueOffer(offer);
      this.setStatus('joining', 'Connecting media…');
      await this.publish();
      if (this.state === 'joining') this.setStatus('active', 'Connected');
    } catch (e) {
      if (this.attempt !== attempt || this.state === 'ended' || this.state === 'idle') return;
      const message = e.code === 'MEDIA001' ? 'The media server is unavailable — try again shortly'
        : e.code ? roomErrorMessage(e.code, e.message) : `Could not join: ${e.message || e}`;
      this.endLocally({ code: e.code || 'error', message, error: true });
      this.signaling.request('room-leave', { roomId }).catch(() => {});
    }
  }

  async createPeerConnection(role) {
    const pc = new RTCPeerConnection(await rtcConfig());
    pc.onconnectionstatechange = () => {
      if (!this.inRoom || (this.pubPc !== pc && this.subPc !== pc)) return;
      if (pc.connectionState === 'failed') {
        const roomId = this.roomId;
        this.endLocally({ code: 'ice-failed', message: `The ${role} media connection failed` });
        this.signaling.request('room-leave', { roomId }).catch(() => {});
      } else if (pc.connectionState === 'disconnected') {
        this.setStatus(null, 'Media interrupted — reconnecting…');
      } else if (pc.connectionState === 'connected' && this.state === 'active') {
        this.setStatus(null, 'Connected');
      }
    };
    return pc;
  }

  async createSubscriber() {
    const pc = await this.createPeerConnection('receiving');
    pc.ontrack = e => {
      // The server names each remote stream after the publishing user (msid), so tracks find their tile.
      const userId = e.streams[0]?.id;
      if (!userId || userId === this.selfId) return;
      const p = this.participant(userId);
      if (!p.stream) p.stream = e.streams[0];
      else if (!p.stream.getTrackById(e.track.id)) p.stream.addTrack(e.track);
      this.trackOwners.set(e.track.id, userId);
      e.track.addEventListener('unmute', () => this.changed());
      e.track.addEventListener('ended', () => this.changed());
      this.changed();
    };
    return pc;
  }

  async publish() {
    const pc = await this.createPeerConnection('sending');
    this.pubPc = pc;
    for (const track of this.localStream.getTracks()) pc.addTransceiver(track, { direction: 'sendonly', streams: [this.localStream] });
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc);
    if (this.pubPc !== pc) return;
    const ack = await this.signaling.request('room-publish', { roomId: this.roomId, offer: pc.localDescription.toJSON() });
    const answer = asDescription(ack.answer, 'answer');
    if (!answer) throw Object.assign(new Error('The server sent no answer to our media offer'), { code: 'SDP' });
    if (this.pubPc !== pc) return;
    await pc.setRemoteDescription(answer);
    // Mute or camera-off chosen while joining: tell the others now that we publish.
    if (!this.audioEnabled) this.signaling.request('toggle-audio', { roomId: this.roomId, enabled: false }).catch(() => {});
    if (!this.videoEnabled && this.localStream.getVideoTracks().length) this.signaling.request('toggle-video', { roomId: this.roomId, enabled: false }).catch(() => {});
  }

  onSubscriberOffer(d) {
    if (!this.mine(d) || !this.inRoom) return;
    if (!this.joinedAt) { this.pendingOffers.push(d.offer); return; }
    this.queueOffer(d.offer);
  }

  /** Server offers are applied one at a time, in order; each gets its answer before the next is read. */
  queueOffer(raw) {
    const roomId = this.roomId;
    this.offerChain = this.offerChain.then(async () => {
      const pc = this.subPc;
      const offer = asDescription(raw, 'offer');
      if (!pc || !offer || this.roomId !== roomId || !this.inRoom) return;
      try {
        await pc.setRemoteDescription(offer);
        await pc.setLocalDescription(await pc.createAnswer());
        await gathered(pc);
        if (this.subPc !== pc) return;
        await this.signaling.request('room-subscriber-answer', { roomId, answer: pc.localDescription.toJSON() });
        this.changed();
      } catch (e) {
        if (this.subPc !== pc || !this.inRoom) return;
        this.endLocally({ code: e.code || 'SDP', message: e.code ? roomErrorMessage(e.code, e.message) : `Could not receive the others' media: ${e.message || e}` });
        this.signaling.request('room-leave', { roomId }).catch(() => {});
      }
    });
  }

  onParticipantJoined(d) {
    if (!this.mine(d) || !d.user?.userId || d.user.userId === this.selfId) return;
    this.participant(d.user.userId, d.user.name);
    this.dispatchEvent(new CustomEvent('announce', { detail: `${d.user.name || 'Someone'} joined` }));
    this.changed();
  }

  onParticipantLeft(d) {
    if (this.mine(d) && d.userId === this.selfId && d.reason === 'replaced' && this.state === 'active') {
      // The server keeps one membership per user: we joined this room again from another tab or device.
      this.endLocally({ code: 'replaced', message: 'You joined this room from another window' });
      return;
    }
    if (!this.mine(d) || !this.participants.has(d.userId)) return;
    const p = this.participants.get(d.userId);
    this.participants.delete(d.userId);
    for (const [trackId, owner] of this.trackOwners) if (owner === d.userId) this.trackOwners.delete(trackId);
    if (this.activeSpeaker === d.userId) this.activeSpeaker = null;
    this.dispatchEvent(new CustomEvent('announce', { detail: d.reason === 'disconnected' ? `${p.name} lost connection` : `${p.name} left` }));
    this.changed();
  }

  onMediaState(d) {
    if (!this.mine(d) || !d.userId || d.userId === this.selfId) return;
    const p = this.participant(d.userId);
    if (typeof d.audioEnabled === 'boolean') p.audioEnabled = d.audioEnabled;
    if (typeof d.videoEnabled === 'boolean') p.videoEnabled = d.videoEnabled;
    this.changed();
  }

  onActiveSpeaker(d) {
    if (!this.mine(d)) return;
    this.activeSpeaker = d.userId || null;
    this.changed();
  }

  onRoomEnded(d) {
    if (!this.mine(d) || !this.inRoom) return;
    const message = d.code === 'MEDIA001' ? ROOM_ERRORS.MEDIA001 : d.reason || 'The room ended';
    // Error codes look like MEDIA001; anything else (or none) is an ordinary end such as the last one leaving.
    this.endLocally({ code: d.code || 'ended', message, error: /^[A-Z]+\d{3}$/.test(d.code || '') });
  }

  onRoomError(d) {
    if (!this.inRoom || (d.roomId && !this.mine(d))) return;
    const message = roomErrorMessage(d.code, d.message);
    // MEDIA001 means our media is gone; other errors are reported and the room goes on.
    if (d.code === 'MEDIA001' || this.state === 'joining') {
      const roomId = this.roomId;
      this.endLocally({ code: d.code || 'error', message, error: true });
      if (d.code !== 'MEDIA001') this.signaling.request('room-leave', { roomId }).catch(() => {});
      return;
    }
    this.error = { code: d.code, message };
    this.dispatchEvent(new CustomEvent('error-message', { detail: this.error }));
    this.changed();
  }

  onSocketState(state) {
    if (!this.inRoom) return;
    if (state === 'offline') this.setStatus(null, 'Connection to the server lost — reconnecting…');
    else if (state === 'online' && this.state === 'active') this.setStatus(null, 'Connected');
  }

  async toggleAudio() { return this.toggle('audio'); }
  async toggleVideo() { return this.toggle('video'); }

  async toggle(kind) {
    if (!this.localStream) return;
    const tracks = kind === 'audio' ? this.localStream.getAudioTracks() : this.localStream.getVideoTracks();
    if (!tracks.length) return;
    const enabled = !(kind === 'audio' ? this.audioEnabled : this.videoEnabled);
    for (const t of tracks) t.enabled = enabled;
    if (kind === 'audio') this.audioEnabled = enabled; else this.videoEnabled = enabled;
    this.changed();
    if (this.roomId && this.joinedAt && this.inRoom) {
      try { await this.signaling.request(`toggle-${kind}`, { roomId: this.roomId, enabled }); } catch { /* the next toggle tells again */ }
    }
  }

  async leave() {
    if (!this.inRoom && this.state !== 'ended') return;
    const roomId = this.roomId, wasIn = this.inRoom;
    this.attempt = null;
    this.close();
    this.reset();
    this.changed();
    if (wasIn && roomId) {
      try { await this.signaling.request('room-leave', { roomId }); } catch { /* the room is gone already */ }
    }
  }

  stopMedia() {
    for (const t of this.localStream?.getTracks() ?? []) t.stop();
  }

  close() {
    this.pubPc?.close();
    this.subPc?.close();
    this.stopMedia();
  }

  /** Ends the room on this side: stops media and closes both connections; the view shows the outcome. */
  endLocally(outcome) {
    if (!this.inRoom) return;
    this.outcome = { ...outcome, duration: this.joinedAt ? Math.round((Date.now() - this.joinedAt) / 1000) : 0 };
    this.attempt = null;
    this.close();
    this.state = 'ended';
    this.statusText = outcome.message;
    this.changed();
    this.dispatchEvent(new Event('ended'));
  }

  /** Back to idle after the ended screen was dismissed. */
  dismiss() {
    if (this.state !== 'ended') return;
    this.reset();
    this.changed();
  }

  /** Drops the room on this side without telling the server (a 1:1 call's end closes its room there). */
  discard() {
    this.attempt = null;
    this.close();
    this.reset();
  }

  /** Per remote user, from the subscribing connection's getStats(): video frames decoded and audio packets received. */
  async inboundByUser() {
    const result = {};
    if (!this.subPc || this.subPc.connectionState === 'closed') return result;
    const report = await this.subPc.getStats();
    report.forEach(s => {
      if (s.type !== 'inbound-rtp') return;
      const userId = this.trackOwners.get(s.trackIdentifier);
      if (!userId) return;
      const entry = result[userId] ??= { framesDecoded: 0, audioPackets: 0 };
      if (s.kind === 'video') entry.framesDecoded += s.framesDecoded || 0;
      else entry.audioPackets += s.packetsReceived || 0;
    });
    return result;
  }
}
