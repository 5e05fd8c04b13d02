namespace Voip.ControlPlane.Tests.Rooms;

/// <summary>
/// What a browser in a room runs, kept minimal: socket.io-client served by the control plane, one subscribing
/// peer connection answering the server's offers in order, one sendonly publishing connection; tracks are
/// grouped by <c>event.streams[0].id</c> (the publisher's user id) as the web client does.
/// </summary>
public static class RoomBrowserPage
{
    public const string Script = """
        window.room = {
          events: [],
          byTrack: {},
          async start(token, roomId) {
            const { io } = await import('/vendor/socket.io.esm.min.js');
            const socket = this.socket = io({ transports: ['websocket'], auth: { token } });
            await new Promise((resolve, reject) => { socket.on('connect', resolve); socket.on('connect_error', reject); });
            const req = this.req = (ev, p) => new Promise((resolve, reject) => socket.timeout(15000).emit(ev, p, (err, ack) =>
              err ? reject(err) : (ack && ack.success === false ? reject(new Error(ack.code + ' ' + ack.message)) : resolve(ack))));
            const sub = this.sub = new RTCPeerConnection();
            sub.ontrack = e => { this.byTrack[e.track.id] = e.streams[0] ? e.streams[0].id : ''; };
            let chain = Promise.resolve();
            socket.on('room-subscriber-offer', d => {
              chain = chain.then(async () => {
                await sub.setRemoteDescription(d.offer);
                await sub.setLocalDescription(await sub.createAnswer());
                await req('room-subscriber-answer', { roomId: d.roomId, answer: sub.localDescription.toJSON() });
                this.events.push({ ev: 'answered' });
              }).catch(e => this.events.push({ ev: 'offer-failed', d: String(e) }));
            });
            for (const ev of ['room-participant-joined', 'room-participant-left', 'room-media-state', 'room-ended', 'room-error', 'room-active-speaker']) {
              socket.on(ev, d => this.events.push({ ev, d }));
            }
            await req('room-join', { roomId });
            const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 320, height: 180 } });
            const pub = this.pub = new RTCPeerConnection();
            pub.addTransceiver(stream.getAudioTracks()[0], { direction: 'sendonly', streams: [stream] });
            pub.addTransceiver(stream.getVideoTracks()[0], { direction: 'sendonly', streams: [stream] });
            await pub.setLocalDescription(await pub.createOffer());
            const ack = await req('room-publish', { roomId, offer: pub.localDescription.toJSON() });
            await pub.setRemoteDescription(ack.answer);
          },
          // Frames decoded and audio packets received per publishing user (by the stream id of each track).
          async stats() {
            const users = {};
            for (const r of this.sub.getReceivers()) {
              if (!r.track || r.track.readyState !== 'live') continue;
              const user = this.byTrack[r.track.id];
              if (!user) continue;
              const u = users[user] = users[user] || { frames: 0, audioPackets: 0 };
              (await r.getStats()).forEach(s => {
                if (s.type !== 'inbound-rtp') return;
                if (s.kind === 'video') u.frames += s.framesDecoded || 0; else u.audioPackets += s.packetsReceived || 0;
              });
            }
            return users;
          },
          async leave(roomId) { await this.req('room-leave', { roomId }); this.pub.close(); this.sub.close(); },
        };
        """;
}
