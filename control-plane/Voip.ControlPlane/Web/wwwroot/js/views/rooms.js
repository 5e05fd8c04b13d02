// Group rooms page (/rooms): start a room, join one by its link or id, and the open rooms (GET /api/rooms).
// /rooms/<id> is the shareable link: opening it joins that room; the room itself is the #room overlay
// (views/roomView.js), which stays over every page until it is left.
import { h } from '../dom.js';
import { api } from '../session.js';
import { roomLink } from './roomView.js';

const ROOM_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** A pasted link (…/rooms/<id>) or a bare id → the id, or null when it is neither. */
export function parseRoomInput(text) {
  const value = String(text || '').trim();
  if (!value) return null;
  let candidate = value;
  try {
    const url = new URL(value, location.origin);
    const m = url.pathname.match(/\/rooms\/([^/]+)\/?$/);
    if (m) candidate = decodeURIComponent(m[1]);
  } catch { /* not a URL: a bare id */ }
  return ROOM_ID.test(candidate) ? candidate : null;
}

/** GET /api/rooms as a list, whatever the envelope: [{roomId, name, participants|participantCount}]. */
function roomsOf(body) {
  const list = Array.isArray(body) ? body : Array.isArray(body?.rooms) ? body.rooms : [];
  return list.map(r => ({
    roomId: r.roomId ?? r.id,
    name: r.name || 'Untitled room',
    count: Array.isArray(r.participants) ? r.participants.length : r.participantCount ?? r.participants ?? null,
  })).filter(r => r.roomId);
}

export function renderRooms(main, { navigate, rooms, calls, roomId }) {
  const error = h('p', { class: 'form-error', id: 'rooms-error', role: 'alert' });

  const nameInput = h('input', { type: 'text', id: 'room-name', name: 'name', maxlength: 100, autocomplete: 'off', placeholder: 'Team stand-up' });
  const createBtn = h('button', { type: 'submit', class: 'btn btn-primary', id: 'room-create' }, h('span', { class: 'icon icon-cam', 'aria-hidden': 'true' }), 'Create room');
  const createForm = h('form', { class: 'card room-form', 'aria-labelledby': 'room-create-title' },
    h('h2', { id: 'room-create-title' }, 'Start a room'),
    h('div', { class: 'field' },
      h('label', { for: 'room-name' }, 'Room name ', h('span', { class: 'muted' }, '(optional)')),
      nameInput),
    h('p', { class: 'hint', id: 'room-create-hint' }, 'You join it right away; invite others with its link.'),
    h('div', { class: 'form-actions' }, createBtn));

  const joinInput = h('input', { type: 'text', id: 'room-join-input', name: 'room', required: true, autocomplete: 'off', spellcheck: 'false', maxlength: 300, placeholder: `${location.origin}/rooms/…`, 'aria-describedby': 'room-join-hint' });
  const joinForm = h('form', { class: 'card room-form', 'aria-labelledby': 'room-join-title' },
    h('h2', { id: 'room-join-title' }, 'Join a room'),
    h('div', { class: 'field' }, h('label', { for: 'room-join-input' }, 'Room link or ID'), joinInput),
    h('p', { class: 'hint', id: 'room-join-hint' }, 'Paste the link someone shared with you.'),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-primary', id: 'room-join' }, 'Join')));

  const list = h('ul', { class: 'room-list', id: 'room-list', 'aria-busy': 'true' });
  const listStatus = h('p', { class: 'muted', id: 'room-list-status', role: 'status' }, 'Loading…');

  main.replaceChildren(h('section', { class: 'page', 'aria-labelledby': 'rooms-title' },
    h('div', { class: 'page-head' },
      h('h1', { id: 'rooms-title' }, 'Group rooms'),
      h('p', { class: 'muted' }, 'Video calls with several people through the media server.')),
    error,
    h('div', { class: 'room-forms' }, createForm, joinForm),
    h('div', { class: 'card' }, h('h2', {}, 'Open rooms'), listStatus, list)));

  function go(id) {
    if (rooms.inRoom) { error.textContent = 'You are already in a room: leave it first.'; return; }
    navigate(`/rooms/${encodeURIComponent(id)}`);
  }

  createForm.addEventListener('submit', async e => {
    e.preventDefault();
    error.textContent = '';
    createBtn.disabled = true;
    try {
      const name = nameInput.value.trim();
      const r = await api('/api/rooms', { method: 'POST', body: name ? { name } : {} });
      rooms.pendingName = r.name || name;
      go(r.roomId);
    } catch (err) {
      error.textContent = `Could not create the room: ${err.message}`;
    } finally {
      createBtn.disabled = false;
    }
  });

  joinForm.addEventListener('submit', e => {
    e.preventDefault();
    error.textContent = '';
    const id = parseRoomInput(joinInput.value);
    if (!id) {
      error.textContent = 'That is not a room link or ID.';
      joinInput.setAttribute('aria-invalid', 'true');
      joinInput.focus();
      return;
    }
    joinInput.removeAttribute('aria-invalid');
    go(id);
  });

  let alive = true;
  (async () => {
    try {
      const found = roomsOf(await api('/api/rooms'));
      if (!alive) return;
      list.replaceChildren(...found.map(r => h('li', { class: 'room-item', dataset: { roomId: r.roomId } },
        h('span', { class: 'avatar', 'aria-hidden': 'true' }, '#'),
        h('div', { class: 'user-main' },
          h('span', { class: 'user-name' }, r.name),
          h('span', { class: 'muted' }, r.count === null ? 'Open' : `${r.count} ${r.count === 1 ? 'person' : 'people'} in the room`)),
        h('a', { class: 'btn', href: `/rooms/${encodeURIComponent(r.roomId)}`, 'data-link': true, 'aria-label': `Join ${r.name}` }, 'Join'))));
      listStatus.textContent = found.length ? `${found.length} open room${found.length === 1 ? '' : 's'}` : 'No open rooms — start one above.';
    } catch (err) {
      if (alive) listStatus.textContent = `Could not load the rooms: ${err.message}`;
    } finally {
      list.setAttribute('aria-busy', 'false');
    }
  })();

  // /rooms/<id>: join it (unless we are in it already).
  if (roomId && !(rooms.inRoom && rooms.roomId === roomId)) {
    if (calls.inCall) error.textContent = 'Finish your call before joining a room.';
    else if (rooms.inRoom) error.textContent = 'You are already in another room: leave it first.';
    else {
      if (rooms.state === 'ended') rooms.dismiss();
      const name = rooms.pendingName || '';
      rooms.pendingName = '';
      joinInput.value = roomLink(roomId);
      rooms.join(roomId, name);
      if (!name) {
        // The room's name for the header, when the server knows the room.
        api(`/api/rooms/${encodeURIComponent(roomId)}`).then(r => {
          if (rooms.roomId === roomId && r?.name) { rooms.name = r.name; rooms.changed(); }
        }).catch(() => { /* the join reports a missing room */ });
      }
    }
  }

  return () => { alive = false; };
}
