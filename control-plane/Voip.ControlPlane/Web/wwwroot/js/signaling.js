// The Socket.IO connection to /socket.io/ (websocket transport, token in the CONNECT auth payload).
// socket.io-client is copied from npm into /vendor at build time (see the control plane's csproj).
import { io } from '/vendor/socket.io.esm.min.js';
import * as sessionStore from './session.js';

const ACK_TIMEOUT_MS = 10_000;

export class Signaling extends EventTarget {
  constructor() {
    super();
    this.socket = null;
    this.state = 'offline';
    this.busy = () => false; // set by the call controller: true while a call needs this socket
  }

  connect() {
    if (this.socket) return;
    // The auth callback runs on every (re)connect, so a reconnect always carries the newest token.
    this.socket = io({
      transports: ['websocket'],
      auth: cb => { this.token = sessionStore.current()?.token ?? ''; cb({ token: this.token }); },
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
    });
    const s = this.socket;
    s.on('connect', () => this.setState('online'));
    s.on('disconnect', reason => {
      this.setState('offline');
      // The server closes the socket when its token ran out (AUTH002); come back with a fresh one.
      if (reason === 'io server disconnect') this.renew();
    });
    s.on('connect_error', err => {
      this.setState('offline');
      const code = err?.data?.code;
      if (code === 'AUTH002') this.renew();
      else if (code === 'AUTH001') sessionStore.refresh().then(() => this.reconnect()).catch(() => {});
    });
    s.io.on('reconnect_attempt', () => this.setState('connecting'));
    s.onAny((event, payload) => this.dispatchEvent(new CustomEvent(event, { detail: payload ?? {} })));
    this.setState('connecting');
  }

  disconnect() {
    this.socket?.disconnect();
    this.socket = null;
    this.setState('offline');
  }

  reconnect() {
    if (!this.socket) return this.connect();
    this.socket.disconnect();
    this.socket.connect();
  }

  /** Refreshes the access token, then reconnects so the socket's session carries it. */
  async renew() {
    try { await sessionStore.refresh(); } catch { return; }
    this.reconnect();
  }

  setState(state) {
    this.state = state;
    this.dispatchEvent(new CustomEvent('state', { detail: state }));
  }

  /** Waits (bounded) for the socket to be connected. */
  ready(ms = ACK_TIMEOUT_MS) {
    if (this.socket?.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => { this.removeEventListener('state', on); reject(new Error('Not connected to the server')); }, ms);
      const on = e => { if (e.detail === 'online') { clearTimeout(t); this.removeEventListener('state', on); resolve(); } };
      this.addEventListener('state', on);
    });
  }

  /**
   * Emits an event and resolves with its ack ({success, …}); a failure ack rejects with {code, message}.
   * An AUTH002 ack (token ran out mid-session; the server then drops the socket) refreshes, reconnects and retries once.
   */
  async request(event, payload, retried = false) {
    await this.ready();
    let ack;
    try {
      ack = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck(event, payload);
    } catch {
      throw Object.assign(new Error('The server did not answer'), { code: 'TIMEOUT' });
    }
    if (ack && ack.success === false) {
      if (ack.code === 'AUTH002' && !retried) {
        await sessionStore.refresh();
        this.reconnect();
        return this.request(event, payload, true);
      }
      throw Object.assign(new Error(ack.message || 'Request failed'), { code: ack.code, roomId: ack.roomId });
    }
    return ack ?? {};
  }
}

export const signaling = new Signaling();

// After a token refresh, an idle socket reconnects to carry the new token (the server ends sessions whose
// token expired); during a call the AUTH002 path above handles it, so the call is not interrupted needlessly.
sessionStore.onChange(s => {
  if (!s) signaling.disconnect();
  else if (signaling.socket && s.token !== signaling.token && !signaling.busy()) signaling.reconnect();
});
