// Signaling load tool: N socket.io-client sockets from one process (pairs: caller 2i, callee 2i+1), then an
// open-loop storm of call setups at a fixed rate. One setup = call-user (+ack) -> incoming-call at the callee
// -> reject-call (+ack) -> call-rejected at the caller (6 Socket.IO messages), after which the pair is free again.
// Measures call-user -> incoming-call latency (both ends in this process, one monotonic clock), Socket.IO
// messages per second, and (with --pid) the server's CPU time per call setup and per connect from /proc/<pid>/stat.
//
// Usage: node load.mjs --url http://127.0.0.1:3000 --clients 1000 --rate 200 --seconds 15 --secret S --label name [--pid P]
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { io } from 'socket.io-client';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const url = args.url;
const clients = Number(args.clients ?? 1000) & ~1;
const rate = Number(args.rate ?? 200);
const seconds = Number(args.seconds ?? 15);
const warmup = Number(args.warmup ?? 2);
const secret = args.secret ?? 'bench-secret-0123456789-0123456789-abcdef';
const label = args.label ?? 'server';
const pid = args.pid ? Number(args.pid) : null;

const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
function token(userId, i) {
  const now = Math.floor(Date.now() / 1000);
  const body = b64({ alg: 'HS256', typ: 'JWT' }) + '.' + b64({
    userId, email: `bench${i}@example.com`, name: `Bench ${i}`, role: 'user', jti: randomBytes(16).toString('hex'),
    sid: randomBytes(16).toString('hex'), tokenUse: 'access', iss: 'voip-control-plane', aud: 'voip', iat: now, nbf: now - 5, exp: now + 3600,
  });
  return body + '.' + createHmac('sha256', secret).update(body).digest('base64url');
}

function cpuTimes() {
  if (!pid) return [0, 0];
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return [Number(fields[11]) / 100, Number(fields[12]) / 100]; // utime, stime; USER_HZ = 100
}
const cpuSeconds = () => cpuTimes().reduce((a, b) => a + b);

const offer = { type: 'offer', sdp: 'v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n' };
const ids = Array.from({ length: clients }, () => randomBytes(12).toString('hex'));
const sockets = new Array(clients);
let messages = 0;
let counting = false;
const count = (n = 1) => { if (counting) messages += n; };

// Connect in waves so the server's accept queue and our event loop keep up.
const connectStart = performance.now();
const connectCpuStart = cpuSeconds();
let failedConnects = 0;
for (let start = 0; start < clients; start += 100) {
  await Promise.all(ids.slice(start, start + 100).map((id, k) => new Promise((resolve) => {
    const i = start + k;
    const s = io(url, { transports: ['websocket'], auth: { token: token(id, i) }, forceNew: true, reconnection: false, timeout: 30000 });
    sockets[i] = s;
    s.once('connect', resolve);
    s.once('connect_error', (e) => { failedConnects++; console.error(`connect ${i}: ${e.message}`); resolve(); });
  })));
}
const connectSeconds = (performance.now() - connectStart) / 1000;
const connectCpu = cpuSeconds() - connectCpuStart;
// Phase marks on stderr (wall clock), to line up with server-side traces (GC logs, counters).
const mark = (phase) => console.error(`${new Date().toISOString()} ${label} ${phase}`);
mark('connected');

const pairs = clients / 2;
const busy = new Uint8Array(pairs);
const sentAt = new Float64Array(pairs);
const latencies = [];
let sent = 0, completed = 0, errors = 0, skipped = 0, inWarmup = true;

for (let p = 0; p < pairs; p++) {
  const caller = sockets[2 * p], callee = sockets[2 * p + 1];
  callee.on('incoming-call', (e) => {
    const now = performance.now();
    count();
    if (!inWarmup) latencies.push(now - sentAt[p]);
    callee.emit('reject-call', { roomId: e.roomId, reason: 'bench' }, (r) => { count(); if (!r?.success) errors++; });
    count();
  });
  caller.on('call-rejected', () => { count(); busy[p] = 0; if (!inWarmup) completed++; });
  caller.on('call-error', () => { count(); });
}

function place(p) {
  busy[p] = 1;
  sentAt[p] = performance.now();
  sockets[2 * p].emit('call-user', { targetUserId: ids[2 * p + 1], callType: 'audio', offer }, (r) => {
    count();
    if (!r?.success) { errors++; busy[p] = 0; }
  });
  count();
  sent++;
}

// Open loop: every 5 ms place the calls due by now on the next free pairs (round robin).
let next = 0, due = 0;
const began = performance.now();
counting = true;
let cpuStart = 0, sysStart = 0, measuredStart = 0, msgStart = 0;
await new Promise((resolve) => {
  const timer = setInterval(() => {
    const elapsed = (performance.now() - began) / 1000;
    if (inWarmup && elapsed >= warmup) {
      inWarmup = false;
      cpuStart = cpuSeconds();
      sysStart = cpuTimes()[1];
      measuredStart = performance.now();
      msgStart = messages;
      mark('measuring');
    }
    if (elapsed >= warmup + seconds) { clearInterval(timer); resolve(); return; }
    const target = Math.floor(elapsed * rate);
    for (; due < target; due++) {
      let tries = 0;
      while (busy[next] && tries < pairs) { next = (next + 1) % pairs; tries++; }
      if (busy[next]) { skipped++; continue; }
      place(next);
      next = (next + 1) % pairs;
    }
  }, 5);
});
const measured = (performance.now() - measuredStart) / 1000;
const cpu = cpuSeconds() - cpuStart;
const sys = cpuTimes()[1] - sysStart;
const msgs = messages - msgStart;
mark('done');
await new Promise((r) => setTimeout(r, 500));
for (const s of sockets) s?.close();

latencies.sort((a, b) => a - b);
const q = (x) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(x * latencies.length))] : NaN);
const r3 = (x) => Math.round(x * 1000) / 1000;
const result = {
  label, clients, connected: clients - failedConnects, rate, seconds: r3(measured), connect_s: r3(connectSeconds),
  server_cpu_us_per_connect: pid ? Math.round((connectCpu * 1e6) / Math.max(1, clients - failedConnects)) : null,
  setups: latencies.length, completed, errors, skipped,
  p50_ms: r3(q(0.5)), p99_ms: r3(q(0.99)), max_ms: r3(latencies.at(-1) ?? NaN),
  msgs_per_s: Math.round(msgs / measured), server_cpu_us_per_setup: pid && latencies.length ? Math.round((cpu * 1e6) / latencies.length) : null,
  server_sys_us_per_setup: pid && latencies.length ? Math.round((sys * 1e6) / latencies.length) : null,
};
console.log(JSON.stringify(result));
console.log('RESULT ' + Object.entries(result).map(([k, v]) => `${k}=${v}`).join(' '));
process.exit(0);
