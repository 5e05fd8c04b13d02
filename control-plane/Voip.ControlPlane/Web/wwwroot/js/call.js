// One 1:1 call, peer to peer, over the seed's signaling events (§4.1.3):
//   caller: getUserMedia → offer → call-user → (ack roomId) … call-accepted(answer)
//   callee: incoming-call(offer) → [Accept] getUserMedia → answer → accept-call
//   both:   ice-candidate both ways (queued until the other side's description is set), toggle-audio/-video,
//           end-call / call-ended, reject-call / call-rejected, call-error.
// Group rooms through the SFU use their own controller (room.js).
// A call "through the server" (via: 'sfu') rings, is answered and ends with the same events, but carries no SDP:
// once accepted, both sides join the call's two-person room (room id = call id) with a room controller of
// their own (room.js: publish + subscribe through the media engine).

let configPromise = null;
export function rtcConfig() {
  configPromise ??= fetch('/config.json', { cache: 'no-store' })
    .then(r => (r.ok ? r.json() : {}))
    .catch(() => ({}));
  return configPromise.then(c => ({ iceServers: Array.isArray(c.iceServers) ? c.iceServers : [], bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' }));
}

export const asDescription = (value, type) =>
  typeof value === 'string' ? { type, sdp: value } : value && typeof value.sdp === 'string' ? { type: value.type || type, sdp: value.sdp } : null;

export const CALL_ERRORS = {
  CALL001: 'is offline',
  CALL002: 'is busy in another call',
  CALL003: 'The call could not be started',
  AUTH003: 'Not allowed',
};

export class CallController extends EventTarget {
  /** createRoomMedia: () => a RoomController of the call's own (media of calls through the server). */
  constructor(signaling, createRoomMedia = null) {
    super();
    this.signaling = signaling;
    this.createRoomMedia = createRoomMedia;
    signaling.busy = () => this.inCall;
    this.otherwiseBusy = () => false; // set by the app: true while we are in a group room
    this.reset();
    const on = (name, fn) => signaling.addEventListener(name, e => fn.call(this, e.detail));
    on('incoming-call', this.onIncoming);
    on('call-accepted', this.onAccepted);
    on('call-rejected', this.onRejected);
    on('call-ended', this.onEnded);
    on('call-answered-elsewhere', this.onAnsweredElsewhere);
    on('ice-candidate', this.onRemoteCandidate);
    on('toggle-audio', d => this.onPeerToggle('audio', d));
    on('toggle-video', d => this.onPeerToggle('video', d));
    on('peer-disconnected', d => this.mine(d) && this.setStatus('reconnecting', `${this.call.peerName} lost connection — waiting…`));
    on('peer-reconnected', d => this.mine(d) && this.setStatus('active', 'Connected'));
    on('call-resumed', this.onResumed);
    on('call-error', this.onCallError);
  }

  reset() {
    this.state = 'idle';        // idle | outgoing | incoming | connecting | active | ended
    this.call = null;           // {roomId, peerId, peerName, callType, role, offer, via}
    this.pc = null;             // peer to peer: the call's connection; through the server: the receiving one
    this.media = null;          // through the server: the room controller carrying the call's media
    this.localStream = null;
    this.remoteStream = null;
    this.audioEnabled = true;
    this.videoEnabled = true;
    this.peerAudio = true;
    this.peerVideo = true;
    this.statusText = '';
    this.outcome = null;        // {status, reason, message} once ended
    this.acceptedAt = 0;
    this.remoteQueue = [];      // candidates that arrived before the remote description
    this.localQueue = [];       // our candidates before the server knows the room (caller) / before accept (callee)
    this.canSend = false;
  }

  get inCall() { return this.state !== 'idle' && this.state !== 'ended'; }

  mine(detail) { return this.call && detail && detail.roomId === this.call.roomId; }

  changed() { this.dispatchEvent(new Event('change')); }

  setStatus(state, text) {
    if (state) this.state = state;
    this.statusText = text;
    this.changed();
  }

  async getMedia(callType) {
    const video = callType === 'video' ? { width: { ideal: 1280 }, height: { ideal: 720 } } : false;
    try {
      return await navigator.mediaDevices.getUserMedia({ audio: true, video });
    } catch (e) {
      if (!video) throw e;
      // No camera (or refused): join with the microphone only.
      return navigator.mediaDevices.getUserMedia({ audio: true, video: false });
    }
  }

  async createPeerConnection() {
    const pc = new RTCPeerConnection(await rtcConfig());
    this.remoteStream = new MediaStream();
    pc.ontrack = e => {
      this.remoteStream.addTrack(e.track);
      this.changed();
    };
    pc.onicecandidate = e => {
      if (!e.candidate) return;
      const c = e.candidate.toJSON();
      if (this.canSend) this.sendCandidate(c); else this.localQueue.push(c);
    };
    pc.onconnectionstatechange = () => {
      if (this.pc !== pc || !this.inCall) return;
      switch (pc.connectionState) {
        case 'connected': this.setStatus('active', 'Connected'); break;
        case 'disconnected': this.setStatus(null, 'Connection interrupted — reconnecting…'); break;
        case 'failed':
          this.endLocally({ status: 'failed', reason: 'ice-failed', message: 'The media connection failed' });
          this.signaling.request('end-call', { roomId: this.call.roomId }).catch(() => {});
          break;
      }
    };
    for (const track of this.localStream.getTracks()) pc.addTrack(track, this.localStream);
    this.pc = pc;
    return pc;
  }

  sendCandidate(candidate) {
    this.signaling.request('ice-candidate', { targetUserId: this.call.peerId, candidate, roomId: this.call.roomId }).catch(() => {});
  }

  flushLocal() {
    this.canSend = true;
    for (const c of this.localQueue.splice(0)) this.sendCandidate(c);
  }

  async flushRemote() {
    for (const c of this.remoteQueue.splice(0)) {
      try { await this.pc.addIceCandidate(c); } catch { /* a candidate the browser cannot use */ }
    }
  }

  get viaServer() { return this.call?.via === 'sfu'; }

  /** Calls a user: {id, name}, 'audio' | 'video', 'p2p' | 'sfu' (through the server). */
  async start(peer, callType, via = 'p2p') {
    if (this.inCall) throw new Error('Already in a call');
    this.reset();
    const call = { roomId: null, peerId: peer.id, peerName: peer.name, callType, role: 'caller', via: via === 'sfu' && this.createRoomMedia ? 'sfu' : 'p2p' };
    this.call = call;
    this.setStatus('outgoing', 'Starting…');
    try {
      this.localStream = await this.getMedia(callType);
      this.changed();
      let request = { targetUserId: peer.id, callType, via: 'sfu' };
      if (call.via !== 'sfu') {
        const pc = await this.createPeerConnection();
        await pc.setLocalDescription(await pc.createOffer());
        request = { targetUserId: peer.id, callType, offer: pc.localDescription.toJSON() };
      }
      if (this.call !== call || this.state !== 'outgoing') return; // hung up while preparing
      this.setStatus('outgoing', `Calling ${peer.name}…`);
      const ack = await this.signaling.request('call-user', request);
      call.roomId = ack.roomId;
      if (this.call !== call || this.state === 'ended') {
        // Hung up before the server answered: cancel the ringing call now that it has an id.
        this.signaling.request('end-call', { roomId: ack.roomId }).catch(() => {});
        return;
      }
      this.flushLocal();
      this.setStatus('outgoing', `Ringing ${peer.name}…`);
    } catch (e) {
      if (this.call !== call) return;
      const tail = CALL_ERRORS[e.code];
      const message = e.code === 'CALL001' || e.code === 'CALL002' ? `${peer.name} ${tail}` : tail || e.message || 'The call could not be started';
      this.endLocally({ status: 'failed', reason: e.code || 'error', message });
    }
  }

  onIncoming(d) {
    if (this.inCall) return; // the server keeps busy users from ringing; another device's call is not ours
    if (this.otherwiseBusy()) {
      // In a group room: decline at once rather than ring over it.
      this.signaling.request('reject-call', { roomId: d.roomId, reason: 'busy' }).catch(() => {});
      this.dispatchEvent(new CustomEvent('busy-declined', { detail: d.callerName || 'Someone' }));
      return;
    }
    this.reset();
    const via = d.via === 'sfu' && this.createRoomMedia ? 'sfu' : 'p2p';
    this.call = { roomId: d.roomId, peerId: d.callerId, peerName: d.callerName || 'Unknown caller', callType: d.callType === 'audio' ? 'audio' : 'video', role: 'callee', offer: asDescription(d.offer, 'offer'), via };
    this.setStatus('incoming', `${this.call.peerName} is calling`);
    this.dispatchEvent(new Event('incoming'));
  }

  async accept() {
    if (this.state !== 'incoming') return;
    const call = this.call;
    if (call.via === 'sfu') return this.acceptViaServer(call);
    if (!call.offer) {
      this.endLocally({ status: 'failed', reason: 'no-offer', message: 'This call carries no media offer and cannot be answered here' });
      this.signaling.request('reject-call', { roomId: call.roomId, reason: 'no-offer' }).catch(() => {});
      return;
    }
    this.setStatus('connecting', 'Connecting…');
    try {
      this.localStream = await this.getMedia(call.callType);
      this.changed();
      const pc = await this.createPeerConnection();
      await pc.setRemoteDescription(call.offer);
      await this.flushRemote();
      await pc.setLocalDescription(await pc.createAnswer());
      if (this.state !== 'connecting') return;
      await this.signaling.request('accept-call', { roomId: call.roomId, answer: pc.localDescription.toJSON() });
      this.acceptedAt = Date.now();
      this.flushLocal();
      if (pc.connectionState !== 'connected') this.setStatus('connecting', 'Connecting media…');
    } catch (e) {
      this.endLocally({ status: 'failed', reason: e.code || 'error', message: e.code === 'CALL003' ? 'The call was already answered or ended' : e.message || 'Could not answer' });
      if (e.code !== 'CALL003') this.signaling.request('end-call', { roomId: call.roomId }).catch(() => {});
    }
  }

  async reject(reason = 'declined') {
    if (this.state !== 'incoming') return;
    const roomId = this.call.roomId;
    this.endLocally({ status: 'rejected', reason: 'rejected', message: 'You declined the call' }, true);
    try { await this.signaling.request('reject-call', { roomId, reason }); } catch { /* already ended */ }
  }

  async hangUp() {
    if (!this.inCall) return;
    const roomId = this.call.roomId;
    const wasAccepted = this.acceptedAt > 0;
    this.endLocally({ status: wasAccepted ? 'completed' : 'missed', reason: 'hangup', message: wasAccepted ? 'Call ended' : 'Call cancelled' });
    if (roomId) {
      try { await this.signaling.request('end-call', { roomId }); } catch { /* already ended on the server */ }
    }
  }

  async toggleAudio() { return this.toggle('audio'); }
  async toggleVideo() { return this.toggle('video'); }

  async toggle(kind) {
    if (!this.localStream) return;
    const enabled = !(kind === 'audio' ? this.audioEnabled : this.videoEnabled);
    for (const t of kind === 'audio' ? this.localStream.getAudioTracks() : this.localStream.getVideoTracks()) t.enabled = enabled;
    if (kind === 'audio') this.audioEnabled = enabled; else this.videoEnabled = enabled;
    // Through the server the room controller publishes our stream: keep its idea of our state in step.
    if (this.media) { if (kind === 'audio') this.media.audioEnabled = enabled; else this.media.videoEnabled = enabled; }
    this.changed();
    if (this.call?.roomId && (this.state === 'active' || this.state === 'connecting' || this.acceptedAt)) {
      try { await this.signaling.request(`toggle-${kind}`, { roomId: this.call.roomId, enabled }); } catch { /* shown on the next change */ }
    }
  }

  async acceptViaServer(call) {
    this.setStatus('connecting', 'Connecting…');
    try {
      this.localStream = await this.getMedia(call.callType);
      this.changed();
      if (this.state !== 'connecting') return;
      await this.signaling.request('accept-call', { roomId: call.roomId });
      this.acceptedAt = Date.now();
      await this.joinRoomMedia(call);
    } catch (e) {
      this.endLocally({ status: 'failed', reason: e.code || 'error', message: e.code === 'CALL003' ? 'The call was already answered or ended' : e.code === 'MEDIA001' ? 'The media server is unavailable' : e.message || 'Could not answer' });
      if (e.code !== 'CALL003' && e.code !== 'MEDIA001') this.signaling.request('end-call', { roomId: call.roomId }).catch(() => {});
    }
  }

  /** Through the server: joins the call's room (id = call id), publishing our stream and receiving the peer's. */
  async joinRoomMedia(call) {
    if (this.call !== call || !this.inCall) return;
    const media = this.media = this.roomMedia();
    this.setStatus('connecting', 'Connecting media through the server…');
    await media.join(call.roomId, '', { stream: this.localStream, audioEnabled: this.audioEnabled, videoEnabled: this.videoEnabled });
  }

  /** One room controller for every call through the server (its signaling listeners are added once). */
  roomMedia() {
    if (this.sfuMedia) return this.sfuMedia;
    const media = this.sfuMedia = this.createRoomMedia();
    media.addEventListener('change', () => {
      if (this.media !== media || !this.call) return;
      this.pc = media.subPc;
      const stream = media.participants.get(this.call.peerId)?.stream ?? null;
      if (stream && stream !== this.remoteStream) this.remoteStream = stream;
      const connected = media.state === 'active' && media.subPc?.connectionState === 'connected' && media.pubPc?.connectionState === 'connected';
      if (connected && this.state === 'connecting') this.setStatus('active', 'Connected');
      else this.changed();
    });
    media.addEventListener('ended', () => {
      if (this.media !== media || !this.inCall) return;
      const roomId = this.call.roomId;
      const o = media.outcome ?? {};
      this.endLocally({ status: 'failed', reason: o.code || 'media', message: o.message || 'The media connection failed' });
      // The server ends the call itself when it lost the engine; anything else we end here.
      if (o.code !== 'MEDIA001') this.signaling.request('end-call', { roomId }).catch(() => {});
    });
    return media;
  }

  async onAccepted(d) {
    if (!this.mine(d) || this.call.role !== 'caller') return;
    if (this.call.via === 'sfu') {
      this.acceptedAt = Date.now();
      return this.joinRoomMedia(this.call);
    }
    const answer = asDescription(d.answer, 'answer');
    this.acceptedAt = Date.now();
    this.setStatus('connecting', 'Connecting…');
    try {
      if (answer) await this.pc.setRemoteDescription(answer);
      await this.flushRemote();
      // Tell the callee our current mute/camera state in case it changed while ringing.
      if (!this.audioEnabled) this.signaling.request('toggle-audio', { roomId: this.call.roomId, enabled: false }).catch(() => {});
      if (!this.videoEnabled) this.signaling.request('toggle-video', { roomId: this.call.roomId, enabled: false }).catch(() => {});
    } catch (e) {
      this.endLocally({ status: 'failed', reason: 'sdp', message: 'Could not connect: ' + (e.message || e) });
      this.signaling.request('end-call', { roomId: this.call.roomId }).catch(() => {});
    }
  }

  async onRemoteCandidate(d) {
    if (!this.mine(d) || !d.candidate) return;
    const candidate = typeof d.candidate === 'string' ? { candidate: d.candidate, sdpMid: '0', sdpMLineIndex: 0 } : d.candidate;
    if (!this.pc || !this.pc.remoteDescription) { this.remoteQueue.push(candidate); return; }
    try { await this.pc.addIceCandidate(candidate); } catch { /* ignore unusable candidates */ }
  }

  onPeerToggle(kind, d) {
    if (!this.mine(d) || d.userId !== this.call.peerId) return;
    if (kind === 'audio') this.peerAudio = !!d.enabled; else this.peerVideo = !!d.enabled;
    this.changed();
  }

  onRejected(d) {
    if (!this.mine(d)) return;
    this.endLocally({ status: 'rejected', reason: d.reason || 'rejected', message: `${this.call.peerName} declined the call` });
  }

  onEnded(d) {
    if (!this.mine(d) || this.state === 'ended') return;
    const name = this.call.peerName;
    const messages = {
      missed: this.call.role === 'caller' ? `${name} did not answer` : `Missed call from ${name}`,
      rejected: 'Call declined',
      'peer-disconnected': `${name} disconnected`,
      hangup: this.acceptedAt ? `${name} ended the call` : this.call.role === 'callee' ? `Missed call from ${name}` : 'Call ended',
    };
    this.endLocally({ status: d.status || 'completed', reason: d.reason, message: messages[d.reason] || 'Call ended' });
  }

  onAnsweredElsewhere(d) {
    if (!this.mine(d)) return;
    this.endLocally({ status: 'completed', reason: 'answered-elsewhere', message: 'Answered on another device' }, true);
  }

  onResumed(d) {
    // A new socket took over a call of ours (reconnect). With our peer connection still alive the call just
    // goes on; a call we know nothing about (this page was reloaded mid-call) cannot carry media any more: end it.
    if (this.mine(d)) { this.setStatus(null, this.state === 'active' ? 'Connected' : this.statusText); return; }
    if (!this.inCall && d.roomId) this.signaling.request('end-call', { roomId: d.roomId }).catch(() => {});
  }

  onCallError(d) {
    if (!this.inCall || (d.roomId && !this.mine(d))) return;
    if (d.code === 'MEDIA001') this.endLocally({ status: 'failed', reason: 'media', message: d.message || 'Media server unavailable' });
  }

  /** Ends the call on this side: stops media and closes the connection; the view shows the outcome. */
  endLocally(outcome, silent = false) {
    if (this.state === 'ended' || this.state === 'idle') return;
    this.outcome = { ...outcome, duration: this.acceptedAt ? Math.round((Date.now() - this.acceptedAt) / 1000) : 0, silent };
    const media = this.media;
    this.media = null;
    media?.discard(); // the call's end closes its room on the server
    this.pc?.close();
    for (const t of this.localStream?.getTracks() ?? []) t.stop();
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
}
