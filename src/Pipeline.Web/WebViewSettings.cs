using System.Net;

namespace Pipeline.Web;

/// <summary>Where and how the web view listens. Defaults: loopback only, port <see cref="DefaultPort"/>, a 2 s refresh.</summary>
public sealed record WebViewSettings
{
    /// <summary>The documented default port (free of Azurite's 10000-10002 and the usual 5000/5001/7071/8080).</summary>
    public const int DefaultPort = 5180;

    /// <summary>The address to bind. Anything but loopback needs <see cref="AllowRemote"/>, because the view has no login.</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>The port; 0 picks a free one (tests).</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>The caller accepted that other machines can reach pages and the replay button.</summary>
    public bool AllowRemote { get; init; }

    /// <summary>How often the dashboard reads storage and pushes to open pages.</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Articles per page on <c>/articles</c>.</summary>
    public int PageSize { get; init; } = 50;

    /// <summary>What the header says about storage (never a key: see StorageConnection.Describe).</summary>
    public string StorageDescription { get; init; } = string.Empty;

    public bool IsLoopback => IPAddress.IsLoopback(Address);
}
