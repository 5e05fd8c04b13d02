using Voip.Media.Dtls;
using Voip.Media.Srtp;

namespace Voip.Media.Tests.Dtls;

/// <summary>Captures listener calls; each outcome completes a task the test can await with a timeout.</summary>
internal sealed class RecordingDtlsListener : IDtlsListener
{
    private int _calls;

    public TaskCompletionSource<SrtpKeyingMaterial> Connected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource<(DtlsFailure Reason, string Detail)> Failed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Calls => Volatile.Read(ref _calls);

    public void OnDtlsConnected(DtlsSession session, SrtpKeyingMaterial keys)
    {
        Interlocked.Increment(ref _calls);
        Connected.TrySetResult(keys);
    }

    public void OnDtlsFailed(DtlsSession session, DtlsFailure reason, string detail)
    {
        Interlocked.Increment(ref _calls);
        Failed.TrySetResult((reason, detail));
    }

    public void OnDtlsClosed(DtlsSession session)
    {
        Interlocked.Increment(ref _calls);
        Closed.TrySetResult();
    }
}
