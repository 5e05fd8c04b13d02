namespace Voip.Media.Tests.Interop.Room;

/// <summary>
/// The page the room tests drive: one publishing and one subscribing peer connection to the SFU (the
/// recommended model: renegotiation without glare), and stats from both.
/// </summary>
public static class RoomPage
{
    public const string Html = """
        <!doctype html>
        <html><head><meta charset="utf-8"><title>voip room test page</title></head>
        <body>
        <script>
        let pub = null, sub = null, stream = null;
        // Publisher: audio + video, sendonly; simulcast sends rids q/h/f (TESTING.md).
        window.publish = async (width, height, simulcast) => {
          stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width, height } });
          pub = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
          pub.addTransceiver(stream.getAudioTracks()[0], { direction: 'sendonly', streams: [stream] });
          const video = { direction: 'sendonly', streams: [stream] };
          if (simulcast) {
            video.sendEncodings = [
              { rid: 'q', scaleResolutionDownBy: 4 }, { rid: 'h', scaleResolutionDownBy: 2 }, { rid: 'f' }];
          }
          pub.addTransceiver(stream.getVideoTracks()[0], video);
          await pub.setLocalDescription(await pub.createOffer());
          return pub.localDescription.sdp;
        };
        window.setPublishAnswer = async (sdp) => { await pub.setRemoteDescription({ type: 'answer', sdp }); };
        // Subscriber: the SFU offers, the page answers (every renegotiation comes from the SFU).
        // Chromium decodes received audio only while something plays it out: a test that checks the decoded
        // audio (totalSamplesReceived, totalAudioEnergy) asks for a player per audio track first.
        window.playAudio = false;
        window.players = [];
        window.playErrors = [];
        window.subscribe = async (sdp) => {
          if (!sub) {
            sub = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
            sub.ontrack = (e) => {
              if (!window.playAudio || e.track.kind !== 'audio') return;
              const player = new Audio();
              player.srcObject = new MediaStream([e.track]);
              player.play().catch(err => window.playErrors.push(String(err)));
              window.players.push(player);
            };
          }
          await sub.setRemoteDescription({ type: 'offer', sdp });
          await sub.setLocalDescription(await sub.createAnswer());
          return sub.localDescription.sdp;
        };
        window.closeAll = () => { if (pub) pub.close(); if (sub) sub.close(); };
        window.closePublisher = () => { if (pub) pub.close(); };
        // Per inbound stream of the subscriber: what it received and decoded.
        window.roomStats = async () => {
          const result = { inbound: [], outbound: [], subDtls: 'none', pubDtls: 'none' };
          if (sub) {
            (await sub.getStats()).forEach(s => {
              if (s.type === 'transport') result.subDtls = s.dtlsState;
              if (s.type === 'inbound-rtp') result.inbound.push({ ssrc: s.ssrc, kind: s.kind, mid: s.mid || '',
                framesDecoded: s.framesDecoded || 0, packetsReceived: s.packetsReceived || 0, bytesReceived: s.bytesReceived || 0,
                frameWidth: s.frameWidth || 0, packetsLost: s.packetsLost || 0, nackCount: s.nackCount || 0,
                totalAudioEnergy: s.totalAudioEnergy || 0, totalSamplesReceived: s.totalSamplesReceived || 0,
                retransmittedPacketsReceived: s.retransmittedPacketsReceived || 0, rtxSsrc: s.rtxSsrc || 0 });
            });
          }
          if (pub) {
            (await pub.getStats()).forEach(s => {
              if (s.type === 'transport') result.pubDtls = s.dtlsState;
              if (s.type === 'outbound-rtp') result.outbound.push({ ssrc: s.ssrc, kind: s.kind, rid: s.rid || '',
                packetsSent: s.packetsSent || 0, bytesSent: s.bytesSent || 0, frameWidth: s.frameWidth || 0,
                nackCount: s.nackCount || 0, pliCount: s.pliCount || 0, retransmittedPacketsSent: s.retransmittedPacketsSent || 0 });
            });
          }
          return result;
        };
        </script>
        </body></html>
        """;
}
