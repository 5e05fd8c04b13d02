using Grpc.Core;
using Voip.ControlPlane.Common;
using Voip.ControlPlane.Signaling;
using Sdp = Voip.Sdp;
using V1 = Voip.Media.Control.V1;

namespace Voip.ControlPlane.Rooms;

public sealed partial class RoomService
{
    /// <summary>
    /// Brings what <paramref name="member"/> receives in line with what the others publish: consumers for new
    /// producers (created paused, resumed once the answer is in, so no packet arrives before the browser
    /// knows the SSRC), closed consumers for producers that went away, and one new offer for all of it. With an
    /// offer outstanding nothing is offered; the change is remembered and offered after the answer.
    /// Runs under the room gate.
    /// </summary>
    private async Task SyncSubscriberAsync(Room room, RoomMember member)
    {
        if (member.Subscriber is not { } session || member.SubscribeTransportId is not { } transportId || !room.Members.ContainsKey(member.UserId))
        {
            return;
        }

        if (member.OfferOutstanding)
        {
            member.Dirty = true;
            return;
        }

        var client = EngineOf(room);
        var wanted = new Dictionary<string, (string Publisher, string Kind)>(StringComparer.Ordinal);
        foreach (var other in OthersOf(room, member))
        {
            foreach (var (kind, producerId) in other.Producers)
            {
                wanted[producerId] = (other.UserId, kind);
            }
        }

        var changed = false;
        foreach (var consumer in member.Consumers.Values.ToArray())
        {
            if (wanted.ContainsKey(consumer.ProducerId))
            {
                continue;
            }

            member.Consumers.Remove(consumer.ProducerId);
            member.PendingResume.Remove(consumer);
            owners.TryRemove(consumer.ConsumerId, out _);
            session.RemoveConsumer(consumer.Mid);
            changed = true;

            // Usually closed already (its producer's transport was closed); NotFound is fine.
            await QuietAsync(room, () => client.CloseConsumerAsync(new V1.ConsumerIdRequest { ConsumerId = consumer.ConsumerId }, deadline: Deadline()).ResponseAsync);
        }

        foreach (var (producerId, (publisher, kind)) in wanted)
        {
            if (member.Consumers.ContainsKey(producerId))
            {
                continue;
            }

            V1.Consumer consumer;
            try
            {
                consumer = await client.ConsumeAsync(new V1.ConsumeRequest
                {
                    TransportId = transportId,
                    ProducerId = producerId,
                    RtpCapabilities = RoomCapabilities.Subscriber,
                    Paused = true,
                }, deadline: Deadline());
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.NotFound or StatusCode.FailedPrecondition or StatusCode.InvalidArgument)
            {
                // The producer closed meanwhile, or cannot be received with our capabilities: skip it.
                RoomsLog.EngineCallFailed(logger, ex, room.RoomId, member.UserId);
                continue;
            }

            // msid stream id = the publisher's user id: the browser groups each publisher's tracks by it.
            var mid = session.AddConsumer(RoomSdpMapping.ToSdp(consumer, publisher));
            var entry = new RoomConsumer(consumer.ConsumerId, producerId, publisher, kind, mid);
            member.Consumers[producerId] = entry;
            member.PendingResume.Add(entry);
            owners[consumer.ConsumerId] = (room.RoomId, member.UserId);
            changed = true;
        }

        if (!changed || session.Slots.Count == 0)
        {
            return;
        }

        var offer = Sdp.SdpWriter.Write(session.CreateOffer());
        member.OfferOutstanding = true;
        await SendAsync(member, RoomEvents.SubscriberOffer, RoomPayload.SubscriberOffer(room.RoomId, offer));
    }

    /// <summary>
    /// room-subscriber-answer {roomId, answer}: the answer to the outstanding offer. The first one connects the
    /// subscribing transport; then the consumers it added are resumed, and a change that waited is offered.
    /// </summary>
    private async Task SubscriberAnswerAsync(SignalingConnection connection, string roomId, string answerSdp, long ackId)
    {
        var (room, member) = await EnterAsync(connection, roomId);
        try
        {
            if (!member.OfferOutstanding || member.Subscriber is not { PendingOffer: not null } session)
            {
                throw new RoomException(ErrorCodes.Validation, "No subscriber offer is waiting for an answer");
            }

            var client = EngineOf(room);
            var answer = session.ApplyAnswer(Sdp.SdpParser.Parse(answerSdp));
            member.OfferOutstanding = false;
            if (!member.SubscriberConnected)
            {
                await client.ConnectWebRtcTransportAsync(
                    RoomSdpMapping.Connect(member.SubscribeTransportId!, answer.RemoteDtls, answer.RemoteIce, answer.LocalDtlsRole), deadline: Deadline());
                member.SubscriberConnected = true;
            }

            foreach (var consumer in member.PendingResume)
            {
                if (!answer.RejectedMids.Contains(consumer.Mid))
                {
                    await QuietAsync(room, () => client.ResumeConsumerAsync(new V1.ConsumerIdRequest { ConsumerId = consumer.ConsumerId }, deadline: Deadline()).ResponseAsync);
                }
            }

            member.PendingResume.Clear();
            connection.Ack(ackId, RoomPayload.Ok(room.RoomId));
            if (member.Dirty)
            {
                member.Dirty = false;
                await SyncSubscriberAsync(room, member);
            }
        }
        finally
        {
            room.Gate.Release();
        }
    }

    /// <summary>
    /// room-set-layer {roomId, userId, spatialLayer}: which simulcast layer of <c>userId</c>'s video this member
    /// receives (0 = lowest); the engine switches at the next key frame.
    /// </summary>
    private async Task SetLayerAsync(SignalingConnection connection, string roomId, System.Text.Json.JsonElement payload, long ackId)
    {
        if (!payload.TryGetProperty("userId", out var u) || u.ValueKind != System.Text.Json.JsonValueKind.String
            || !payload.TryGetProperty("spatialLayer", out var l) || !l.TryGetInt32(out var layer) || layer is < 0 or > 3)
        {
            throw new RoomException(ErrorCodes.Validation, "userId (string) and spatialLayer (0..3) are required");
        }

        var publisher = u.GetString()!;
        var (room, member) = await EnterAsync(connection, roomId);
        try
        {
            var client = EngineOf(room);
            var found = false;
            foreach (var consumer in member.Consumers.Values.Where(c => c.PublisherUserId == publisher && c.Kind == "video"))
            {
                found = true;
                await client.SetConsumerPreferredLayersAsync(new V1.SetConsumerPreferredLayersRequest
                {
                    ConsumerId = consumer.ConsumerId,
                    PreferredLayers = new V1.ConsumerLayers { SpatialLayer = layer },
                }, deadline: Deadline());
            }

            if (!found)
            {
                throw new RoomException(ErrorCodes.NotFound, "You receive no video from that user");
            }

            connection.Ack(ackId, RoomPayload.Ok(room.RoomId));
        }
        finally
        {
            room.Gate.Release();
        }
    }
}
