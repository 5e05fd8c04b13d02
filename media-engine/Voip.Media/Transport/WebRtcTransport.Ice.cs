using Voip.Media.Engine;
using Voip.Media.Ice;
using Voip.Media.Net;

namespace Voip.Media.Transport;

public sealed partial class WebRtcTransport
{
    /// <summary>Shard thread: an ICE connectivity check (or any STUN) addressed to this transport.</summary>
    internal void OnStun(Span<byte> datagram, in UdpEndpoint from, long nowMs)
    {
        if (IsTerminal)
        {
            return;
        }

        Span<byte> response = Shard.Udp.GetSendBuffer();
        var outcome = _ice.HandleBindingRequest(datagram, from, nowMs, response, out int responseLength);
        switch (outcome)
        {
            case IceCheckOutcome.Answered:
            case IceCheckOutcome.AnsweredNominated:
                Counters.StunRequestsAnswered++;
                Shard.Udp.CommitSend(responseLength, from);
                RememberEndpoint(from);
                if (outcome == IceCheckOutcome.AnsweredNominated || _remote is null)
                {
                    var selected = _ice.HasSelected ? _ice.SelectedRemote : from;
                    if (_remote is null || _remote.Value != selected)
                    {
                        _remote = new EndpointBox(selected);
                        EngineLog.RemoteSelected(_engine.Logger, Id, selected.ToString());
                    }
                }

                break;
            default:
                Counters.StunRequestsDropped++;
                break;
        }
    }
}
