using NutSharp.Config;
using NutSharp.Http;

namespace NutSharp.Host;

/// <summary>
/// The configuration as it stands now, for front-ends other than the NUT server: set at start-up
/// and replaced by <see cref="NutService"/> on every successful reload.
/// </summary>
internal sealed class LiveConfiguration(LoadedConfiguration initial) : IHttpConfiguration
{
    private volatile LoadedConfiguration _current = initial;

    public LoadedConfiguration Current
    {
        get => _current;
        set => _current = value;
    }

    public UpsdUsers Users => _current.Users;

    public CmdVarTab Descriptions => _current.Descriptions;

    public HttpSettings Http => _current.Settings.Http;
}
