using System.Text;
using NutSharp.Testing;

namespace NutSharp.Integration.Tests.Clients;

/// <summary>
/// Running Debian's NUT-Monitor (nut-monitor 2.8.0, PyQt5) headless: where it lives, and a private
/// HOME whose ~/.nut-monitor/favorites.ini holds the favorite <c>fav</c> to open with <c>-F fav</c>.
/// </summary>
public static class ClientsNutMonitor
{
    public const string Program = "/usr/bin/NUT-Monitor-py3qt5";
    public const string Favorite = "fav";

    /// <summary>Stops the test when NUT-Monitor or Xvfb is not installed (see <see cref="TestPaths.RequireInstalled"/>).</summary>
    public static void RequireInstalled() => TestPaths.RequireInstalled(ClientsXvfb.XvfbPath, Program);

    /// <summary>The environment to run it with: its own HOME and the private X display.</summary>
    public static Dictionary<string, string> Environment(string home, ClientsXvfb xvfb) => new()
    {
        ["HOME"] = home,
        ["DISPLAY"] = xvfb.Display,
        ["QT_QPA_PLATFORM"] = "xcb",
        ["XDG_RUNTIME_DIR"] = home,
    };

    /// <summary>Creates a new HOME under <paramref name="parent"/>; the password is stored base64-encoded, as NUT-Monitor saves it.</summary>
    public static string CreateHome(string parent, int port, string ups, string? login = null, string? password = null)
    {
        string home = Path.Combine(parent, "home-" + Guid.NewGuid().ToString("N")[..8]);
        string favorites = Path.Combine(home, ".nut-monitor");
        Directory.CreateDirectory(favorites);
        // NUT-Monitor wants the directory private (0700); it would chmod it itself otherwise.
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(favorites, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var ini = new StringBuilder($"[{Favorite}]\nhost = 127.0.0.1\nport = {port}\nups = {ups}\n");
        if (login is not null && password is not null)
            ini.Append($"auth = true\nlogin = {login}\npassword = {Convert.ToBase64String(Encoding.ASCII.GetBytes(password))}\n");
        File.WriteAllText(Path.Combine(favorites, "favorites.ini"), ini.ToString());
        return home;
    }
}
