namespace Voip.Media.Tests.Interop;

/// <summary>The page the browser tests drive: one or more peer connections to the engine.</summary>
public static class WebRtcPage
{
    public const string Html = """
        <!doctype html>
        <html><head><meta charset="utf-8"><title>voip webrtc test page</title></head>
        <body>
        <script>
        window.pcs = [];
        const streams = new Map();
        function media(width, height) {
          const key = width + 'x' + height;
          if (!streams.has(key)) {
            streams.set(key, navigator.mediaDevices.getUserMedia({ audio: true, video: { width, height } }));
          }
          return streams.get(key);
        }
        // Creates a sendrecv audio+video peer connection and returns [index, offer sdp].
        window.createCall = async (width = 640, height = 360) => {
          const stream = await media(width, height);
          const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
          pc.addTransceiver(stream.getAudioTracks()[0], { direction: 'sendrecv', streams: [stream] });
          pc.addTransceiver(stream.getVideoTracks()[0], { direction: 'sendrecv', streams: [stream] });
          const offer = await pc.createOffer();
          await pc.setLocalDescription(offer);
          window.pcs.push(pc);
          return [window.pcs.length - 1, pc.localDescription.sdp];
        };
        window.setAnswer = async (index, sdp) => {
          await window.pcs[index].setRemoteDescription({ type: 'answer', sdp });
        };
        // What the tests check: DTLS state, decoded video frames, received audio packets.
        window.callStats = async (index) => {
          const pc = window.pcs[index];
          const result = { dtlsState: 'none', iceState: pc.iceConnectionState, framesDecoded: 0, audioPacketsReceived: 0,
                           videoPacketsReceived: 0, srtpCipher: '', frameWidth: 0 };
          const stats = await pc.getStats();
          stats.forEach(s => {
            if (s.type === 'transport') { result.dtlsState = s.dtlsState; result.srtpCipher = s.srtpCipher || ''; }
            if (s.type === 'inbound-rtp' && s.kind === 'video') {
              result.framesDecoded += s.framesDecoded || 0;
              result.videoPacketsReceived += s.packetsReceived || 0;
              result.frameWidth = s.frameWidth || result.frameWidth;
            }
            if (s.type === 'inbound-rtp' && s.kind === 'audio') { result.audioPacketsReceived += s.packetsReceived || 0; }
          });
          return result;
        };
        window.closeCall = (index) => { window.pcs[index].close(); };
        </script>
        </body></html>
        """;
}
