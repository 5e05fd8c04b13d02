using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Voip.Media.Host.Registration;

/// <summary>
/// The few Redis commands the engine's registration needs, spoken directly in RESP2 over one TCP connection
/// (https://redis.io/docs/latest/develop/reference/protocol-spec/): requests are arrays of bulk strings, replies
/// are read and checked. Small on purpose: the AOT engine carries no Redis client library for three commands.
/// </summary>
public sealed class RespConnection : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly byte[] _read = new byte[4096];
    private int _readStart;
    private int _readEnd;

    private RespConnection(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public static async Task<RespConnection> ConnectAsync(string host, int port, string? password, CancellationToken cancellationToken)
    {
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            await tcp.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            var connection = new RespConnection(tcp);
            if (password is not null)
            {
                await connection.CommandAsync(cancellationToken, "AUTH", password).ConfigureAwait(false);
            }

            return connection;
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>Sends one command and returns its reply as text (null for a nil reply); a Redis error throws <see cref="RespException"/>.</summary>
    public async Task<string?> CommandAsync(CancellationToken cancellationToken, params string[] parts)
    {
        var request = new StringBuilder();
        request.Append('*').Append(parts.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        foreach (var part in parts)
        {
            request.Append('$').Append(Encoding.UTF8.GetByteCount(part).ToString(CultureInfo.InvariantCulture)).Append("\r\n").Append(part).Append("\r\n");
        }

        await _stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()), cancellationToken).ConfigureAwait(false);
        return await ReadReplyAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<string?> ReadReplyAsync(CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
        if (line.Length == 0)
        {
            throw new RespException("empty reply line");
        }

        var body = line[1..];
        switch (line[0])
        {
            case '+':
            case ':':
                return body;
            case '-':
                throw new RespException(body);
            case '$':
                var length = int.Parse(body, NumberStyles.Integer, CultureInfo.InvariantCulture);
                if (length < 0)
                {
                    return null;
                }

                var bytes = await ReadExactAsync(length + 2, cancellationToken).ConfigureAwait(false);
                return Encoding.UTF8.GetString(bytes, 0, length);
            case '*':
                // Arrays are not needed by the registration; read and drop their elements to stay in step.
                var count = int.Parse(body, NumberStyles.Integer, CultureInfo.InvariantCulture);
                for (var i = 0; i < count; i++)
                {
                    await ReadReplyAsync(cancellationToken).ConfigureAwait(false);
                }

                return null;
            default:
                throw new RespException($"unexpected reply type '{line[0]}'");
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var available = _read.AsSpan(_readStart, _readEnd - _readStart);
            var end = available.IndexOf("\r\n"u8);
            if (end >= 0)
            {
                var line = Encoding.UTF8.GetString(available[..end]);
                _readStart += end + 2;
                return line;
            }

            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<byte[]> ReadExactAsync(int count, CancellationToken cancellationToken)
    {
        var result = new byte[count];
        var filled = 0;
        while (filled < count)
        {
            if (_readStart == _readEnd)
            {
                await FillAsync(cancellationToken).ConfigureAwait(false);
            }

            var take = Math.Min(count - filled, _readEnd - _readStart);
            _read.AsSpan(_readStart, take).CopyTo(result.AsSpan(filled));
            _readStart += take;
            filled += take;
        }

        return result;
    }

    private async Task FillAsync(CancellationToken cancellationToken)
    {
        if (_readStart > 0)
        {
            _read.AsSpan(_readStart, _readEnd - _readStart).CopyTo(_read);
            _readEnd -= _readStart;
            _readStart = 0;
        }

        if (_readEnd == _read.Length)
        {
            throw new RespException("reply line longer than 4 KiB");
        }

        var n = await _stream.ReadAsync(_read.AsMemory(_readEnd), cancellationToken).ConfigureAwait(false);
        if (n == 0)
        {
            throw new RespException("Redis closed the connection");
        }

        _readEnd += n;
    }
}
