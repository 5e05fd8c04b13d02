// Call history: GET /api/calls/history?page=&limit=&type= with pagination and a type filter (kept in the URL).
import { h, formatDuration } from '../dom.js';
import { api, current } from '../session.js';

const LIMIT = 10;
const STATUS_LABELS = { completed: 'Completed', missed: 'Missed', rejected: 'Declined', failed: 'Failed', active: 'In progress', initiated: 'Ringing' };
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

const score = v => (typeof v === 'number' ? v.toFixed(1) : '–');

/** "Audio 4.3 · Video 4.1 · 0 connection issues" from a seed quality{} object. */
function qualityText(q) {
  if (!q || (q.avgAudioQuality == null && q.avgVideoQuality == null)) return 'Quality not measured';
  const issues = q.connectionIssues ?? 0;
  return `Audio ${score(q.avgAudioQuality)} · Video ${score(q.avgVideoQuality)} (of 5) · ${issues} connection issue${issues === 1 ? '' : 's'}`;
}

/** A "Details" button that opens the call's record (GET /api/calls/{id}): participants of a room call and quality. */
function detailsToggle(callId) {
  const panelId = `call-details-${callId}`;
  const panel = h('div', { class: 'history-details', id: panelId, hidden: true });
  let loaded = false;
  const button = h('button', { type: 'button', class: 'btn btn-ghost history-more', 'aria-expanded': 'false', 'aria-controls': panelId }, 'Details');
  button.addEventListener('click', async () => {
    const open = button.getAttribute('aria-expanded') !== 'true';
    button.setAttribute('aria-expanded', String(open));
    panel.hidden = !open;
    if (!open || loaded) return;
    panel.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
    try {
      const d = await api(`/api/calls/${encodeURIComponent(callId)}`);
      loaded = true;
      const rows = [h('p', { class: 'call-quality', dataset: { audio: d.quality?.avgAudioQuality ?? '', video: d.quality?.avgVideoQuality ?? '' } }, qualityText(d.quality))];
      if (Array.isArray(d.participants)) {
        rows.unshift(h('p', { class: 'muted' }, `Group room · ${d.participants.length} ${d.participants.length === 1 ? 'person' : 'people'}`));
        rows.push(h('ul', { class: 'call-participants', 'aria-label': 'Participants' }, ...d.participants.map(p =>
          h('li', { dataset: { userId: p.user?.id ?? '' } },
            h('span', { class: 'history-peer' }, p.user?.name ?? 'Unknown'),
            h('span', { class: 'muted' }, ` · ${qualityText(p.quality)}`)))));
      }
      panel.replaceChildren(...rows);
    } catch (e) {
      panel.replaceChildren(h('p', { class: 'form-error' }, e.message));
    }
  });
  return [button, panel];
}

export function renderHistory(main, { navigate, query }) {
  const page = Math.max(1, parseInt(query.get('page') || '1', 10) || 1);
  const type = ['audio', 'video'].includes(query.get('type')) ? query.get('type') : '';
  const me = current()?.userId;

  const filter = h('select', { id: 'history-type', name: 'type' },
    h('option', { value: '' }, 'All calls'),
    h('option', { value: 'video' }, 'Video'),
    h('option', { value: 'audio' }, 'Audio'));
  filter.value = type;
  filter.addEventListener('change', () => go(1, filter.value));

  const list = h('ol', { class: 'history-list', id: 'history-list', 'aria-busy': 'true' });
  const status = h('p', { class: 'muted', id: 'history-status', role: 'status' }, 'Loading…');
  const pager = h('nav', { class: 'pager', 'aria-label': 'History pages' });

  function go(p, t) {
    const q = new URLSearchParams();
    if (p > 1) q.set('page', String(p));
    if (t) q.set('type', t);
    navigate('/history' + (q.size ? `?${q}` : ''));
  }

  main.replaceChildren(h('section', { class: 'page', 'aria-labelledby': 'history-title' },
    h('div', { class: 'page-head' },
      h('h1', { id: 'history-title' }, 'Call history'),
      h('div', { class: 'field-inline' }, h('label', { for: 'history-type' }, 'Type'), filter)),
    h('div', { class: 'card' }, status, list, pager)));

  (async () => {
    try {
      const q = new URLSearchParams({ page: String(page), limit: String(LIMIT) });
      if (type) q.set('type', type);
      const r = await api(`/api/calls/history?${q}`);
      list.replaceChildren(...r.calls.map(c => {
        const outgoing = c.callerId.id === me;
        const peer = outgoing ? c.calleeId : c.callerId;
        const started = new Date(c.startTime);
        return h('li', { class: 'history-item', dataset: { callId: c.callId, status: c.status, type: c.callType } },
          h('span', { class: `direction ${outgoing ? 'out' : 'in'}`, title: outgoing ? 'Outgoing' : 'Incoming' },
            h('span', { class: 'visually-hidden' }, outgoing ? 'Outgoing' : 'Incoming'), outgoing ? '↗' : '↙'),
          h('div', { class: 'history-main' },
            h('span', { class: 'history-peer' }, peer.name),
            h('span', { class: 'muted' }, `${c.callType === 'video' ? 'Video' : 'Audio'} · `, h('time', { datetime: c.startTime }, dateFormat.format(started)))),
          h('span', { class: 'history-duration', 'aria-label': `Duration ${formatDuration(c.duration)}` }, c.status === 'completed' ? formatDuration(c.duration) : ''),
          h('span', { class: `badge badge-${c.status}` }, STATUS_LABELS[c.status] || c.status),
          detailsToggle(c.callId));
      }));
      const { total, pages } = r.pagination;
      status.textContent = total ? `${total} call${total === 1 ? '' : 's'}${type ? ` (${type})` : ''}` : 'No calls yet';
      const prev = h('button', { type: 'button', class: 'btn', id: 'history-prev', disabled: page <= 1, onclick: () => go(page - 1, type) }, '← Newer');
      const next = h('button', { type: 'button', class: 'btn', id: 'history-next', disabled: page >= pages, onclick: () => go(page + 1, type) }, 'Older →');
      pager.replaceChildren(prev, h('span', { 'aria-current': 'page' }, `Page ${Math.min(page, Math.max(pages, 1))} of ${Math.max(pages, 1)}`), next);
    } catch (e) {
      status.textContent = e.message;
    } finally {
      list.setAttribute('aria-busy', 'false');
    }
  })();
}
