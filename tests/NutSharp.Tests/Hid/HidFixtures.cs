using NutSharp.Testing;

namespace NutSharp.Tests.Hid;

/// <summary>The HID fixtures copied into the repository (tests/fixtures/hid, from the project's shared fixtures).</summary>
internal static class HidFixtures
{
    public static string Directory => Path.Combine(TestPaths.RepositoryRoot, "tests", "fixtures", "hid");

    public static string PathOf(string name) => Path.Combine(Directory, name);

    public static byte[] Descriptor(string stem) => File.ReadAllBytes(PathOf(stem + ".rdesc.bin"));

    public static IEnumerable<string> DescriptorStems() =>
        System.IO.Directory.GetFiles(Directory, "*.rdesc.bin").Select(p => Path.GetFileName(p)[..^".rdesc.bin".Length]).Order();
}
