namespace Voip.Sdp.Tests.Writing;

public sealed class SdpRoundTripTests
{
    [TestCaseSource(typeof(Fixture), nameof(Fixture.All))]
    public void Fixture_is_written_back_byte_for_byte(string name)
    {
        var text = Fixture.Read(name);
        Assume.That(text, Does.Contain("\r\n"), "fixtures are stored with CRLF");

        var written = SdpParser.Parse(text).ToString();

        Assert.That(written, Is.EqualTo(text));
    }

    [TestCaseSource(typeof(Fixture), nameof(Fixture.All))]
    public void Parse_write_parse_gives_an_equal_model(string name)
    {
        var first = SdpParser.Parse(Fixture.Read(name));

        var second = SdpParser.Parse(first.ToString());

        Assert.That(second, Is.EqualTo(first));
    }

    [TestCaseSource(typeof(Fixture), nameof(Fixture.All))]
    public void Lf_only_input_parses_to_the_same_model_and_is_written_with_crlf(string name)
    {
        var text = Fixture.Read(name);
        var lf = text.Replace("\r\n", "\n", StringComparison.Ordinal);

        var parsed = SdpParser.Parse(lf);

        Assert.That(parsed, Is.EqualTo(SdpParser.Parse(text)));
        Assert.That(parsed.ToString(), Is.EqualTo(text));
    }

    [Test]
    public void Changing_a_parsed_model_changes_equality()
    {
        var a = SdpParser.Parse(Fixture.Read("chromium-audio-video-offer.sdp"));
        var b = SdpParser.Parse(Fixture.Read("chromium-audio-video-offer.sdp"));
        b.Media[1].Set(new MidAttribute("other"));

        Assert.That(b, Is.Not.EqualTo(a));
    }
}
