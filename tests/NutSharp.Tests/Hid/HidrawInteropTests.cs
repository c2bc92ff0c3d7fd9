using System.Runtime.Versioning;
using NutSharp.Drivers.Hid;
using NutSharp.Drivers.Interop;

namespace NutSharp.Tests.Hid;

/// <summary>The hidraw layer that runs without hardware: ioctl request numbers and errno handling.</summary>
[SupportedOSPlatform("linux")]
public class HidrawInteropTests
{
    // The numbers of reference/hardware.md §1.7, compiled against the kernel headers on x86-64.
    [Test]
    public void The_ioctl_request_numbers_are_those_of_linux_hidraw_h()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Hidraw.GetDescriptorSize, Is.EqualTo(0x80044801u));
            Assert.That(Hidraw.GetDescriptor, Is.EqualTo(0x90044802u));
            Assert.That(Hidraw.GetRawInfo, Is.EqualTo(0x80084803u));
            Assert.That(Hidraw.GetRawName(256), Is.EqualTo(0x81004804u));
            Assert.That(Hidraw.GetRawPhys(64), Is.EqualTo(0x80404805u));
            Assert.That(Hidraw.GetRawUniq(64), Is.EqualTo(0x80404808u));
            Assert.That(Hidraw.SetFeature(3), Is.EqualTo(0xC0034806u));
            Assert.That(Hidraw.GetFeature(64), Is.EqualTo(0xC0404807u));
            Assert.That(Hidraw.GetInput(64), Is.EqualTo(0xC040480Au));
        });
    }

    [Test]
    public void Opening_a_missing_node_says_the_device_is_gone()
    {
        var info = new HidDeviceInfo("/dev/hidraw-nutsharp-missing", 0x09ae, 0x3016, null, null, null, null, null);
        var error = Assert.Throws<HidDeviceException>(() => HidrawDevice.Open(info));
        Assert.That(error!.Failure, Is.EqualTo(HidFailure.Gone));
        Assert.That(error.Message, Does.Contain("/dev/hidraw-nutsharp-missing"));
    }

    [Test]
    public void A_permission_error_names_the_udev_rule()
    {
        var error = HidrawDevice.Translate(new LinuxException("open", "/dev/hidraw3", Errno.EACCES), "/dev/hidraw3");
        Assert.That(error.Failure, Is.EqualTo(HidFailure.Access));
        Assert.That(error.Message, Does.Contain("/dev/hidraw3").And.Contain("99-nutsharp-tripplite.rules"));
    }

    [TestCase(Errno.ENODEV, HidFailure.Gone)]
    [TestCase(Errno.EIO, HidFailure.Gone)]
    [TestCase(32, HidFailure.Refused)]
    [TestCase(110, HidFailure.Other)]
    public void Errno_values_become_what_the_driver_does(int errno, HidFailure failure)
    {
        Assert.That(HidrawDevice.Translate(new LinuxException("ioctl HIDIOCGFEATURE", null, errno), "/dev/hidraw0").Failure, Is.EqualTo(failure));
    }
}
