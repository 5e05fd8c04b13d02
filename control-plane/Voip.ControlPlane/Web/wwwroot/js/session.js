// The signed-in session: tokens in localStorage (shared by this browser's tabs), the REST client, and
// access-token refresh — on a timer shortly before expiry and again whenever the API answers AUTH002.

const KEY = 'voip.session';
const listeners = new Set();
let session = load();
let refreshing = null;
let timer = 0;

function load() {
  try {
    const s = JSON.parse(localStorage.getItem(KEY) || 'null');
    return s && s.token && s.refreshToken && s.userId ? s : null;
  } catch { return null; }
}

function save(next) {
  session = next;
  if (next) localStorage.setItem(KEY, JSON.stringify(next)); else localStorage.removeItem(KEY);
  schedule();
  for (const fn of listeners) fn(session);
}

/** Another tab refreshed or logged out: take its tokens rather than refreshing again (rotation would revoke). */
window.addEventListener('storage', e => {
  if (e.key !== KEY) return;
  session = load();
  schedule();
  for (const fn of listeners) fn(session);
});

export const current = () => session;
export const onChange = fn => { listeners.add(fn); return () => listeners.delete(fn); };

/** Seconds-since-epoch expiry from the JWT payload (unverified: only used to time the refresh). */
export function tokenExpiry(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(part.padEnd(part.length + (4 - part.length % 4) % 4, '='))).exp * 1000;
  } catch { return 0; }
}

function schedule() {
  clearTimeout(timer);
  if (!session) return;
  const exp = tokenExpiry(session.token);
  if (!exp) return;
  const issued = session.receivedAt || Date.now();
  const lifetime = Math.max(exp - issued, 1000);
  // Refresh when 80% of the lifetime has passed (at most a minute early), so requests never carry an expired token.
  const at = exp - Math.min(60_000, lifetime * 0.2);
  timer = setTimeout(() => refresh().catch(() => {}), Math.max(at - Date.now(), 1000));
}
schedule();

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message || `HTTP ${status}`);
    this.status = status;
    this.code = code;
  }
}

async function send(path, { method = 'GET', body, token } = {}) {
  const headers = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  if (!res.ok) {
    const retry = res.headers.get('Retry-After');
    const message = data?.message || data?.error?.message || `HTTP ${res.status}`;
    throw new ApiError(res.status, data?.code || data?.error?.code || '', retry && res.status === 429 ? `${message} (try again in ${retry} s)` : message);
  }
  return data;
}

/**
 * Exchanges the refresh token for new tokens, once at a time across tabs (Web Locks): a tab that waited
 * for another's refresh finds new tokens in storage and uses them.
 */
export function refresh() {
  if (refreshing) return refreshing;
  const stale = session?.refreshToken;
  const run = async () => {
    const latest = load();
    if (!latest) { save(null); throw new ApiError(401, 'AUTH001', 'Signed out'); }
    if (latest.refreshToken !== stale) { session = latest; schedule(); for (const fn of listeners) fn(session); return latest; }
    try {
      const r = await send('/api/auth/refresh', { method: 'POST', body: { refreshToken: latest.refreshToken } });
      const next = { ...latest, token: r.token, refreshToken: r.refreshToken, receivedAt: Date.now() };
      save(next);
      return next;
    } catch (e) {
      if (e.status === 401) save(null);
      throw e;
    }
  };
  refreshing = (navigator.locks ? navigator.locks.request('voip-refresh', run) : run()).finally(() => { refreshing = null; });
  return refreshing;
}

/** Authenticated request; an AUTH002 (expired) answer refreshes the tokens and retries once. */
export async function api(path, options = {}) {
  if (!session) throw new ApiError(401, 'AUTH001', 'Signed out');
  try {
    return await send(path, { ...options, token: session.token });
  } catch (e) {
    if (e.status === 401 && e.code === 'AUTH002') {
      const next = await refresh();
      return send(path, { ...options, token: next.token });
    }
    if (e.status === 401) save(null);
    throw e;
  }
}

async function signIn(path, body) {
  const r = await send(path, { method: 'POST', body });
  save({ userId: r.userId, token: r.token, refreshToken: r.refreshToken, receivedAt: Date.now() });
  const me = await api('/api/users/me');
  save({ ...session, name: me.name, email: me.email });
  return session;
}

export const register = (name, email, password) => signIn('/api/auth/register', { name, email, password });
export const login = (email, password) => signIn('/api/auth/login', { email, password });

export async function logout() {
  const s = session;
  save(null);
  if (!s) return;
  try {
    await send('/api/auth/logout', { method: 'POST', body: { refreshToken: s.refreshToken }, token: s.token });
  } catch { /* the tokens are gone locally either way */ }
}
