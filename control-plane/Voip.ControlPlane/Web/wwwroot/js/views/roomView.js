// The group-room overlay (#room), driven by the RoomController: a tile per participant (ourselves first),
// badges from room-media-state, the active speaker highlighted, the participant list, a quality indicator
// from getStats() of both peer connections, and the controls. Tiles are kept by user id and updated in place,
// so a video element is never recreated (that would restart playback) while the room changes around it.
import { $, h, initials, toast, formatDuration } from '../dom.js';
import { QualityMonitor, qualityLevel, describe } from '../quality.js';
import { current } from '../session.js';

/** One reading from the publishing (what we send) and the subscribing (what we receive) connections. */
class RoomQuality {
  constructor(room, onSample) {
    this.samples = { pub: null, sub: null };
    this.last = null;
    this.onSample = onSample;
    this.monitors = [];
    this.watch(room);
  }

  watch(room) {
    for (const [key, pc] of [['pub', room.pubPc], ['sub', room.subPc]]) {
      if (!pc || this.monitors.some(m => m.pc === pc)) continue;
      this.monitors.push(new QualityMonitor(pc, s => { this.samples[key] = s; this.merge(); }));
    }
  }

  merge() {
    const { pub, sub } = this.samples;
    const rtts = [pub?.rttMs, sub?.rttMs].filter(v => typeof v === 'number');
    const losses = [pub?.lossPct, sub?.lossPct].filter(v => typeof v === 'number');
    const sample = {
      rttMs: rtts.length ? Math.max(...rtts) : null,
      lossPct: losses.length ? Math.max(...losses) : null,
      kbpsIn: (pub?.kbpsIn ?? 0) + (sub?.kbpsIn ?? 0),
      kbpsOut: (pub?.kbpsOut ?? 0) + (sub?.kbpsOut ?? 0),
      framesDecoded: sub?.framesDecoded ?? 0,
      audioPackets: sub?.audioPackets ?? 0,
      sending: pub ? { rttMs: pub.rttMs, kbps: pub.kbpsOut } : null,
      receiving: sub ? { rttMs: sub.rttMs, lossPct: sub.lossPct, kbps: sub.kbpsIn } : null,
    };
    sample.level = qualityLevel(sample);
    this.last = sample;
    this.onSample(sample);
  }

  stop() { for (const m of this.monitors) m.stop(); }
}

export function bindRoomView(room, { navigate }) {
  const section = $('#room');
  const title = $('#room-title');
  const statusEl = $('#room-status');
  const grid = $('#room-grid');
  const alertEl = $('#room-alert');
  const people = $('#room-people');
  const peopleList = $('#room-people-list');
  const ended = $('#room-ended');
  const quality = $('#room-quality');
  const qualityText = $('#room-quality-text');
  const btnAudio = $('#room-toggle-audio');
  const btnVideo = $('#room-toggle-video');
  const btnPeople = $('#room-people-toggle');
  const btnCopy = $('#room-copy-link');
  const btnLeave = $('#room-leave');
  const announce = $('#room-announce');
  const tiles = new Map(); // userId → {li, video, name, muted, camOff}
  let monitor = null, ticker = 0, lastState = 'idle', returnFocus = null;

  btnAudio.addEventListener('click', () => room.toggleAudio());
  btnVideo.addEventListener('click', () => room.toggleVideo());
  btnLeave.addEventListener('click', async () => {
    await room.leave();
    navigate('/rooms');
  });
  $('#room-back').addEventListener('click', () => {
    room.dismiss();
    navigate('/rooms');
  });
  btnPeople.addEventListener('click', () => {
    people.hidden = !people.hidden;
    btnPeople.setAttribute('aria-expanded', String(!people.hidden));
    section.classList.toggle('with-people', !people.hidden);
  });
  btnCopy.addEventListener('click', async () => {
    const link = roomLink(room.roomId);
    try {
      await navigator.clipboard.writeText(link);
      toast('Room link copied — send it to the people you want to invite');
    } catch {
      toast(`Room link: ${link}`, 'info', 10_000);
    }
  });
  section.addEventListener('keydown', e => {
    if (e.key === 'Escape' && !people.hidden) { btnPeople.click(); btnPeople.focus(); }
  });

  room.addEventListener('change', render);
  room.addEventListener('announce', e => { announce.textContent = e.detail; });
  room.addEventListener('error-message', e => showAlert(e.detail.message, e.detail.code));
  window.voip = Object.assign(window.voip || {}, {
    room,
    roomQuality: () => monitor?.last ?? null,
    roomInbound: () => room.inboundByUser(),
  });

  function showAlert(message, code) {
    alertEl.textContent = message;
    alertEl.dataset.code = code || '';
    alertEl.hidden = !message;
  }

  function tileFor(userId, self) {
    let t = tiles.get(userId);
    if (t) return t;
    const video = h('video', { autoplay: true, playsinline: true, muted: self || undefined });
    if (self) video.muted = true; // the attribute alone does not mute a srcObject stream in every browser
    const placeholder = h('div', { class: 'tile-placeholder', 'aria-hidden': 'true' }, h('span', { class: 'tile-initials' }));
    const name = h('span', { class: 'tile-name' });
    const muted = h('span', { class: 'tile-badge tile-muted' }, 'Muted');
    const camOff = h('span', { class: 'tile-badge tile-camera-off' }, 'Camera off');
    const li = h('li', { class: 'tile', dataset: { userId, self: String(!!self) } }, video, placeholder,
      h('div', { class: 'tile-foot' }, name, h('span', { class: 'tile-badges' }, muted, camOff)));
    t = { li, video, placeholder, name, muted, camOff };
    tiles.set(userId, t);
    return t;
  }

  function updateTile(t, { name, stream, audioEnabled, videoEnabled, speaking, self }) {
    if (t.video.srcObject !== stream) t.video.srcObject = stream ?? null;
    const hasVideo = !!stream?.getVideoTracks().some(track => track.readyState === 'live');
    const showVideo = hasVideo && videoEnabled;
    t.video.classList.toggle('off', !showVideo);
    t.placeholder.hidden = showVideo;
    t.placeholder.firstChild.textContent = initials(name);
    const label = self ? `${name} (you)` : name;
    if (t.name.textContent !== label) t.name.textContent = label;
    t.muted.hidden = audioEnabled;
    t.camOff.hidden = videoEnabled;
    t.li.dataset.audio = String(audioEnabled);
    t.li.dataset.video = String(videoEnabled);
    t.li.dataset.speaking = String(!!speaking);
    const state = [label, audioEnabled ? null : 'muted', videoEnabled ? null : 'camera off', speaking ? 'speaking' : null].filter(Boolean).join(', ');
    t.li.setAttribute('aria-label', state);
  }

  function render() {
    const { state } = room;
    const show = state !== 'idle';
    if (show && section.hidden) {
      section.hidden = false;
      document.body.classList.add('in-call');
      returnFocus = document.activeElement;
      for (const el of document.querySelectorAll('body > header, body > main')) el.inert = true;
      btnAudio.focus();
    } else if (!show && !section.hidden) {
      section.hidden = true;
      document.body.classList.remove('in-call');
      for (const el of document.querySelectorAll('body > header, body > main')) el.inert = false;
      showAlert('');
      (returnFocus?.isConnected ? returnFocus : $('#main')).focus();
    }
    section.dataset.state = state;
    if (!show) { clearTiles(); stopMonitor(); lastState = state; return; }

    title.textContent = room.name || 'Room';
    let text = room.statusText;
    if (state === 'active' && room.joinedAt && text === 'Connected') text = `Connected · ${formatDuration((Date.now() - room.joinedAt) / 1000)}`;
    if (statusEl.textContent !== text) statusEl.textContent = text;
    statusEl.hidden = state === 'ended'; // the ended panel (and the alert for errors) says it

    // Tiles: ourselves first, then the others in the order they came.
    const isEnded = state === 'ended';
    const me = { userId: room.selfId || 'self', name: current()?.name || 'You', stream: room.localStream, audioEnabled: room.audioEnabled, videoEnabled: room.videoEnabled, self: true };
    const everyone = isEnded ? [] : [me, ...room.participants.values()];
    const keep = new Set(everyone.map(p => p.userId));
    for (const [id, t] of tiles) if (!keep.has(id)) { t.video.srcObject = null; t.li.remove(); tiles.delete(id); }
    everyone.forEach((p, i) => {
      const t = tileFor(p.userId, p.self);
      updateTile(t, { ...p, speaking: room.activeSpeaker === p.userId && everyone.length > 1 });
      if (grid.children[i] !== t.li) grid.insertBefore(t.li, grid.children[i] ?? null);
    });
    grid.dataset.count = String(everyone.length);
    grid.hidden = isEnded;

    // Participant list (the same people, as text for screen readers and small screens).
    peopleList.replaceChildren(...everyone.map(p => h('li', { dataset: { userId: p.userId, speaking: String(room.activeSpeaker === p.userId) } },
      h('span', { class: 'avatar', 'aria-hidden': 'true' }, initials(p.name)),
      h('span', { class: 'people-name' }, p.self ? `${p.name} (you)` : p.name),
      h('span', { class: 'people-state' }, [p.audioEnabled ? '' : 'Muted', p.videoEnabled ? '' : 'Camera off'].filter(Boolean).join(' · ')))));
    $('#room-count').textContent = String(everyone.length || 0);

    // Controls.
    btnAudio.setAttribute('aria-pressed', String(!room.audioEnabled));
    btnAudio.querySelector('.label').textContent = room.audioEnabled ? 'Mute' : 'Unmute';
    btnVideo.setAttribute('aria-pressed', String(!room.videoEnabled));
    btnVideo.querySelector('.label').textContent = room.videoEnabled ? 'Camera off' : 'Camera on';
    btnVideo.disabled = !room.localStream?.getVideoTracks().length;
    btnAudio.disabled = !room.localStream?.getAudioTracks().length;
    for (const b of [btnAudio, btnVideo, btnPeople, btnCopy, btnLeave]) b.hidden = isEnded;
    quality.hidden = isEnded || !room.pubPc;

    // The end of the room: what happened, and the way back.
    ended.hidden = !isEnded;
    if (isEnded) {
      const o = room.outcome || {};
      ended.dataset.code = o.code || '';
      ended.classList.toggle('is-error', !!o.error);
      $('#room-ended-title').textContent = o.error ? 'The room call failed' : 'The room call ended';
      $('#room-ended-text').textContent = o.duration ? `${o.message} · ${formatDuration(o.duration)}` : o.message;
      if (o.error) showAlert(o.message, o.code);
      if (lastState !== 'ended') $('#room-back').focus();
      stopMonitor();
    }
    lastState = state;

    if (!isEnded && room.pubPc) {
      if (!monitor) {
        monitor = new RoomQuality(room, s => {
          quality.dataset.level = s.level;
          quality.dataset.rtt = s.rttMs === null ? '' : String(Math.round(s.rttMs));
          quality.dataset.framesDecoded = String(s.framesDecoded);
          quality.dataset.kbps = String(Math.round(s.kbpsIn + s.kbpsOut));
          qualityText.textContent = describe(s);
          quality.setAttribute('aria-label', `Call quality ${s.level}: ${describe(s)}`);
        });
        ticker = setInterval(render, 1000);
      } else {
        monitor.watch(room);
      }
    }
  }

  function clearTiles() {
    for (const t of tiles.values()) { t.video.srcObject = null; t.li.remove(); }
    tiles.clear();
    grid.dataset.count = '0';
  }

  function stopMonitor() {
    if (!monitor) return;
    monitor.stop();
    monitor = null;
    clearInterval(ticker);
    quality.dataset.level = 'unknown';
    quality.dataset.kbps = '0';
    qualityText.textContent = 'Measuring…';
  }
}

export function roomLink(roomId) {
  return `${location.origin}/rooms/${encodeURIComponent(roomId)}`;
}
