// User search with presence: online state over the socket (presence-subscribe / presence), last-seen from
// GET /api/users/{id} when the server provides it.
import { h, initials, timeAgo } from '../dom.js';
import { api } from '../session.js';

const VIA_KEY = 'voip.callVia';

export function renderContacts(main, { signaling, calls }) {
  const results = h('ul', { class: 'user-list', id: 'user-results', 'aria-label': 'Search results', 'aria-busy': 'false' });
  // The count is announced; the list itself is not a live region (presence changes would be chatty).
  const status = h('p', { class: 'muted', id: 'search-status', role: 'status' }, 'Type at least 2 characters of a name or email.');
  const input = h('input', { type: 'search', id: 'user-search', name: 'search', autocomplete: 'off', minlength: 2, maxlength: 100, placeholder: 'Name or email', 'aria-describedby': 'search-status' });
  const form = h('form', { class: 'search', role: 'search' },
    h('label', { for: 'user-search' }, 'Find people'),
    h('div', { class: 'search-row' }, input, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Search')));

  // Calls through the server (the media engine) instead of peer to peer: one choice for every call button, remembered.
  const viaServer = h('input', { type: 'checkbox', id: 'call-via-server', name: 'via', 'aria-describedby': 'call-via-hint' });
  viaServer.checked = localStorage.getItem(VIA_KEY) === 'sfu';
  viaServer.addEventListener('change', () => localStorage.setItem(VIA_KEY, viaServer.checked ? 'sfu' : 'p2p'));
  const viaOption = h('div', { class: 'option-row' },
    viaServer,
    h('label', { for: 'call-via-server' }, 'Call through the server'),
    h('p', { class: 'hint', id: 'call-via-hint' }, 'Audio and video go through the media server instead of straight between browsers.'));
  const via = () => (viaServer.checked ? 'sfu' : 'p2p');

  const rows = new Map(); // userId → {li, user}
  let seq = 0, debounce = 0;

  function presenceText(user) {
    if (user.online) return 'Online';
    if (user.lastSeen) return `Offline · last seen ${timeAgo(user.lastSeen)}`;
    return 'Offline';
  }

  function updateRow(id) {
    const row = rows.get(id);
    if (!row) return;
    const p = row.li.querySelector('.presence');
    p.dataset.online = String(!!row.user.online);
    p.querySelector('.presence-text').textContent = presenceText(row.user);
  }

  function render(users) {
    rows.clear();
    results.replaceChildren(...users.map(user => {
      const li = h('li', { class: 'user', dataset: { userId: user.id } },
        h('span', { class: 'avatar', 'aria-hidden': 'true' }, initials(user.name)),
        h('div', { class: 'user-main' },
          h('span', { class: 'user-name' }, user.name),
          h('span', { class: 'presence', dataset: { online: String(!!user.online) } }, h('span', { class: 'dot', 'aria-hidden': 'true' }), h('span', { class: 'presence-text' }))),
        h('div', { class: 'user-actions' },
          h('button', { type: 'button', class: 'btn btn-icon', 'aria-label': `Audio call ${user.name}`, title: 'Audio call', onclick: () => calls.start(user, 'audio', via()) }, h('span', { class: 'icon icon-phone', 'aria-hidden': 'true' })),
          h('button', { type: 'button', class: 'btn btn-primary', 'aria-label': `Video call ${user.name}`, onclick: () => calls.start(user, 'video', via()) }, h('span', { class: 'icon icon-cam', 'aria-hidden': 'true' }), 'Call')));
      rows.set(user.id, { li, user });
      return li;
    }));
    for (const id of rows.keys()) updateRow(id);
  }

  async function search(q) {
    const mine = ++seq;
    if (q.length < 2) { render([]); status.textContent = 'Type at least 2 characters of a name or email.'; return; }
    results.setAttribute('aria-busy', 'true');
    try {
      const r = await api(`/api/users?search=${encodeURIComponent(q)}&limit=20`);
      if (mine !== seq) return;
      render(r.users);
      status.textContent = r.users.length ? `${r.users.length} ${r.users.length === 1 ? 'person' : 'people'} found` : 'No one found';
      subscribe(r.users.map(u => u.id));
    } catch (e) {
      if (mine === seq) status.textContent = e.message;
    } finally {
      results.setAttribute('aria-busy', 'false');
    }
  }

  async function subscribe(ids) {
    if (!ids.length) return;
    try {
      const ack = await signaling.request('presence-subscribe', { userIds: ids });
      for (const [id, online] of Object.entries(ack.presence || {})) {
        const row = rows.get(id);
        if (row) { row.user.online = online; updateRow(id); }
      }
    } catch { /* presence is a nicety; calling still works */ }
    // Last-seen (when the server reports it) for a few offline people; the search itself may already carry it.
    for (const id of ids.filter(id => rows.get(id) && !rows.get(id).user.online && rows.get(id).user.lastSeen === undefined).slice(0, 5)) {
      api(`/api/users/${id}`).then(u => {
        const row = rows.get(id);
        if (!row || !u) return;
        if (u.lastSeen) row.user.lastSeen = u.lastSeen;
        if (typeof u.online === 'boolean' && row.user.online === undefined) row.user.online = u.online;
        updateRow(id);
      }).catch(() => {});
    }
  }

  const onPresence = e => {
    const row = rows.get(e.detail.userId);
    if (!row) return;
    row.user.online = !!e.detail.online;
    if (!row.user.online) row.user.lastSeen = new Date().toISOString();
    updateRow(e.detail.userId);
  };
  signaling.addEventListener('presence', onPresence);
  // Re-subscribe after a reconnect: the server's watch list belongs to the socket.
  const onState = e => { if (e.detail === 'online' && rows.size) subscribe([...rows.keys()]); };
  signaling.addEventListener('state', onState);

  form.addEventListener('submit', e => { e.preventDefault(); clearTimeout(debounce); search(input.value.trim()); });
  input.addEventListener('input', () => { clearTimeout(debounce); debounce = setTimeout(() => search(input.value.trim()), 350); });

  main.replaceChildren(h('section', { class: 'page', 'aria-labelledby': 'contacts-title' },
    h('h1', { id: 'contacts-title' }, 'Contacts'),
    h('div', { class: 'card' }, form, viaOption, status, results)));
  input.focus();
  return () => {
    signaling.removeEventListener('presence', onPresence);
    signaling.removeEventListener('state', onState);
  };
}
