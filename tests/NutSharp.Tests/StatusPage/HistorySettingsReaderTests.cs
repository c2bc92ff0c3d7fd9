using NutSharp.Config;

namespace NutSharp.Tests.StatusPage;

/// <summary>[http] history_resolution_seconds in nutsharp.toml.</summary>
public class HistorySettingsReaderTests
{
    private const string File = "/etc/nut/nutsharp.toml";

    private static HttpSettings Parse(string text) => NutSharpSettingsReader.Parse(text, File).Http;

    [Test]
    public void The_history_resolution_is_a_bounded_number_of_seconds()
    {
        Assert.That(Parse("[http]\nhistory_resolution_seconds = 0\n").HistoryResolutionSeconds, Is.EqualTo(0));
        Assert.That(Parse("[http]\nhistory_resolution_seconds = 60\n").HistoryResolutionSeconds, Is.EqualTo(60));
        Assert.That(Parse("[http]\n").HistoryResolutionSeconds, Is.Null);
        var error = Assert.Throws<ConfigException>(() => Parse("[http]\nhistory_resolution_seconds = 3601\n"));
        Assert.That(error!.Message, Does.EndWith(":2:30: 'history_resolution_seconds' must be from 0 to 3600 (seconds); found 3601"));
    }
}
