namespace NutSharp.Drivers.Hid;

/// <summary>The three kinds of report a HID Main item declares fields for.</summary>
public enum HidReportType : byte
{
    Input,
    Output,
    Feature,
}
