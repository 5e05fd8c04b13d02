// Test driver: several socket.io-client sockets controlled over stdin/stdout, one JSON object per line.
// In:  {"id":1,"cmd":"connect","name":"a","url":"http://127.0.0.1:1234","token":"..."}
//      {"id":2,"cmd":"emit","name":"a","event":"call-user","payload":{...}}   (always with an ack callback)
//      {"id":3,"cmd":"send","name":"a","event":"x","payload":{...}}          (no ack)
//      {"id":4,"cmd":"close","name":"a"}
// Out: {"id":1,"ok":true,"sid":"..."} | {"id":1,"ok":false,"error":{"message":"...","data":{...}}}
//      {"id":2,"ok":true,"result":{...}}
//      {"event":"incoming-call","name":"b","payload":{...}}   (every event any socket receives)
//      {"event":"disconnect","name":"a","payload":"transport close"}
import { io } from 'socket.io-client';
import readline from 'node:readline';

const sockets = new Map();
const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');

function connect({ id, name, url, token, timeoutMs }) {
  const socket = io(url, {
    transports: ['websocket'],
    auth: token === undefined ? undefined : { token },
    reconnection: false,
    forceNew: true,
    timeout: timeoutMs ?? 5000,
  });
  sockets.set(name, socket);
  let settled = false;
  socket.on('connect', () => {
    if (!settled) { settled = true; out({ id, ok: true, sid: socket.id }); }
  });
  socket.on('connect_error', (err) => {
    if (!settled) { settled = true; out({ id, ok: false, error: { message: err.message, data: err.data ?? null } }); }
  });
  socket.on('disconnect', (reason) => out({ event: 'disconnect', name, payload: reason }));
  socket.onAny((event, payload) => out({ event, name, payload: payload ?? null }));
}

const rl = readline.createInterface({ input: process.stdin });
rl.on('line', (line) => {
  let msg;
  try { msg = JSON.parse(line); } catch { return; }
  const socket = sockets.get(msg.name);
  switch (msg.cmd) {
    case 'connect':
      connect(msg);
      break;
    case 'emit':
      if (!socket) { out({ id: msg.id, ok: false, error: { message: 'no socket ' + msg.name } }); break; }
      socket.timeout(msg.timeoutMs ?? 5000).emit(msg.event, msg.payload, (err, result) => {
        if (err) out({ id: msg.id, ok: false, error: { message: String(err.message ?? err) } });
        else out({ id: msg.id, ok: true, result: result ?? null });
      });
      break;
    case 'send':
      socket?.emit(msg.event, msg.payload);
      out({ id: msg.id, ok: true });
      break;
    case 'close':
      socket?.close();
      sockets.delete(msg.name);
      out({ id: msg.id, ok: true });
      break;
    case 'exit':
      for (const s of sockets.values()) s.close();
      process.exit(0);
  }
});
rl.on('close', () => { for (const s of sockets.values()) s.close(); process.exit(0); });
