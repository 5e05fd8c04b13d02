// Live call quality from RTCPeerConnection.getStats(), once a second: round-trip time of the selected
// candidate pair, packet loss of what we receive (over the last interval) and total bitrate in both directions.

export function qualityLevel({ rttMs, lossPct }) {
  if (rttMs === null && lossPct === null) return 'unknown';
  if ((lossPct ?? 0) >= 5 || (rttMs ?? 0) >= 400) return 'poor';
  if ((lossPct ?? 0) >= 1.5 || (rttMs ?? 0) >= 200) return 'fair';
  return 'good';
}

export class QualityMonitor {
  constructor(pc, onSample, intervalMs = 1000) {
    this.pc = pc;
    this.onSample = onSample;
    this.prev = null;
    this.last = null;
    this.timer = setInterval(() => this.sample().catch(() => {}), intervalMs);
  }

  stop() { clearInterval(this.timer); }

  async sample() {
    if (this.pc.connectionState === 'closed') { this.stop(); return; }
    const report = await this.pc.getStats();
    let rttMs = null, bytesIn = 0, bytesOut = 0, received = 0, lost = 0, framesDecoded = 0, audioPackets = 0, pairId = null;
    report.forEach(s => { if (s.type === 'transport' && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId; });
    report.forEach(s => {
      if (s.type === 'candidate-pair' && (s.id === pairId || (!pairId && s.nominated && s.state === 'succeeded')) && typeof s.currentRoundTripTime === 'number') {
        rttMs = s.currentRoundTripTime * 1000;
      } else if (s.type === 'inbound-rtp') {
        bytesIn += s.bytesReceived || 0;
        received += s.packetsReceived || 0;
        lost += Math.max(s.packetsLost || 0, 0);
        if (s.kind === 'video') framesDecoded += s.framesDecoded || 0;
        else if (s.kind === 'audio') audioPackets += s.packetsReceived || 0;
      } else if (s.type === 'outbound-rtp') {
        bytesOut += s.bytesSent || 0;
      }
    });
    const now = performance.now();
    const cur = { now, bytesIn, bytesOut, received, lost };
    let lossPct = null, kbpsIn = 0, kbpsOut = 0;
    if (this.prev) {
      const seconds = Math.max((now - this.prev.now) / 1000, 0.001);
      kbpsIn = Math.max(0, (bytesIn - this.prev.bytesIn) * 8 / 1000 / seconds);
      kbpsOut = Math.max(0, (bytesOut - this.prev.bytesOut) * 8 / 1000 / seconds);
      const dr = received - this.prev.received, dl = lost - this.prev.lost;
      lossPct = dr + dl > 0 ? Math.max(0, dl) * 100 / (dr + dl) : 0;
    }
    const first = !this.prev;
    this.prev = cur;
    if (first) return; // loss and bitrate need two samples
    const sample = { rttMs, lossPct, kbpsIn, kbpsOut, framesDecoded, audioPackets };
    sample.level = qualityLevel(sample);
    this.last = sample;
    this.onSample(sample);
  }
}

export function describe(sample) {
  const parts = [];
  parts.push(sample.rttMs === null ? 'RTT –' : `RTT ${Math.round(sample.rttMs)} ms`);
  parts.push(sample.lossPct === null ? 'loss –' : `loss ${sample.lossPct.toFixed(1)}%`);
  const kbps = sample.kbpsIn + sample.kbpsOut;
  parts.push(kbps >= 1000 ? `${(kbps / 1000).toFixed(1)} Mbps` : `${Math.round(kbps)} kbps`);
  return parts.join(' · ');
}
