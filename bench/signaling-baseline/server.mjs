// BASELINE ONLY — not the product. A reference relay for the signaling benchmark, written on Node's npm
// `socket.io` server (the seed's original design), handling the same events the C# server handles:
// call-user -> incoming-call (+ack {success, roomId}), accept-call -> call-accepted, reject-call -> call-rejected,
// end-call -> call-ended, ice-candidate / toggle-* relayed. Same auth (HS256 JWT from the handshake auth.token),
// same online/busy checks (CALL001/CALL002). It keeps calls in memory and writes no history, so it does less
// work per call than the C# server (which also writes every call to SQLite).
//
// Usage: node server.mjs <port> <jwtSecret>
import { createServer } from 'node:http';
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { Server } from 'socket.io';

const port = Number(process.argv[2] ?? 3100);
const secret = process.argv[3] ?? 'bench-secret-0123456789-0123456789-abcdef';

function verify(token) {
  if (typeof token !== 'string') return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const expected = createHmac('sha256', secret).update(parts[0] + '.' + parts[1]).digest();
  const given = Buffer.from(parts[2], 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString());
  if (claims.tokenUse !== 'access' || typeof claims.userId !== 'string' || claims.exp * 1000 <= Date.now()) return null;
  return claims;
}

const http = createServer();
const io = new Server(http, { transports: ['websocket'], maxHttpBufferSize: 64 * 1024, serveClient: false });
const calls = new Map();   // roomId -> { callerId, calleeId, accepted }
const inCall = new Map();  // userId -> roomId

const error = (code, message, roomId) => ({ success: false, code, message, ...(roomId ? { roomId } : {}) });
const reply = (ack, socket, body) => {
  if (typeof ack === 'function') ack(body);
  if (!body.success) socket.emit('call-error', body);
};

io.use((socket, next) => {
  const claims = verify(socket.handshake.auth?.token);
  if (!claims) return next(Object.assign(new Error('Invalid token'), { data: { code: 'AUTH001' } }));
  socket.data.userId = claims.userId;
  socket.data.name = claims.name ?? '';
  next();
});

io.on('connection', (socket) => {
  const me = socket.data.userId;
  socket.join('user:' + me);

  const own = (p, ack) => {
    const call = p && typeof p.roomId === 'string' ? calls.get(p.roomId) : undefined;
    if (!call) { reply(ack, socket, error('CALL003', 'Call is not in progress', p?.roomId)); return null; }
    if (call.callerId !== me && call.calleeId !== me) { reply(ack, socket, error('AUTH003', 'You are not part of this call', p.roomId)); return null; }
    return call;
  };
  const finish = (roomId, call) => { calls.delete(roomId); inCall.delete(call.callerId); inCall.delete(call.calleeId); };

  socket.on('call-user', async (p, ack) => {
    if (!p || typeof p.targetUserId !== 'string' || p.targetUserId === me) return reply(ack, socket, error('VALIDATION001', 'targetUserId must be another user'));
    if (p.callType !== 'audio' && p.callType !== 'video') return reply(ack, socket, error('VALIDATION001', "callType must be 'audio' or 'video'"));
    const sockets = io.sockets.adapter.rooms.get('user:' + p.targetUserId);
    if (!sockets || sockets.size === 0) return reply(ack, socket, error('CALL001', 'User is offline'));
    if (inCall.has(me) || inCall.has(p.targetUserId)) return reply(ack, socket, error('CALL002', 'User is busy'));
    const roomId = randomUUID();
    calls.set(roomId, { callerId: me, calleeId: p.targetUserId, accepted: false });
    inCall.set(me, roomId);
    inCall.set(p.targetUserId, roomId);
    reply(ack, socket, { success: true, roomId });
    io.to('user:' + p.targetUserId).emit('incoming-call', { roomId, callerId: me, callerName: socket.data.name, callType: p.callType, offer: p.offer });
  });

  socket.on('accept-call', (p, ack) => {
    const call = own(p, ack);
    if (!call) return;
    if (call.calleeId !== me || call.accepted) return reply(ack, socket, error('CALL003', 'Call was already answered or ended', p.roomId));
    call.accepted = true;
    reply(ack, socket, { success: true, roomId: p.roomId });
    io.to('user:' + call.callerId).emit('call-accepted', { roomId: p.roomId, answer: p.answer });
  });

  socket.on('reject-call', (p, ack) => {
    const call = own(p, ack);
    if (!call) return;
    if (call.calleeId !== me) return reply(ack, socket, error('AUTH003', 'Only the callee can reject', p.roomId));
    finish(p.roomId, call);
    reply(ack, socket, { success: true, roomId: p.roomId });
    io.to('user:' + call.callerId).emit('call-rejected', { roomId: p.roomId, reason: typeof p.reason === 'string' ? p.reason : 'rejected' });
  });

  socket.on('end-call', (p, ack) => {
    const call = own(p, ack);
    if (!call) return;
    finish(p.roomId, call);
    reply(ack, socket, { success: true, roomId: p.roomId });
    const peer = call.callerId === me ? call.calleeId : call.callerId;
    io.to('user:' + peer).emit('call-ended', { roomId: p.roomId, reason: 'hangup', endedBy: me });
  });

  const relay = (name) => socket.on(name, (p, ack) => {
    const call = own(p, ack);
    if (!call) return;
    const peer = call.callerId === me ? call.calleeId : call.callerId;
    if (typeof ack === 'function') ack({ success: true, roomId: p.roomId });
    io.to('user:' + peer).emit(name, { ...p, userId: me, fromUserId: me });
  });
  relay('ice-candidate');
  relay('toggle-audio');
  relay('toggle-video');
});

http.listen(port, '127.0.0.1', () => console.log(`baseline socket.io relay listening on 127.0.0.1:${port}`));
