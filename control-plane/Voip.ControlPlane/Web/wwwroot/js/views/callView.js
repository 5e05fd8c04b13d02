// The call overlay (#call) and the incoming-call dialog (#incoming), driven by the CallController.
import { $, initials, toast, formatDuration } from '../dom.js';
import { QualityMonitor, describe } from '../quality.js';

export function bindCallView(calls) {
  const section = $('#call');
  const remoteVideo = $('#remote-video');
  const localVideo = $('#local-video');
  const placeholder = $('#remote-placeholder');
  const statusEl = $('#call-status');
  const title = $('#call-title');
  const peerAudio = $('#peer-audio');
  const peerVideo = $('#peer-video');
  const quality = $('#quality');
  const qualityText = $('#quality-text');
  const btnAudio = $('#toggle-audio');
  const btnVideo = $('#toggle-video');
  const btnHang = $('#hang-up');
  const btnClose = $('#call-close');
  const dialog = $('#incoming');
  const ring = new RingTone();
  let monitor = null, ticker = 0, returnFocus = null, lastState = 'idle';

  btnAudio.addEventListener('click', () => calls.toggleAudio());
  btnVideo.addEventListener('click', () => calls.toggleVideo());
  btnHang.addEventListener('click', () => calls.hangUp());
  btnClose.addEventListener('click', () => calls.dismiss());
  $('#incoming-accept').addEventListener('click', () => calls.accept());
  $('#incoming-reject').addEventListener('click', () => calls.reject());
  // Escape on the ringing dialog declines (the dialog's default cancel would only hide it).
  dialog.addEventListener('cancel', e => { e.preventDefault(); calls.reject(); });
  section.addEventListener('keydown', e => {
    if (e.key === 'Escape' && calls.state === 'ended') calls.dismiss();
  });

  calls.addEventListener('incoming', () => {
    $('#incoming-title').textContent = `${calls.call.callType === 'video' ? 'Video' : 'Audio'} call`;
    $('#incoming-desc').textContent = `${calls.call.peerName} is calling you`;
    $('#incoming-route').hidden = !calls.viaServer;
    // Hidden text still counts when referenced, so the route joins the description only when shown.
    dialog.setAttribute('aria-describedby', calls.viaServer ? 'incoming-desc incoming-route' : 'incoming-desc');
    $('#incoming-accept').textContent = calls.call.callType === 'video' ? 'Accept video' : 'Accept';
    returnFocus = document.activeElement;
    if (!dialog.open) dialog.showModal();
    $('#incoming-accept').focus();
    ring.start();
    if (document.hidden && 'Notification' in window && Notification.permission === 'granted') {
      new Notification('Incoming call', { body: `${calls.call.peerName} is calling`, tag: 'voip-call' });
    }
  });

  calls.addEventListener('busy-declined', e => toast(`${e.detail} called while you were in a room (declined as busy)`, 'warn'));

  calls.addEventListener('ended', () => {
    const o = calls.outcome;
    // A call that never reached the overlay (declined here, missed or cancelled while ringing in) ends as a toast.
    if (o?.silent || (calls.call?.role === 'callee' && !calls.acceptedAt)) {
      if (o && !o.silent) toast(o.message, o.status === 'missed' ? 'warn' : 'info');
      calls.dismiss();
    }
  });

  calls.addEventListener('change', render);
  window.voip = Object.assign(window.voip || {}, { calls, quality: () => monitor?.last ?? null });

  function render() {
    const { state, call } = calls;
    // Incoming dialog only while ringing in.
    if (state !== 'incoming' && dialog.open) {
      dialog.close();
      ring.stop();
      if (returnFocus?.isConnected && section.hidden) returnFocus.focus();
    }

    const showOverlay = state === 'outgoing' || state === 'connecting' || state === 'active' || (state === 'ended' && call && (call.role === 'caller' || calls.acceptedAt));
    if (showOverlay && section.hidden) {
      section.hidden = false;
      document.body.classList.add('in-call');
      // The overlay covers the page: keep keyboard and screen-reader focus inside it.
      for (const el of document.querySelectorAll('body > header, body > main')) el.inert = true;
      btnHang.focus();
    } else if (!showOverlay && !section.hidden) {
      section.hidden = true;
      document.body.classList.remove('in-call');
      for (const el of document.querySelectorAll('body > header, body > main')) el.inert = false;
      (returnFocus?.isConnected ? returnFocus : $('#main')).focus();
    }
    section.dataset.state = state;
    if (!call) { lastState = state; return; }

    title.textContent = call.peerName;
    $('#call-route').hidden = !calls.viaServer;
    $('#remote-initials').textContent = initials(call.peerName);
    let text = calls.statusText;
    if (state === 'active' && calls.acceptedAt) text = `Connected · ${formatDuration((Date.now() - calls.acceptedAt) / 1000)}`;
    if (state === 'ended' && calls.outcome?.duration) text = `${calls.outcome.message} · ${formatDuration(calls.outcome.duration)}`;
    if (statusEl.textContent !== text) statusEl.textContent = text;

    if (localVideo.srcObject !== calls.localStream) localVideo.srcObject = calls.localStream;
    if (remoteVideo.srcObject !== calls.remoteStream) remoteVideo.srcObject = calls.remoteStream;
    const remoteHasVideo = !!calls.remoteStream?.getVideoTracks().length && calls.peerVideo && call.callType === 'video';
    placeholder.hidden = remoteHasVideo;
    remoteVideo.classList.toggle('off', !remoteHasVideo);
    const live = state === 'outgoing' || state === 'connecting' || state === 'active';
    localVideo.hidden = !live || !calls.localStream?.getVideoTracks().length || !calls.videoEnabled;
    quality.hidden = state !== 'connecting' && state !== 'active';

    peerAudio.hidden = !live || calls.peerAudio;
    peerAudio.dataset.enabled = String(calls.peerAudio);
    peerVideo.hidden = !live || calls.peerVideo || call.callType !== 'video';
    peerVideo.dataset.enabled = String(calls.peerVideo);

    btnAudio.setAttribute('aria-pressed', String(!calls.audioEnabled));
    btnAudio.querySelector('.label').textContent = calls.audioEnabled ? 'Mute' : 'Unmute';
    btnVideo.setAttribute('aria-pressed', String(!calls.videoEnabled));
    btnVideo.querySelector('.label').textContent = calls.videoEnabled ? 'Camera off' : 'Camera on';
    btnVideo.disabled = !calls.localStream?.getVideoTracks().length;
    const ended = state === 'ended';
    btnAudio.hidden = btnVideo.hidden = btnHang.hidden = ended;
    btnClose.hidden = !ended;
    if (ended && lastState !== 'ended') btnClose.focus();
    lastState = state;

    // Quality monitor and the 1 s ticker run while a peer connection exists.
    if (calls.pc && !monitor && (state === 'connecting' || state === 'active')) {
      monitor = new QualityMonitor(calls.pc, s => {
        quality.dataset.level = s.level;
        quality.dataset.rtt = s.rttMs === null ? '' : String(Math.round(s.rttMs));
        quality.dataset.framesDecoded = String(s.framesDecoded);
        quality.dataset.kbps = String(Math.round(s.kbpsIn + s.kbpsOut));
        qualityText.textContent = describe(s);
        quality.setAttribute('aria-label', `Call quality ${s.level}: ${describe(s)}`);
      });
      ticker = setInterval(render, 1000);
    }
    if (ended && monitor) {
      monitor.stop();
      monitor = null;
      clearInterval(ticker);
      quality.dataset.level = 'unknown';
      quality.dataset.kbps = '0';
      qualityText.textContent = 'Measuring…';
    }
  }
}

/** A soft two-tone ring from WebAudio (no audio file); silently does nothing if autoplay is not allowed. */
class RingTone {
  start() {
    try {
      this.ctx ??= new AudioContext();
      this.ctx.resume().catch(() => {});
      this.stop();
      const beep = () => {
        if (this.ctx.state !== 'running') return;
        const t = this.ctx.currentTime;
        for (const [freq, at] of [[440, 0], [480, 0]]) {
          const osc = this.ctx.createOscillator();
          const gain = this.ctx.createGain();
          osc.frequency.value = freq;
          gain.gain.setValueAtTime(0.0001, t + at);
          gain.gain.exponentialRampToValueAtTime(0.05, t + at + 0.05);
          gain.gain.exponentialRampToValueAtTime(0.0001, t + at + 1.2);
          osc.connect(gain).connect(this.ctx.destination);
          osc.start(t + at);
          osc.stop(t + at + 1.3);
        }
      };
      beep();
      this.timer = setInterval(beep, 3000);
    } catch { /* no audio output */ }
  }

  stop() { clearInterval(this.timer); }
}
