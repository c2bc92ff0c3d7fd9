using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace NutSharp.Server.Interop;

/// <summary>
/// getaddrinfo(3) with the hints upsd 2.8.0 uses for a LISTEN line (AI_PASSIVE, TCP stream), so
/// an address and port are accepted or refused exactly as upsd's C library decides: service names
/// from /etc/services ("nut"), a port above 65535 wrapping as in glibc, "[::1]" refused, and so on.
/// </summary>
internal static unsafe partial class AddressInfo
{
    private const int AI_PASSIVE = 0x1;
    private const int AF_UNSPEC = 0;
    private const int AF_INET = 2;
    private const int AF_INET6 = 10;
    private const int SOCK_STREAM = 1;
    private const int IPPROTO_TCP = 6;

    // struct addrinfo on 64-bit Linux (glibc and musl share this layout).
    [StructLayout(LayoutKind.Sequential)]
    private struct AddrInfo
    {
        public int Flags;
        public int Family;
        public int SocketType;
        public int Protocol;
        public uint AddressLength;
        public byte* Address;
        public byte* CanonicalName;
        public AddrInfo* Next;
    }

    [LibraryImport("libc", EntryPoint = "getaddrinfo", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int GetAddrInfo(string? node, string service, AddrInfo* hints, AddrInfo** result);

    [LibraryImport("libc", EntryPoint = "freeaddrinfo")]
    private static partial void FreeAddrInfo(AddrInfo* info);

    [LibraryImport("libc", EntryPoint = "gai_strerror")]
    private static partial byte* GaiStrError(int code);

    /// <summary>
    /// The endpoints for <paramref name="node"/> (null: the wildcard addresses) and
    /// <paramref name="service"/>, in the order the library gives them; null with <paramref name="error"/> (gai_strerror's text) when it refuses.
    /// </summary>
    public static List<IPEndPoint>? Resolve(string? node, string service, AddressFamily family, out string error)
    {
        var hints = new AddrInfo
        {
            Flags = AI_PASSIVE,
            Family = family switch
            {
                AddressFamily.InterNetwork => AF_INET,
                AddressFamily.InterNetworkV6 => AF_INET6,
                _ => AF_UNSPEC,
            },
            SocketType = SOCK_STREAM,
            Protocol = IPPROTO_TCP,
        };
        AddrInfo* list = null;
        int status = GetAddrInfo(node, service, &hints, &list);
        if (status != 0)
        {
            error = Marshal.PtrToStringUTF8((nint)GaiStrError(status)) ?? $"getaddrinfo error {status}";
            return null;
        }

        var endpoints = new List<IPEndPoint>();
        try
        {
            for (var ai = list; ai is not null; ai = ai->Next)
                if (ToEndPoint(ai->Address, ai->AddressLength) is { } endpoint && !endpoints.Contains(endpoint))
                    endpoints.Add(endpoint);
        }
        finally
        {
            FreeAddrInfo(list);
        }
        error = "";
        return endpoints;
    }

    /// <summary>sockaddr_in / sockaddr_in6 to an endpoint (port in network byte order at offset 2).</summary>
    private static IPEndPoint? ToEndPoint(byte* address, uint length)
    {
        if (address is null || length < 8) return null;
        ushort family = *(ushort*)address;
        int port = (address[2] << 8) | address[3];
        if (family == AF_INET) return new IPEndPoint(new IPAddress(new ReadOnlySpan<byte>(address + 4, 4)), port);
        if (family == AF_INET6 && length >= 28)
        {
            uint scope = *(uint*)(address + 24);
            return new IPEndPoint(new IPAddress(new ReadOnlySpan<byte>(address + 8, 16), scope), port);
        }
        return null;
    }
}
