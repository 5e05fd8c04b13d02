using System.Text.Json;
using Voip.ControlPlane.Calls;
using Voip.ControlPlane.Common;
using Voip.ControlPlane.Events;

namespace Voip.ControlPlane.Signaling;

/// <summary>
/// Per-replica signaling work that is not tied to one socket: turning <c>call.initiated</c> (REST, seed §5.1)
/// into ringing, pushing presence changes, and the call watchdog.
/// </summary>
internal sealed class SignalingBackgroundService(IEventBus bus, CallCoordinator calls, SignalingOptions options, ILogger<SignalingBackgroundService> logger) : BackgroundService
{
    private IAsyncDisposable? callsSubscription;
    private IAsyncDisposable? presenceSubscription;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Subscribed before the server accepts requests, so no initiate is missed. A bus that is down does not
        // stop the replica from starting (sockets still work locally); the watchdog loop retries.
        await SubscribeAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (callsSubscription is not null)
        {
            await callsSubscription.DisposeAsync();
        }

        if (presenceSubscription is not null)
        {
            await presenceSubscription.DisposeAsync();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.PingInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SubscribeAsync(stoppingToken);
                await calls.CheckPeersAsync();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                SignalingLog.HandlerFailed(logger, ex, "watchdog");
            }
        }
    }

    private async Task SubscribeAsync(CancellationToken cancellationToken)
    {
        try
        {
            callsSubscription ??= await bus.SubscribeAsync(EventTopics.Calls, OnCallsMessageAsync, cancellationToken);
            presenceSubscription ??= await bus.SubscribeAsync(CallCoordinator.PresenceTopic, calls.OnPresenceChangedAsync, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            SignalingLog.HandlerFailed(logger, ex, "bus subscription");
        }
    }

    private async Task OnCallsMessageAsync(BusMessage message)
    {
        if (message.Type != EventTypes.CallInitiated)
        {
            return;
        }

        CallInitiatedEvent? evt;
        try
        {
            evt = JsonSerializer.Deserialize(message.Data, VoipJsonContext.Default.CallInitiatedEvent);
        }
        catch (JsonException)
        {
            evt = null;
        }

        if (evt is not null)
        {
            await calls.OnCallInitiatedAsync(evt);
        }
    }
}
