namespace NutSharp.Integration.Tests.Clients;

/// <summary>
/// PyNUT's known crash: GetUPSList splits each <c>UPS</c> line on <c>"</c>, so an escaped quote in a
/// description (dummy1's) makes it raise ValueError. Real upsd does the same; the server must not
/// "fix" it by sending something other than upsd's escaped description.
/// </summary>
[TestFixture(ClientsServer.NutSharpKind)]
[TestFixture(ClientsServer.UpsdKind)]
public sealed class PyNutQuotedDescriptionTests(string serverKind) : ClientsFixture(serverKind)
{
    protected override ClientsConfiguration Configuration => ClientsConfiguration.Spec;

    [Test]
    public async Task Get_ups_list_raises_on_a_quote_in_a_description()
    {
        ClientsPyNut.RequireInstalled();

        var outcome = await ClientsPyNut.CallAsync(Server.Port, null, null, "GetUPSList");

        Assert.That(outcome.Error, Is.EqualTo("ValueError"), outcome.ToString());
        Assert.That(outcome.Message, Does.Contain("too many values to unpack"), outcome.ToString());
    }
}
