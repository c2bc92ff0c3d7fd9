namespace NutSharp.Drivers.Selection;

/// <summary>
/// The driver programs NUT 2.8.0 ships (drivers/Makefile.am of v2.8.0: the serial, USB, SNMP,
/// XML/HTTP, Modbus, I2C, PowerMan, IPMI and macOS lists; the <c>skel</c> template left out).
/// Which are installed depends on the distribution's packages, but any of them may be running
/// under upsdrvctl, so a section using one is left to NUT's process unless the user says otherwise.
/// </summary>
public static class NutDrivers
{
    private static readonly HashSet<string> Names = new(StringComparer.Ordinal)
    {
        // serial (dummy-ups, clone, clone-outlet and apcupsd-ups are in this list in 2.8.0)
        "al175", "apcsmart", "apcsmart-old", "apcupsd-ups", "bcmxcp", "belkin", "belkinunv",
        "bestfcom", "bestfortress", "bestuferrups", "bestups", "blazer_ser", "clone", "clone-outlet",
        "dummy-ups", "etapro", "everups", "gamatronic", "genericups", "isbmex", "ivtscd", "liebert",
        "liebert-esp2", "masterguard", "metasys", "mge-shut", "mge-utalk", "microdowell",
        "microsol-apc", "nutdrv_siemens-sitop", "oneac", "optiups", "powercom", "powerpanel", "rhino",
        "riello_ser", "safenet", "solis", "tripplite", "tripplitesu", "upscode2", "victronups",
        // USB
        "bcmxcp_usb", "blazer_usb", "nutdrv_atcl_usb", "richcomm_usb", "riello_usb", "tripplite_usb",
        "usbhid-ups",
        // serial or USB
        "nutdrv_qx",
        // network and others
        "snmp-ups", "netxml-ups", "macosx-ups", "powerman-pdu", "nut-ipmipsu",
        "adelsystem_cbi", "generic_modbus", "huawei-ups2000", "phoenixcontact_modbus", "socomec_jbus",
        "asem", "pijuice",
    };

    /// <summary>True when NUT 2.8.0 has a driver program named <paramref name="driver"/> (exact name, as upsdrvctl runs it).</summary>
    public static bool Has(string driver) => Names.Contains(driver);
}
