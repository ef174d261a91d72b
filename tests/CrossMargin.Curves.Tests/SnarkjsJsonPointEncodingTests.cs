using System.Text;
using System.Text.Json;
using CrossMargin.Curves.Bn254;
using CrossMargin.Curves.Encodings;
using Xunit;
using static CrossMargin.Curves.Tests.CurveTestData;
using static CrossMargin.Curves.Tests.EncodingTestData;

namespace CrossMargin.Curves.Tests;

public class SnarkjsJsonPointEncodingTests
{
    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream)) write(writer);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement;

    private static PointEncodingException RejectG1(string json)
    {
        Assert.False(SnarkjsJsonPointEncoding.TryReadG1(Parse(json), out _));
        return Assert.Throws<PointEncodingException>(() => SnarkjsJsonPointEncoding.ReadG1(Parse(json), "$.p"));
    }

    private static PointEncodingException RejectG2(string json)
    {
        Assert.False(SnarkjsJsonPointEncoding.TryReadG2(Parse(json), out _));
        return Assert.Throws<PointEncodingException>(() => SnarkjsJsonPointEncoding.ReadG2(Parse(json), "$.p"));
    }

    [Fact]
    public void Writers_UseSnarkjsShapes_ForPointsAndInfinity()
    {
        Assert.Equal("[\"1\",\"2\",\"1\"]", Write(w => SnarkjsJsonPointEncoding.WriteG1(w, G1Curve.Generator)));
        Assert.Equal("[\"0\",\"1\",\"0\"]", Write(w => SnarkjsJsonPointEncoding.WriteG1(w, G1Affine.Infinity)));
        Assert.Equal("[[\"0\",\"0\"],[\"1\",\"0\"],[\"0\",\"0\"]]", Write(w => SnarkjsJsonPointEncoding.WriteG2(w, G2Affine.Infinity)));
        var g2 = Write(w => SnarkjsJsonPointEncoding.WriteG2(w, G2Curve.Generator));
        Assert.StartsWith("[[\"10857046999023057135944570762232829481370756359578518086990519993285655852781\",", g2);
        Assert.EndsWith(",[\"1\",\"0\"]]", g2);
    }

    [Fact]
    public void G1_And_G2_RoundTrip_IncludingInfinity()
    {
        var random = new Random(71);
        foreach (var p in new[] { G1Affine.Infinity, G1Curve.Generator, RandomG1(random), RandomG1(random).Negate() })
            Assert.Equal(p, SnarkjsJsonPointEncoding.ReadG1(Parse(Write(w => SnarkjsJsonPointEncoding.WriteG1(w, p)))));
        foreach (var p in new[] { G2Affine.Infinity, G2Curve.Generator, RandomG2(random), RandomG2(random).Negate() })
            Assert.Equal(p, SnarkjsJsonPointEncoding.ReadG2(Parse(Write(w => SnarkjsJsonPointEncoding.WriteG2(w, p)))));
    }

    [Fact]
    public void VerificationKeyAndProof_Decode_AreValid_AndRewriteToTheSameJson()
    {
        using var vk = SnarkjsJson("verification_key.json");
        using var proof = SnarkjsJson("proof.json");
        var g1 = new List<(JsonElement, string)>
        {
            (vk.RootElement.GetProperty("vk_alpha_1"), "$.vk_alpha_1"),
            (proof.RootElement.GetProperty("pi_a"), "$.pi_a"),
            (proof.RootElement.GetProperty("pi_c"), "$.pi_c"),
        };
        var i = 0;
        foreach (var ic in vk.RootElement.GetProperty("IC").EnumerateArray()) g1.Add((ic, $"$.IC[{i++}]"));
        var g2 = new[] { "vk_beta_2", "vk_gamma_2", "vk_delta_2" }
            .Select(name => (vk.RootElement.GetProperty(name), "$." + name))
            .Append((proof.RootElement.GetProperty("pi_b"), "$.pi_b"));

        foreach (var (element, path) in g1)
        {
            var p = SnarkjsJsonPointEncoding.ReadG1(element, path);
            Assert.False(p.IsInfinity);
            Assert.True(p.IsOnCurve);
            Assert.Equal(element.GetRawText().Replace(" ", "").Replace("\n", ""), Write(w => SnarkjsJsonPointEncoding.WriteG1(w, p)));
        }
        foreach (var (element, path) in g2)
        {
            var p = SnarkjsJsonPointEncoding.ReadG2(element, path);
            Assert.True(p.IsOnCurve);
            Assert.True(G2Curve.IsInSubgroupPlain(p));
            Assert.Equal(element.GetRawText().Replace(" ", "").Replace("\n", ""), Write(w => SnarkjsJsonPointEncoding.WriteG2(w, p)));
        }
        // snarkjs's test key uses the EIP-197 generator as gamma.
        Assert.Equal(G2Curve.Generator, SnarkjsJsonPointEncoding.ReadG2(vk.RootElement.GetProperty("vk_gamma_2")));
    }

    [Fact]
    public void Readers_AcceptAnyXYWithZeroZ_AsInfinity()
    {
        Assert.True(SnarkjsJsonPointEncoding.ReadG1(Parse("[\"5\",\"7\",\"0\"]")).IsInfinity);
        Assert.True(SnarkjsJsonPointEncoding.ReadG2(Parse("[[\"1\",\"2\"],[\"3\",\"4\"],[\"0\",\"0\"]]")).IsInfinity);
    }

    [Theory]
    [InlineData("{}", PointEncodingError.MalformedShape)]
    [InlineData("\"1\"", PointEncodingError.MalformedShape)]
    [InlineData("[\"1\",\"2\"]", PointEncodingError.MalformedShape)]
    [InlineData("[\"1\",\"2\",\"1\",\"0\"]", PointEncodingError.MalformedShape)]
    [InlineData("[1,2,1]", PointEncodingError.InvalidNumber)]
    [InlineData("[\"1\",null,\"1\"]", PointEncodingError.InvalidNumber)]
    [InlineData("[\"0x1\",\"2\",\"1\"]", PointEncodingError.InvalidNumber)]
    [InlineData("[\"-1\",\"2\",\"1\"]", PointEncodingError.InvalidNumber)]
    [InlineData("[\"01\",\"2\",\"1\"]", PointEncodingError.InvalidNumber)]
    [InlineData("[\" 1\",\"2\",\"1\"]", PointEncodingError.InvalidNumber)]
    [InlineData("[\"\",\"2\",\"1\"]", PointEncodingError.InvalidNumber)]
    [InlineData("[\"1\",\"2\",\"2\"]", PointEncodingError.InvalidZ)]
    [InlineData("[\"1\",\"3\",\"1\"]", PointEncodingError.NotOnCurve)]
    [InlineData("[\"21888242871839275222246405745257275088696311157297823662689037894645226208583\",\"2\",\"1\"]", PointEncodingError.NonCanonicalCoordinate)]
    [InlineData("[\"21888242871839275222246405745257275088696311157297823662689037894645226208584\",\"2\",\"1\"]", PointEncodingError.NonCanonicalCoordinate)]
    [InlineData("[\"1000000000000000000000000000000000000000000000000000000000000000000000000000000\",\"2\",\"1\"]", PointEncodingError.InvalidNumber)]
    public void G1Reader_RejectsMalformedInput(string json, PointEncodingError expected)
    {
        var e = RejectG1(json);
        Assert.Equal(expected, e.Error);
        Assert.StartsWith("$.p", e.JsonPath);
    }

    [Fact]
    public void Readers_RefuseAnExplicitZeroZero_WhichIsOffTheCurve()
    {
        // In memory (0, 0) is infinity; in this format infinity is z = 0, so (0, 0, 1) is a finite point off the curve.
        Assert.Equal(PointEncodingError.NotOnCurve, RejectG1("[\"0\",\"0\",\"1\"]").Error);
        Assert.Equal(PointEncodingError.NotOnCurve, RejectG2("[[\"0\",\"0\"],[\"0\",\"0\"],[\"1\",\"0\"]]").Error);
    }

    [Fact]
    public void G1Reader_NamesThePathOfTheBadCoordinate()
    {
        Assert.Equal("$.p[1]", RejectG1("[\"1\",\"x\",\"1\"]").JsonPath);
        Assert.Equal("$.p[2]", RejectG1("[\"1\",\"2\",\"3\"]").JsonPath);
    }

    [Fact]
    public void G2Reader_RejectsMalformedShapesAndValues()
    {
        Assert.Equal(PointEncodingError.MalformedShape, RejectG2("[\"1\",\"2\",\"1\"]").Error);
        Assert.Equal(PointEncodingError.MalformedShape, RejectG2("[[\"1\",\"2\"],[\"3\",\"4\"]]").Error);
        Assert.Equal(PointEncodingError.MalformedShape, RejectG2("[[\"1\",\"2\"],[\"3\",\"4\",\"5\"],[\"1\",\"0\"]]").Error);
        Assert.Equal("$.p[1]", RejectG2("[[\"1\",\"2\"],[\"3\"],[\"1\",\"0\"]]").JsonPath);
        var e = RejectG2("[[\"1\",\"2\"],[\"3\",\"04\"],[\"1\",\"0\"]]");
        Assert.Equal(PointEncodingError.InvalidNumber, e.Error);
        Assert.Equal("$.p[1][1]", e.JsonPath);
        e = RejectG2("[[\"1\",\"2\"],[\"3\",\"4\"],[\"0\",\"1\"]]");
        Assert.Equal(PointEncodingError.InvalidZ, e.Error);
        Assert.Equal(PointEncodingError.NotOnCurve, RejectG2("[[\"1\",\"2\"],[\"3\",\"4\"],[\"1\",\"0\"]]").Error);
    }

    [Fact]
    public void G2Reader_RejectsQAsACoordinate_AndTwistPointsOffTheSubgroup()
    {
        var q = Q.ToString();
        var generator = Write(w => SnarkjsJsonPointEncoding.WriteG2(w, G2Curve.Generator));
        using var doc = JsonDocument.Parse(generator);
        var yC0 = doc.RootElement[1][0].GetString()!;
        var withQ = generator.Replace(yC0, q);
        Assert.Equal(PointEncodingError.NonCanonicalCoordinate, RejectG2(withQ).Error);
        Assert.Equal("$.p[1][0]", RejectG2(withQ).JsonPath);

        var outside = RandomTwistPoint(new Random(72));
        Assert.Equal(PointEncodingError.NotInSubgroup, RejectG2(Write(w => SnarkjsJsonPointEncoding.WriteG2(w, outside))).Error);
    }
}
