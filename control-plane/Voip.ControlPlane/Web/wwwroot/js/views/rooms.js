// Group rooms (through the SFU) — the place for the room view.
//
// A later slice adds rooms over signaling (create/join/leave, publish offer → answer, server-initiated
// subscriber offers, producer pause/resume on toggle, active speaker) and REST (GET/POST /api/rooms). The
// view that goes here: a room list with "New room" / "Join", then a responsive video grid (one tile per
// participant, active-speaker highlight, muted / camera-off badges from the others' toggles), the same
// mute / camera / leave controls as the 1:1 call (index.html #call), and the QualityMonitor from
// ../quality.js on the publishing and subscribing peer connections.
import { h } from '../dom.js';

export function renderRooms(main) {
  main.replaceChildren(h('section', { class: 'page', 'aria-labelledby': 'rooms-title' },
    h('h1', { id: 'rooms-title' }, 'Group rooms'),
    h('div', { class: 'card empty-state', id: 'rooms-placeholder' },
      h('p', {}, 'Group calls through the media server are coming next.'),
      h('p', { class: 'muted' }, '1:1 calls work today: find someone in Contacts and press Call.'))));
}
