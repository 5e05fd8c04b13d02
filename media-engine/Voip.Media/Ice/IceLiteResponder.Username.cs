using Voip.Media.Stun;

namespace Voip.Media.Ice;

public sealed partial class IceLiteResponder
{
    /// <summary>
    /// Finds the local ufrag (the part of USERNAME before ':') without checking integrity, so a shard can
    /// route a first-contact check to its transport; the transport's responder then authenticates it.
    /// Bounds-checked on arbitrary input; never throws.
    /// </summary>
    public static bool TryReadUsernameLocalPart(ReadOnlySpan<byte> datagram, out ReadOnlySpan<byte> localUfrag)
    {
        localUfrag = default;
        if (!StunMessage.IsStun(datagram))
        {
            return false;
        }

        int end = StunMessage.HeaderLength + ((datagram[2] << 8) | datagram[3]);
        if (end > datagram.Length)
        {
            return false;
        }

        ReadOnlySpan<byte> message = datagram[..end];
        int offset = StunMessage.HeaderLength;
        while (StunMessage.TryReadAttributeBounds(message, offset, out ushort type, out int length, out int next))
        {
            if (type == StunAttributeType.Username)
            {
                ReadOnlySpan<byte> username = message.Slice(offset + 4, length);
                int colon = username.IndexOf((byte)':');
                if (colon <= 0)
                {
                    return false;
                }

                localUfrag = username[..colon];
                return true;
            }

            if (type == StunAttributeType.MessageIntegrity)
            {
                return false; // USERNAME after MESSAGE-INTEGRITY would be ignored anyway
            }

            offset = next;
        }

        return false;
    }
}
