// Entry point: client-side routes (History API; the server answers every route with index.html),
// the session, the signaling socket and the call controller.
import { $, toast } from './dom.js';
import * as sessionStore from './session.js';
import { signaling } from './signaling.js';
import { CallController } from './call.js';
import { RoomController } from './room.js';
import { bindCallView } from './views/callView.js';
import { bindRoomView } from './views/roomView.js';
import { renderAuth } from './views/auth.js';
import { renderContacts } from './views/contacts.js';
import { renderHistory } from './views/history.js';
import { renderRooms } from './views/rooms.js';

// Calls through the server carry their media with a room controller of their own (room.js).
const calls = new CallController(signaling, () => new RoomController(signaling));
const rooms = new RoomController(signaling);
bindCallView(calls);
bindRoomView(rooms, { navigate });
// One conversation at a time: a ringing 1:1 call is declined as busy while we are in a room.
calls.otherwiseBusy = () => rooms.inRoom;
signaling.busy = () => calls.inCall || rooms.inRoom;
let cleanup = null;

const routes = {
  '/': ctx => renderContacts(ctx.main, ctx),
  '/history': ctx => renderHistory(ctx.main, ctx),
  '/rooms': ctx => renderRooms(ctx.main, ctx),
  '/login': ctx => renderAuth(ctx.main, 'login', afterSignIn),
  '/signup': ctx => renderAuth(ctx.main, 'signup', afterSignIn),
};
const publicRoutes = new Set(['/login', '/signup']);
const titles = { '/': 'Contacts', '/history': 'Call history', '/rooms': 'Group rooms', '/login': 'Log in', '/signup': 'Sign up' };
// /rooms/<id>: the shareable link of one room.
const ROOM_PATH = /^\/rooms\/([^/]+)$/;
const RETURN_KEY = 'voip.returnTo';

/** Where to go after signing in: a room link opened while signed out, else Contacts. */
function afterSignIn() {
  const back = sessionStorage.getItem(RETURN_KEY);
  sessionStorage.removeItem(RETURN_KEY);
  navigate(back && ROOM_PATH.test(back) ? back : '/');
}

export function navigate(url, replace = false) {
  if (replace) history.replaceState(null, '', url); else history.pushState(null, '', url);
  route();
}

function route() {
  const path = location.pathname.replace(/\/+$/, '') || '/';
  const signedIn = !!sessionStore.current();
  if (!signedIn && !publicRoutes.has(path)) {
    // A shared room link opened while signed out: come back to it after logging in or signing up.
    if (ROOM_PATH.test(path)) sessionStorage.setItem(RETURN_KEY, path);
    return navigate('/login', true);
  }
  if (signedIn && publicRoutes.has(path)) return navigate('/', true);
  const roomMatch = path.match(ROOM_PATH);
  const roomId = roomMatch ? safeDecode(roomMatch[1]) : null;
  const routeKey = roomMatch ? '/rooms' : path;
  const render = routes[routeKey];
  if (!render) return navigate('/', true);

  cleanup?.();
  cleanup = null;
  const main = $('#main');
  document.title = `${roomId ? 'Room' : titles[routeKey]} · Voip`;
  for (const a of document.querySelectorAll('#nav a')) {
    if (new URL(a.href).pathname === routeKey) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  const result = render({ main, signaling, calls, rooms, roomId, navigate, query: new URLSearchParams(location.search) });
  if (typeof result === 'function') cleanup = result;
}

function safeDecode(part) {
  try { return decodeURIComponent(part); } catch { return part; }
}

function renderSession(s) {
  $('#nav').hidden = !s;
  $('#session').hidden = !s;
  $('#me-name').textContent = s?.name || '';
  if (s) signaling.connect();
}

signaling.addEventListener('state', e => {
  const el = $('#conn');
  el.dataset.state = e.detail;
  $('#conn-text').textContent = { online: 'Online', connecting: 'Connecting…', offline: 'Offline' }[e.detail];
});

sessionStore.onChange(s => {
  const wasSignedIn = !$('#session').hidden;
  renderSession(s);
  if (!s && wasSignedIn) {
    if (calls.inCall) calls.endLocally({ status: 'failed', reason: 'signed-out', message: 'Signed out' });
    if (rooms.inRoom || rooms.state === 'ended') rooms.leave();
    toast('You are signed out');
    navigate('/login', true);
  }
});

$('#logout').addEventListener('click', async () => {
  if (calls.inCall) await calls.hangUp();
  if (rooms.inRoom) await rooms.leave();
  await sessionStore.logout();
});

// Links marked data-link navigate without a page load (a full load would end a call in progress).
document.addEventListener('click', e => {
  const a = e.target.closest?.('a[data-link]');
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  navigate(a.getAttribute('href'));
});
window.addEventListener('popstate', route);
window.addEventListener('beforeunload', e => { if (calls.inCall || rooms.inRoom) e.preventDefault(); });

window.voip = Object.assign(window.voip || {}, { signaling, session: sessionStore, navigate });
renderSession(sessionStore.current());
route();
